package cn.zongzhi.server;

import cn.zongzhi.common.Messages;
import cn.zongzhi.sync.SyncScheduler;
import cn.zongzhi.sync.SyncStatus;
import cn.zongzhi.sync.SyncWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A console whose clock is wrong hears so from the city's hello, and the status says it in words. */
class SyncClockOffsetTest {
    @TempDir
    Path folder;

    @Test
    void aClockTenMinutesAheadIsReportedAfterTheRound() throws Exception {
        Clock clock = Clock.systemUTC();
        try (ServerDatabase serverDb = ServerDatabase.h2(folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock);
             SyncTestConsole town = SyncTestConsole.jingtai(folder.resolve("town"), new Enrollments(serverDb, clock), server,
                     clock)) {
            Clock ahead = Clock.offset(clock, Duration.ofMinutes(10));
            town.useClock(ahead);
            LinkedBlockingQueue<SyncStatus> told = new LinkedBlockingQueue<>();
            try (SyncScheduler scheduler = new SyncScheduler(town.database.dsl(), () -> Optional.of(town.sync), ahead,
                    Duration.ofMinutes(10), () -> 0.0)) {
                scheduler.addListener(told::add);
                scheduler.start(Duration.ZERO);
                SyncStatus after = null;
                while (after == null || after.running() || after.lastAttemptAt() == null) {
                    after = told.poll(60, TimeUnit.SECONDS);
                    assertThat(after).as("a status after the round").isNotNull();
                }
                assertThat(after.clockOffset()).isBetween(Duration.ofMinutes(-11), Duration.ofMinutes(-9));
                assertThat(new SyncWords(Messages.forLanguage("zh"), ZoneId.of("Asia/Shanghai")).clockWarning(after.clockOffset()))
                        .isEqualTo("本机时钟与市级服务器相差约 10 分钟，请校准");
            }
        }
    }
}
