package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.db.DeferredIndexes;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.sync.SyncClient;
import cn.zongzhi.sync.SyncScheduler;
import cn.zongzhi.sync.SyncStatus;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk load in the console (a large import) drops the incident indexes and builds them again: DDL that in H2 takes
 * the tables for itself, so a sync round writing beside it fails, or makes the build fail (decision 0014). The load
 * stops a running round at its next safe point, no round runs until its indexes are built, and nothing is lost.
 */
class BulkLoadBesideSyncTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");
    private static final int INCIDENTS = 1_234;
    private static final int LOADED = 40;

    @TempDir
    Path folder;

    @Test
    void aBulkLoadStopsTheRunningRoundKeepsRoundsOutUntilItsIndexesAreBuiltAndEveryIncidentArrivesOnce() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock)) {
                for (int i = 0; i < INCIDENTS; i++) {
                    town.report("事件 " + i);
                }
                DSLContext dsl = town.database.dsl();
                LinkedBlockingQueue<SyncStatus> seen = new LinkedBlockingQueue<>();
                try (SyncScheduler scheduler = new SyncScheduler(dsl, () -> Optional.of(town.sync), clock,
                        Duration.ofMinutes(30), () -> 0.0)) {
                    scheduler.addListener(seen::add);
                    scheduler.start(Duration.ZERO);
                    awaitStatus(seen, SyncStatus::running, "a first sync running");

                    try (DeferredIndexes load = new IncidentRepository(dsl).deferIndexes()) {
                        assertThat(load.droppedCount()).isPositive();
                        int atTheCity = SyncTestConsole.serverIncidents(serverDb).size();
                        assertThat(atTheCity).as("the first sync stopped at its next safe point").isLessThan(INCIDENTS);

                        seen.clear();
                        scheduler.syncNow();
                        List<SyncStatus> whileHeld = drainFor(seen, Duration.ofMillis(1_500));
                        assertThat(whileHeld).as("the round asked for was held back").isNotEmpty()
                                .noneMatch(SyncStatus::running);
                        // The load writes meanwhile, as an import does on the console's writer thread.
                        for (int i = 0; i < LOADED; i++) {
                            town.report("导入 " + i);
                        }
                        assertThat(SyncTestConsole.serverIncidents(serverDb)).hasSize(atTheCity);
                    }

                    seen.clear();
                    scheduler.syncNow();
                    awaitStatus(seen, status -> !status.running() && status.connected() && status.waiting() == 0,
                            "a complete round after the load");
                }
                SyncClient.RoundResult quiet = town.round();
                assertThat(quiet.complete()).isTrue();
                assertThat(quiet.pushed()).isZero();
                assertThat(dsl.fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).as("every mutation answered").isZero();
                assertThat(dsl.fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.eq("REJECTED"))).as("none sent twice").isZero();
                assertThat(town.incidentsAsSynced()).hasSize(INCIDENTS + LOADED)
                        .isEqualTo(SyncTestConsole.serverIncidents(serverDb));
            }
        }
    }

    private static void awaitStatus(LinkedBlockingQueue<SyncStatus> seen, Predicate<SyncStatus> wanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            SyncStatus status = seen.poll(1, TimeUnit.SECONDS);
            if (status != null && wanted.test(status)) {
                return;
            }
        }
        throw new AssertionError("no status showed " + what);
    }

    private static List<SyncStatus> drainFor(LinkedBlockingQueue<SyncStatus> seen, Duration period) throws InterruptedException {
        List<SyncStatus> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < deadline) {
            SyncStatus status = seen.poll(50, TimeUnit.MILLISECONDS);
            if (status != null) {
                statuses.add(status);
            }
        }
        return statuses;
    }
}
