package cn.zongzhi.db;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local H2 file database: migrated by Flyway on open, reached through one jOOQ {@link DSLContext}.
 * Holds no feature logic.
 */
public final class Database implements AutoCloseable {
    /** How long a write waits for a row another transaction holds before it fails. */
    static final int LOCK_TIMEOUT_MILLIS = 10_000;

    static {
        // jOOQ prints a banner and tips on first use; they would land in every command's output.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final Path basePath;
    private final JdbcConnectionPool pool;
    /** The pool's URL and password, for the one connection {@link #closeCompacted} opens outside it. */
    private final String url;
    private final String password;
    private volatile boolean compactWhenClosed;
    private final DSLContext dsl;

    private Database(Path basePath, JdbcConnectionPool pool, String url, String password) {
        this.basePath = basePath;
        this.pool = pool;
        this.url = url;
        this.password = password;
        this.dsl = DSL.using(pool, SQLDialect.H2, new Settings().withExecuteLogging(false));
    }

    /**
     * Opens (creating if needed) the database whose file is {@code basePath + ".mv.db"} and migrates it.
     * A path given with the {@code .mv.db} ending is accepted too.
     */
    public static Database open(Path basePath) {
        return open(basePath, DatabaseKey.configured().orElse(null));
    }

    /**
     * Opens with an explicit file-encryption key (null: unencrypted). An encrypted file without its key, or a
     * key for a plain file, is refused with a {@link DatabaseKeyException} rather than H2's own messages.
     */
    public static Database open(Path basePath, char[] key) {
        return open(basePath, key, DatabaseUpgradeListener.NONE);
    }

    /** Opens with the configured key, telling the listener of each schema migration an older file needs. */
    public static Database openTelling(Path basePath, DatabaseUpgradeListener upgrading) {
        return open(basePath, DatabaseKey.configured().orElse(null), upgrading);
    }

    /**
     * Opens with an explicit key, telling the listener of each migration. An existing file of an older schema is
     * copied before its upgrade and put back if the upgrade fails ({@link SchemaUpgrade}); the failure is then a
     * {@link DatabaseUpgradeException}.
     */
    public static Database open(Path basePath, char[] key, DatabaseUpgradeListener upgrading) {
        return open(basePath, key, upgrading, SchemaUpgrade.locations());
    }

    static Database open(Path basePath, char[] key, DatabaseUpgradeListener upgrading, java.util.List<String> migrations) {
        Path base = normalise(basePath);
        Path file = Path.of(base.toAbsolutePath() + ".mv.db");
        boolean encrypted = DatabaseKey.isEncrypted(file);
        if (encrypted && key == null) {
            throw new DatabaseKeyException(DatabaseKeyException.Problem.KEY_MISSING, file.toString());
        }
        if (!encrypted && key != null && Files.exists(file)) {
            throw new DatabaseKeyException(DatabaseKeyException.Problem.NOT_ENCRYPTED, file.toString());
        }
        try {
            Path parent = base.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + base, e);
        }
        // LOCK_TIMEOUT: sync writes on its own thread (decision 0014); an operator's save that meets a row a sync page
        // holds waits for that page rather than failing at H2's default of 2 s when a slow machine takes longer.
        String url = "jdbc:h2:file:" + base.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + pageCacheKilobytes()
                + ";LOCK_TIMEOUT=" + LOCK_TIMEOUT_MILLIS + (key == null ? "" : ";CIPHER=AES");
        // With CIPHER the password is "filePassword userPassword"; the user password stays empty.
        String password = key == null ? "" : new String(key) + " ";
        SchemaUpgrade upgrade = new SchemaUpgrade(file);
        upgrade.restoreUnfinished();
        SchemaUpgrade.Reporting reporting = new SchemaUpgrade.Reporting(upgrading);
        JdbcConnectionPool[] pool = {newPool(url, password)};
        try {
            Flyway flyway = SchemaUpgrade.configure(pool[0], reporting, migrations);
            var known = flyway.info();
            reporting.expect(known.pending().length, known.applied().length > 0);
            upgrade.migrate(flyway, known, pool[0]::dispose, () -> {
                pool[0] = newPool(url, password);
                return SchemaUpgrade.configure(pool[0], reporting, migrations);
            });
        } catch (SchemaUpgrade.UpgradeFailed failed) {
            pool[0].dispose();
            upgrade.putBackAfterFailure();
            throw new DatabaseUpgradeException(failed.getCause());
        } catch (RuntimeException e) {
            pool[0].dispose();
            if (key != null && isWrongKey(e)) {
                throw new DatabaseKeyException(DatabaseKeyException.Problem.WRONG_KEY, file.toString());
            }
            throw e;
        }
        Database database = new Database(base, pool[0], url, password);
        // A bulk load that died before building its indexes again leaves them missing; nothing else notices.
        DeferredIndexes.restoreMissing(database.dsl);
        return database;
    }

    private static JdbcConnectionPool newPool(String url, String password) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", password);
        pool.setMaxConnections(8);
        return pool;
    }

    /**
     * H2's page cache: a quarter of the heap, between H2's own 16 MB and 256 MB (128 MB with the launcher's 512 MB).
     * At 16 MB a month's figures over a million incidents did not fit: every refresh read its index pages from the
     * file and decompressed them again, a third of its time (docs/benchmarks.md, decision 0011). The cache only
     * grows as pages are read, so a small office's database never fills it.
     */
    static long pageCacheKilobytes() {
        long quarter = Runtime.getRuntime().maxMemory() / 4 / 1024;
        return Math.max(16L * 1024, Math.min(256L * 1024, quarter));
    }

    private static boolean isWrongKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && (sql.getErrorCode() == org.h2.api.ErrorCode.FILE_ENCRYPTION_ERROR_1
                    || sql.getErrorCode() == org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD
                    || sql.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether opening failed because another process holds the file (H2's file lock). */
    public static boolean isLockedByAnotherProcess(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    /** Whether a database file already exists at this base path. */
    public static boolean exists(Path basePath) {
        return Files.exists(Path.of(normalise(basePath) + ".mv.db"));
    }

    private static Path normalise(Path path) {
        String text = path.toString();
        return text.endsWith(".mv.db") ? Path.of(text.substring(0, text.length() - ".mv.db".length())) : path;
    }

    public DSLContext dsl() {
        return dsl;
    }

    /** The file a person would look for on disk. */
    public Path file() {
        return Path.of(basePath.toAbsolutePath() + ".mv.db");
    }

    /** What {@link #closeCompacted()} did: the file's size before and after, and how long it took. */
    public record Compacted(long bytesBefore, long bytesAfter, long millis) {
        /** "7,582 MB to 225 MB in 9.7 s": megabytes rounded up, so a file of a few kilobytes is not "0 MB". */
        public String describe() {
            return String.format("%,d MB to %,d MB in %.1f s", megabytes(bytesBefore), megabytes(bytesAfter), millis / 1000.0);
        }

        private static long megabytes(long bytes) {
            return (bytes + (1 << 20) - 1) >> 20;
        }
    }

    /**
     * Closes the database and rewrites its file to the data it holds ({@code SHUTDOWN COMPACT}), for a command that
     * has just written a great deal and is about to exit. A large import leaves the file mostly empty space (100,000
     * incidents: 7.6 GB holding 225 MB), and H2 otherwise reclaims it in the background during the next busy
     * hours, a first sync among them (decision 0020). Closing only: only a command that owns the file may do it.
     */
    public Compacted closeCompacted() {
        long started = System.nanoTime();
        long before = sizeOf(file());
        // The shutdown runs on a connection of its own, opened before the pool lets go of its connections so that the
        // database stays open meanwhile. Run on a pooled one, the pool's close afterwards rolls back on a closed
        // database, and H2 writes "Database is already closed" into the trace file beside it at every compaction.
        try (java.sql.Connection owner = java.sql.DriverManager.getConnection(url, "sa", password)) {
            pool.dispose();
            try (java.sql.Statement statement = owner.createStatement()) {
                statement.execute("shutdown compact");
            }
        } catch (java.sql.SQLException e) {
            throw new org.jooq.exception.DataAccessException("compacting " + file() + " failed", e);
        } finally {
            pool.dispose();
        }
        return new Compacted(before, sizeOf(file()), (System.nanoTime() - started) / 1_000_000);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Asks for the file to be compacted when the database is closed ({@link #close} then does what
     * {@link #closeCompacted} does): for the console after a large import at the desk, which cannot compact the file
     * under the running console, so that the next day's work — an enrollment's first sync among it — does not pay
     * for H2 reclaiming gigabytes in the background (decision 0020).
     */
    public void compactWhenClosed() {
        compactWhenClosed = true;
    }

    @Override
    public void close() {
        if (compactWhenClosed) {
            compactWhenClosed = false;
            try {
                org.slf4j.LoggerFactory.getLogger(Database.class).info("database file compacted as it closed: {}",
                        closeCompacted().describe());
                return;
            } catch (RuntimeException failed) {
                // The file is as a plain close leaves it; H2 reclaims the space in the background instead.
                org.slf4j.LoggerFactory.getLogger(Database.class).warn("compacting the database file as it closed failed", failed);
            }
        }
        // H2 closes the file when its last connection closes; disposing the pool closes them all (again: no harm).
        pool.dispose();
    }
}
