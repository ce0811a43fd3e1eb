package cn.zongzhi.cli;

import cn.zongzhi.areas.AreaRepository;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.AppPaths;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import cn.zongzhi.reports.KpiJson;
import cn.zongzhi.reports.KpiScope;
import cn.zongzhi.reports.KpiService;
import cn.zongzhi.reports.KpiSet;
import cn.zongzhi.reports.MonthlyReport;
import cn.zongzhi.reports.MonthlyReportService;
import cn.zongzhi.reports.MonthlyReportWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.concurrent.Callable;

/**
 * The governance centre's figures and its monthly report, from the database of a township office or of the city
 * alike: {@code report kpi} prints the figures as JSON, {@code report --month} writes the monthly report.
 */
@Command(name = "report", description = {
        "Write the monthly report of an area (or of everything) as XLSX or PDF, by the file's ending:",
        "figures with their formulas, intake and closures per day, by category and channel, the busiest grids,",
        "mediation outcomes by type. 'report kpi' prints the figures of any window as JSON."},
        subcommands = ReportCommand.Figures.class)
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--month", paramLabel = "YYYY-MM", description = "the month, e.g. 2026-10")
    YearMonth month;

    @Option(names = "--area", paramLabel = "CODE", description = "only this area and what lies in it, e.g. 440111004 (a street)")
    String area;

    @Option(names = "--out", paramLabel = "FILE", description = "FILE.xlsx or FILE.pdf")
    Path out;

    @Option(names = "--lang", paramLabel = "zh|en", description = "language of the report (default: the setting ui.language)")
    String language;

    @Option(names = "--now", paramLabel = "INSTANT", description = "the moment the report is made at, e.g. 2026-11-02T02:00:00Z (default: now)")
    Instant now;

    @Override
    public Integer call() {
        // Not required by picocli: the same options would then be demanded of 'report kpi'.
        if (month == null || out == null) {
            throw new UserError("report needs --month YYYY-MM and --out FILE.xlsx|FILE.pdf (or: report kpi --from DATE --to DATE)");
        }
        if (MonthlyReportWriter.formatOf(out) == null) {
            throw new UserError("--out must end in .xlsx or .pdf: " + out);
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UserError("no such folder for " + out);
        }
        AppConfig config = AppConfig.load(AppPaths.dataFolder());
        Messages messages = messages(config, language);
        MonthlyReport report;
        try (Database database = open(main)) {
            checkArea(database, area);
            KpiService kpis = kpiService(database, config, messages);
            report = new MonthlyReportService(database.dsl(), kpis, messages)
                    .build(month, area, config.zone(), now != null ? now : Instant.now());
        }
        new MonthlyReportWriter(messages).write(report, out);
        PrintWriter output = spec.commandLine().getOut();
        output.printf("monthly report %s (%s) written to %s%n", month,
                report.kpis().areaName() != null ? report.kpis().areaName() : area != null ? area : "all areas", out);
        output.flush();
        return 0;
    }

    @Command(name = "kpi", description = {
            "Print the figures of a window of days (both included, office time) as one JSON object: each figure with",
            "its value, numerator, denominator, unit, formula and window. Rates are fractions (0.9875)."})
    static final class Figures implements Callable<Integer> {
        @ParentCommand
        ReportCommand report;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", required = true, paramLabel = "DATE", description = "first day, e.g. 2026-10-01")
        LocalDate from;

        @Option(names = "--to", required = true, paramLabel = "DATE", description = "last day, included")
        LocalDate to;

        @Option(names = "--area", paramLabel = "CODE", description = "only this area and what lies in it, e.g. 440111004")
        String area;

        @Option(names = "--format", defaultValue = "json", paramLabel = "json", description = "output format (default ${DEFAULT-VALUE}; the only one)")
        String format;

        @Option(names = "--lang", paramLabel = "zh|en", description = "language of labels and formulas (default: the setting ui.language)")
        String language;

        @Option(names = "--now", paramLabel = "INSTANT", description = "the moment the figures are read at (default: now)")
        Instant now;

        @Override
        public Integer call() {
            if (!"json".equalsIgnoreCase(format)) {
                throw new UserError("--format " + format + " is not supported; use json");
            }
            if (to.isBefore(from)) {
                throw new UserError("--to " + to + " is before --from " + from);
            }
            AppConfig config = AppConfig.load(AppPaths.dataFolder());
            Messages messages = messages(config, language);
            KpiSet figures;
            try (Database database = open(report.main)) {
                checkArea(database, area);
                KpiScope scope = new KpiScope(from, to, area, config.zone(), now != null ? now : Instant.now());
                figures = kpiService(database, config, messages).compute(scope);
            }
            PrintWriter output = spec.commandLine().getOut();
            output.println(KpiJson.text(figures));
            output.flush();
            return 0;
        }
    }

    private static Database open(Main main) {
        Path file = DatabaseOption.resolve(main);
        if (!Database.exists(file)) {
            throw new UserError("no database at " + file);
        }
        return Database.open(file);
    }

    private static void checkArea(Database database, String area) {
        if (area == null) {
            return;
        }
        if (!area.matches("\\d{2,12}")) {
            throw new UserError("--area " + area + " is not a statistical area code (2 to 12 digits)");
        }
        if (new AreaRepository(database.dsl()).find(area).isEmpty()) {
            throw new UserError("no area with code " + area + " in the database");
        }
    }

    private static KpiService kpiService(Database database, AppConfig config, Messages messages) {
        CalendarService calendar = new CalendarService(database.dsl());
        calendar.seedBundledIfEmpty();
        return new KpiService(database.dsl(), calendar::calendar, WorkingHours.from(config), messages);
    }

    private static Messages messages(AppConfig config, String language) {
        String chosen = language != null ? language : config.get("ui.language");
        if (!chosen.equals("zh") && !chosen.equals("en")) {
            throw new UserError("--lang must be zh or en, not " + chosen);
        }
        return Messages.forLanguage(chosen);
    }
}
