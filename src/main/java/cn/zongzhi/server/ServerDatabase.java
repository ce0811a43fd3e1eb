package cn.zongzhi.server;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The city server's database: PostgreSQL in production (a JDBC URL), an embedded H2 file under the data
 * folder by default. Migrated by Flyway from {@code db/server} on open; reached through one jOOQ context.
 */
public final class ServerDatabase implements AutoCloseable {
    private final DSLContext dsl;
    private final Runnable closer;
    private volatile boolean closed;
    private final String kind;

    private ServerDatabase(DataSource source, SQLDialect dialect, Runnable closer, String kind) {
        this(source, dialect, closer, kind, true);
    }

    private ServerDatabase(DataSource source, SQLDialect dialect, Runnable closer, String kind, boolean migrate) {
        if (migrate) {
            Flyway.configure().dataSource(source).locations("classpath:db/server").table("server_schema_history").load().migrate();
        }
        // Names unquoted: the schema is written in unquoted lower case, which H2 folds up and PostgreSQL down.
        this.dsl = DSL.using(source, dialect, new Settings().withExecuteLogging(false)
                .withRenderQuotedNames(org.jooq.conf.RenderQuotedNames.NEVER));
        this.closer = closer;
        this.kind = kind;
    }

    /** The default: an H2 file {@code city.mv.db} in {@code dataFolder}. */
    public static ServerDatabase h2(Path dataFolder) {
        var pool = org.h2.jdbcx.JdbcConnectionPool.create("jdbc:h2:file:" + dataFolder.toAbsolutePath().resolve("city")
                + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(16);
        return new ServerDatabase(pool, SQLDialect.H2, pool::dispose, "h2");
    }

    /**
     * PostgreSQL at a JDBC URL; user and password from the URL or from {@code ZONGZHI_SERVER_DB_USER} and
     * {@code ZONGZHI_SERVER_DB_PASSWORD}, so they stay out of the command line and the process list.
     */
    public static ServerDatabase postgres(String url, String user, String password) {
        // Connections are opened as load needs them and closed when idle, not all sixteen at start: several servers
        // share one primary, and its connection limit with them.
        com.zaxxer.hikari.HikariConfig config = pool(url, user, password, "city-server", 2);
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
        return new ServerDatabase(pool, SQLDialect.POSTGRES, pool::close, "postgresql");
    }

    /**
     * Pooled: without a pool every statement opened a PostgreSQL connection (a new backend process, tens of
     * milliseconds), and a sync request took a quarter of a second on loopback (docs/benchmarks.md).
     */
    private static com.zaxxer.hikari.HikariConfig pool(String url, String user, String password, String name, int minimumIdle) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(Integer.getInteger("zongzhi.server.dbPool", 16));
        config.setMinimumIdle(minimumIdle);
        config.setPoolName(name);
        return config;
    }

    public static ServerDatabase open(String url, Path dataFolder) {
        if (url == null || url.isBlank()) {
            return h2(dataFolder);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return postgres(url, System.getenv("ZONGZHI_SERVER_DB_USER"), System.getenv("ZONGZHI_SERVER_DB_PASSWORD"));
        }
        if (url.startsWith("jdbc:h2:")) {
            var pool = org.h2.jdbcx.JdbcConnectionPool.create(url, "sa", "");
            return new ServerDatabase(pool, SQLDialect.H2, pool::dispose, "h2");
        }
        throw new IllegalArgumentException("a PostgreSQL or H2 JDBC URL, not " + url.replaceAll("//.*@", "//***@"));
    }

    /**
     * A read replica of the server's database (a PostgreSQL hot standby) that pulls read from, so the primary's work
     * is the writing. Never migrated (the primary's migrations arrive by replication) and opened read-only: every
     * statement on it runs in a read-only transaction, so a write that strayed here would fail rather than split
     * the data. User and password from {@code ZONGZHI_SERVER_READ_DB_USER} / {@code _PASSWORD}, else the primary's.
     */
    public static ServerDatabase replica(String url) {
        String user = firstSet(System.getenv("ZONGZHI_SERVER_READ_DB_USER"), System.getenv("ZONGZHI_SERVER_DB_USER"));
        String password = firstSet(System.getenv("ZONGZHI_SERVER_READ_DB_PASSWORD"), System.getenv("ZONGZHI_SERVER_DB_PASSWORD"));
        boolean h2 = url.startsWith("jdbc:h2:");
        if (!h2 && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL or H2 JDBC URL, not " + url.replaceAll("//.*@", "//***@"));
        }
        com.zaxxer.hikari.HikariConfig config = pool(url, h2 && user == null ? "sa" : user, h2 && password == null ? "" : password,
                "city-server-replica", 1);
        if (!h2) {
            // Without "always" the driver marks only explicit transactions read-only, not autocommitted statements.
            config.addDataSourceProperty("readOnlyMode", "always");
        }
        config.setReadOnly(true);
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config);
        return new ServerDatabase(pool, h2 ? SQLDialect.H2 : SQLDialect.POSTGRES, pool::close, h2 ? "h2" : "postgresql", false);
    }

    private static String firstSet(String first, String second) {
        return first != null && !first.isEmpty() ? first : second;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** "postgresql" or "h2", for the health endpoint. */
    public String kind() {
        return kind;
    }

    /** Whether {@link #close()} has run: the tests' PostgreSQL drops a test's database once it is closed. */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        closer.run();
    }
}
