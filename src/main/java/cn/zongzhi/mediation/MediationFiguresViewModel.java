package cn.zongzhi.mediation;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.DayWindow;
import cn.zongzhi.common.Messages;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The mediation figures tab: a window (this month, last month, the last twelve months, this year or chosen
 * days), a grouping, and the table read in the background. Labels come out in the operator's words.
 */
public final class MediationFiguresViewModel {
    /** The windows offered; CUSTOM takes the two dates. */
    public enum Window {
        THIS_MONTH(DayWindow.THIS_MONTH), LAST_MONTH(DayWindow.LAST_MONTH), LAST_12_MONTHS(DayWindow.LAST_12_MONTHS),
        THIS_YEAR(DayWindow.THIS_YEAR), CUSTOM(null);

        private final DayWindow days;

        Window(DayWindow days) {
            this.days = days;
        }
    }

    private final MediationFigures figures;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final Clock clock;
    private final ZoneId zone;

    private final ObjectProperty<Window> window = new SimpleObjectProperty<>(Window.THIS_MONTH);
    private final ObjectProperty<MediationFigures.Dimension> dimension = new SimpleObjectProperty<>(MediationFigures.Dimension.TYPE);
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObservableList<MediationFigures.Row> rows = FXCollections.observableArrayList();
    private final ObjectProperty<MediationFigures.Row> total = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private long generation;

    public MediationFiguresViewModel(MediationFigures figures, BackgroundRunner runner, Messages messages, Clock clock, ZoneId zone) {
        this.figures = figures;
        this.runner = runner;
        this.messages = messages;
        this.clock = clock;
        this.zone = zone;
        window.addListener((observable, before, now) -> {
            if (now != Window.CUSTOM) {
                applyWindow(now);
            }
        });
        applyWindow(Window.THIS_MONTH);
    }

    private void applyWindow(Window chosen) {
        if (chosen.days != null) {
            DayWindow.Days days = chosen.days.days(LocalDate.now(clock.withZone(zone)));
            from.set(days.from());
            to.set(days.to());
        }
    }

    /** Reads the figures for the window and grouping shown; a newer request wins over a slower older one. */
    public void refresh() {
        LocalDate start = from.get();
        LocalDate end = to.get();
        MediationFigures.Dimension grouping = dimension.get();
        if (start == null || end == null || end.isBefore(start)) {
            message.set(messages.text("mediation.figures.badWindow"));
            return;
        }
        long mine = ++generation;
        message.set("");
        runner.read(() -> figures.figures(grouping, start, end), table -> {
            if (mine != generation) {
                return;
            }
            rows.setAll(table.rows());
            total.set(table.total());
            MediationFigures.Row sum = table.total();
            summary.set(messages.text("mediation.figures.summary", start, end, sum.accepted(), sum.concluded(),
                    sum.agreements(), rate(sum), money(sum.agreedAmount()), sum.referred()));
        }, failure -> message.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName())));
    }

    /** A group's name: the type in the console's language, the mediator's name, the month, or "not assigned". */
    public String label(MediationFigures.Row row) {
        return switch (dimension.get()) {
            case TYPE -> DisputeType.label(row.key(), messages);
            case MEDIATOR -> row.key().isEmpty() ? messages.text("mediation.figures.unassigned")
                    : row.label() == null ? row.key() : row.label();
            case MONTH -> row.key();
        };
    }

    public String rate(MediationFigures.Row row) {
        return row.successRate() == null ? "—"
                : row.successRate().multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP) + "%";
    }

    public String money(BigDecimal amount) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.CHINA);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount == null ? BigDecimal.ZERO : amount);
    }

    public String formula() {
        return messages.text("mediation.figures.formula");
    }

    public Messages messages() {
        return messages;
    }

    public ObjectProperty<Window> windowProperty() {
        return window;
    }

    public ObjectProperty<MediationFigures.Dimension> dimensionProperty() {
        return dimension;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObservableList<MediationFigures.Row> rows() {
        return rows;
    }

    public ObjectProperty<MediationFigures.Row> totalProperty() {
        return total;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty messageProperty() {
        return message;
    }
}
