package cn.zongzhi.cli;

import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Percentiles;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import cn.zongzhi.incidents.IncidentSearchRepository;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.IncidentSort;
import cn.zongzhi.incidents.IncidentTextIndex;
import cn.zongzhi.incidents.QueueView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;


/**
 * Measures the queue's free-text search as the queue runs it (the count, then the first page of 100) through the
 * search index, against the bare baseline: the same count and page as LIKE statements through plain JDBC. The
 * index beside the database is built first if it is not complete (its time and size are printed).
 */
@Command(name = "search", description = "Benchmark the queue's free-text search (index) against LIKE through bare JDBC.")
final class BenchSearchCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "50", description = "measured searches per case (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "10", description = "unmeasured searches first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--baseline-iterations", defaultValue = "3",
            description = "measured LIKE runs per case; each reads the whole table (default ${DEFAULT-VALUE}; 0 skips the baseline)")
    int baselineIterations;

    @Option(names = "--now", description = "the moment the saved views are computed at (default: now)")
    Instant now;

    @Override
    public Integer call() throws Exception {
        BenchCommand.measureWithoutReusedResults();
        if (bench.main.database == null || !Database.exists(bench.main.database)) {
            throw new UserError("bench search needs --db with an existing database");
        }
        Instant at = now != null ? now : Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = Database.open(bench.main.database);
             IncidentTextIndex index = IncidentTextIndex.open(IncidentTextIndex.folderFor(database.file()),
                     new IncidentSearchRepository(database.dsl()))) {
            if (!index.ready()) {
                long started = System.nanoTime();
                index.rebuild();
                out.printf("index built: %.1f s, %d MB on disk%n", (System.nanoTime() - started) / 1e9,
                        size(IncidentTextIndex.folderFor(database.file())) / (1024 * 1024));
            }
            Clock clock = Clock.systemUTC();
            IncidentService service = new IncidentService(database.dsl(), (from, amount, unit) -> from,
                    (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                    "BENCH", "BENCH", index);
            IncidentQueueRepository queue = new IncidentQueueRepository(database.dsl());
            List<String> sampled = sampledWords(database, 40);
            if (sampled.isEmpty()) {
                throw new UserError("bench search found no words to search for in the database");
            }
            out.printf("incidents: %,d; %d measured searches after %d warm-up; LIKE baseline %d runs; heap max %d MB%n",
                    queue.count(IncidentFilter.any()), iterations, warmup, baselineIterations,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            out.printf("sampled words: %s%n%n", String.join(" ", sampled));
            out.println("| search (count + first page of 100) | index p50 ms | index p95 ms | hits (median) | LIKE via JDBC p50 ms | LIKE max ms |");
            out.println("|---|---|---|---|---|---|");
            SplittableRandom random = new SplittableRandom(42);
            List<Case> cases = List.of(
                    new Case("'垃圾' (common), all, newest first", word -> IncidentFilter.any().withText(word), IncidentSort.NEWEST_FIRST, List.of("垃圾")),
                    new Case("sampled words, all, newest first", word -> IncidentFilter.any().withText(word), IncidentSort.NEWEST_FIRST, sampled),
                    new Case("sampled words, open view, due soonest", word -> QueueView.OPEN.filter(at, null).withText(word), IncidentSort.DUE_SOONEST, sampled),
                    new Case("sampled words, one street (440111004), newest first",
                            word -> IncidentFilter.any().withAreaCodePrefix("440111004").withText(word), IncidentSort.NEWEST_FIRST, sampled),
                    new Case("sampled words, overdue, due soonest", word -> QueueView.OVERDUE.filter(at, null).withText(word), IncidentSort.DUE_SOONEST, sampled),
                    new Case("a word in no incident ('龘龘')", word -> IncidentFilter.any().withText(word), IncidentSort.NEWEST_FIRST, List.of("龘龘")));
            for (Case benchCase : cases) {
                List<Integer> hits = new ArrayList<>();
                long[] indexed = Percentiles.measure(warmup, iterations, () -> {
                    IncidentFilter filter = benchCase.filter().apply(benchCase.words().get(random.nextInt(benchCase.words().size())));
                    hits.add(service.count(filter));
                    service.page(filter, benchCase.sort(), 0, 100);
                });
                List<Integer> sortedHits = hits.stream().sorted().toList();
                String baseline = "(skipped) | ";
                if (baselineIterations > 0) {
                    List<String[]> statements = new ArrayList<>();
                    for (String word : benchCase.words()) {
                        IncidentFilter filter = benchCase.filter().apply(word);
                        // The LIKE statements as the database-only queue runs them, rendered before the clock runs.
                        statements.add(new String[] {queue.countSql(filter), queue.pageSql(filter, benchCase.sort(), 0, 100).first()});
                    }
                    long[] like = Percentiles.measure(0, baselineIterations, () -> {
                        String[] pair = statements.get(random.nextInt(statements.size()));
                        queue.runRaw(pair[0]);
                        queue.runRaw(pair[1]);
                    });
                    baseline = String.format("%.0f | %.0f", Percentiles.millis(like, 50), Percentiles.millis(like, 100));
                }
                out.printf("| %s | %.1f | %.1f | %,d | %s |%n", benchCase.name(), Percentiles.millis(indexed, 50),
                        Percentiles.millis(indexed, 95), sortedHits.get(sortedHits.size() / 2), baseline);
                out.flush();
            }
            Runtime runtime = Runtime.getRuntime();
            out.printf("%nheap in use at the end: %d MB%n", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
        }
        return 0;
    }

    /** Two- and three-character runs of Chinese characters from titles and addresses of incidents at random. */
    private static List<String> sampledWords(Database database, int wanted) {
        SplittableRandom random = new SplittableRandom(7);
        Set<String> words = new LinkedHashSet<>();
        IncidentSearchRepository incidents = new IncidentSearchRepository(database.dsl());
        List<String> texts = incidents.sampleTexts(random.nextInt(Math.max(1, incidents.incidentCount() - wanted * 5)), wanted * 5);
        for (int tries = 0; words.size() < wanted && tries < 10_000 && !texts.isEmpty(); tries++) {
            String text = texts.get(random.nextInt(texts.size()));
            int length = 2 + random.nextInt(2);
            if (text == null || text.length() < length) {
                continue;
            }
            int start = random.nextInt(text.length() - length + 1);
            String word = text.substring(start, start + length);
            if (word.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                words.add(word);
            }
        }
        return new ArrayList<>(words);
    }

    private static long size(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private record Case(String name, Function<String, IncidentFilter> filter, IncidentSort sort, List<String> words) {
    }
}
