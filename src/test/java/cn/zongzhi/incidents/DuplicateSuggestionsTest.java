package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** 可能重复 says why each case may be the same matter, and offers Alt+M only where the incident may be merged. */
class DuplicateSuggestionsTest {
    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

    @TempDir
    Path folder;

    private Database database;
    private IncidentService service;
    private final Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);

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
    }

    @AfterEach
    void close() {
        database.close();
    }

    private StoredIncident reportAt(String phone, double lon, double lat) {
        return service.register(new NewIncident(Channel.GRID_APP, "网格员", phone, "0101", "垃圾堆积", null, null, lon, lat,
                RiskLevel.YELLOW), List.of(), operator);
    }

    @Test
    void eachSuggestionSaysWhyAndTheMergeKeyShowsOnlyWhereMergeIsAllowed() {
        StoredIncident parent = reportAt("13800000001", 113.2700, 23.1700);
        StoredIncident neighbour = reportAt("13800000002", 113.2710, 23.1705);
        StoredIncident sameCaller = reportAt("13800000001", 113.3500, 23.2500);
        StoredIncident both = reportAt("13800000001", 113.2701, 23.1701);

        assertThat(service.duplicateCandidates(parent.id())).extracting(IncidentRepository.NearbyIncident::caseNo,
                IncidentRepository.NearbyIncident::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(both.caseNo(), IncidentRepository.NearbyIncident.Reason.BOTH),
                org.assertj.core.groups.Tuple.tuple(neighbour.caseNo(), IncidentRepository.NearbyIncident.Reason.SAME_CATEGORY_NEARBY),
                org.assertj.core.groups.Tuple.tuple(sameCaller.caseNo(), IncidentRepository.NearbyIncident.Reason.SAME_CALLER));

        IncidentQueueViewModel queue = new IncidentQueueViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"),
                operator, Clock.fixed(NOW, ZoneOffset.UTC), (from, amount, unit) -> from.plus(Duration.ofDays(amount)));
        queue.select(parent.id());
        assertThat(queue.duplicatesProperty().get()).isEqualTo("可能重复：" + both.caseNo() + "（同类别·附近，同一来电人）、"
                + neighbour.caseNo() + "（同类别·附近）、" + sameCaller.caseNo() + "（同一来电人）　Alt+M 合并");

        service.act(parent.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        service.act(parent.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"), operator);
        queue.select(null);
        queue.select(parent.id());
        assertThat(queue.duplicatesProperty().get()).as("a dispatched case is not merged").startsWith("可能重复：")
                .doesNotContain("Alt+M");
    }
}
