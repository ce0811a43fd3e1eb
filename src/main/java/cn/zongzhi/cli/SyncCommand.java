package cn.zongzhi.cli;

import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.office.InstallationRepository;
import cn.zongzhi.sync.SyncClient;
import cn.zongzhi.sync.SyncClients;
import cn.zongzhi.sync.SyncScheduler;
import cn.zongzhi.sync.SyncTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

@Command(name = "sync", description = {
        "Exchange records with the city server: send what this office changed, receive what the city and other",
        "offices changed. Without --once it keeps syncing every --interval seconds until stopped (Ctrl+C, which",
        "lets the round under way stop at its next safe point and closes the database before exiting);",
        "a failed round is retried after a growing, jittered wait. The console must be closed (it syncs by itself)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:the round (with --once) or the rounds until stopped finished; nothing refused",
                "1:the city server could not be reached or refused the request (or, without --once, the credential)",
                "2:a mistake in the command line, or this installation is not enrolled",
                "3:--once: the round finished and the city refused records (listed on the console's sync screen)",
                "4:--once: the round stopped before the end (more to receive, or stopped); run it again"})
final class SyncCommand implements Callable<Integer> {
    static final int REFUSED = 3;
    static final int NOT_FINISHED = 4;
    /** How long Ctrl+C waits for the round under way to stop and the database to close (one batch, page or file). */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL",
            description = "the city server's address, if it differs from the one enrolled with")
    String server;

    @Option(names = "--once", description = "run one round and stop")
    boolean once;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "30", description = "between rounds (default 30)")
    int intervalSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (intervalSeconds < 1) {
            throw new UserError("--interval must be at least 1 second (间隔至少 1 秒)");
        }
        // Ctrl+C (or a service manager's stop) asks the round to stop at its next safe point and waits, bounded,
        // until the database is closed: interrupting the thread instead let the JVM end mid-round with H2 open, and
        // an interrupt inside H2's file I/O closes its file under it.
        CountDownLatch stopAsked = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopAsked.countDown();
            try {
                if (!closed.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("错误 error: the round did not stop within " + STOP_WAIT.toSeconds() + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sync-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int exitCode = rounds(out, err, () -> stopAsked.getCount() == 0, stopAsked);
            if (stopAsked.getCount() == 0) {
                out.println("stopped; the database is closed (同步已停止，数据库已关闭)");
                out.flush();
            }
            return exitCode;
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Stopped by Ctrl+C: the hook is running and now lets the JVM end.
            }
        }
    }

    private int rounds(PrintWriter out, PrintWriter err, BooleanSupplier stop, CountDownLatch stopAsked) throws InterruptedException {
        try (Database database = Databases.openForCommand(DatabaseOption.resolve(main))) {
            Clock clock = Clock.systemUTC();
            String officeArea = new InstallationRepository(database.dsl()).find().map(i -> i.areaCode()).orElse(null);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            SyncClient client = SyncClients.fromEnrollment(database.dsl(), http, new HybridClock(clock), clock, server, officeArea)
                    .orElseThrow(() -> new UserError("this installation is not enrolled with a city server: run "
                            + "`zongzhi enroll --server URL --code CODE` first (尚未注册到市级服务器)"));
            out.println("syncing; Ctrl+C stops at the next safe point (同步中，Ctrl+C 在下一个安全点停止)");
            out.flush();
            int failures = 0;
            while (true) {
                try {
                    SyncClient.RoundResult result = client.round(stop);
                    out.printf("pushed %d, pulled %d, rejected %d, conflict %d (applied %d, merged %d)%s%s%n",
                            result.pushed(), result.pulled(), result.rejected(), result.conflicts(), result.applied(),
                            result.merged(), result.referenceItems() > 0 ? "; reference data " + result.referenceItems() : "",
                            result.complete() ? "" : "; stopped before the end, the next round goes on");
                    client.clockOffset().map(SyncCommand::clockLine).filter(line -> !line.isEmpty()).ifPresent(err::println);
                    out.flush();
                    err.flush();
                    failures = 0;
                    if (once) {
                        return onceExitCode(result);
                    }
                } catch (SyncTransport.Unavailable unavailable) {
                    err.println("错误 error: " + unavailable.getMessage() + " (" + unavailable.reason() + ")");
                    err.flush();
                    if (once || unavailable.permanent()) {
                        return 1;
                    }
                    failures++;
                }
                long waitMillis = failures == 0 ? intervalSeconds * 1000L
                        : SyncScheduler.backoff(failures, false, ThreadLocalRandom.current().nextDouble()).toMillis();
                if (stop.getAsBoolean() || stopAsked.await(waitMillis, TimeUnit.MILLISECONDS)) {
                    return 0;
                }
            }
        }
    }

    /** A round stopped before its end says so (run again) before it says the city refused records. */
    static int onceExitCode(SyncClient.RoundResult result) {
        return !result.complete() ? NOT_FINISHED : result.rejected() > 0 ? REFUSED : 0;
    }

    /** A line for stderr when this machine's clock is off the city's by more than the console tolerates; else empty. */
    static String clockLine(Duration cityAhead) {
        if (cityAhead.abs().compareTo(cn.zongzhi.sync.SyncWords.CLOCK_TOLERANCE) <= 0) {
            return "";
        }
        long minutes = Math.round(cityAhead.abs().toSeconds() / 60.0);
        return "警告 warning: 本机时钟与市级服务器相差约 " + minutes + " 分钟，请校准 (this machine's clock is about " + minutes
                + " minutes " + (cityAhead.isNegative() ? "ahead of" : "behind") + " the city server's; please set it right)";
    }
}
