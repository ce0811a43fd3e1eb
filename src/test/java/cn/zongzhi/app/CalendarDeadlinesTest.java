package cn.zongzhi.app;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.calendar.BundledHolidays;
import cn.zongzhi.calendar.DeadlineCalculator;
import cn.zongzhi.calendar.TimeLimit;
import cn.zongzhi.calendar.TimeLimitUnit;
import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentQueueViewModel;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarDeadlinesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Thursday 10 December 2026, 10:00 in Beijing: the bundled holidays end with 2026. */
    private static final Instant DECEMBER = LocalDateTime.parse("2026-12-10T10:00").atZone(SHANGHAI).toInstant();
    private static final WorkingCalendar CALENDAR = BundledHolidays.calendar();
    private final CalendarDeadlines deadlines = new CalendarDeadlines(() -> CALENDAR, WorkingHours.standard(), SHANGHAI);

    @TempDir
    Path folder;

    @Test
    void aDeadlineCountedIntoAYearWithoutHolidaysIsKeptAndSaysSo() {
        Instant due = deadlines.due(DECEMBER, 20, "WORKING_DAYS");
        assertThat(due).as("counted as before, on plain weeks in 2027").isEqualTo(new DeadlineCalculator(CALENDAR, WorkingHours.standard())
                .due(LocalDateTime.ofInstant(DECEMBER, SHANGHAI), new TimeLimit(20, TimeLimitUnit.WORKING_DAYS))
                .atZone(SHANGHAI).toInstant());
        assertThat(LocalDateTime.ofInstant(due, SHANGHAI).getYear()).isEqualTo(2027);
        assertThat(deadlines.beyondCalendar(DECEMBER, due)).isTrue();

        Instant inDecember = deadlines.due(DECEMBER, 5, "WORKING_DAYS");
        assertThat(deadlines.beyondCalendar(DECEMBER, inDecember)).isFalse();
    }

    @Test
    void aDispatchPastTheCalendarGoesThroughAndTheOperatorIsTold() {
        Database database = TestDatabases.fresh(folder);
        try {
            database.dsl().execute("insert into department(code, name) values ('CG', '区城管局')");
            database.dsl().execute("""
                    insert into incident_category(code, name, default_department_code, time_limit, time_limit_unit)
                    values ('0301', '违章搭建', 'CG', 20, 'WORKING_DAYS'), ('0101', '暴露垃圾', 'CG', 3, 'WORKING_DAYS')""");
            Clock clock = Clock.fixed(DECEMBER, ZoneOffset.UTC);
            IncidentService service = new IncidentService(database.dsl(), deadlines,
                    (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, SHANGHAI, "440111-DEMO", "BY");
            Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
            Messages messages = Messages.forLanguage("zh");
            IncidentQueueViewModel queue = new IncidentQueueViewModel(service, new SameThreadRunner(), messages, operator, clock,
                    deadlines);

            StoredIncident late = service.register(new NewIncident(Channel.WALK_IN, null, null, "0301", "楼顶违章搭建", null,
                    null, null, null, RiskLevel.YELLOW), operator);
            service.act(late.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
            queue.select(late.id());
            queue.act(IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"));

            assertThat(queue.errorProperty().get()).isEmpty();
            assertThat(queue.detailProperty().get().dueAt()).isNotNull();
            String done = messages.text("incidents.action.done", messages.text("incidents.action.DISPATCH"), late.caseNo(),
                    messages.text("incidents.status.DISPATCHED"));
            assertThat(queue.statusProperty().get()).isEqualTo(messages.text("incidents.action.beyondCalendar", done, 2027));
            assertThat(queue.detailProperty().get().dueBeyondCalendar()).as("the detail says so too").isTrue();

            StoredIncident soon = service.register(new NewIncident(Channel.WALK_IN, null, null, "0101", "垃圾堆积", null,
                    null, null, null, RiskLevel.YELLOW), operator);
            service.act(soon.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
            queue.select(soon.id());
            queue.act(IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"));
            assertThat(queue.statusProperty().get()).isEqualTo(messages.text("incidents.action.done",
                    messages.text("incidents.action.DISPATCH"), soon.caseNo(), messages.text("incidents.status.DISPATCHED")));
            assertThat(queue.detailProperty().get().dueBeyondCalendar()).isFalse();
        } finally {
            database.close();
        }
    }

    @Test
    void theConsoleBuildsOneDeadlineRuleForTheServiceAndTheQueue() {
        Console console = new Console(new ConsoleOptions(folder, folder.resolve("db"), "zh", 10, 2), Clock.fixed(DECEMBER,
                ZoneOffset.UTC), new SameThreadRunner(), DemoWiring::loader);
        try {
            console.openDatabase();
            var first = console.incidentDeadlines();
            assertThat(console.incidentDeadlines()).as("asked again, by the queue's screen").isSameAs(first);
            // Counted on the office's calendar as a rule built afresh counts (the bundled holidays, standard hours).
            assertThat(first.due(DECEMBER, 5, "WORKING_DAYS")).isEqualTo(deadlines.due(DECEMBER, 5, "WORKING_DAYS"));
            assertThat(first.beyondCalendar(DECEMBER, first.due(DECEMBER, 20, "WORKING_DAYS"))).isTrue();
        } finally {
            console.stop();
        }
    }
}
