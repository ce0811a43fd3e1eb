package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The city server with a real PostgreSQL hot standby for pulls (decision 0008): a primary and a standby fed by
 * streaming replication, both from the embedded PostgreSQL binaries (the standby is a copy of the primary's data
 * folder taken while it was stopped, started with standby.signal and the primary's address). Replay on the standby
 * is paused to make it lag: a pull then brings only what the standby has replayed, and after replay resumes, the
 * rest — none skipped. The standby takes no write, so the pulls are shown to write nothing there.
 */
class StreamingStandbyPullTest {
    private static final Instant MORNING = Instant.parse("2026-12-04T01:00:00Z");

    @TempDir
    Path folder;

    @Test
    void pullsFromAHotStandbyWaitForReplayAndSkipNothing() throws Exception {
        Path primaryFolder = folder.resolve("primary");
        Path standbyFolder = folder.resolve("standby");
        int port;
        try (EmbeddedPostgres first = EmbeddedPostgres.builder().setDataDirectory(primaryFolder).setCleanDataDirectory(false).start()) {
            port = first.getPort();
            try (Connection connection = first.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("create database city");
            }
            ServerDatabase.postgres(first.getJdbcUrl("postgres", "city"), null, null).close();
        }
        // A base backup by hand: the stopped primary's folder, told to follow the primary.
        copyFolder(primaryFolder, standbyFolder);
        Files.setPosixFilePermissions(standbyFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(standbyFolder.resolve("standby.signal"), "");
        Files.writeString(standbyFolder.resolve("postgresql.auto.conf"),
                "primary_conninfo = 'host=127.0.0.1 port=" + port + " user=postgres'\n", java.nio.file.StandardOpenOption.APPEND);

        MutableClock clock = new MutableClock(MORNING);
        try (EmbeddedPostgres primaryServer = EmbeddedPostgres.builder().setDataDirectory(primaryFolder)
                .setCleanDataDirectory(false).setPort(port).start();
             EmbeddedPostgres standbyServer = EmbeddedPostgres.builder().setDataDirectory(standbyFolder)
                     .setCleanDataDirectory(false).start();
             ServerDatabase primary = ServerDatabase.postgres(primaryServer.getJdbcUrl("postgres", "city"), null, null);
             ServerDatabase standby = ServerDatabase.replica(standbyServer.getJdbcUrl("postgres", "city"));
             CityServer server = CityServer.start(primary, standby, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            try (Connection control = standbyServer.getPostgresDatabase().getConnection(); Statement statement = control.createStatement();
                 ResultSet recovering = statement.executeQuery("select pg_is_in_recovery()")) {
                recovering.next();
                assertThat(recovering.getBoolean(1)).as("a standby, replaying the primary's log").isTrue();
            }
            assertThatThrownBy(() -> standby.dsl().execute("create table stray (id int)"))
                    .as("nothing can be written on the standby").hasMessageContaining("read-only");

            Enrollments enrollments = new Enrollments(primary, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {
                for (int i = 0; i < 4; i++) {
                    town.report("路灯不亮 " + i);
                }
                assertThat(town.round().pushed()).isEqualTo(4);
                waitForReplay(primaryServer, standbyServer);
                assertThat(city.round().pulled()).isEqualTo(4);

                execute(standbyServer, "select pg_wal_replay_pause()");
                for (int i = 4; i < 7; i++) {
                    town.report("路灯不亮 " + i);
                }
                assertThat(town.round().pushed()).isEqualTo(3);
                assertThat(city.round().pulled()).as("the standby has not replayed them").isZero();

                execute(standbyServer, "select pg_wal_replay_resume()");
                waitForReplay(primaryServer, standbyServer);
                assertThat(city.round().pulled()).isEqualTo(3);
                assertThat(city.incidentsAsSynced()).isEqualTo(town.incidentsAsSynced()).hasSize(7);
            }
        }
    }

    /** Until the standby has replayed the primary's numbering of changes so far (its high-water mark is the primary's). */
    private static void waitForReplay(EmbeddedPostgres primary, EmbeddedPostgres standby) throws Exception {
        long target = highWater(primary);
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, () -> highWater(standby) >= target);
    }

    private static long highWater(EmbeddedPostgres server) throws SQLException {
        try (Connection connection = server.getDatabase("postgres", "city").getConnection(); Statement statement = connection.createStatement();
             ResultSet mark = statement.executeQuery("select high_water from change_sequencer where id = 1")) {
            mark.next();
            return mark.getLong(1);
        }
    }

    private static void execute(EmbeddedPostgres server, String sql) throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(path);
                String name = relative.getFileName() == null ? "" : relative.getFileName().toString();
                if (name.equals("postmaster.pid") || name.equals("epg-lock")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
