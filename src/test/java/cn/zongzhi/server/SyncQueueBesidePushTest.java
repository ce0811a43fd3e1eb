package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.sync.SyncClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A first sync of more incidents than one queue batch queues the rest on a thread of its own while the push sends
 * what is queued (decision 0014). Cancelled midway, it stops both and loses nothing: the next round queues what
 * was left and every incident reaches the city once.
 */
class SyncQueueBesidePushTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");
    private static final int INCIDENTS = 1_234;

    @TempDir
    Path folder;

    @Test
    void aRoundCancelledWhileQueueingAndPushingGoesOnNextRoundAndEveryIncidentArrivesOnce() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock)) {
                for (int i = 0; i < INCIDENTS; i++) {
                    town.report("事件 " + i);
                }

                // Cancelled once the city has answered the first batch: queueing (on its thread) and the push both stop
                // at their next step, wherever the queue has got to by then.
                SyncClient.RoundResult cut = town.sync.round(() ->
                        town.database.dsl().fetchExists(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNotNull()));
                assertThat(cut.complete()).isFalse();
                assertThat(cut.pushed()).as("one batch answered, then stopped").isEqualTo(500);
                assertThat(cut.queued()).isBetween(500, INCIDENTS);
                int leftLocal = town.database.dsl().fetchCount(INCIDENT_SYNC, INCIDENT_SYNC.STATE.eq("LOCAL"));
                assertThat(leftLocal + town.database.dsl().fetchCount(SYNC_OUTBOX)).isEqualTo(INCIDENTS);

                SyncClient.RoundResult rest = town.round();
                assertThat(rest.complete()).isTrue();
                assertThat(rest.queued()).isEqualTo(leftLocal);
                assertThat(cut.pushed() + rest.pushed()).as("each creation pushed once").isEqualTo(INCIDENTS);
                assertThat(cut.rejected() + rest.rejected()).isZero();
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                assertThat(town.database.dsl().fetchCount(INCIDENT_SYNC, INCIDENT_SYNC.STATE.ne("SYNCED"))).isZero();
                assertThat(town.incidentsAsSynced()).hasSize(INCIDENTS).isEqualTo(SyncTestConsole.serverIncidents(serverDb));
            }
        }
    }

    @Test
    void anUncutFirstSyncOfSeveralBatchesQueuesPushesAndPullsEveryIncident() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock)) {
                for (int i = 0; i < INCIDENTS; i++) {
                    town.report("事件 " + i);
                }
                SyncClient.RoundResult first = town.round();
                assertThat(first.complete()).isTrue();
                assertThat(first.queued()).isEqualTo(INCIDENTS);
                assertThat(first.applied()).isEqualTo(INCIDENTS);
                assertThat(first.pulled()).isEqualTo(INCIDENTS);
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                assertThat(town.incidentsAsSynced()).hasSize(INCIDENTS).isEqualTo(SyncTestConsole.serverIncidents(serverDb));
            }
        }
    }
}
