package cn.zongzhi.ui;

import cn.zongzhi.common.BackgroundRunner;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's table over paged rows, through the console's steps that left rows of "…" below six cases: all open
 * work, then 超期 (six), then the map (the queue leaves the screen) and back to a place's six open cases. Below the
 * six, the table's filler rows must be blank.
 */
@ExtendWith(ApplicationExtension.class)
class PagedTablesTest {
    /** Page reads wait until {@link #show} lets them through, as a database answers after the table has asked. */
    private final List<Runnable> heldReads = new ArrayList<>();
    private final PagedRows<String> rows = new PagedRows<>(new BackgroundRunner() {
        @Override
        public <T> void read(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            heldReads.add(() -> {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
        }

        @Override
        public <T> void write(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            read(work, onSuccess, onFailure);
        }

        @Override
        public void toUi(Runnable update) {
            update.run();
        }
    }, 100, failure -> {
    });
    private TableView<String> table;
    private StackPane screen;
    private Stage stage;

    /**
     * On a window of its own: the primary stage is shared by the whole test run, and sized 400 × 600 here it kept that
     * size for the console tests after it, whose desk buttons then lay outside the window.
     */
    @Start
    void start(Stage primary) {
        stage = new Stage();
        table = new TableView<>();
        TableColumn<String, String> column = new TableColumn<>("标题");
        column.setPrefWidth(300);
        PagedTables.text(column, row -> row);
        table.getColumns().add(column);
        PagedTables.show(table, rows);
        screen = new StackPane(table);
        stage.setScene(new Scene(screen, 400, 600));
        stage.show();
    }

    @org.junit.jupiter.api.AfterEach
    void closeTheWindow() throws java.util.concurrent.TimeoutException {
        org.testfx.api.FxToolkit.cleanupStages();
    }

    @Test
    void fillerRowsBelowAShorterQueryAreBlankNotLoading(FxRobot robot) {
        show(robot, 240, "全部 ");
        assertThat(textsOfRows(robot, 0, 20)).allMatch(text -> text.startsWith("全部 "));
        show(robot, 6, "超期 ");
        robot.interact(() -> screen.getChildren().setAll(new Label("地图")));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> screen.getChildren().setAll(table));
        WaitForAsyncUtils.waitForFxEvents();
        show(robot, 6, "本区域 ");

        assertThat(textsOfRows(robot, 0, 6)).allMatch(text -> text.startsWith("本区域 "));
        assertThat(textsOfRows(robot, 6, 20)).as("filler rows below the six").allMatch(text -> text == null || text.isEmpty());
    }

    /** Points the list at a query of {@code count} rows, lets the table ask for its pages, then lets them arrive. */
    private void show(FxRobot robot, int count, String prefix) {
        robot.interact(() -> {
            heldReads.clear();
            rows.reset((offset, limit, previous) -> IntStream.range(offset, Math.min(offset + limit, count))
                    .mapToObj(i -> prefix + i).toList(), count);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> List.copyOf(heldReads).forEach(Runnable::run));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The text of the cells on screen in rows [from, to), in row order. */
    @SuppressWarnings("unchecked")
    private List<String> textsOfRows(FxRobot robot, int from, int to) {
        List<String> texts = new ArrayList<>();
        robot.interact(() -> table.lookupAll(".table-cell").stream()
                .map(node -> (TableCell<String, String>) node)
                .filter(cell -> cell.isVisible() && cell.getTableRow() != null && cell.getTableRow().isVisible()
                        && cell.getTableRow().getIndex() >= from && cell.getTableRow().getIndex() < to)
                .sorted(java.util.Comparator.comparingInt(cell -> cell.getTableRow().getIndex()))
                .forEach(cell -> texts.add(cell.getText())));
        return texts;
    }
}
