package cn.zongzhi.incidents;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.calendar.BundledHolidays;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.calendar.WorkingTime;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EscalationServiceTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final WorkingTime WORKING_TIME = new WorkingTime(BundledHolidays.calendar(), WorkingHours.standard(), SHANGHAI);
    @TempDir
    Path folder;

    private Database database;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T02:00:00Z"));
    private IncidentService incidents;
    private EscalationService escalation;
    private final Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        database.dsl().execute("insert into department(code, name) values ('CG', '区城管局')");
        database.dsl().execute("""
                insert into incident_category(code, name, default_department_code, time_limit, time_limit_unit)
                values ('0101', '暴露垃圾', 'CG', 3, 'NATURAL_DAYS')""");
        incidents = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                "440111-DEMO", "BY");
        escalation = new EscalationService(database.dsl(), incidents, clock, WORKING_TIME);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aCaseResolvedBeforeItsDeadlineIsNotOverdueWhileItWaitsForItsCheck() {
        UUID resolved = dispatched("垃圾堆积");
        UUID late = dispatched("垃圾未清运");
        incidents.act(resolved, IncidentAction.START, ActionInput.none(), operator);
        clock.set(clock.instant().plus(Duration.ofHours(2)));
        incidents.act(resolved, IncidentAction.RESOLVE, ActionInput.note("已清运"), operator);

        clock.set(clock.instant().plus(Duration.ofDays(4)));
        IncidentFilter overdue = QueueView.OVERDUE.filter(clock.instant(), operator.id());
        assertThat(incidents.page(overdue, IncidentSort.DUE_SOONEST, 0, 10)).extracting(IncidentSummary::id)
                .as("the queue's 超期 view, the dashboard's 当前超期数 and the report count these").containsExactly(late);
        assertThat(incidents.count(overdue)).isEqualTo(1);
        assertThat(escalation.sweep().supervised()).isPositive();
        assertThat(incidents.history(late)).extracting(IncidentEvent::action).contains(IncidentAction.SUPERVISE);
        assertThat(incidents.history(resolved)).as("only the late one is chased").extracting(IncidentEvent::action)
                .doesNotContain(IncidentAction.SUPERVISE);
    }

    private UUID dispatched(String title) {
        UUID id = incidents.register(new NewIncident(Channel.WALK_IN, null, null, "0101", title, null, null, null, null,
                RiskLevel.YELLOW), operator).id();
        incidents.act(id, IncidentAction.ACCEPT, ActionInput.none(), operator);
        incidents.act(id, IncidentAction.DISPATCH, ActionInput.none(), operator);
        return id;
    }

    @Test
    void urgesOnceBeforeTheDeadlineThenSupervisesOneLevelUpPerStepOfLateness() {
        UUID id = incidents.register(new NewIncident(Channel.WALK_IN, null, null, "0101", "垃圾堆积", null, null, null, null,
                RiskLevel.YELLOW), operator).id();
        incidents.act(id, IncidentAction.ACCEPT, ActionInput.none(), operator);
        Instant due = incidents.act(id, IncidentAction.DISPATCH, ActionInput.none(), operator).dueAt();

        clock.set(due.minus(Duration.ofDays(2)));
        assertThat(escalation.sweep()).isEqualTo(new EscalationService.Sweep(0, 0));

        clock.set(due.minus(Duration.ofHours(10)));
        assertThat(escalation.sweep()).isEqualTo(new EscalationService.Sweep(1, 0));
        assertThat(escalation.sweep()).as("urged once only").isEqualTo(new EscalationService.Sweep(0, 0));

        clock.set(due.plus(Duration.ofHours(2)));
        assertThat(escalation.sweep()).isEqualTo(new EscalationService.Sweep(0, 1));
        // Due Thursday 10:00; the next Wednesday 10:00 is four working days late.
        clock.set(due.plus(Duration.ofDays(6)));
        assertThat(escalation.sweep()).as("a working day and three working days late: street and district")
                .isEqualTo(new EscalationService.Sweep(0, 2));
        assertThat(escalation.sweep()).isEqualTo(new EscalationService.Sweep(0, 0));

        var history = incidents.history(id);
        assertThat(history).extracting(IncidentEvent::action).containsSubsequence(IncidentAction.URGE,
                IncidentAction.SUPERVISE, IncidentAction.SUPERVISE, IncidentAction.SUPERVISE);
        assertThat(history.get(history.size() - 1).note()).contains("区督办");
        assertThat(history.get(history.size() - 1).operatorName()).isEqualTo("系统督办");
        assertThat(incidents.detail(id).state().escalationLevel()).isEqualTo(3);
    }

    private void dueAt(UUID id, String beijingTime) {
        database.dsl().update(cn.zongzhi.db.jooq.Tables.INCIDENT)
                .set(cn.zongzhi.db.jooq.Tables.INCIDENT.DUE_AT, java.time.LocalDateTime.parse(beijingTime).atZone(SHANGHAI).toOffsetDateTime())
                .where(cn.zongzhi.db.jooq.Tables.INCIDENT.ID.eq(id)).execute();
    }

    private void at(String beijingTime) {
        clock.set(java.time.LocalDateTime.parse(beijingTime).atZone(SHANGHAI).toInstant());
    }

    private int level(UUID id) {
        return incidents.detail(id).state().escalationLevel();
    }

    @Test
    void lateOverAWeekendIsNotLateForTheStreetAndAnUrgeWaitsForTheWorkingDay() {
        UUID dueFriday = dispatched("垃圾堆积");
        dueAt(dueFriday, "2026-03-06T17:30");
        UUID dueMonday = dispatched("垃圾未清运");
        dueAt(dueMonday, "2026-03-09T17:30");

        at("2026-03-07T17:31");
        escalation.sweep();
        assertThat(level(dueFriday)).as("a calendar day late, no working time late: the community only").isEqualTo(1);
        at("2026-03-08T18:00");
        escalation.sweep();
        assertThat(level(dueFriday)).isEqualTo(1);
        assertThat(incidents.history(dueMonday)).as("less than 24 hours left, but a whole working day")
                .extracting(IncidentEvent::action).doesNotContain(IncidentAction.URGE);

        at("2026-03-09T09:10");
        escalation.sweep();
        assertThat(incidents.history(dueMonday)).extracting(IncidentEvent::action).contains(IncidentAction.URGE);
        at("2026-03-09T17:29");
        escalation.sweep();
        assertThat(level(dueFriday)).isEqualTo(1);
        at("2026-03-09T17:31");
        escalation.sweep();
        assertThat(level(dueFriday)).as("a working day late on Monday evening: the street").isEqualTo(2);
    }

    @Test
    void theNationalDayWeekMovesNothingUpTheLadder() {
        UUID id = dispatched("垃圾堆积");
        dueAt(id, "2026-09-30T17:30");
        at("2026-10-07T17:00");
        escalation.sweep();
        assertThat(level(id)).as("seven days of holiday: still on the deadline, the community's").isEqualTo(1);
        at("2026-10-09T17:30");
        escalation.sweep();
        assertThat(level(id)).as("one working day (8 October) late: the street").isEqualTo(2);
    }

    @Test
    void casesAtTheTopOfTheLadderDoNotKeepNewOnesOutOfTheSweep() {
        // Older than any new case and at the district already: 挂账 cases stay against their deadline for good.
        for (int i = 0; i < 5; i++) {
            UUID old = dispatched("长期挂账" + i);
            dueAt(old, "2026-03-03T17:30");
            database.dsl().update(cn.zongzhi.db.jooq.Tables.INCIDENT).set(cn.zongzhi.db.jooq.Tables.INCIDENT.ESCALATION_LEVEL, 3)
                    .where(cn.zongzhi.db.jooq.Tables.INCIDENT.ID.eq(old)).execute();
        }
        UUID supervisedYesterday = dispatched("昨日已督办");
        dueAt(supervisedYesterday, "2026-03-05T16:00");
        UUID fresh = dispatched("新超期");
        dueAt(fresh, "2026-03-05T17:30");
        UUID dueSoon = dispatched("即将到期");
        dueAt(dueSoon, "2026-03-09T09:30");
        EscalationService smallBatches = new EscalationService(database.dsl(), incidents, clock, WORKING_TIME, 3);
        at("2026-03-05T16:30");
        smallBatches.sweep();
        assertThat(level(supervisedYesterday)).isEqualTo(1);
        assertThat(level(fresh)).isZero();

        at("2026-03-06T10:00");
        EscalationService.Sweep sweep = smallBatches.sweep();

        assertThat(level(fresh)).as("a new overdue case is supervised past five at the top").isEqualTo(1);
        assertThat(incidents.history(dueSoon)).extracting(IncidentEvent::action).contains(IncidentAction.URGE);
        assertThat(level(supervisedYesterday)).as("not yet a working day late for the street").isEqualTo(1);
        assertThat(sweep).isEqualTo(new EscalationService.Sweep(1, 1));
    }

    @Test
    void leavesResolvedIncidentsAlone() {
        UUID id = incidents.register(new NewIncident(Channel.WALK_IN, null, null, "0101", "垃圾堆积", null, null, null, null,
                RiskLevel.YELLOW), operator).id();
        incidents.act(id, IncidentAction.ACCEPT, ActionInput.none(), operator);
        Instant due = incidents.act(id, IncidentAction.DISPATCH, ActionInput.none(), operator).dueAt();
        incidents.act(id, IncidentAction.START, ActionInput.none(), operator);
        incidents.act(id, IncidentAction.RESOLVE, ActionInput.note("已清运"), operator);

        clock.set(due.plus(Duration.ofDays(5)));

        assertThat(escalation.sweep()).isEqualTo(new EscalationService.Sweep(0, 0));
    }
}
