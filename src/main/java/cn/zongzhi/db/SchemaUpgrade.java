package cn.zongzhi.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Brings an existing database file to the schema of this build, and keeps a copy of the file as it was until the
 * upgrade has finished.
 *
 * <p>Why: H2 commits every DDL statement as it runs, so a migration that fails half way, or a console closed by force
 * during one (on a million incidents, adding V030's key column took minutes), leaves a file neither old nor new that
 * no build opens. Before the first pending migration runs the file is copied to {@code NAME.upgrading.mv.db}; the copy
 * is renamed {@code NAME.before-upgrade.mv.db} once every migration has succeeded (one such copy is kept, the latest).
 * A failed upgrade puts the copy back, so the file is the one the previous build wrote; an upgrade that never finished
 * (the copy still named "upgrading" at the next open: the console was killed) is put back before it is tried again.
 */
final class SchemaUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaUpgrade.class);
    /** Room left on the disk beside the copy, so that the upgrade itself can still grow the file. */
    private static final long HEADROOM_BYTES = 64L << 20;

    private final Path file;
    private final ToLongFunction<Path> usableSpace;

    SchemaUpgrade(Path file) {
        this(file, SchemaUpgrade::usableSpaceBeside);
    }

    /** With the free space of the disk holding a file as given: for a test of a disk without room for the copy. */
    SchemaUpgrade(Path file, ToLongFunction<Path> usableSpace) {
        this.file = file;
        this.usableSpace = usableSpace;
    }

    private static long usableSpaceBeside(Path file) {
        try {
            return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell the free space beside " + file, e);
        }
    }

    /** The copy taken before an upgrade that has not finished yet. */
    Path unfinishedCopy() {
        return sibling(".upgrading.mv.db");
    }

    /** The copy of the file as it was before the last upgrade that finished. */
    Path previousCopy() {
        return sibling(".before-upgrade.mv.db");
    }

    private Path sibling(String ending) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.length() - ".mv.db".length()) + ending);
    }

    /**
     * Puts back the file an unfinished upgrade started from, unless another process has the file open (it may be that
     * process's upgrade, still running). The half-upgraded file is not thrown away but kept as
     * {@code NAME.interrupted-upgrade.mv.db}: an older build may have opened it meanwhile (Flyway ignores migrations
     * newer than its own) and written into it. Call before opening the database. Returns whether it put the file back.
     */
    boolean restoreUnfinished() {
        Path copy = unfinishedCopy();
        if (!Files.isRegularFile(copy)) {
            return false;
        }
        if (Files.isRegularFile(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    return false;
                }
            } catch (OverlappingFileLockException | IOException inUse) {
                // Open in this process or not ours to lock: H2 will say so when the database is opened.
                return false;
            }
            LOG.warn("the last schema upgrade of {} did not finish; putting back the file it started from and keeping the"
                    + " half-upgraded one as {}", file, interruptedFile().getFileName());
            move(file, interruptedFile());
        }
        // Also when the file is missing: a put-back cut short between its two moves left only the copy.
        move(copy, file);
        return true;
    }

    /** Where {@link #restoreUnfinished} keeps the file it replaced. */
    Path interruptedFile() {
        return sibling(".interrupted-upgrade.mv.db");
    }

    /**
     * Runs the pending migrations, copying the file first when it already holds data of an older schema.
     *
     * @param flyway     a Flyway configured on the open database
     * @param info       what that Flyway already said of the file
     * @param closeOpen  closes the database so the file can be copied safely
     * @param reopen     opens the database again and returns a Flyway on it
     * @throws UpgradeFailed when a migration failed after the file was copied: close the database, then
     *                       {@link #putBackAfterFailure}
     */
    void migrate(Flyway flyway, MigrationInfoService info, Runnable closeOpen, Supplier<Flyway> reopen) {
        boolean copied = info.applied().length > 0 && info.pending().length > 0 && Files.isRegularFile(file);
        Flyway current = flyway;
        if (copied) {
            closeOpen.run();
            takeCopy();
            current = reopen.get();
        }
        try {
            current.migrate();
        } catch (RuntimeException failed) {
            throw copied ? new UpgradeFailed(failed) : failed;
        }
        if (copied) {
            try {
                Files.move(unfinishedCopy(), previousCopy(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // The upgrade itself succeeded; a copy left named "upgrading" would be put back at the next open, so
                // it must not stay under that name.
                deleteQuietly(unfinishedCopy());
                LOG.warn("kept no copy of {} from before its upgrade: {}", file, e.toString());
            }
        }
    }

    /**
     * After a failed upgrade, with the database closed: the copy replaces the half-upgraded file, which nothing has
     * written into but the failed migrations, so the file is what the previous build left.
     */
    void putBackAfterFailure() {
        move(unfinishedCopy(), file);
        LOG.warn("the schema upgrade of {} failed; the file is as it was before it", file);
    }

    private void takeCopy() {
        try {
            long size = Files.size(file);
            long free = usableSpace.applyAsLong(file);
            if (free < size + HEADROOM_BYTES) {
                // No upgrade without the copy: a failure half way would leave a file no build can open.
                throw new DatabaseUpgradeException((size + HEADROOM_BYTES) >> 20, free >> 20);
            }
            // Copied under a third name and renamed: a copy cut short by a crash must never be taken for a whole one.
            Path partial = sibling(".upgrading.partial");
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, unfinishedCopy(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("copied {} ({} MB) to {} before upgrading its schema", file, size >> 20, unfinishedCopy().getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + file + " before upgrading its schema; nothing was changed", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + "; both are left as they are", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing more to do: the warning about the missing copy has been logged.
        }
    }

    /** The Flyway callback that tells the listener of each migration as it starts. */
    static final class Reporting implements Callback {
        private final DatabaseUpgradeListener listener;
        private int steps;
        private int step;

        Reporting(DatabaseUpgradeListener listener) {
            this.listener = listener;
        }

        private boolean olderFile;

        /**
         * How many migrations are pending (the "of N" the listener is told), and whether they upgrade a file that
         * already held data: only those steps are worth a line in the log; a new file runs every migration each time.
         */
        void expect(int pending, boolean olderFile) {
            this.steps = pending;
            this.olderFile = olderFile;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            MigrationInfo migration = context.getMigrationInfo();
            step++;
            String description = migration == null ? "" : migration.getDescription();
            if (olderFile) {
                LOG.info("upgrading the database schema: step {} of {} ({})", step, Math.max(step, steps), description);
            }
            listener.migrating(step, Math.max(step, steps), description);
        }

        @Override
        public String getCallbackName() {
            return "zongzhi-upgrade-progress";
        }
    }

    /** Thrown by {@link #migrate} when migrations failed after the file was copied. */
    static final class UpgradeFailed extends RuntimeException {
        UpgradeFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    static List<String> locations() {
        return List.of("classpath:db/migration");
    }

    static Flyway configure(DataSource dataSource, Callback callback, List<String> locations) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .callbacks(callback)
                .load();
    }
}
