package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.sync.protocol.SyncJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pulls read from a read replica (issue 6: "one PostgreSQL primary with read replicas for pulls"): pushes go to the
 * primary, pulls are answered from the replica as far as it has caught up, a lagging replica makes an office wait
 * for changes but never skip one, the health endpoint says how far behind it is, and a replica still in the
 * history before a restore is not read at all. On PostgreSQL the replica refuses every write, as a standby does,
 * so the pulls are shown not to write there. On H2 and PostgreSQL.
 */
class ReadReplicaPullTest {
    private static final Instant MORNING = Instant.parse("2026-12-04T01:00:00Z");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void pullsReadTheReplicaAsFarAsItHasCaughtUp(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase primary = ServerDatabases.fresh(kind, folder.resolve("server"));
             ServerDatabases.Replica replica = ServerDatabases.replicaOf(primary, folder);
             CityServer server = CityServer.start(primary, replica.database(), new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(primary, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {
                for (int i = 0; i < 5; i++) {
                    town.report("垃圾清运不及时 " + i);
                }
                assertThat(town.round().pushed()).isEqualTo(5);
                replica.catchUp();
                assertThat(city.round().pulled()).isEqualTo(5);

                // Three more reach the primary; the replica has not replayed them yet.
                for (int i = 5; i < 8; i++) {
                    town.report("垃圾清运不及时 " + i);
                }
                assertThat(town.round().pushed()).isEqualTo(3);
                assertThat(city.round().pulled()).as("the replica answers with what it has").isZero();
                assertThat(city.repository().syncedIncidentIds()).hasSize(5);
                JsonNode health = health(server);
                assertThat(health.path("readReplica").path("changesBehind").asLong()).isEqualTo(3);

                // Caught up, the next pull brings exactly the three: the cursor never passed them.
                replica.catchUp();
                assertThat(city.round().pulled()).isEqualTo(3);
                assertThat(city.incidentsAsSynced()).isEqualTo(town.incidentsAsSynced()).hasSize(8);
                assertThat(health(server).path("readReplica").path("changesBehind").asLong()).isZero();

                // Reference data the city publishes is pulled from the replica too, once it has it.
                ReferenceService reference = new ReferenceService(primary, clock, replica.database());
                SyncService sync = new SyncService(primary, clock);
                SyncService.Caller cityCaller = sync.caller(cityReplica(primary), "CITY-440111");
                reference.publish(cityCaller, new cn.zongzhi.sync.protocol.ReferencePublish(java.util.List.of(
                        new cn.zongzhi.sync.protocol.ReferenceItem(cn.zongzhi.sync.protocol.ReferenceKind.AREA, "440111004000", 0,
                                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                                        .put("name", "景泰街道").put("level", "TOWN")))));
                assertThat(reference.pull(cityCaller, new cn.zongzhi.sync.protocol.ReferencePull(0, 100)).items())
                        .as("not replicated yet").isEmpty();
                replica.catchUp();
                assertThat(reference.pull(cityCaller, new cn.zongzhi.sync.protocol.ReferencePull(0, 100)).items())
                        .extracting(cn.zongzhi.sync.protocol.ReferenceItem::code).containsExactly("440111004000");

                // The city's next pull meets a replica further behind than the city itself (another server's replica
                // behind the load balancer): the primary answers, and the city neither resets nor waits.
                long cityCursor = new SyncRepository(primary.dsl()).highWater();
                replica.catchUpTo(cityCursor - 4);
                town.report("垃圾清运不及时 8a");
                assertThat(town.round().pushed()).isEqualTo(1);
                var behind = city.round();
                assertThat(behind.pulled()).as("only the new one, no pull from the start").isEqualTo(1);
                assertThat(city.incidentsAsSynced()).isEqualTo(town.incidentsAsSynced()).hasSize(9);
                replica.catchUp();

                // Two more, not replicated, then the primary starts a new epoch (a restore): the replica still holds the
                // old history, so the primary answers, and the city gets all eleven, the two the replica lacks too.
                town.report("垃圾清运不及时 8");
                town.report("垃圾清运不及时 9");
                assertThat(town.round().pushed()).isEqualTo(2);
                new ServerRepository(primary.dsl()).newEpoch(clock.instant());
                city.round();
                city.round();
                assertThat(city.incidentsAsSynced()).isEqualTo(town.incidentsAsSynced()).hasSize(11);
                assertThat(health(server).path("readReplica").path("epoch").asText())
                        .isNotEqualTo(new ServerRepository(primary.dsl()).currentEpoch());
            }
        }
    }

    private static String cityReplica(ServerDatabase primary) {
        return primary.dsl().resultQuery("select replica_id from installation where office_code = 'CITY-440111'")
                .fetchAny().get(0, String.class);
    }

    private static JsonNode health(CityServer server) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return SyncJson.MAPPER.readTree(response.body());
    }
}
