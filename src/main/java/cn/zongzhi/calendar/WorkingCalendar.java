package cn.zongzhi.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mainland working-day calendar: Monday to Friday, except public holidays, plus the weekend days that are
 * made working days (调休). Immutable. Years outside {@link #coveredYears()} follow the plain week.
 */
public final class WorkingCalendar {
    private final Map<LocalDate, CalendarDay> exceptions;
    private final Set<Integer> coveredYears;

    public WorkingCalendar(Collection<CalendarDay> days, Set<Integer> coveredYears) {
        Map<LocalDate, CalendarDay> byDate = new HashMap<>();
        for (CalendarDay day : days) {
            byDate.put(day.date(), day);
        }
        this.exceptions = Map.copyOf(byDate);
        this.coveredYears = Set.copyOf(new TreeSet<>(coveredYears));
    }

    /**
     * Builds a calendar from whole year files. Where two files list the same date, the file of that date's own
     * year wins (a neighbouring year's file may carry an early or stale copy).
     */
    public static WorkingCalendar of(Collection<HolidayFile> files) {
        Map<LocalDate, CalendarDay> byDate = new HashMap<>();
        Map<LocalDate, Boolean> fromOwnYear = new HashMap<>();
        Set<Integer> years = new TreeSet<>();
        for (HolidayFile file : files) {
            years.add(file.year());
            for (CalendarDay day : file.days()) {
                boolean own = day.date().getYear() == file.year();
                if (own || !Boolean.TRUE.equals(fromOwnYear.get(day.date()))) {
                    byDate.put(day.date(), day);
                    fromOwnYear.put(day.date(), own);
                }
            }
        }
        return new WorkingCalendar(byDate.values(), years);
    }

    public boolean isWorkingDay(LocalDate date) {
        CalendarDay exception = exceptions.get(date);
        if (exception != null) {
            return !exception.offDay();
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }

    /** The holiday's name, or the name of the holiday a make-up working day belongs to. */
    public Optional<String> dayName(LocalDate date) {
        return Optional.ofNullable(exceptions.get(date)).map(CalendarDay::name);
    }

    public boolean covers(LocalDate date) {
        return coveredYears.contains(date.getYear());
    }

    public Set<Integer> coveredYears() {
        return coveredYears;
    }

    public Collection<CalendarDay> exceptions() {
        return exceptions.values();
    }
}
