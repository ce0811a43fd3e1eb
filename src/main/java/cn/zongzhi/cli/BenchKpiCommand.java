package cn.zongzhi.cli;

import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.AppPaths;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import cn.zongzhi.reports.Kpi;
import cn.zongzhi.reports.KpiBenchmark;
import cn.zongzhi.reports.KpiScope;
import cn.zongzhi.reports.KpiService;
import cn.zongzhi.reports.KpiSet;
import cn.zongzhi.reports.MonthlyReportService;
import cn.zongzhi.common.DayWindow;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Times the full set of figures through the application (KpiService: jOOQ, one pass for the counts, day groups
 * for the working time, MediationFigures) against the same aggregates written by hand and run through bare JDBC,
 * on an existing database (make one with {@code demo --incidents 100000}); checks that both give the same figures.
 */
@Command(name = "kpi", description = "Benchmark the full KPI set against the same aggregates in bare JDBC on an existing database.")
final class BenchKpiCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "20", description = "measured runs per scope (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--warmup", defaultValue = "5", description = "unmeasured runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--area", defaultValue = "440111004", paramLabel = "CODE", description = "the street measured alone (default ${DEFAULT-VALUE})")
    String area;

    enum Part { FIGURES, DASHBOARD, BOTH }

    @Option(names = "--part", defaultValue = "BOTH", description = "FIGURES (the KPI set per scope), DASHBOARD (the whole refresh per window) or BOTH (default)")
    Part part;

    @Option(names = "--window", split = ",", paramLabel = "WINDOW",
            description = "the dashboard's windows to measure (default: TODAY,THIS_WEEK,THIS_MONTH,LAST_MONTH,LAST_12_MONTHS)")
    List<DayWindow> windows = List.of(DayWindow.TODAY, DayWindow.THIS_WEEK, DayWindow.THIS_MONTH, DayWindow.LAST_MONTH,
            DayWindow.LAST_12_MONTHS);

    @Option(names = "--now", paramLabel = "INSTANT", description = "the moment the figures are read at (default: now)")
    Instant now;

    @Option(names = "--per-statement", description = "after each dashboard window, each replayed statement's bare JDBC time (where a refresh spends it)")
    boolean perStatement;

    @Override
    public Integer call() {
        BenchCommand.measureWithoutReusedResults();
        if (bench.main.database == null || !Database.exists(bench.main.database)) {
            throw new UserError("bench kpi needs --db with an existing database (make one with: zongzhi --db PATH demo --incidents 100000)");
        }
        AppConfig config = AppConfig.load(AppPaths.dataFolder());
        ZoneId zone = config.zone();
        Instant at = now != null ? now : Instant.now();
        YearMonth lastMonth = YearMonth.from(at.atZone(zone)).minusMonths(1);
        LocalDate yesterday = LocalDate.ofInstant(at, zone).minusDays(1);
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = Database.open(bench.main.database)) {
            CalendarService calendar = new CalendarService(database.dsl());
            calendar.seedBundledIfEmpty();
            KpiService service = new KpiService(database.dsl(), calendar::calendar, WorkingHours.from(config),
                    Messages.forLanguage("zh"));
            KpiBenchmark baseline = new KpiBenchmark(database.dsl(), calendar::calendar, WorkingHours.from(config));
            List<Scope> scopes = List.of(
                    new Scope("whole database, " + lastMonth, new KpiScope(lastMonth.atDay(1), lastMonth.atEndOfMonth(), null, zone, at)),
                    new Scope("one street (" + area + "), " + lastMonth,
                            new KpiScope(lastMonth.atDay(1), lastMonth.atEndOfMonth(), area, zone, at)),
                    new Scope("whole database, 365 days to " + yesterday,
                            new KpiScope(yesterday.minusDays(364), yesterday, null, zone, at)));
            out.printf("%d figures per run (%d incident figures counted a cohort at a time, working-time day groups, dispute figures); "
                            + "%d measured runs after %d warm-up runs; heap max %d MB%n%n", Kpi.values().length,
                    Arrays.stream(Kpi.values()).filter(kpi -> !kpi.aboutDisputes()).count() - 1, iterations, warmup,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            out.println("| scope | taken in | application p50 ms | application p95 ms | bare JDBC p50 ms | bare JDBC p95 ms | app/JDBC p50 | same figures |");
            out.println("|---|---|---|---|---|---|---|---|");
            for (Scope scope : part == Part.DASHBOARD ? List.<Scope>of() : scopes) {
                KpiSet figures = service.compute(scope.scope());
                List<String> differences = KpiBenchmark.differences(figures, baseline.figures(scope.scope()));
                long[] app = measure(() -> service.compute(scope.scope()));
                long[] jdbc = measure(() -> baseline.figures(scope.scope()));
                out.printf("| %s | %,d | %.0f | %.0f | %.0f | %.0f | %.2f | %s |%n", scope.name(),
                        figures.figure(Kpi.ACCEPTED).numerator().intValue(), ms(app, 50), ms(app, 95), ms(jdbc, 50),
                        ms(jdbc, 95), ms(app, 50) / ms(jdbc, 50), differences.isEmpty() ? "yes" : "NO");
                differences.forEach(line -> out.println("  differs: " + line));
            }
            if (part != Part.FIGURES) {
                dashboard(database, service, zone, at, out);
            }
            Runtime runtime = Runtime.getRuntime();
            out.printf("%nheap in use at the end: %d MB%n", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
            out.flush();
        }
        return 0;
    }

    /**
     * What the dashboard does on every refresh: the whole overview (figures, days, categories, channels, busiest
     * grids, mediation outcomes) of the whole database, for the windows it offers, with its breakdowns read on a
     * second thread as the console reads them. The baseline replays the very statements one refresh sent
     * (recorded with their values inlined) through bare JDBC statements reading every column of every row, each
     * thread's statements on a thread and connection of their own as in the refresh: the same database work
     * without jOOQ, mapping or the figures' arithmetic.
     */
    private void dashboard(Database database, KpiService kpis, ZoneId zone, Instant at, PrintWriter out) {
        Map<String, List<String>> recorded = new java.util.concurrent.ConcurrentHashMap<>();
        // Some repositories bind their values; the recording run sends every statement with its values inlined, so the
        // text recorded is the text replayed (rendering a query inlined after the fact missed bind values at times).
        var recordingConfiguration = database.dsl().configuration()
                .derive(org.jooq.conf.SettingsTools.clone(database.dsl().settings())
                        .withStatementType(org.jooq.conf.StatementType.STATIC_STATEMENT));
        DSLContext recording = DSL.using(recordingConfiguration.derive(new DefaultExecuteListenerProvider(
                new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext context) {
                        recorded.computeIfAbsent(Thread.currentThread().getName(), name -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(context.sql());
                    }
                })));
        ExecutorService sideReads = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-dashboard-reader");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService replayers = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "bench-replay");
            thread.setDaemon(true);
            return thread;
        });
        try {
            MonthlyReportService plain = new MonthlyReportService(database.dsl(), kpis, Messages.forLanguage("zh"), sideReads);
            MonthlyReportService recorder = new MonthlyReportService(recording, kpis.on(recording), Messages.forLanguage("zh"),
                    sideReads);
            LocalDate today = LocalDate.ofInstant(at, zone);
            out.printf("%nDashboard refresh (MonthlyReportService.overview, breakdowns on a second thread), whole database, "
                    + "read at %s; load average %s%n%n", at, loadAverage());
            out.println("| window | taken in | statements | application p50 ms | application p95 ms | same statements, bare JDBC p50 ms | p95 ms | app/JDBC p50 |");
            out.println("|---|---|---|---|---|---|---|---|");
            for (DayWindow window : windows) {
                DayWindow.Days days = window.days(today);
                KpiScope scope = new KpiScope(days.from(), days.to(), null, zone, at);
                recorded.clear();
                var overview = recorder.overview(scope);
                List<List<String>> statements = recorded.values().stream().map(List::copyOf).toList();
                long[] app = measure(() -> plain.overview(scope));
                long[] jdbc = measure(() -> replay(database, statements, replayers));
                out.printf("| %s %s–%s | %,d | %d | %.0f | %.0f | %.0f | %.0f | %.2f |%n", window, days.from(), days.to(),
                        overview.kpis().figure(Kpi.ACCEPTED).numerator().intValue(),
                        statements.stream().mapToInt(List::size).sum(), ms(app, 50), ms(app, 95), ms(jdbc, 50), ms(jdbc, 95),
                        ms(app, 50) / ms(jdbc, 50));
                if (perStatement) {
                    statements.forEach(thread -> thread.forEach(sql -> {
                        long[] one = measure(() -> replay(database, List.of(sql)));
                        out.printf("    %6.0f ms p50  %s%n", ms(one, 50), sql.length() > 220 ? sql.substring(0, 220) + "…" : sql);
                    }));
                }
            }
            out.printf("load average at the end: %s%n", loadAverage());
        } finally {
            sideReads.shutdownNow();
            replayers.shutdownNow();
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Each thread's statements in order, the threads side by side. */
    private static long replay(Database database, List<List<String>> perThread, ExecutorService replayers) {
        List<java.util.concurrent.Future<Long>> running = new ArrayList<>();
        for (List<String> statements : perThread) {
            running.add(replayers.submit(() -> replay(database, statements)));
        }
        long cells = 0;
        for (var each : running) {
            try {
                cells += each.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return cells;
    }

    private static long replay(Database database, List<String> statements) {
        return database.dsl().connectionResult(connection -> {
            long cells = 0;
            for (String sql : statements) {
                try (java.sql.Statement statement = connection.createStatement();
                     java.sql.ResultSet rows = statement.executeQuery(sql)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            if (rows.getObject(column) != null) {
                                cells++;
                            }
                        }
                    }
                }
            }
            return cells;
        });
    }

    private long[] measure(Supplier<?> run) {
        return cn.zongzhi.common.Percentiles.measure(warmup, iterations, run::get);
    }

    private static double ms(long[] sorted, int percentile) {
        return cn.zongzhi.common.Percentiles.millis(sorted, percentile);
    }

    private record Scope(String name, KpiScope scope) {
    }
}
