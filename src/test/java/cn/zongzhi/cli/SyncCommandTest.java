package cn.zongzhi.cli;

import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.ServerDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** `zongzhi sync` from the township's command line: refused before enrollment, a round after, a clear failure offline. */
class SyncCommandTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    @Test
    void syncsOnceAfterEnrollingAndSaysWhyWhenItCannot() {
        Path township = folder.resolve("township/zongzhi");
        assertThat(Main.run("--db", township.toString(), "demo", "--incidents", "0")).isZero();
        output.reset();
        assertThat(Main.run("--db", township.toString(), "sync", "--once")).isEqualTo(2);
        assertThat(output.err()).contains("not enrolled");

        Path serverData = folder.resolve("city");
        assertThat(Main.run("office", "add", "--data", serverData.toString(), "--code", "440111004-T", "--name", "景泰街道综治中心",
                "--level", "TOWN", "--area", "440111004")).isZero();
        String[] lines = output.out().strip().split("\\R");
        String code = lines[lines.length - 1];
        try (ServerDatabase database = ServerDatabase.h2(serverData);
             CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), Clock.systemUTC())) {
            assertThat(Main.run("--db", township.toString(), "enroll", "--server", "http://127.0.0.1:" + server.port(),
                    "--code", code)).isZero();
            output.reset();
            assertThat(Main.run("--db", township.toString(), "sync", "--once")).isZero();
            // Demo incidents never leave the console: nothing to send, nothing to receive.
            assertThat(output.out()).contains("pushed 0, pulled 0, rejected 0, conflict 0");
        }
        output.reset();
        assertThat(Main.run("--db", township.toString(), "sync", "--once", "--server", "http://127.0.0.1:9")).isEqualTo(1);
        assertThat(output.err()).contains("cannot be reached");
    }

    @Test
    void onceSaysByItsExitCodeWhetherTheRoundFinishedAndWhetherTheCityRefusedAnything() {
        assertThat(SyncCommand.onceExitCode(result(true, 0))).isZero();
        assertThat(SyncCommand.onceExitCode(result(true, 2))).as("refusals: not the user-error code").isEqualTo(3);
        assertThat(SyncCommand.onceExitCode(result(false, 0))).as("stopped before the end").isEqualTo(4);
        assertThat(SyncCommand.onceExitCode(result(false, 2))).isEqualTo(4);

        assertThat(SyncCommand.clockLine(java.time.Duration.ofMinutes(2))).isEmpty();
        assertThat(SyncCommand.clockLine(java.time.Duration.ofMinutes(-10))).contains("相差约 10 分钟，请校准", "ahead of");

        assertThat(Main.run("sync", "--help")).isZero();
        assertThat(output.out()).contains("Exit codes:", "run it again");
        output.reset();
        assertThat(Main.run("sync", "--interval", "0")).as("a user error").isEqualTo(2);
    }

    private static cn.zongzhi.sync.SyncClient.RoundResult result(boolean complete, int rejected) {
        return new cn.zongzhi.sync.SyncClient.RoundResult(0, 3, 3 - rejected, 0, 0, rejected, 0, 0, false, false, complete,
                new cn.zongzhi.sync.SyncClient.Phases(0, 0, 0, 0), 0, 0);
    }
}
