package cn.zongzhi.calendar;

import org.jooq.DSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The working-day calendar kept in the database: seeded from the bundled files on first use, extended by
 * importing a new year's file (released each autumn).
 */
public final class CalendarService {
    private static final long MAX_FILE_BYTES = 1_000_000;

    private final DSLContext dsl;
    private volatile WorkingCalendar cached;

    public CalendarService(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Loads the bundled years into an empty table; returns how many days were written. */
    public int seedBundledIfEmpty() {
        return dsl.transactionResult(configuration -> {
            CalendarRepository repository = new CalendarRepository(configuration.dsl());
            if (repository.count() > 0) {
                return 0;
            }
            WorkingCalendar bundled = BundledHolidays.calendar();
            repository.upsert(bundled.exceptions(), "holiday-cn");
            repository.saveCoveredYears(join(bundled.coveredYears()));
            cached = null;
            return bundled.exceptions().size();
        });
    }

    public ImportSummary importYearFile(Path file) {
        HolidayFile parsed;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new HolidayFileException(file.getFileName() + ": larger than a holiday file can be (" + Files.size(file) + " bytes)");
            }
            try (InputStream in = Files.newInputStream(file)) {
                parsed = HolidayFile.read(in, file.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (parsed.days().isEmpty()) {
            throw new HolidayFileException(file.getFileName() + ": lists no days; the year's arrangement may not be published yet");
        }
        HolidayFile year = parsed;
        dsl.transaction(configuration -> {
            CalendarRepository repository = new CalendarRepository(configuration.dsl());
            // Days of the neighbouring year in this file do not override that year's own file.
            Set<Integer> covered = parse(repository.coveredYears());
            List<CalendarDay> days = year.days().stream()
                    .filter(day -> day.date().getYear() == year.year() || !covered.contains(day.date().getYear()))
                    .toList();
            repository.upsert(days, "import:" + file.getFileName());
            covered.add(year.year());
            repository.saveCoveredYears(join(covered));
        });
        cached = null;
        return new ImportSummary(parsed.year(), parsed.days().size());
    }

    /** The calendar is read again on next use (its days were changed by someone else, e.g. the city's publication). */
    public void forget() {
        forgotten.incrementAndGet();
        cached = null;
    }

    public WorkingCalendar calendar() {
        WorkingCalendar current = cached;
        if (current == null) {
            long generation = forgotten.get();
            CalendarRepository repository = new CalendarRepository(dsl);
            current = new WorkingCalendar(repository.all(), parse(repository.coveredYears()));
            if (forgotten.get() == generation) {
                // Not kept when forgotten while it was read: it may hold the days from before.
                cached = current;
            }
        }
        return current;
    }

    private final java.util.concurrent.atomic.AtomicLong forgotten = new java.util.concurrent.atomic.AtomicLong();

    private static Set<Integer> parse(String years) {
        Set<Integer> parsed = new TreeSet<>();
        if (!years.isBlank()) {
            Arrays.stream(years.split(",")).map(String::trim).map(Integer::valueOf).forEach(parsed::add);
        }
        return parsed;
    }

    private static String join(Set<Integer> years) {
        return new ArrayList<>(new TreeSet<>(years)).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public record ImportSummary(int year, int days) {
    }
}
