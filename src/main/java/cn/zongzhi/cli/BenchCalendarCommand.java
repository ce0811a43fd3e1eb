package cn.zongzhi.cli;

import cn.zongzhi.app.CalendarBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The mediation calendar's week view with a packed week; needs a display (Xvfb will do). */
@Command(name = "calendar", description = "Benchmark the mediation calendar's week view with many sessions.")
final class BenchCalendarCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--sessions", defaultValue = "2000", description = "sessions in the week (default ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--mediators", defaultValue = "40", description = "mediators, one calendar each (default ${DEFAULT-VALUE})")
    int mediators;

    @Option(names = "--frames", defaultValue = "100", description = "scroll frames measured (default ${DEFAULT-VALUE})")
    int frames;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("week view at 1280×800, %d mediators (prism.order=%s)%n%n", mediators, System.getProperty("prism.order", "default"));
        out.println("| scenario | fill + first frame ms | frame p50 ms | frame p95 ms | frame max ms |");
        out.println("|---|---|---|---|---|");
        for (CalendarBenchmark.Result result : CalendarBenchmark.run(sessions, mediators, frames)) {
            long[] sorted = result.framesSorted();
            out.printf("| %s | %.0f | %.1f | %.1f | %.1f |%n", result.name(), result.setupNanos() / 1e6,
                    sorted[sorted.length / 2] / 1e6, sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }
        out.flush();
        return 0;
    }
}
