package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import cn.zongzhi.incidents.IncidentSort;
import cn.zongzhi.incidents.IncidentSummary;
import cn.zongzhi.incidents.QueueView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;

/**
 * Measures the incident queue's reads on an existing database (make one with {@code demo --incidents 1000000}):
 * each query through the application's repository and, as the baseline, the same SQL through bare JDBC.
 * Prints a Markdown table for docs/benchmarks.md.
 */
@Command(name = "bench", description = "Benchmark the incident queue's queries against bare JDBC on an existing database.",
        subcommands = {BenchMapCommand.class, BenchCalendarCommand.class, BenchKpiCommand.class, BenchImportCommand.class,
                BenchSyncCommand.class, BenchSearchCommand.class})
final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "200", description = "measured runs per query (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "50", description = "unmeasured runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--now", description = "the moment the saved views are computed at (default: now)")
    Instant now;

    @Option(names = "--only", description = "only the queries whose description contains this text (and no counts)")
    String only;

    @Override
    public Integer call() {
        measureWithoutReusedResults();
        if (main.database == null || !Database.exists(main.database)) {
            throw new UserError("bench needs --db with an existing database (make one with: zongzhi --db PATH demo --incidents 1000000)");
        }
        Instant at = now != null ? now : Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = Database.open(main.database)) {
            IncidentQueueRepository queue = new IncidentQueueRepository(database.dsl());
            int total = queue.count(IncidentFilter.any());
            out.printf("incidents in the database: %,d; %d measured runs after %d warm-up runs; heap max %d MB%n%n",
                    total, iterations, warmup, Runtime.getRuntime().maxMemory() / (1024 * 1024));
            out.println("| query | app p50 ms | app p95 ms | JDBC p50 ms | JDBC p95 ms | app/JDBC p95 |");
            out.println("|---|---|---|---|---|---|");
            List<Case> cases = List.of(
                    new Case("open, newest first, page of 100 at a random offset in the first 50 pages",
                            QueueView.OPEN.filter(at, null), IncidentSort.NEWEST_FIRST, 50),
                    new Case("all, newest first, page of 100 at a random offset in the first 50 pages",
                            IncidentFilter.any(), IncidentSort.NEWEST_FIRST, 50),
                    new Case("overdue, due soonest, first page", QueueView.OVERDUE.filter(at, null), IncidentSort.DUE_SOONEST, 1),
                    new Case("to accept, newest first, first page", QueueView.TO_ACCEPT.filter(at, null), IncidentSort.NEWEST_FIRST, 1),
                    new Case("one street (440111004), newest first, first page",
                            IncidentFilter.any().withAreaCodePrefix("440111004"), IncidentSort.NEWEST_FIRST, 1),
                    new Case("all, due soonest, page of 100 at a random offset in the first 5 pages", IncidentFilter.any(),
                            IncidentSort.DUE_SOONEST, 5),
                    new Case("one street (440111004), due soonest, first page",
                            IncidentFilter.any().withAreaCodePrefix("440111004"), IncidentSort.DUE_SOONEST, 1));
            SplittableRandom random = new SplittableRandom(42);
            for (Case benchCase : selected(cases)) {
                // The baseline's SQL is rendered before the clock runs: bare JDBC would not pay for jOOQ's rendering.
                List<IncidentQueueRepository.PageSql> sql = java.util.stream.IntStream.range(0, benchCase.pages())
                        .mapToObj(page -> queue.pageSql(benchCase.filter(), benchCase.sort(), 100 * page, 100)).toList();
                long[][] both = measureInTurn(page -> queue.page(benchCase.filter(), benchCase.sort(), 100 * page, 100).size(),
                        page -> queue.runRaw(sql.get(page)), benchCase.pages(), random);
                row(out, benchCase.name(), both[0], both[1]);
            }
            // Scrolling forward: the table asks for the page after the last row it holds (keyset paging).
            List<Case> scrolled = List.of(
                    new Case("open, newest first, the page after the last row of a random page of the first 50 (keyset)",
                            QueueView.OPEN.filter(at, null), IncidentSort.NEWEST_FIRST, 50),
                    new Case("all, newest first, the page after the last row of a random page of the first 50 (keyset)",
                            IncidentFilter.any(), IncidentSort.NEWEST_FIRST, 50),
                    new Case("one street (440111004), newest first, the page after the last row of a random page of the first 50 (keyset)",
                            IncidentFilter.any().withAreaCodePrefix("440111004"), IncidentSort.NEWEST_FIRST, 50),
                    new Case("overdue, due soonest, the page after the last row of a random page of the first 5 (keyset)",
                            QueueView.OVERDUE.filter(at, null), IncidentSort.DUE_SOONEST, 5),
                    new Case("all, due soonest, the page after the last row of a random page of the first 50 (keyset)",
                            IncidentFilter.any(), IncidentSort.DUE_SOONEST, 50));
            for (Case benchCase : selected(scrolled)) {
                List<IncidentSummary> anchors = anchors(queue, benchCase);
                if (anchors.isEmpty()) {
                    out.printf("| %s | (fewer than two pages) | | | | |%n", benchCase.name());
                    continue;
                }
                List<IncidentQueueRepository.PageSql> sql = anchors.stream()
                        .map(anchor -> queue.pageAfterSql(benchCase.filter(), benchCase.sort(), anchor, 100)).toList();
                long[][] both = measureInTurn(anchor -> queue.pageAfter(benchCase.filter(), benchCase.sort(), anchors.get(anchor), 100).size(),
                        anchor -> queue.runRaw(sql.get(anchor)), anchors.size(), random);
                row(out, benchCase.name(), both[0], both[1]);
            }
            if (only != null) {
                out.flush();
                return 0;
            }
            long[] counts = measure(() -> queue.count(QueueView.OPEN.filter(at, null)));
            out.printf("%ncount of the open view: p50 %.1f ms, p95 %.1f ms%n", ms(counts, 50), ms(counts, 95));
            long[] street = measure(() -> queue.count(IncidentFilter.any().withAreaCodePrefix("440111004")));
            out.printf("count of one street (440111004): p50 %.1f ms, p95 %.1f ms%n", ms(street, 50), ms(street, 95));
            // Free text goes through the search index, measured against LIKE by `bench search`.
            long started = System.nanoTime();
            int open = queue.count(QueueView.OPEN.filter(at, null));
            queue.page(QueueView.OPEN.filter(at, null), IncidentSort.NEWEST_FIRST, 0, 100);
            out.printf("opening the queue (count + first page of the open view, %,d rows): %.1f ms%n", open,
                    (System.nanoTime() - started) / 1e6);
            Runtime runtime = Runtime.getRuntime();
            out.printf("heap in use at the end: %d MB%n", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
            out.flush();
        }
        return 0;
    }

    private List<Case> selected(List<Case> cases) {
        return only == null ? cases : cases.stream().filter(each -> each.name().contains(only)).toList();
    }

    private static void row(PrintWriter out, String name, long[] app, long[] jdbc) {
        out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.2f |%n", name, ms(app, 50), ms(app, 95), ms(jdbc, 50), ms(jdbc, 95),
                ms(app, 95) / ms(jdbc, 95));
    }

    /** The last row of each of the case's first pages but the last one, read by walking the pages forward. */
    private static List<IncidentSummary> anchors(IncidentQueueRepository queue, Case benchCase) {
        List<IncidentSummary> anchors = new java.util.ArrayList<>();
        List<IncidentSummary> page = queue.page(benchCase.filter(), benchCase.sort(), 0, 100);
        while (page.size() == 100 && anchors.size() < benchCase.pages() - 1) {
            anchors.add(page.get(99));
            page = queue.pageAfter(benchCase.filter(), benchCase.sort(), page.get(99), 100);
        }
        return anchors;
    }

    /**
     * The application's read and the baseline's in turn, on the same page each time, the one that goes first
     * alternating: measured in two blocks, whichever block ran first paid for reading the file into H2's cache
     * (a JFR profile showed the application's block reading pages from disk that the baseline's then found
     * cached), which made the ratio a measure of the order. Returns the sorted times of each.
     */
    private long[][] measureInTurn(java.util.function.IntUnaryOperator app, java.util.function.IntUnaryOperator baseline,
                                   int choices, SplittableRandom random) {
        for (int i = 0; i < warmup; i++) {
            int page = random.nextInt(choices);
            app.applyAsInt(page);
            baseline.applyAsInt(page);
        }
        long[] appNanos = new long[iterations];
        long[] baselineNanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            int page = random.nextInt(choices);
            boolean appFirst = i % 2 == 0;
            if (appFirst) {
                appNanos[i] = timed(app, page);
            }
            baselineNanos[i] = timed(baseline, page);
            if (!appFirst) {
                appNanos[i] = timed(app, page);
            }
        }
        java.util.Arrays.sort(appNanos);
        java.util.Arrays.sort(baselineNanos);
        return new long[][] {appNanos, baselineNanos};
    }

    private static long timed(java.util.function.IntUnaryOperator read, int page) {
        long started = System.nanoTime();
        read.applyAsInt(page);
        return System.nanoTime() - started;
    }

    private long[] measure(IntSupplier query) {
        return cn.zongzhi.common.Percentiles.measure(warmup, iterations, query::getAsInt);
    }

    private static double ms(long[] sorted, int percentile) {
        return cn.zongzhi.common.Percentiles.millis(sorted, percentile);
    }

    private record Case(String name, IncidentFilter filter, IncidentSort sort, int pages) {
    }


    /**
     * H2 hands back the previous result when a session runs the same statement text again and no table changed
     * since; a bench that repeats its statements would time that shortcut (0–1 ms) instead of the query. With no
     * statement cache there is nothing to reuse. Call before the database is opened.
     */
    static void measureWithoutReusedResults() {
        System.setProperty("h2.queryCacheSize", "0");
    }
}
