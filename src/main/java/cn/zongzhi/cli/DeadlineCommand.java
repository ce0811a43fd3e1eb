package cn.zongzhi.cli;

import cn.zongzhi.calendar.BundledHolidays;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.DeadlineCalculator;
import cn.zongzhi.calendar.TimeLimit;
import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.AppPaths;
import cn.zongzhi.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

@Command(name = "deadline", description = {
        "Print when a time limit runs out on the mainland working-day calendar.",
        "First line: the due date-time, ISO-8601 local time (yyyy-MM-ddTHH:mm:ss)."})
final class DeadlineCommand implements Callable<Integer> {
    static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE-TIME",
            description = "start, e.g. 2026-02-13T10:00 (a plain date means 00:00)")
    String from;

    @Option(names = "--limit", required = true, paramLabel = "LIMIT",
            description = "3wd (working days), 5wh (working hours) or 7d (natural days)")
    String limit;

    @Override
    public Integer call() {
        LocalDateTime start = parseStart(from);
        TimeLimit timeLimit;
        try {
            timeLimit = TimeLimit.parse(limit);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        WorkingCalendar calendar;
        String calendarName;
        // With --db the database's calendar (including imported years) counts; otherwise the bundled one.
        if (main.database != null) {
            if (!Database.exists(main.database)) {
                throw new UserError("no database at " + main.database);
            }
            try (Database database = Database.open(main.database)) {
                CalendarService service = new CalendarService(database.dsl());
                service.seedBundledIfEmpty();
                calendar = service.calendar();
            }
            calendarName = "database " + main.database;
        } else {
            calendar = BundledHolidays.calendar();
            calendarName = "holiday-cn (bundled)";
        }
        WorkingHours hours = WorkingHours.from(AppConfig.load(AppPaths.dataFolder()));
        DeadlineCalculator.Deadline deadline = new DeadlineCalculator(calendar, hours).dueChecked(start, timeLimit);
        var out = spec.commandLine().getOut();
        out.println(OUTPUT.format(deadline.due()));
        out.println(describe(timeLimit) + " from " + OUTPUT.format(start) + "; calendar: " + calendarName
                + " " + years(calendar));
        if (deadline.beyondKnownCalendar()) {
            out.println("warning: the count runs into a year with no holiday file; plain Monday–Friday weeks were assumed there");
        }
        out.flush();
        return 0;
    }

    private static LocalDateTime parseStart(String text) {
        try {
            return text.contains("T") ? LocalDateTime.parse(text) : LocalDate.parse(text).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw new UserError("--from '" + text + "' is not a date-time; write e.g. 2026-02-13T10:00");
        }
    }

    private static String describe(TimeLimit limit) {
        return switch (limit.unit()) {
            case WORKING_DAYS -> limit.amount() + " working day(s)";
            case WORKING_HOURS -> limit.amount() + " working hour(s)";
            case NATURAL_DAYS -> limit.amount() + " natural day(s)";
        };
    }

    private static String years(WorkingCalendar calendar) {
        if (calendar.coveredYears().isEmpty()) {
            return "(no years)";
        }
        int first = calendar.coveredYears().stream().min(Integer::compare).orElseThrow();
        int last = calendar.coveredYears().stream().max(Integer::compare).orElseThrow();
        return first + "–" + last;
    }
}
