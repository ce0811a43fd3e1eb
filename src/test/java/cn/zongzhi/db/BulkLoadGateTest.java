package cn.zongzhi.db;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkLoadGateTest {

    @Test
    void aLoadWaitsForTheRunningRoundAndNoRoundStartsWhileItWaitsOrHolds() throws Exception {
        BulkLoadGate gate = new BulkLoadGate();
        ExecutorService loader = Executors.newSingleThreadExecutor();
        try {
            assertThat(gate.tryEnterRound()).isTrue();
            assertThat(gate.loadWanting()).isFalse();

            Future<BulkLoadGate.Hold> load = loader.submit(() -> gate.holdForLoad());
            assertThatThrownBy(() -> load.get(300, TimeUnit.MILLISECONDS)).as("the round still runs")
                    .isInstanceOf(TimeoutException.class);
            assertThat(gate.loadWanting()).as("the running round is told to stop").isTrue();
            assertThat(gate.tryEnterRound()).as("no new round while a load waits").isFalse();

            gate.leaveRound();
            BulkLoadGate.Hold hold = load.get(5, TimeUnit.SECONDS);
            assertThat(gate.tryEnterRound()).as("no round while the load holds").isFalse();
            // Released on the thread that took it, as DeferredIndexes does.
            loader.submit(hold::close).get(5, TimeUnit.SECONDS);

            assertThat(gate.loadWanting()).isFalse();
            assertThat(gate.tryEnterRound()).as("rounds run again after the load").isTrue();
            gate.leaveRound();
        } finally {
            loader.shutdownNow();
        }
    }

    @Test
    void oneGatePerDatabaseAndClosingAHoldTwiceReleasesItOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        try (Database database = Database.open(folder.resolve("db"))) {
            BulkLoadGate gate = BulkLoadGate.of(database.dsl());
            assertThat(BulkLoadGate.of(database.dsl())).isSameAs(gate);
            BulkLoadGate.Hold first = gate.holdForLoad();
            BulkLoadGate.Hold nested = gate.holdForLoad();
            nested.close();
            nested.close();
            assertThat(gate.tryEnterRound()).as("the outer load still holds").isFalse();
            first.close();
            assertThat(gate.tryEnterRound()).isTrue();
            gate.leaveRound();
        }
    }

    @Test
    void aLoadGivesUpRatherThanWaitForARoundThatDoesNotStop() {
        BulkLoadGate gate = new BulkLoadGate();
        assertThat(gate.tryEnterRound()).isTrue();
        assertThatThrownBy(() -> gate.holdForLoad(java.time.Duration.ofMillis(200)))
                .isInstanceOf(BulkLoadGate.RoundDidNotStop.class).hasMessageContaining("did not stop");
        assertThat(gate.loadWanting()).as("no longer wanting: rounds go on").isFalse();
        gate.leaveRound();
        assertThat(gate.tryEnterRound()).isTrue();
        gate.leaveRound();
    }
}
