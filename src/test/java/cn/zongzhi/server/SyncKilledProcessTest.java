package cn.zongzhi.server;

import cn.zongzhi.office.InstallationRepository;
import cn.zongzhi.sync.SyncCredentialRepository;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * `zongzhi sync --once` run as a process of its own and killed (SIGKILL) at random moments of its first sync,
 * again and again, then let finish: whatever the kills interrupted — queueing, a push, storing answers, applying a
 * page — the console ends equal to the server with every mutation answered exactly once.
 */
class SyncKilledProcessTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void killedAgainAndAgainMidSyncItStillConverges(String kind) throws Exception {
        Clock clock = Clock.systemUTC();
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            String replica = UUID.randomUUID().toString();
            String token = enrollments.enroll(enrollments.addOffice("TOWN-440111004", "景泰街道综治中心", "TOWN",
                    List.of("440111004")), replica).token();
            Path consoleFolder = folder.resolve("town");
            try (SyncTestConsole town = new SyncTestConsole(consoleFolder, "TOWN-440111004", "440111004001", "JT", token,
                    replica, server.port(), clock)) {
                // More than two queue batches of 500: the rest is queued on its own thread while the push runs.
                for (int i = 0; i < 1_100; i++) {
                    town.report("事件 " + i);
                }
                new InstallationRepository(town.database.dsl()).create(UUID.fromString(replica), "TOWN-440111004",
                        "景泰街道综治中心", "TOWN", "440111004", OffsetDateTime.now(ZoneOffset.UTC));
                new SyncCredentialRepository(town.database.dsl()).save(new SyncCredentialRepository.Credential(
                        "http://127.0.0.1:" + server.port(), "TOWN-440111004", List.of("440111004"), token, "unknown",
                        clock.instant()));
            }

            SplittableRandom random = new SplittableRandom(20261202);
            int killed = 0;
            for (int attempt = 0; attempt < 4; attempt++) {
                Process sync = syncProcess(consoleFolder.resolve("console"), folder.resolve("sync-" + attempt + ".log"));
                // Somewhere in its start-up, queueing, pushing or pulling.
                if (!sync.waitFor(1_500 + random.nextInt(4_000), TimeUnit.MILLISECONDS)) {
                    sync.destroyForcibly().waitFor();
                    killed++;
                }
            }
            Path lastLog = folder.resolve("sync-last.log");
            Process last = syncProcess(consoleFolder.resolve("console"), lastLog);
            assertThat(last.waitFor(180, TimeUnit.SECONDS)).as("the last sync finishes").isTrue();
            assertThat(last.exitValue()).as(java.nio.file.Files.readString(lastLog)).isZero();
            assertThat(killed).as("at least one sync was killed midway").isPositive();

            try (SyncTestConsole town = SyncTestConsole.reopen(consoleFolder, "TOWN-440111004", "440111004001", "JT", token,
                    replica, server.port(), clock)) {
                town.round();
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                assertThat(town.incidentsAsSynced()).hasSize(1_100).isEqualTo(SyncTestConsole.serverIncidents(serverDb));
                for (UUID id : town.database.dsl().select(SYNC_OUTBOX.MUTATION_ID).from(SYNC_OUTBOX).fetch(SYNC_OUTBOX.MUTATION_ID)) {
                    assertThat(serverDb.dsl().fetchCount(serverDb.dsl().selectOne().from("applied_mutation")
                            .where("mutation_id = ?", id.toString()))).isEqualTo(1);
                }
            }
        }
    }

    private static Process syncProcess(Path database, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "cn.zongzhi.cli.Main", "--db", database.toString(),
                "sync", "--once"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
