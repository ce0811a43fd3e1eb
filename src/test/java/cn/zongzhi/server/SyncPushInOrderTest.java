package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.sync.SyncClient;
import cn.zongzhi.sync.SyncTransport;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Mutation;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push sends a batch while the console stores the answers to the one before (SyncClient.push), yet the city
 * still receives every row in its order: one batch on its way at a time, and a batch behind one the city did not
 * answer in full is not sent; the unanswered rows go first.
 */
class SyncPushInOrderTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");
    private static final int INCIDENTS = 1_234;

    @TempDir
    Path folder;

    @Test
    void batchesGoOneAtATimeInOrderAndRowsTheCityLeftUnansweredGoBeforeAnyLaterRow() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.jingtai(folder, enrollments, server, clock)) {
                List<UUID> ids = new ArrayList<>();
                for (int i = 0; i < INCIDENTS; i++) {
                    ids.add(town.report("事件 " + i).id());
                }
                assertThat(town.round().complete()).isTrue();
                // Every incident accepted: 1,234 rows in the outbox before the round, three batches of them at once.
                for (UUID id : ids) {
                    town.act(id, IncidentAction.ACCEPT, ActionInput.none());
                }
                long firstRow = town.database.dsl().select(org.jooq.impl.DSL.min(SYNC_OUTBOX.CLIENT_SEQUENCE)).from(SYNC_OUTBOX)
                        .where(SYNC_OUTBOX.OUTCOME.isNull()).fetchOne().value1();

                // The city's answers to the second push lose their last ten.
                WatchedTransport watched = new WatchedTransport(2, 10);
                town.syncVia(transport -> watched.over(transport));
                SyncClient.RoundResult round = town.round();

                assertThat(round.complete()).isTrue();
                assertThat(watched.mostAtOnce.get()).as("pushes on their way at the same time").isEqualTo(1);
                assertThat(watched.sent).as("each push: its first and last row, relative to the first waiting row")
                        .extracting(push -> List.of(push.mutations().get(0).clientSequence() - firstRow,
                                push.mutations().get(push.mutations().size() - 1).clientSequence() - firstRow))
                        .containsExactly(List.of(0L, 499L), List.of(500L, 999L), List.of(990L, 1233L));
                for (Push push : watched.sent) {
                    List<Long> sequences = push.mutations().stream().map(Mutation::clientSequence).toList();
                    assertThat(sequences).as("in order within a push").isSorted().doesNotHaveDuplicates();
                }
                assertThat(round.pushed()).as("answers stored: 500, 490 of the second push, then its ten again with the rest")
                        .isEqualTo(500 + 490 + (10 + 234));
                assertThat(round.rejected()).isZero();
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                assertThat(town.incidentsAsSynced()).hasSize(INCIDENTS).isEqualTo(SyncTestConsole.serverIncidents(serverDb));
            }
        }
    }

    /** Counts the pushes on their way at once, and drops the last answers of one push. */
    private static final class WatchedTransport {
        final List<Push> sent = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicInteger onTheirWay = new AtomicInteger();
        private final int pushLosingAnswers;
        private final int answersLost;

        WatchedTransport(int pushLosingAnswers, int answersLost) {
            this.pushLosingAnswers = pushLosingAnswers;
            this.answersLost = answersLost;
        }

        SyncTransport over(SyncTransport transport) {
            return new SyncTransport() {
                @Override
                public HelloReply hello(Hello hello) {
                    return transport.hello(hello);
                }

                @Override
                public PushReply push(Push push) {
                    mostAtOnce.accumulateAndGet(onTheirWay.incrementAndGet(), Math::max);
                    try {
                        sent.add(push);
                        PushReply reply = transport.push(push);
                        if (sent.size() != pushLosingAnswers) {
                            return reply;
                        }
                        return new PushReply(reply.outcomes().subList(0, reply.outcomes().size() - answersLost),
                                reply.highestSequenceHeld());
                    } finally {
                        onTheirWay.decrementAndGet();
                    }
                }

                @Override
                public PullReply pull(Pull pull) {
                    return transport.pull(pull);
                }

                @Override
                public ReferencePublishReply publishReference(ReferencePublish publish) {
                    return transport.publishReference(publish);
                }

                @Override
                public ReferencePullReply pullReference(ReferencePull pull) {
                    return transport.pullReference(pull);
                }
            };
        }
    }
}
