package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SyncSchedulerTest {
    @TempDir
    Path folder;

    @Test
    void waitsDoubleFromFiveSecondsToFiveMinutesWithAtMostHalfTakenOff() {
        assertThat(SyncScheduler.backoff(1, false, 0.0)).isEqualTo(Duration.ofMillis(2_500));
        assertThat(SyncScheduler.backoff(1, false, 0.999)).isBetween(Duration.ofMillis(4_990), Duration.ofSeconds(5));
        assertThat(SyncScheduler.backoff(2, false, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(SyncScheduler.backoff(4, false, 0.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(SyncScheduler.backoff(30, false, 0.999)).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(SyncScheduler.backoff(30, false, 0.0)).isEqualTo(Duration.ofSeconds(150));
        // A refused credential is not retried every few seconds.
        assertThat(SyncScheduler.backoff(1, true, 0.0)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void aRoundThatCannotReachTheCityIsRecordedAndRetriedLaterAndPausingIsRemembered() throws Exception {
        try (Database database = TestDatabases.fresh(folder)) {
            Clock clock = Clock.systemUTC();
            new SyncCredentialRepository(database.dsl()).save(new SyncCredentialRepository.Credential("http://127.0.0.1:9",
                    "TOWN-440111004", java.util.List.of("440111004"), "token", "epoch", clock.instant()));
            // Port 9 (discard) is closed on loopback: every round fails to connect.
            SyncClient unreachable = new SyncClient(database.dsl(), new HttpSyncTransport(HttpClient.newHttpClient(),
                    "http://127.0.0.1:9", "token", Duration.ofSeconds(2)), new HybridClock(clock), clock,
                    "00000000-0000-0000-0000-000000000001", "440111004000", 12);
            LinkedBlockingQueue<SyncStatus> seen = new LinkedBlockingQueue<>();
            try (SyncScheduler scheduler = new SyncScheduler(database.dsl(), () -> Optional.of(unreachable), clock,
                    Duration.ofSeconds(30), () -> 0.0)) {
                scheduler.addListener(seen::add);
                Instant before = Instant.now();
                scheduler.start(Duration.ZERO);
                SyncStatus failed = null;
                while (failed == null) {
                    SyncStatus status = seen.poll(20, TimeUnit.SECONDS);
                    assertThat(status).as("a status after the failed round").isNotNull();
                    if (status.lastError() != null && !status.running()) {
                        failed = status;
                    }
                }
                assertThat(failed.lastError()).startsWith("unreachable");
                assertThat(failed.connected()).isFalse();
                // The first retry comes after the shortest wait (jitter 0 takes half of 5 s off), not the 30 s interval.
                assertThat(failed.nextAttemptAt()).isBetween(before.plusMillis(2_000), Instant.now().plusMillis(2_600));

                scheduler.pause();
                SyncStatus paused = null;
                while (paused == null || !paused.paused()) {
                    paused = seen.poll(20, TimeUnit.SECONDS);
                    assertThat(paused).isNotNull();
                }
                assertThat(paused.nextAttemptAt()).as("no round while paused").isNull();
                assertThat(new SyncClientRepository(database.dsl()).standing().paused()).isTrue();
            }
        }
    }

    @Test
    void whatWaitsCountsPhotosAndChangedCasesAndTheStatusFollowsLocalWritesBetweenRounds() throws Exception {
        try (Database database = TestDatabases.fresh(folder)) {
            Clock clock = Clock.systemUTC();
            var dsl = database.dsl();
            TestDatabases.seedOneCategory(database, "440111004001", "景泰社区");
            new cn.zongzhi.office.InstallationService(dsl, cn.zongzhi.common.AppConfig.defaults(), clock).ensureInstallation();
            var incidents = new cn.zongzhi.incidents.IncidentService(dsl, (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                    (lon, lat) -> new cn.zongzhi.incidents.IncidentService.Location("440111004001", null), new HybridClock(clock),
                    clock, java.time.ZoneId.of("Asia/Shanghai"), "TOWN-440111004", "BY");
            var operator = new cn.zongzhi.auth.Operator(java.util.UUID.randomUUID(), "op", "值班员",
                    cn.zongzhi.auth.Role.ADMINISTRATOR, "TOWN-440111004", null);
            LinkedBlockingQueue<SyncStatus> seen = new LinkedBlockingQueue<>();
            // Offline in effect: no round ever runs (not enrolled), so only the recount can tell of local writes.
            try (SyncScheduler scheduler = new SyncScheduler(dsl, Optional::empty, clock, Duration.ofMinutes(5), () -> 0.0)) {
                scheduler.addListener(seen::add);
                scheduler.start(Duration.ZERO);
                assertThat(awaitWaiting(seen, 0)).isTrue();

                var incident = incidents.register(new cn.zongzhi.incidents.NewIncident(cn.zongzhi.incidents.Channel.HOTLINE_12345,
                        "王先生", "13800001234", "0101", "路灯不亮", "三天了", "景泰直街", 113.27, 23.17,
                        cn.zongzhi.incidents.RiskLevel.YELLOW), operator);
                assertThat(awaitWaiting(seen, 1)).as("the new incident, told without a round").isTrue();

                // A photo added offline waits too; once the incident has gone to the city, the photo alone waits.
                dsl.execute("insert into incident_attachment(id, incident_id, file_name, media_type, size_bytes, content, added_at, "
                        + "origin_office, hlc, sync_state) values (?, ?, '现场.jpg', 'image/jpeg', 3, X'FFD8FF', current_timestamp, "
                        + "'TOWN-440111004', 1, 'LOCAL')", java.util.UUID.randomUUID(), incident.id());
                assertThat(awaitWaiting(seen, 2)).as("the incident and its photo").isTrue();
                dsl.execute("update incident_sync set state = 'SYNCED', server_version = 1 where incident_id = ?", incident.id());
                assertThat(awaitWaiting(seen, 1)).as("the photo").isTrue();

                // A mediation case changed (its row and a party): one snapshot to send; a demo case never goes.
                java.util.UUID changed = java.util.UUID.randomUUID();
                java.util.UUID demo = java.util.UUID.randomUUID();
                for (java.util.UUID id : java.util.List.of(changed, demo)) {
                    dsl.execute("insert into dispute(id, case_no, dispute_type, source, status, registered_at, origin_office, hlc, "
                            + "demo, sync_state) values (?, ?, 'NEIGHBOUR', 'WALK_IN', 'REGISTERED', current_timestamp, "
                            + "'TOWN-440111004', 1, ?, 'PENDING')", id, "TJ-" + id, id.equals(demo));
                    dsl.execute("insert into dispute_party(id, dispute_id, role, kind, name, origin_office, hlc, sync_state) "
                            + "values (?, ?, 'APPLICANT', 'PERSON', '李某', 'TOWN-440111004', 1, 'PENDING')", java.util.UUID.randomUUID(), id);
                }
                assertThat(awaitWaiting(seen, 2)).as("the photo and the case").isTrue();
            }
        }
    }

    /** Whether a status with this many waiting is told within three recounts. */
    private static boolean awaitWaiting(LinkedBlockingQueue<SyncStatus> seen, int waiting) throws InterruptedException {
        long until = System.nanoTime() + SyncScheduler.RECOUNT.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            SyncStatus status = seen.poll(200, TimeUnit.MILLISECONDS);
            if (status != null && status.waiting() == waiting) {
                return true;
            }
        }
        return false;
    }
}
