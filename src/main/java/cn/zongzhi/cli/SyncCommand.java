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
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "sync", description = {
        "Exchange records with the city server: send what this office changed, receive what the city and other",
        "offices changed. Without --once it keeps syncing every --interval seconds until stopped (Ctrl+C);",
        "a failed round is retried after a growing, jittered wait. The console must be closed (it syncs by itself)."})
final class SyncCommand implements Callable<Integer> {
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
        try (Database database = Databases.openForCommand(DatabaseOption.resolve(main))) {
            Clock clock = Clock.systemUTC();
            String officeArea = new InstallationRepository(database.dsl()).find().map(i -> i.areaCode()).orElse(null);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            SyncClient client = SyncClients.fromEnrollment(database.dsl(), http, new HybridClock(clock), clock, server, officeArea)
                    .orElseThrow(() -> new UserError("this installation is not enrolled with a city server: run "
                            + "`zongzhi enroll --server URL --code CODE` first (尚未注册到市级服务器)"));
            AtomicBoolean stop = new AtomicBoolean();
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                stop.set(true);
                main.interrupt();
            }, "sync-stop");
            if (!once) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            int failures = 0;
            while (true) {
                try {
                    SyncClient.RoundResult result = client.round(stop::get);
                    out.printf("pushed %d, pulled %d, rejected %d, conflict %d (applied %d, merged %d)%s%s%n",
                            result.pushed(), result.pulled(), result.rejected(), result.conflicts(), result.applied(),
                            result.merged(), result.referenceItems() > 0 ? "; reference data " + result.referenceItems() : "",
                            result.complete() ? "" : "; stopped before the end, the next round goes on");
                    out.flush();
                    failures = 0;
                    if (once) {
                        return result.rejected() > 0 ? 2 : 0;
                    }
                } catch (SyncTransport.Unavailable unavailable) {
                    err.println("错误 error: " + unavailable.getMessage() + " (" + unavailable.reason() + ")");
                    err.flush();
                    if (once || unavailable.permanent()) {
                        return 1;
                    }
                    failures++;
                }
                if (stop.get()) {
                    return 0;
                }
                long waitMillis = failures == 0 ? intervalSeconds * 1000L
                        : SyncScheduler.backoff(failures, false, ThreadLocalRandom.current().nextDouble()).toMillis();
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    return 0;
                }
            }
        }
    }
}
