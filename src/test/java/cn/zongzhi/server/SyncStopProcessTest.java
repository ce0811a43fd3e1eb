package cn.zongzhi.server;

import cn.zongzhi.office.InstallationRepository;
import cn.zongzhi.sync.SyncCredentialRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `zongzhi sync` stopped as Ctrl+C or a service manager stops it (SIGTERM) in the middle of a first sync: the round
 * stops at its next safe point and the database is closed before the JVM ends, rather than the JVM ending mid-round
 * with H2 open; the next run goes on.
 */
class SyncStopProcessTest {
    @TempDir
    Path folder;

    @Test
    void stoppedMidRoundItClosesTheDatabaseBeforeExitingAndTheNextRunFinishes() throws Exception {
        Clock clock = Clock.systemUTC();
        try (ServerDatabase serverDb = ServerDatabase.h2(folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            String replica = UUID.randomUUID().toString();
            String token = enrollments.enroll(enrollments.addOffice("TOWN-440111004", "景泰街道综治中心", "TOWN",
                    List.of("440111004")), replica).token();
            Path consoleFolder = folder.resolve("town");
            try (SyncTestConsole town = new SyncTestConsole(consoleFolder, "TOWN-440111004", "440111004001", "JT", token,
                    replica, server.port(), clock)) {
                for (int i = 0; i < 1_100; i++) {
                    town.report("事件 " + i);
                }
                new InstallationRepository(town.database.dsl()).create(UUID.fromString(replica), "TOWN-440111004",
                        "景泰街道综治中心", "TOWN", "440111004", OffsetDateTime.now(ZoneOffset.UTC));
                new SyncCredentialRepository(town.database.dsl()).save(new SyncCredentialRepository.Credential(
                        "http://127.0.0.1:" + server.port(), "TOWN-440111004", List.of("440111004"), token, "unknown",
                        clock.instant()));
            }

            Path log = folder.resolve("sync.log");
            Process sync = syncProcess(consoleFolder.resolve("console"), log, "--interval", "600");
            // Started (the database open, the stop hook in place) and into its first round: queueing and pushing 1,100
            // incidents takes some seconds here.
            org.testfx.util.WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.readString(log).contains("syncing;"));
            // Half a second more into the round, so the stop more likely lands while batches are going out; the
            // test's assertions hold wherever it lands (between rounds, it has nothing to wait for).
            Thread.sleep(500);
            sync.destroy();
            assertThat(sync.waitFor(90, TimeUnit.SECONDS)).as("stops within the bound").isTrue();
            String said = Files.readString(log);
            assertThat(said).as(said).contains("stopped; the database is closed");

            Path lastLog = folder.resolve("sync-last.log");
            Process last = syncProcess(consoleFolder.resolve("console"), lastLog, "--once");
            assertThat(last.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(last.exitValue()).as(Files.readString(lastLog)).isZero();
        }
    }

    private static Process syncProcess(Path database, Path log, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "cn.zongzhi.cli.Main", "--db", database.toString(),
                "sync"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
