package cn.zongzhi.reports;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import cn.zongzhi.incidents.IncidentSort;
import cn.zongzhi.incidents.IncidentSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every expected figure is counted by hand from the rows of {@link KpiFixture}; the comments say how. */
class KpiServiceTest {
    /** Monday 28 September to Saturday 31 October: the window spans the National Day holiday. */
    private static final LocalDate FROM = LocalDate.of(2026, 9, 28);
    private static final LocalDate TO = LocalDate.of(2026, 10, 31);

    @TempDir
    static Path folder;
    private static Database database;
    private static KpiService service;

    @BeforeAll
    static void data() {
        database = TestDatabases.fresh(folder);
        KpiFixture.write(database.dsl());
        service = new KpiService(database.dsl(), new CalendarService(database.dsl())::calendar, WorkingHours.standard(),
                Messages.forLanguage("zh"));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static KpiScope scope(String area) {
        return new KpiScope(FROM, TO, area, KpiFixture.ZONE, KpiFixture.NOW);
    }

    @Test
    void theWholeDistrictsIncidentFigures() {
        KpiSet set = service.compute(scope(null));
        // Taken in: I1 (on the spot, reported 09-29), I2, I3, I4, I5, I10, I11 (imported, reported 10-05), I14, I15.
        // Not: I6 (still reported), I7 and I8 (declined), I9 (before the window), I12 (merged), I13 (voided).
        assertFigure(set, Kpi.ACCEPTED, "9", 9, null);
        // Open at the end of October: I4 (closed 1 Nov), I5, I6, I8 (declined 1 Nov), I9, I15.
        assertFigure(set, Kpi.OPEN, "6", 6, null);
        // Overdue on 2 Nov: I5 (due 21 Oct) and I9 (due 25 Sep); I4 is closed by now, I15 has no deadline.
        assertFigure(set, Kpi.OVERDUE, "2", 2, null);
        // Closed by the window's end among the 9: I1, I2, I3, I10, I11, I14 (I4 closed after it).
        assertFigure(set, Kpi.CLOSURE_RATE, "0.6667", 6, 9);
        // With a deadline among the 6: I2 (resolved 10-08, due 10-10), I3 (10-12 > 10-10), I10 (10-14 > 10-13).
        assertFigure(set, Kpi.ON_TIME_RATE, "0.3333", 1, 3);
        // Dispatched among the 6: I2 2.5 wh (30 Sep 16:00–17:30, holiday 1–7 Oct, 8 Oct 09:00–10:00),
        // I3 8.5 wh (9 Oct 16:30–17:30, make-up Saturday 10 Oct 6.5, 12 Oct 09:00–10:00),
        // I10 23 wh (10 Oct 10:30–12:00 + 14:00–17:30, 12 and 13 Oct 6.5 each, 14 Oct 09:00–12:00 + 14:00–16:00).
        assertFigure(set, Kpi.HANDLING_HOURS, "11.33", new BigDecimal("34.00"), new BigDecimal("3"));
        // Rated among the 9: I1, I2 (basically), I3, I4, I5 (dissatisfied), I10, I14; I11 and I15 have no rating.
        assertFigure(set, Kpi.SATISFACTION_RATE, "0.8571", 6, 7);
        // Reworked among the 6 closed: I3.
        assertFigure(set, Kpi.REWORK_RATE, "0.1667", 1, 6);
        // Levels among the 6 closed: grid I1 and I14 (on the spot, never dispatched); community I2 (dispatched,
        // not supervised); street I3 (level 2); district I10 (level 3); I11 (imported) has no known level.
        assertFigure(set, Kpi.GRID_SHARE, "0.3333", 2, 6);
        assertFigure(set, Kpi.COMMUNITY_SHARE, "0.1667", 1, 6);
        assertFigure(set, Kpi.STREET_SHARE, "0.1667", 1, 6);
        assertFigure(set, Kpi.DISTRICT_SHARE, "0.1667", 1, 6);
        // Disputes through MediationFigures: D1, D2, D3 registered; D1 (agreement) and D2 (failed, referred) concluded.
        assertFigure(set, Kpi.DISPUTES_ACCEPTED, "3", 3, null);
        assertFigure(set, Kpi.MEDIATION_SUCCESS_RATE, "0.5000", 1, 2);
        assertFigure(set, Kpi.AGREED_AMOUNT, "2000.00", new BigDecimal("2000.00"), null);
        assertFigure(set, Kpi.REFERRED_TO_COURT, "1", 1, null);

        assertThat(set.figures()).extracting(KpiFigure::kpi).containsExactly(Kpi.values());
        KpiFigure closure = set.figure(Kpi.CLOSURE_RATE);
        assertThat(closure.label()).isEqualTo("办结率");
        assertThat(closure.formula()).contains("÷");
        assertThat(closure.from()).isEqualTo(FROM);
        assertThat(closure.to()).isEqualTo(TO);
        assertThat(closure.asOf()).as("states are read at the window's end").isEqualTo(KpiFixture.at("2026-11-01T00:00"));
        assertThat(set.figure(Kpi.OVERDUE).asOf()).isEqualTo(KpiFixture.NOW);
    }

    @Test
    void aStreetCountsOnlyItsOwnSubtree() {
        KpiSet streetA = service.compute(scope(KpiFixture.STREET_A));
        assertThat(streetA.areaName()).isEqualTo("景泰街道");
        // A: I1, I2, I3, I10, I14 taken in and all closed; I6 and I8 open; nothing overdue.
        assertFigure(streetA, Kpi.ACCEPTED, "5", 5, null);
        assertFigure(streetA, Kpi.CLOSURE_RATE, "1.0000", 5, 5);
        assertFigure(streetA, Kpi.OPEN, "2", 2, null);
        assertFigure(streetA, Kpi.OVERDUE, "0", 0, null);
        assertFigure(streetA, Kpi.HANDLING_HOURS, "11.33", new BigDecimal("34.00"), new BigDecimal("3"));
        // D1 and D3 registered in A; D1 concluded with an agreement.
        assertFigure(streetA, Kpi.DISPUTES_ACCEPTED, "2", 2, null);
        assertFigure(streetA, Kpi.MEDIATION_SUCCESS_RATE, "1.0000", 1, 1);
        assertFigure(streetA, Kpi.REFERRED_TO_COURT, "0", 0, null);

        // A twelve-digit code means the same subtree as its prefix.
        KpiSet streetB = service.compute(scope("440111005000"));
        // B: I4, I5, I11, I15 taken in, I11 closed; I4, I5, I9, I15 open; I5 and I9 overdue.
        assertFigure(streetB, Kpi.ACCEPTED, "4", 4, null);
        assertFigure(streetB, Kpi.CLOSURE_RATE, "0.2500", 1, 4);
        assertFigure(streetB, Kpi.OPEN, "4", 4, null);
        assertFigure(streetB, Kpi.OVERDUE, "2", 2, null);
        // Nothing dispatched was closed in B: no average, and no on-time rate without a deadline.
        assertThat(streetB.figure(Kpi.HANDLING_HOURS).value()).isNull();
        assertThat(streetB.figure(Kpi.ON_TIME_RATE).value()).isNull();
        assertThat(streetB.figure(Kpi.ON_TIME_RATE).denominator()).isEqualByComparingTo("0");
    }

    @Test
    void aWindowThatHasNotEndedIsReadNow() {
        // 1 Oct to 30 Nov, read on 2 Nov: I4 closed on 1 Nov now counts as closed, I8 as declined.
        KpiSet set = service.compute(new KpiScope(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), null,
                KpiFixture.ZONE, KpiFixture.NOW));
        // Taken in from 1 Oct: I3, I4, I5, I10, I11, I14, I15; closed by now: I3, I4, I10, I11, I14.
        assertFigure(set, Kpi.CLOSURE_RATE, "0.7143", 5, 7);
        // Open now: I5, I6, I9, I15.
        assertFigure(set, Kpi.OPEN, "4", 4, null);
        assertThat(set.figure(Kpi.OPEN).asOf()).isEqualTo(KpiFixture.NOW);
        // I3 8.5 + I4 3 (12 Oct 10:00–12:00 and 14:00–15:00) + I10 23 = 34.5 wh over 3 cases.
        assertFigure(set, Kpi.HANDLING_HOURS, "11.50", new BigDecimal("34.50"), new BigDecimal("3"));
    }

    @Test
    void theQueueListsTheCasesBehindAFigure() {
        IncidentQueueRepository queue = new IncidentQueueRepository(database.dsl());
        KpiSet set = service.compute(scope(null));

        var closure = (CasesBehind.Incidents) service.casesBehind(Kpi.CLOSURE_RATE, set.scope());
        assertThat(caseNumbers(queue, closure.counted())).containsExactlyInAnyOrder("I1", "I2", "I3", "I10", "I11", "I14");
        assertThat(caseNumbers(queue, closure.outOf()))
                .containsExactlyInAnyOrder("I1", "I2", "I3", "I4", "I5", "I10", "I11", "I14", "I15");
        assertThat(queue.count(closure.counted())).isEqualTo(set.figure(Kpi.CLOSURE_RATE).numerator().intValue());

        var open = (CasesBehind.Incidents) service.casesBehind(Kpi.OPEN, set.scope());
        assertThat(caseNumbers(queue, open.counted())).containsExactlyInAnyOrder("I4", "I5", "I6", "I8", "I9", "I15");
        assertThat(open.outOf()).isNull();

        var grid = (CasesBehind.Incidents) service.casesBehind(Kpi.GRID_SHARE, set.scope());
        assertThat(caseNumbers(queue, grid.counted())).containsExactlyInAnyOrder("I1", "I14");

        var overdue = (CasesBehind.Incidents) service.casesBehind(Kpi.OVERDUE,
                new KpiScope(FROM, TO, KpiFixture.STREET_B, KpiFixture.ZONE, KpiFixture.NOW));
        assertThat(caseNumbers(queue, overdue.counted())).containsExactlyInAnyOrder("I5", "I9");

        var disputes = (CasesBehind.Disputes) service.casesBehind(Kpi.MEDIATION_SUCCESS_RATE, set.scope());
        assertThat(disputes.counted().basis()).isEqualTo(CasesBehind.DisputeSelection.Basis.AGREEMENT);
        assertThat(disputes.outOf().basis()).isEqualTo(CasesBehind.DisputeSelection.Basis.CONCLUDED);
    }

    @Test
    void everyIncidentFigureCountsWhatItsCaseListHolds() {
        IncidentQueueRepository queue = new IncidentQueueRepository(database.dsl());
        KpiSet set = service.compute(scope(null));
        for (Kpi kpi : Kpi.values()) {
            if (kpi.aboutDisputes() || kpi == Kpi.HANDLING_HOURS) {
                continue;
            }
            var cases = (CasesBehind.Incidents) service.casesBehind(kpi, set.scope());
            assertThat(queue.count(cases.counted())).as(kpi.key()).isEqualTo(set.figure(kpi).numerator().intValue());
            if (cases.outOf() != null) {
                assertThat(queue.count(cases.outOf())).as(kpi.key()).isEqualTo(set.figure(kpi).denominator().intValue());
            }
        }
        var handled = (CasesBehind.Incidents) service.casesBehind(Kpi.HANDLING_HOURS, set.scope());
        assertThat(caseNumbers(queue, handled.counted())).containsExactlyInAnyOrder("I2", "I3", "I10");
    }

    @Test
    void theBenchmarksHandWrittenSqlGivesTheSameFigures() {
        KpiBenchmark baseline = new KpiBenchmark(database.dsl(), new CalendarService(database.dsl())::calendar,
                WorkingHours.standard());
        for (KpiScope scope : List.of(scope(null), scope(KpiFixture.STREET_A), scope(KpiFixture.STREET_B),
                new KpiScope(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), null, KpiFixture.ZONE, KpiFixture.NOW))) {
            assertThat(KpiBenchmark.differences(service.compute(scope), baseline.figures(scope))).as(scope.toString()).isEmpty();
        }
    }

    @Test
    void theOverviewFoldsTheWorkingTimeIntoItsIntakePassAndGetsTheSameFigures() throws Exception {
        // The dashboard's overview reads the working-time cases in the intake pass on its second thread instead of
        // a pass of their own: every figure must come out as the figures alone compute them.
        java.util.concurrent.ExecutorService sideReads = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            MonthlyReportService overview = new MonthlyReportService(database.dsl(), service, Messages.forLanguage("zh"),
                    sideReads);
            for (KpiScope scope : List.of(scope(null), scope(KpiFixture.STREET_A), scope(KpiFixture.STREET_B),
                    new KpiScope(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 30), null, KpiFixture.ZONE, KpiFixture.NOW))) {
                assertThat(overview.overview(scope).kpis().figures()).as(scope.toString())
                        .isEqualTo(service.compute(scope).figures());
            }
            // Hand-counted above: I2 2.5, I3 8.5 and I10 23 working hours, across the National Day holiday.
            assertFigure(overview.overview(scope(null)).kpis(), Kpi.HANDLING_HOURS, "11.33", new BigDecimal("34.00"),
                    new BigDecimal("3"));
        } finally {
            sideReads.shutdownNow();
        }
    }

    private static List<String> caseNumbers(IncidentQueueRepository queue, IncidentFilter filter) {
        return queue.page(filter, IncidentSort.CASE_NUMBER, 0, 100).stream().map(IncidentSummary::caseNo).toList();
    }

    private static void assertFigure(KpiSet set, Kpi kpi, String value, int numerator, Integer denominator) {
        assertFigure(set, kpi, value, BigDecimal.valueOf(numerator), denominator == null ? null : BigDecimal.valueOf(denominator));
    }

    private static void assertFigure(KpiSet set, Kpi kpi, String value, BigDecimal numerator, BigDecimal denominator) {
        KpiFigure figure = set.figure(kpi);
        assertThat(figure.value()).as(kpi.key() + " value").isEqualByComparingTo(value);
        assertThat(figure.numerator()).as(kpi.key() + " numerator").isEqualByComparingTo(numerator);
        if (denominator == null) {
            assertThat(figure.denominator()).as(kpi.key() + " denominator").isNull();
        } else {
            assertThat(figure.denominator()).as(kpi.key() + " denominator").isEqualByComparingTo(denominator);
        }
    }
}
