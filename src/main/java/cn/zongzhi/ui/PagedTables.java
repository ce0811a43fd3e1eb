package cn.zongzhi.ui;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

import java.util.function.Function;

/** A table over {@link PagedRows}: rows whose page has not arrived read "…", and a new query redraws every row. */
public final class PagedTables {
    /** What a cell of a row still loading shows. */
    public static final String LOADING = "…";

    private PagedTables() {
    }

    /**
     * Shows {@code rows} in {@code table}, and has the table build its rows afresh after each new query. Without that,
     * JavaFX 21's table kept some rows of an earlier query that were still loading on screen below the new query's
     * end: a row still loading and a filler row have the same null item, and a row the flow had set aside during the
     * queue's absence from the screen came back unchanged (seen after the map's "查看本区域事件": six cases, and six
     * rows of "…" below them that stayed).
     */
    public static <R> void show(TableView<R> table, PagedRows<R> rows) {
        table.setItems(rows);
        rows.addResetListener(() -> Platform.runLater(table::refresh));
    }

    /** A text column of a paged table: the row's value, or "…" while its page is on its way. */
    public static <R> void text(TableColumn<R, String> column, Function<R, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue() == null ? LOADING : value.apply(cell.getValue())));
    }
}
