package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Masking;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
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

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** One caller, however the number was written: "180 5139 5441" is "18051395441", at intake and in stored rows. */
class RepeatCallerTest {
    /** 23:30 on 1 March in UTC is already 2 March in Guangzhou. */
    private static final Instant NOW = Instant.parse("2026-03-01T23:30:00Z");

    @TempDir
    Path folder;

    private Database database;
    private IncidentService service;
    private Operator operator;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        database.dsl().execute("insert into department(code, name) values ('CG', '区城管局')");
        database.dsl().execute("""
                insert into incident_category(code, name, pinyin_initials, default_department_code, time_limit, time_limit_unit)
                values ('0101', '暴露垃圾', 'BLLJ', 'CG', 3, 'WORKING_DAYS')""");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        service = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                "440111-DEMO", "BY");
        operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private StoredIncident report(String title, String phone) {
        return service.register(new NewIncident(Channel.HOTLINE_12345, "赵女士", phone, "0101", title, null, null, null, null,
                RiskLevel.YELLOW), java.util.List.of(), operator);
    }

    @Test
    void theKeyIsTheDigitsWithALeadingPlusKept() {
        assertThat(CallerPhone.key("180 5139 5441")).isEqualTo("18051395441");
        assertThat(CallerPhone.key("(020) 8123-4567")).isEqualTo("02081234567");
        assertThat(CallerPhone.key(" +44 20 7946 0958")).isEqualTo("+442079460958");
        assertThat(CallerPhone.key("  ")).isNull();
        assertThat(CallerPhone.stored("180-5139-5441")).isEqualTo("18051395441");
        assertThat(CallerPhone.stored("13800001234 转 8")).as("words are kept as typed").isEqualTo("13800001234 转 8");
        assertThat(Masking.phone(CallerPhone.stored("+44 20 7946 0958"))).isEqualTo("+44****0958");
        assertThat(Masking.phone(CallerPhone.stored("180 5139 5441"))).isEqualTo("180****5441");
    }

    @Test
    void aNumberWrittenWithSpacesFindsTheCallersEarlierCasesStoredOrTypedEitherWay() {
        StoredIncident typedPlain = report("井盖缺失", "18051395441");
        StoredIncident typedSpaced = report("路灯不亮", "180-5139-5441");
        assertThat(database.dsl().select(INCIDENT.REPORTER_PHONE).from(INCIDENT).where(INCIDENT.ID.eq(typedSpaced.id()))
                .fetchOne(INCIDENT.REPORTER_PHONE)).as("stored as its digits").isEqualTo("18051395441");
        // A row from before: stored with brackets and spaces (an import, the city, an older console).
        StoredIncident older = report("垃圾堆放", "18051395441");
        database.dsl().update(INCIDENT).set(INCIDENT.REPORTER_PHONE, "(180) 5139 5441").where(INCIDENT.ID.eq(older.id())).execute();

        assertThat(service.callerHistory("180 5139 5441", operator)).extracting(IncidentSummary::id)
                .containsExactlyInAnyOrder(typedPlain.id(), typedSpaced.id(), older.id());
        assertThat(service.callerHistory("18051395441", operator)).hasSize(3);
        assertThat(service.duplicateCandidates(typedPlain.id())).extracting(IncidentRepository.NearbyIncident::id)
                .as("the same caller, however written").contains(typedSpaced.id(), older.id());
    }

    @Test
    void theIntakeListsTheCallersLatestCasesInLocalDatesAndTheirCount() {
        for (int i = 1; i <= 6; i++) {
            report("第" + i + "件", "18051395441");
        }
        NewIncidentViewModel form = new NewIncidentViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"),
                operator, stored -> { });
        form.useZone(ZoneId.of("Asia/Shanghai"));
        form.reporterPhoneProperty().set("180 5139 5441");
        form.lookUpCaller();
        assertThat(form.callerNoteProperty().get()).contains("6 件");
        assertThat(form.callerHistoryLines()).hasSize(NewIncidentViewModel.CALLER_HISTORY_SHOWN + 1);
        assertThat(form.callerHistoryLines().get(0)).contains("BY").contains("2026-03-02").contains("（待受理）");
        assertThat(form.callerHistoryLines().get(NewIncidentViewModel.CALLER_HISTORY_SHOWN)).isEqualTo("…… 共 6 件");
    }

    @Test
    void aCallerWithMoreEarlierCasesThanTheListHoldsIsToldTheWholeCount() {
        int earlierCases = IncidentService.CALLER_HISTORY_LIMIT + 3;
        for (int i = 1; i <= earlierCases; i++) {
            report("第" + i + "件", "18051395441");
        }
        NewIncidentViewModel form = new NewIncidentViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"),
                operator, stored -> { });
        form.useZone(ZoneId.of("Asia/Shanghai"));
        form.reporterPhoneProperty().set("180 5139 5441");
        form.lookUpCaller();

        assertThat(form.callerNoteProperty().get()).as("not the 20 rows read").contains("此前反映过 23 件");
        assertThat(form.callerHistoryLines()).hasSize(NewIncidentViewModel.CALLER_HISTORY_SHOWN + 1);
        assertThat(form.callerHistoryLines().get(NewIncidentViewModel.CALLER_HISTORY_SHOWN)).isEqualTo("…… 共 23 件");
        assertThat(form.callerHistory()).as("the list still stops at the limit").hasSize(IncidentService.CALLER_HISTORY_LIMIT);
        assertThat(service.callerHistoryCounted("18051395441", operator).total()).isEqualTo(earlierCases);
    }
}
