package cn.zongzhi.dashboard;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.TestOperators;
import cn.zongzhi.auth.Role;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.mediation.DisputeService;
import cn.zongzhi.reports.CasesBehind;
import cn.zongzhi.reports.Kpi;
import cn.zongzhi.reports.KpiFigure;
import cn.zongzhi.reports.KpiService;
import cn.zongzhi.reports.MonthlyReportService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard over a demo district: every incident figure's click lists exactly as many cases in the queue as
 * the figure counts, a dispute figure lists its disputes on the desk, and a town account sees its town only.
 */
class DashboardViewModelTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-23T06:00:00Z");

    @TempDir
    static Path folder;
    private static Database database;
    private static IncidentService incidents;
    private static DisputeService disputes;

    @BeforeAll
    static void district() {
        database = TestDatabases.fresh(folder);
        new CalendarService(database.dsl()).seedBundledIfEmpty();
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(NOW).withIncidents(2_000).withDisputes(60), Progress.NONE);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        incidents = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZONE, "440111-DEMO", "BY");
        disputes = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "440111-DEMO", "BY", TestOperators.receptionist());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private record Opened(IncidentFilter incidents, CasesBehind.DisputeSelection disputes, String label, String grid) {
    }

    private DashboardViewModel model(List<Opened> opened, cn.zongzhi.auth.Operator reader) {
        return model(opened, reader, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private DashboardViewModel model(List<Opened> opened, cn.zongzhi.auth.Operator reader, Clock clock) {
        return model(opened, reader, clock, new SameThreadRunner());
    }

    private DashboardViewModel model(List<Opened> opened, cn.zongzhi.auth.Operator reader, Clock clock,
                                     cn.zongzhi.common.BackgroundRunner runner) {
        return model(opened, reader, clock, runner, "zh");
    }

    private DashboardViewModel model(List<Opened> opened, cn.zongzhi.auth.Operator reader, Clock clock,
                                     cn.zongzhi.common.BackgroundRunner runner, String language) {
        Messages messages = Messages.forLanguage(language);
        KpiService kpis = new KpiService(database.dsl(), () -> new CalendarService(database.dsl()).calendar(), WorkingHours.standard(), messages);
        return new DashboardViewModel(new MonthlyReportService(database.dsl(), kpis, messages), runner, messages,
                clock, ZONE, reader, new DashboardViewModel.Navigator() {
            @Override
            public void showIncidents(IncidentFilter cases, String label) {
                opened.add(new Opened(cases, null, label, null));
            }

            @Override
            public void showDisputes(CasesBehind.DisputeSelection cases, String label) {
                opened.add(new Opened(null, cases, label, null));
            }

            @Override
            public void showGridOnMap(String gridCode) {
                opened.add(new Opened(null, null, null, gridCode));
            }
        });
    }

    @Test
    void everyFigureOpensTheCasesItCounts() {
        List<Opened> opened = new ArrayList<>();
        DashboardViewModel model = model(opened, TestOperators.of(Role.SUPERVISOR, null));
        assertThat(model.fromProperty().get()).isEqualTo(LocalDate.of(2026, 11, 1));
        model.refresh();
        var figures = model.overviewProperty().get().kpis().figures();
        assertThat(figures).hasSize(Kpi.values().length);
        assertThat(model.statusProperty().get()).startsWith("数据截至 ");

        for (KpiFigure figure : figures) {
            opened.clear();
            model.openCases(figure.kpi());
            assertThat(opened).hasSize(1);
            Opened cases = opened.get(0);
            assertThat(cases.label()).startsWith(figure.label()).contains("2026-11-01 至 2026-11-23");
            if (cases.incidents() != null && figure.kpi().unit() == Kpi.Unit.COUNT) {
                assertThat(incidents.count(cases.incidents())).as(figure.kpi().name()).isEqualTo(figure.value().intValue());
            } else if (cases.incidents() != null && figure.numerator() != null && figure.kpi().unit() == Kpi.Unit.RATE) {
                assertThat(incidents.count(cases.incidents())).as(figure.kpi().name()).isEqualTo(figure.numerator().intValue());
            } else if (cases.disputes() != null && figure.kpi() == Kpi.DISPUTES_ACCEPTED) {
                var listed = disputes.selection(cases.disputes().areaCodePrefix(), cases.disputes().from(), cases.disputes().to(),
                        cases.disputes().basis().name());
                assertThat(listed).hasSize(figure.value().intValue());
            }
        }
        assertThat(model.value(figures.stream().filter(f -> f.kpi() == Kpi.CLOSURE_RATE).findFirst().orElseThrow())).endsWith("%");
        assertThat(model.explain(figures.get(0))).contains("统计期间：2026-11-01 至 2026-11-23").contains("点击查看对应案件");

        var grids = model.overviewProperty().get().grids();
        assertThat(grids).isNotEmpty();
        model.openGrid(grids.get(0).code());
        assertThat(opened.get(opened.size() - 1).grid()).isEqualTo(grids.get(0).code());
    }

    @Test
    void aTownAccountSeesItsTownWhateverIsChosen() {
        List<Opened> opened = new ArrayList<>();
        DashboardViewModel town = model(opened, TestOperators.of(Role.SUPERVISOR, "440111004000"));
        model(opened, TestOperators.of(Role.SUPERVISOR, null));
        town.useAreas(() -> incidents.towns());
        town.loadAreas();
        assertThat(town.areas()).extracting(area -> area.code().trim()).allMatch(code -> code.startsWith("440111004"));
        town.areaProperty().set(incidents.towns().stream().filter(area -> !area.code().startsWith("440111004")).findFirst().orElseThrow());
        assertThat(town.areaPrefix()).isEqualTo("440111004");
        town.refresh();
        var townAccepted = town.overviewProperty().get().kpis().figure(Kpi.ACCEPTED).value().intValue();
        DashboardViewModel district = model(opened, TestOperators.of(Role.SUPERVISOR, null));
        district.refresh();
        assertThat(townAccepted).isLessThan(district.overviewProperty().get().kpis().figure(Kpi.ACCEPTED).value().intValue());
    }

    @Test
    void theNamedWindowsMoveOnWithTheClockAtEveryRefresh() {
        // Sunday 29 November 2026, 23:30 in Shanghai (15:30 UTC).
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T15:30:00Z"));
        DashboardViewModel model = model(new ArrayList<>(), TestOperators.of(Role.SUPERVISOR, null), clock);
        model.windowProperty().set(DashboardViewModel.Window.TODAY);
        model.refresh();
        assertThat(shownDays(model)).containsExactly(LocalDate.of(2026, 11, 29), LocalDate.of(2026, 11, 29));

        // Forty minutes later it is Monday in Shanghai (still Sunday in UTC): a refresh, or the screen shown again.
        clock.set(Instant.parse("2026-11-29T16:10:00Z"));
        model.refresh();
        assertThat(shownDays(model)).containsExactly(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30));
        assertThat(model.fromProperty().get()).as("the date pickers follow").isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(model.overviewProperty().get().kpis().scope().asOf()).isEqualTo(clock.instant());
        model.windowProperty().set(DashboardViewModel.Window.THIS_WEEK);
        model.refresh();
        assertThat(shownDays(model)).as("a new week").containsExactly(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 11, 30));

        // The month's end: 23:50 on 30 November, then five past midnight on 1 December, office time.
        model.windowProperty().set(DashboardViewModel.Window.THIS_MONTH);
        clock.set(Instant.parse("2026-11-30T15:50:00Z"));
        model.refresh();
        assertThat(shownDays(model)).containsExactly(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
        clock.set(Instant.parse("2026-11-30T16:05:00Z"));
        model.refresh();
        assertThat(shownDays(model)).containsExactly(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1));
        model.windowProperty().set(DashboardViewModel.Window.TODAY);
        model.refresh();
        assertThat(shownDays(model)).containsExactly(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1));

        // Days chosen by hand stay as chosen.
        model.windowProperty().set(DashboardViewModel.Window.CUSTOM);
        model.fromProperty().set(LocalDate.of(2026, 11, 2));
        model.toProperty().set(LocalDate.of(2026, 11, 6));
        clock.advance(Duration.ofDays(2));
        model.refresh();
        assertThat(shownDays(model)).containsExactly(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 6));
    }

    private static List<LocalDate> shownDays(DashboardViewModel model) {
        var scope = model.overviewProperty().get().kpis().scope();
        return List.of(scope.from(), scope.to());
    }

    /** Reads wait until the test lets each one finish, or fail, in the order it chooses. */
    private static final class HeldRunner implements cn.zongzhi.common.BackgroundRunner {
        private final List<Runnable> succeed = new ArrayList<>();
        private final List<Runnable> fail = new ArrayList<>();

        @Override
        public <T> void read(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> onSuccess,
                             java.util.function.Consumer<? super Throwable> onFailure) {
            succeed.add(() -> {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            fail.add(() -> onFailure.accept(new org.jooq.exception.DataAccessException("database gone")));
        }

        @Override
        public <T> void write(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> onSuccess,
                              java.util.function.Consumer<? super Throwable> onFailure) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void toUi(Runnable update) {
            update.run();
        }
    }

    @Test
    void aFailedRefreshTakesTheOldFiguresAwayAndALateFailureDoesNotSpeakOverANewerRefresh() {
        List<Opened> opened = new ArrayList<>();
        HeldRunner runner = new HeldRunner();
        DashboardViewModel model = model(opened, TestOperators.of(Role.SUPERVISOR, null), Clock.fixed(NOW, ZoneOffset.UTC), runner);
        var towns = incidents.towns();
        model.areaProperty().set(towns.get(0));
        model.refresh();
        runner.succeed.get(0).run();
        assertThat(model.overviewProperty().get().kpis().scope().areaCodePrefix()).isEqualTo(model.areaPrefix());

        // Another town, and its figures cannot be read: the first town's are not left standing as if they were its.
        model.areaProperty().set(towns.get(1));
        model.refresh();
        runner.fail.get(1).run();
        assertThat(model.overviewProperty().get()).isNull();
        assertThat(model.statusProperty().get()).startsWith("操作未能完成（DataAccessException）");
        model.openCases(Kpi.OPEN);
        assertThat(opened).as("no figure, no cases behind it").isEmpty();

        // Two refreshes under way; the newer one arrives, then the older one fails: the newer one stands.
        model.refresh();
        model.refresh();
        runner.succeed.get(3).run();
        String read = model.statusProperty().get();
        assertThat(read).startsWith("数据截至 ");
        runner.fail.get(2).run();
        assertThat(model.statusProperty().get()).isEqualTo(read);
        assertThat(model.overviewProperty().get()).isNotNull();
        model.openCases(Kpi.OPEN);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).incidents().areaCodePrefix()).isEqualTo(model.areaPrefix());
    }

    @Test
    void theLabelOfTheCasesBehindAFigureIsInTheReadersLanguage() {
        List<Opened> opened = new ArrayList<>();
        DashboardViewModel english = model(opened, TestOperators.of(Role.SUPERVISOR, null), Clock.fixed(NOW, ZoneOffset.UTC),
                new SameThreadRunner(), "en");
        english.refresh();
        english.openCases(Kpi.OPEN);
        String open = Kpi.OPEN.label(Messages.forLanguage("en"));
        assertThat(opened.get(0).label()).isEqualTo(open + " (2026-11-01 to 2026-11-23)").doesNotContainPattern("\\p{IsHan}|[（）]");
        english.windowProperty().set(DashboardViewModel.Window.TODAY);
        english.refresh();
        english.openCases(Kpi.OPEN);
        assertThat(opened.get(1).label()).isEqualTo(open + " (2026-11-23)");

        DashboardViewModel chinese = model(opened, TestOperators.of(Role.SUPERVISOR, null));
        chinese.refresh();
        chinese.openCases(Kpi.OPEN);
        assertThat(opened.get(2).label()).isEqualTo(Kpi.OPEN.label(Messages.forLanguage("zh")) + "（2026-11-01 至 2026-11-23）");
    }
}
