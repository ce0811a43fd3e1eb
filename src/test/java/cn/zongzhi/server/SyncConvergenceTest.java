package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.DeadlineRule;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.HttpSyncTransport;
import cn.zongzhi.sync.SyncClient;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.IncidentFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A township console and the city's console work offline on the same incidents, then sync through a real city
 * server on loopback (H2 and PostgreSQL). Oracle: every outbox row on both sides ends with the city's answer,
 * every conflict is visible on both sides, and both consoles hold exactly the server's state of every incident.
 */
class SyncConvergenceTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;

    /** One installation: its own database, services, clock and sync client. */
    private static final class Console implements AutoCloseable {
        final Database database;
        final IncidentService incidents;
        final SyncClient sync;
        final Operator operator;

        Console(Path folder, String office, Role role, String area, String prefix, String token, String replica,
                int port, MutableClock clock) {
            database = TestDatabases.fresh(folder);
            database.dsl().execute("insert into admin_area(code, name, level) values ('440111004001', '景泰社区', 'COMMUNITY'), "
                    + "('440111005001', '三元里社区', 'COMMUNITY')");
            database.dsl().execute("insert into department(code, name) values ('CG', '区城管局'), ('SW', '区水务局')");
            database.dsl().execute("""
                    insert into incident_category(code, name, pinyin_initials, default_department_code, fallback_department_code,
                                                  time_limit, time_limit_unit)
                    values ('0101', '暴露垃圾', 'BLLJ', 'CG', 'CG', 3, 'WORKING_DAYS')""");
            DeadlineRule plainDays = (from, amount, unit) -> from.plus(Duration.ofDays(amount));
            HybridClock hlc = new HybridClock(clock);
            incidents = new IncidentService(database.dsl(), plainDays,
                    (lon, lat) -> new IncidentService.Location(area, null), hlc, clock, SHANGHAI, office, prefix);
            operator = new Operator(UUID.randomUUID(), office + "-op", office + " 值班员", role, office, null);
            sync = new SyncClient(database.dsl(), new HttpSyncTransport(HttpClient.newHttpClient(),
                    "http://127.0.0.1:" + port, token, Duration.ofSeconds(20)), hlc, clock, replica, area, 12);
        }

        SyncClient.RoundResult round() {
            return sync.round(() -> false);
        }

        StoredIncident report(String title) {
            return incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", title,
                    "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);
        }

        void act(UUID id, IncidentAction action, ActionInput input) {
            incidents.act(id, action, input, operator);
        }

        SyncClientRepository repository() {
            return new SyncClientRepository(database.dsl());
        }

        @Override
        public void close() {
            database.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aDayOfOfflineWorkOnBothSidesConverges(String kind) {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            String townCode = enrollments.addOffice("TOWN-440111004", "景泰街道综治中心", "TOWN", List.of("440111004"));
            String cityCode = enrollments.addOffice("CITY-440111", "白云区综治中心", "CITY", List.of("440111"));
            String townReplica = UUID.randomUUID().toString();
            String cityReplica = UUID.randomUUID().toString();
            String townToken = enrollments.enroll(townCode, townReplica).token();
            String cityToken = enrollments.enroll(cityCode, cityReplica).token();
            try (Console town = new Console(folder.resolve("town"), "TOWN-440111004", Role.ADMINISTRATOR, "440111004001", "JT",
                    townToken, townReplica, server.port(), clock);
                 Console city = new Console(folder.resolve("city"), "CITY-440111", Role.ADMINISTRATOR, "440111005001", "BY",
                         cityToken, cityReplica, server.port(), clock)) {

                // Morning, offline at the township: three calls taken in, one accepted and dispatched.
                StoredIncident contested = town.report("小区门口垃圾堆积");
                StoredIncident handled = town.report("路灯不亮");
                StoredIncident untouched = town.report("井盖缺失");
                clock.advance(Duration.ofMinutes(20));
                town.act(handled.id(), IncidentAction.ACCEPT, ActionInput.none());
                town.act(handled.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("SW"));

                assertThat(town.repository().counts().neverQueued()).isEqualTo(3);
                SyncClient.RoundResult first = town.round();
                assertThat(first.queued()).isEqualTo(3);
                assertThat(first.applied()).as(first + " " + town.repository().refusals(10)).isEqualTo(3);
                assertThat(first.rejected()).isZero();
                SyncClient.RoundResult cityFirst = city.round();
                assertThat(cityFirst.pulled()).isGreaterThanOrEqualTo(3);

                // Both sides offline again. The city accepts and dispatches the contested one; the township, not
                // knowing, accepts it and handles it on the spot. The township also works the dispatched one.
                clock.advance(Duration.ofHours(1));
                city.act(contested.id(), IncidentAction.ACCEPT, ActionInput.none());
                city.act(contested.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"));
                town.act(contested.id(), IncidentAction.ACCEPT, ActionInput.none());
                town.act(contested.id(), IncidentAction.HANDLE_ON_SPOT, ActionInput.note("现场已清理"));
                town.act(handled.id(), IncidentAction.START, ActionInput.none());
                clock.advance(Duration.ofHours(2));
                town.act(handled.id(), IncidentAction.RESOLVE, ActionInput.note("已更换灯泡"));
                town.act(handled.id(), IncidentAction.VERIFY, ActionInput.none());
                town.act(handled.id(), IncidentAction.CLOSE, ActionInput.rating(Satisfaction.SATISFIED));

                SyncClient.RoundResult cityRound = city.round();
                assertThat(cityRound.applied()).isEqualTo(2);
                SyncClient.RoundResult townRound = town.round();
                // ACCEPT diverged (the city had dispatched); HANDLE_ON_SPOT became a closure request; the rest applied.
                assertThat(townRound.conflicts()).isEqualTo(2);
                assertThat(townRound.applied()).isEqualTo(4);
                city.round();
                town.round();

                // Nothing waits, on either side.
                for (Console console : List.of(town, city)) {
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                    assertThat(console.repository().counts().neverQueued()).isZero();
                }
                // The contested incident is what the city made of it, on both consoles; the township's closure is a
                // request the city's dispatcher is asked to decide, visible to both.
                for (Console console : List.of(town, city)) {
                    ObjectNode contestedNow = console.repository().incidentSnapshot(contested.id()).orElseThrow();
                    assertThat(contestedNow.get("status").asText()).isEqualTo("DISPATCHED");
                    assertThat(contestedNow.get("departmentCode").asText()).isEqualTo("CG");
                    assertThat(console.repository().openRecords(EntityKind.CONFLICT, 10))
                            .extracting(record -> record.data().get("kind").asText())
                            .containsExactlyInAnyOrder("STATUS", "CLOSURE_REQUEST");
                    assertThat(console.repository().openRecords(EntityKind.TASK, 10)).hasSize(1);
                }
                // The city's console shows the township's steps in the incident's history.
                List<IncidentEvent> history = city.incidents.history(handled.id());
                assertThat(history).extracting(IncidentEvent::action).containsSubsequence(IncidentAction.REPORT,
                        IncidentAction.START, IncidentAction.RESOLVE, IncidentAction.VERIFY, IncidentAction.CLOSE);
                ObjectNode closedAtCity = city.repository().incidentSnapshot(handled.id()).orElseThrow();
                assertThat(closedAtCity.get("satisfaction").asText()).isEqualTo("SATISFIED");
                assertThat(closedAtCity.get("dueAt").isNull()).isFalse();

                // Every replica holds exactly the server's state of every incident.
                SyncRepository serverIncidents = new SyncRepository(serverDb.dsl());
                for (UUID id : List.of(contested.id(), handled.id(), untouched.id())) {
                    Map<String, String> onServer = comparable(SyncService.snapshot(serverIncidents.incident(id.toString()).orElseThrow()));
                    assertThat(comparable(town.repository().incidentSnapshot(id).orElseThrow())).as("township, " + id).isEqualTo(onServer);
                    assertThat(comparable(city.repository().incidentSnapshot(id).orElseThrow())).as("city, " + id).isEqualTo(onServer);
                }
            }
        }
    }

    /** The synced fields and workflow counters as text, for comparing a console's row with the server's copy. */
    private static Map<String, String> comparable(ObjectNode snapshot) {
        Map<String, String> values = new TreeMap<>();
        for (IncidentFields spec : IncidentFields.values()) {
            var value = snapshot.get(spec.wireName);
            values.put(spec.wireName, value == null || value.isNull() ? null
                    : spec.type == IncidentFields.Type.INSTANT ? Instant.parse(value.asText()).toString() : value.asText());
        }
        for (String counter : List.of("status", "reworkCount", "extensionPending", "escalationLevel")) {
            values.put(counter, snapshot.get(counter).asText());
        }
        return values;
    }
}
