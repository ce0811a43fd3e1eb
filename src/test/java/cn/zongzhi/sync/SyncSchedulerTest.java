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
}
