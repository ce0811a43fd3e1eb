package cn.zongzhi.server;

import cn.zongzhi.sync.SyncScheduler;
import cn.zongzhi.sync.SyncStatus;
import cn.zongzhi.sync.SyncTransport;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.ReferencePublish;
import cn.zongzhi.sync.protocol.ReferencePublishReply;
import cn.zongzhi.sync.protocol.ReferencePull;
import cn.zongzhi.sync.protocol.ReferencePullReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A first sync tells how far it has come while it runs, not only at its start and end. */
class SyncProgressTest {
    @TempDir
    Path folder;

    @Test
    void whatWaitsGoesDownDuringTheRoundAndTheAttemptShownIsThisRounds() throws Exception {
        Clock clock = Clock.systemUTC();
        try (ServerDatabase serverDb = ServerDatabase.h2(folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock);
             SyncTestConsole town = SyncTestConsole.jingtai(folder.resolve("town"), new Enrollments(serverDb, clock), server,
                     clock)) {
            for (int i = 0; i < 1_100; i++) {
                town.report("事件 " + i);
            }
            // Each push takes a second longer, as over a slow township line: three batches, three seconds at least.
            town.syncVia(SlowPush::new);
            new cn.zongzhi.sync.SyncClientRepository(town.database.dsl()).attempted(Instant.parse("2026-01-01T00:00:00Z"));
            List<SyncStatus> told = new CopyOnWriteArrayList<>();
            try (SyncScheduler scheduler = new SyncScheduler(town.database.dsl(), () -> Optional.of(town.sync), clock,
                    Duration.ofMinutes(10), () -> 0.0)) {
                scheduler.addListener(told::add);
                scheduler.start(Duration.ZERO);
                org.testfx.util.WaitForAsyncUtils.waitFor(120, java.util.concurrent.TimeUnit.SECONDS,
                        () -> told.stream().anyMatch(status -> !status.running() && status.lastSuccessAt() != null));
            }
            List<SyncStatus> during = told.stream().filter(SyncStatus::running).toList();
            assertThat(during).as("told at the start").isNotEmpty();
            assertThat(during.get(0).lastAttemptAt()).as("this round's attempt, not January's").isAfter(Instant.parse("2026-06-01T00:00:00Z"));
            assertThat(during).extracting(SyncStatus::waiting).as("told between batches as the count goes down")
                    .anyMatch(waiting -> waiting > 0 && waiting < 1_100);
            assertThat(told.get(told.size() - 1).waiting()).isZero();
        }
    }

    /** The city's connection with a second added to every push. */
    private record SlowPush(SyncTransport city) implements SyncTransport {
        @Override
        public HelloReply hello(Hello hello) {
            return city.hello(hello);
        }

        @Override
        public PushReply push(Push push) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return city.push(push);
        }

        @Override
        public PullReply pull(Pull pull) {
            return city.pull(pull);
        }

        @Override
        public ReferencePublishReply publishReference(ReferencePublish publish) {
            return city.publishReference(publish);
        }

        @Override
        public ReferencePullReply pullReference(ReferencePull pull) {
            return city.pullReference(pull);
        }
    }
}
