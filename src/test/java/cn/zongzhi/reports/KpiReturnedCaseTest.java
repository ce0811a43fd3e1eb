package cn.zongzhi.reports;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentQueueRepository;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.IncidentSort;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.incidents.IncidentSummary;
import cn.zongzhi.incidents.Satisfaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static cn.zongzhi.reports.KpiFixture.event;
import static cn.zongzhi.reports.KpiFixture.incident;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases that went both to a department and to the grid worker, in either order, counted by hand. Written beside
 * {@link KpiFixture} in the second half of November 2026, a window none of its cases is taken in. No holidays in
 * it; working hours 09:00–12:00 and 14:00–17:30; Monday 16 November.
 *
 * <pre>
 * R1 accepted 16th 09:00, dispatched 09:30, returned (退回) 11:00, handled on the spot 17th 10:00, closed
 *    18th: the row keeps the returned dispatch (no deadline): resolved by the grid, no handling time
 * R2 accepted 16th 09:00, dispatched 09:30, returned 10:00, dispatched again 14:00 (due 17th 17:30), resolved
 *    17th 10:00, closed: the department's, 4.5 wh from the second dispatch
 * R3 accepted 18th 09:00, handled on the spot 10:00, rated dissatisfied 15:00 (rework: dispatched, due 19th
 *    17:30), resolved by the department 19th 10:00, closed: the department's, 3.5 wh from the rework
 * </pre>
 */
class KpiReturnedCaseTest {
    private static final LocalDate FROM = LocalDate.of(2026, 11, 16);
    private static final LocalDate TO = LocalDate.of(2026, 11, 30);

    @TempDir
    static Path folder;
    private static Database database;
    private static KpiService service;

    @BeforeAll
    static void data() {
        database = TestDatabases.fresh(folder);
        KpiFixture.write(database.dsl());
        new IncidentRepository(database.dsl()).insertAll(List.of(
                incident("R1", Channel.HOTLINE_12345, "0101", KpiFixture.MICRO_A, IncidentStatus.CLOSED, "2026-11-16T08:50",
                        "2026-11-16T09:00", "2026-11-16T09:30", null, "2026-11-17T10:00", "2026-11-18T09:00",
                        Satisfaction.SATISFIED, 0,
                        event(IncidentAction.ACCEPT, IncidentStatus.REPORTED, IncidentStatus.ACCEPTED, "2026-11-16T09:00"),
                        event(IncidentAction.DISPATCH, IncidentStatus.ACCEPTED, IncidentStatus.DISPATCHED, "2026-11-16T09:30"),
                        event(IncidentAction.RETURN, IncidentStatus.DISPATCHED, IncidentStatus.ACCEPTED, "2026-11-16T11:00"),
                        event(IncidentAction.HANDLE_ON_SPOT, IncidentStatus.ACCEPTED, IncidentStatus.RESOLVED, "2026-11-17T10:00"),
                        event(IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, "2026-11-17T15:00"),
                        event(IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.CLOSED, "2026-11-18T09:00")),
                incident("R2", Channel.HOTLINE_12345, "0101", KpiFixture.MICRO_A, IncidentStatus.CLOSED, "2026-11-16T08:50",
                        "2026-11-16T09:00", "2026-11-16T14:00", "2026-11-17T17:30", "2026-11-17T10:00", "2026-11-18T09:00",
                        Satisfaction.SATISFIED, 0,
                        event(IncidentAction.ACCEPT, IncidentStatus.REPORTED, IncidentStatus.ACCEPTED, "2026-11-16T09:00"),
                        event(IncidentAction.DISPATCH, IncidentStatus.ACCEPTED, IncidentStatus.DISPATCHED, "2026-11-16T09:30"),
                        event(IncidentAction.RETURN, IncidentStatus.DISPATCHED, IncidentStatus.ACCEPTED, "2026-11-16T10:00"),
                        event(IncidentAction.DISPATCH, IncidentStatus.ACCEPTED, IncidentStatus.DISPATCHED, "2026-11-16T14:00"),
                        event(IncidentAction.START, IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS, "2026-11-16T15:00"),
                        event(IncidentAction.RESOLVE, IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED, "2026-11-17T10:00"),
                        event(IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, "2026-11-17T15:00"),
                        event(IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.CLOSED, "2026-11-18T09:00")),
                incident("R3", Channel.GRID_APP, "0101", KpiFixture.MICRO_A, IncidentStatus.CLOSED, "2026-11-18T08:50",
                        "2026-11-18T09:00", "2026-11-18T15:00", "2026-11-19T17:30", "2026-11-19T10:00", "2026-11-19T15:00",
                        Satisfaction.SATISFIED, 1,
                        event(IncidentAction.ACCEPT, IncidentStatus.REPORTED, IncidentStatus.ACCEPTED, "2026-11-18T09:00"),
                        event(IncidentAction.HANDLE_ON_SPOT, IncidentStatus.ACCEPTED, IncidentStatus.RESOLVED, "2026-11-18T10:00"),
                        event(IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, "2026-11-18T11:00"),
                        event(IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.DISPATCHED, "2026-11-18T15:00"),
                        event(IncidentAction.START, IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS, "2026-11-18T16:00"),
                        event(IncidentAction.RESOLVE, IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED, "2026-11-19T10:00"),
                        event(IncidentAction.VERIFY, IncidentStatus.RESOLVED, IncidentStatus.VERIFIED, "2026-11-19T11:00"),
                        event(IncidentAction.CLOSE, IncidentStatus.VERIFIED, IncidentStatus.CLOSED, "2026-11-19T15:00"))));
        service = new KpiService(database.dsl(), new CalendarService(database.dsl())::calendar, WorkingHours.standard(),
                Messages.forLanguage("zh"));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static KpiScope scope() {
        return new KpiScope(FROM, TO, null, KpiFixture.ZONE, KpiFixture.at("2026-12-07T10:00"));
    }

    @Test
    void aCaseReturnedByTheDepartmentAndHandledOnTheSpotWasResolvedByTheGrid() {
        KpiSet set = service.compute(scope());
        assertThat(set.figure(Kpi.CLOSURE_RATE).numerator()).isEqualByComparingTo("3");
        // R1 is the grid's; R2 and R3 are the departments' (sent by the community, nobody supervised them).
        assertThat(set.figure(Kpi.GRID_SHARE).numerator()).isEqualByComparingTo("1");
        assertThat(set.figure(Kpi.COMMUNITY_SHARE).numerator()).isEqualByComparingTo("2");
        // The shares still add up to the closed cases: every case in exactly one level.
        assertThat(set.figure(Kpi.GRID_SHARE).value().add(set.figure(Kpi.COMMUNITY_SHARE).value()))
                .isEqualByComparingTo("1.0000");
    }

    @Test
    void handlingTimeIsOnlyTheDepartmentsRounds() {
        KpiSet set = service.compute(scope());
        // R2 16th 14:00–17:30 and 17th 09:00–10:00; R3 18th 15:00–17:30 and 19th 09:00–10:00. Not R1: the span from
        // its returned dispatch to the grid worker's handling was nobody's deadline.
        assertThat(set.figure(Kpi.HANDLING_HOURS).numerator()).isEqualByComparingTo(new BigDecimal("8.00"));
        assertThat(set.figure(Kpi.HANDLING_HOURS).denominator()).isEqualByComparingTo("2");
        // No deadline on R1 after the return, so the on-time rate counts R2 and R3 only, both on time.
        assertThat(set.figure(Kpi.ON_TIME_RATE).numerator()).isEqualByComparingTo("2");
        assertThat(set.figure(Kpi.ON_TIME_RATE).denominator()).isEqualByComparingTo("2");
    }

    @Test
    void theQueueListsTheSameCasesAndTheBenchmarkAgrees() {
        IncidentQueueRepository queue = new IncidentQueueRepository(database.dsl());
        assertThat(caseNumbers(queue, Kpi.GRID_SHARE)).containsExactly("R1");
        assertThat(caseNumbers(queue, Kpi.COMMUNITY_SHARE)).containsExactly("R2", "R3");
        assertThat(caseNumbers(queue, Kpi.HANDLING_HOURS)).containsExactly("R2", "R3");
        KpiBenchmark baseline = new KpiBenchmark(database.dsl(), new CalendarService(database.dsl())::calendar,
                WorkingHours.standard());
        assertThat(KpiBenchmark.differences(service.compute(scope()), baseline.figures(scope()))).isEmpty();
    }

    private static List<String> caseNumbers(IncidentQueueRepository queue, Kpi kpi) {
        var cases = (CasesBehind.Incidents) service.casesBehind(kpi, scope());
        return queue.page(cases.counted(), IncidentSort.CASE_NUMBER, 0, 100).stream().map(IncidentSummary::caseNo).toList();
    }
}
