package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.StoredIncident;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notes (添加备注) travel both ways and are in every history once: one written before the incident ever left the
 * township goes behind its creation, one written at the city comes down to the township, each office's own note
 * coming back is recognised by its id, and more rounds add nothing. On H2 and PostgreSQL.
 */
class SyncNoteTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void notesReachEveryOfficeThatSeesTheIncidentOnce(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {

                StoredIncident lamp = town.report("路灯不亮");
                clock.advance(Duration.ofMinutes(3));
                IncidentEvent beforeItLeft = town.incidents.addNote(lamp.id(), "已电话联系反映人，约定明早上门", town.operator);
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX)).as("nothing leaves before the round").isZero();

                town.round();
                assertThat(town.database.dsl().select(SYNC_OUTBOX.MUTATION_KIND).from(SYNC_OUTBOX).orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE)
                        .fetch(SYNC_OUTBOX.MUTATION_KIND)).as("the note goes behind the creation").containsExactly("CREATE", "NOTE");
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.eq("APPLIED"))).isEqualTo(2);
                city.round();
                assertThat(notes(city, lamp)).containsExactly(beforeItLeft.id() + " " + town.operator.displayName()
                        + " 已电话联系反映人，约定明早上门");

                // The city notes it; the township's next round brings the note down, and its own is not added again.
                clock.advance(Duration.ofMinutes(10));
                IncidentEvent fromTheCity = city.incidents.addNote(lamp.id(), "市级已协调供电部门", city.operator);
                clock.advance(Duration.ofMinutes(5));
                city.round();
                town.round();
                town.round();
                city.round();
                List<String> expected = List.of(
                        beforeItLeft.id() + " " + town.operator.displayName() + " 已电话联系反映人，约定明早上门",
                        fromTheCity.id() + " " + city.operator.displayName() + " 市级已协调供电部门");
                assertThat(notes(town, lamp)).containsExactlyElementsOf(expected);
                assertThat(notes(city, lamp)).containsExactlyElementsOf(expected);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("incident_note")))).isEqualTo(2);
                // The pulled note keeps when it was written at the city, not when it arrived.
                IncidentEvent pulled = town.incidents.history(lamp.id()).stream()
                        .filter(event -> event.id().equals(fromTheCity.id())).findFirst().orElseThrow();
                assertThat(pulled.occurredAt()).isEqualTo(fromTheCity.occurredAt());
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                assertThat(city.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void notesWrittenBeforeTheCityMovesAnIncidentToAnotherTownReachThatTownOnce(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole jingtai = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole sanyuanli = SyncTestConsole.sanyuanli(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {

                StoredIncident lamp = jingtai.report("路灯不亮");
                clock.advance(Duration.ofMinutes(3));
                IncidentEvent first = jingtai.incidents.addNote(lamp.id(), "已电话联系反映人", jingtai.operator);
                jingtai.round();
                clock.advance(Duration.ofMinutes(3));
                IncidentEvent second = jingtai.incidents.addNote(lamp.id(), "现场在三元里街道辖区内", jingtai.operator);
                jingtai.round();
                city.round();
                sanyuanli.round();
                assertThat(new cn.zongzhi.incidents.IncidentRepository(sanyuanli.database.dsl()).find(lamp.id())).isEmpty();

                // The city finds the place is in 三元里 and moves the incident there.
                clock.advance(Duration.ofMinutes(10));
                city.incidents.editFields(lamp.id(), java.util.Map.of(cn.zongzhi.incidents.EditableField.AREA_CODE,
                        "440111005001"), city.operator);
                city.round();
                sanyuanli.round();

                List<String> expected = List.of(
                        first.id() + " " + jingtai.operator.displayName() + " 已电话联系反映人",
                        second.id() + " " + jingtai.operator.displayName() + " 现场在三元里街道辖区内");
                assertThat(notes(sanyuanli, lamp)).as("the town it joined reads what was noted before").containsExactlyElementsOf(expected);
                IncidentEvent pulled = sanyuanli.incidents.history(lamp.id()).stream()
                        .filter(event -> event.id().equals(first.id())).findFirst().orElseThrow();
                assertThat(pulled.occurredAt()).isEqualTo(first.occurredAt());
                // The notes came again in the feed; no console adds one twice.
                for (SyncTestConsole console : List.of(jingtai, city, sanyuanli)) {
                    console.round();
                    console.round();
                    assertThat(notes(console, lamp)).containsExactlyElementsOf(expected);
                }
            }
        }
    }

    /** The notes in an incident's history, oldest first, as "id operator text". */
    private static List<String> notes(SyncTestConsole console, StoredIncident incident) {
        return console.incidents.history(incident.id()).stream().filter(event -> event.action() == IncidentAction.NOTE)
                .map(event -> event.id() + " " + event.operatorName() + " " + event.note()).toList();
    }
}
