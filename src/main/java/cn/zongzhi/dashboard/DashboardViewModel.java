package cn.zongzhi.dashboard;

import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.DayWindow;
import cn.zongzhi.common.Messages;
import cn.zongzhi.reports.CasesBehind;
import cn.zongzhi.reports.Kpi;
import cn.zongzhi.reports.KpiFigure;
import cn.zongzhi.reports.KpiScope;
import cn.zongzhi.reports.MonthlyReport;
import cn.zongzhi.reports.MonthlyReportService;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * The dashboard: a window (today, this week, this month or chosen days) and an area subtree in, every figure
 * with its formula and the charts out, read in the background. A figure knows the cases behind it; opening
 * them is the navigator's job (the queue or the mediation desk).
 */
public final class DashboardViewModel {
    /** The windows offered; CUSTOM takes the two dates. */
    public enum Window {
        TODAY(DayWindow.TODAY), THIS_WEEK(DayWindow.THIS_WEEK), THIS_MONTH(DayWindow.THIS_MONTH), CUSTOM(null);

        private final DayWindow days;

        Window(DayWindow days) {
            this.days = days;
        }
    }

    /** Where a click on a figure or a hot spot leads. */
    public interface Navigator {
        void showIncidents(cn.zongzhi.incidents.IncidentFilter cases, String label);

        void showDisputes(CasesBehind.DisputeSelection cases, String label);

        void showGridOnMap(String gridCode);
    }

    private final MonthlyReportService reports;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final Clock clock;
    private final ZoneId zone;
    private final Operator reader;
    private final Navigator navigator;

    private final ObjectProperty<Window> window = new SimpleObjectProperty<>(Window.THIS_MONTH);
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObjectProperty<cn.zongzhi.areas.AdminArea> area = new SimpleObjectProperty<>();
    private final ObjectProperty<MonthlyReport> overview = new SimpleObjectProperty<>();
    private final javafx.collections.ObservableList<cn.zongzhi.areas.AdminArea> areas = javafx.collections.FXCollections.observableArrayList();
    private java.util.function.Supplier<java.util.List<cn.zongzhi.areas.AdminArea>> areaSource = java.util.List::of;
    private final StringProperty status = new SimpleStringProperty("");
    private KpiScope shownScope;
    private long generation;

    public DashboardViewModel(MonthlyReportService reports, BackgroundRunner runner, Messages messages, Clock clock, ZoneId zone,
                              Operator reader, Navigator navigator) {
        this.reports = reports;
        this.runner = runner;
        this.messages = messages;
        this.clock = clock;
        this.zone = zone;
        this.reader = reader;
        this.navigator = navigator;
        window.addListener((observable, before, now) -> applyWindow(now, clock.instant()));
        applyWindow(Window.THIS_MONTH, clock.instant());
    }

    /** A named window's days as seen at {@code now}, office time; chosen days (CUSTOM) stay as they are. */
    private void applyWindow(Window chosen, Instant now) {
        if (chosen != null && chosen.days != null) {
            DayWindow.Days days = chosen.days.days(now.atZone(zone).toLocalDate());
            from.set(days.from());
            to.set(days.to());
        }
    }

    /**
     * The area the figures cover: the chosen one, but never wider than the reader's own subtree (a town
     * supervisor's dashboard is the town's, whatever is chosen).
     */
    String areaPrefix() {
        String own = Access.scope(reader);
        String chosen = area.get() == null ? null : Access.significantPrefix(area.get().code().trim());
        if (chosen == null) {
            return own;
        }
        return own == null || chosen.startsWith(own) ? chosen : own;
    }

    /** Where the towns to choose from come from; read in the background by {@link #loadAreas()}. */
    public void useAreas(java.util.function.Supplier<java.util.List<cn.zongzhi.areas.AdminArea>> source) {
        this.areaSource = source;
    }

    public void loadAreas() {
        runner.read(() -> areaSource.get().stream().filter(town -> Access.covers(reader, town.code().trim())).toList(),
                areas::setAll, failure -> { });
    }

    public javafx.collections.ObservableList<cn.zongzhi.areas.AdminArea> areas() {
        return areas;
    }

    public void refresh() {
        // "Today" is the day of this refresh, not of the one before: a console stays open overnight and across a
        // month's end, and the dates of a named window move on with the clock.
        Instant now = clock.instant();
        applyWindow(window.get(), now);
        LocalDate start = from.get();
        LocalDate end = to.get();
        if (start == null || end == null || end.isBefore(start)) {
            status.set(messages.text("dashboard.badWindow"));
            return;
        }
        KpiScope scope = new KpiScope(start, end, areaPrefix(), zone, now);
        long mine = ++generation;
        long started = System.nanoTime();
        status.set(messages.text("dashboard.reading"));
        runner.read(() -> reports.overview(scope), loaded -> {
            if (mine != generation) {
                return;
            }
            shownScope = scope;
            overview.set(loaded);
            status.set(messages.text("dashboard.read", java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                    .format(scope.asOf().atZone(zone)), (System.nanoTime() - started) / 1_000_000));
        }, failure -> {
            // An older refresh that fails late must not speak over the newer one.
            if (mine != generation) {
                return;
            }
            // The figures on screen belong to the previous window or area: they go, and their clicks with them.
            shownScope = null;
            overview.set(null);
            status.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName()));
        });
    }

    /** Opens the cases a figure counts (its numerator, or the whole count); nothing while no figures are shown. */
    public void openCases(Kpi kpi) {
        if (shownScope == null) {
            return;
        }
        CasesBehind cases = reports.kpis().casesBehind(kpi, shownScope);
        String label = messages.text("dashboard.casesLabel", kpi.label(messages), windowText(shownScope.from(), shownScope.to()));
        if (cases instanceof CasesBehind.Incidents incidents) {
            navigator.showIncidents(incidents.counted(), label);
        } else if (cases instanceof CasesBehind.Disputes disputes) {
            navigator.showDisputes(disputes.counted(), label);
        }
    }

    public void openGrid(String gridCode) {
        navigator.showGridOnMap(gridCode);
    }

    /** The days of the figures on screen (those the cases behind a figure are listed for), in the reader's language. */
    private String windowText(LocalDate first, LocalDate last) {
        return first.equals(last) ? first.toString() : messages.text("dashboard.days", first, last);
    }

    /** A figure's value in the way it is read: counts whole, rates as percentages, hours and yuan with units. */
    public String value(KpiFigure figure) {
        if (figure.value() == null) {
            return "—";
        }
        return switch (figure.kpi().unit()) {
            case COUNT -> NumberFormat.getIntegerInstance(Locale.CHINA).format(figure.value());
            case RATE -> figure.value().multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP) + "%";
            case WORKING_HOURS -> messages.text("dashboard.hours", figure.value().setScale(1, RoundingMode.HALF_UP));
            case YUAN -> messages.text("dashboard.yuan", NumberFormat.getNumberInstance(Locale.CHINA).format(
                    figure.value().setScale(0, RoundingMode.HALF_UP)));
        };
    }

    /** The hover text: the formula, the window and the two counts it divides. */
    public String explain(KpiFigure figure) {
        String counts = figure.denominator() == null ? ""
                : "\n" + messages.text("dashboard.counts", plain(figure.numerator()), plain(figure.denominator()));
        return figure.formula() + "\n" + messages.text("dashboard.window", figure.from(), figure.to()) + counts
                + "\n" + messages.text("dashboard.clickForCases");
    }

    private static String plain(BigDecimal value) {
        return value == null ? "—" : value.stripTrailingZeros().toPlainString();
    }

    public Messages messages() {
        return messages;
    }

    public ObjectProperty<Window> windowProperty() {
        return window;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObjectProperty<cn.zongzhi.areas.AdminArea> areaProperty() {
        return area;
    }

    public ObjectProperty<MonthlyReport> overviewProperty() {
        return overview;
    }

    public StringProperty statusProperty() {
        return status;
    }
}
