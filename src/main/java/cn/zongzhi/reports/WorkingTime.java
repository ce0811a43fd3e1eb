package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Working time between two moments on the working-day calendar: only the working periods of working days count
 * (no nights, weekends or holidays; make-up working days do count), the same rules the deadlines are set by.
 *
 * <p>The time between a start S and an end E is W(E) − W(S), where W(t) is the working time from a fixed origin
 * to t: the working days before t's day, each a full working day, plus what t's own day had worked by then. That
 * splits into a part per day, so a sum over many cases needs only, per day, how many cases started or ended on it
 * and their summed "worked by then" (the database groups them); see {@link #sumSeconds}.
 */
final class WorkingTime {
    private final WorkingCalendar calendar;
    private final WorkingHours hours;
    private final long secondsPerDay;

    WorkingTime(WorkingCalendar calendar, WorkingHours hours) {
        this.calendar = calendar;
        this.hours = hours;
        this.secondsPerDay = hours.periods().stream()
                .mapToLong(period -> period.end().toSecondOfDay() - period.start().toSecondOfDay()).sum();
    }

    List<WorkingHours.Period> periods() {
        return hours.periods();
    }

    /** Seconds of the working periods before a time of a working day. */
    double workedBy(double secondOfDay) {
        double worked = 0;
        for (WorkingHours.Period period : hours.periods()) {
            double start = period.start().toSecondOfDay();
            double end = period.end().toSecondOfDay();
            worked += Math.max(start, Math.min(secondOfDay, end)) - start;
        }
        return worked;
    }

    /** Working seconds from one local date-time to a later one (negative if the end comes first). */
    double seconds(LocalDateTime from, LocalDateTime to) {
        return sumSeconds(List.of(new DayGroup(to.toLocalDate(), 1, workedBy(secondOfDay(to.toLocalTime())))),
                List.of(new DayGroup(from.toLocalDate(), 1, workedBy(secondOfDay(from.toLocalTime())))));
    }

    private static double secondOfDay(LocalTime time) {
        return time.toSecondOfDay() + time.getNano() / 1e9;
    }

    /**
     * The summed working time of many cases, from the days their ends and starts fell on.
     *
     * @param ends   per day: how many cases ended on it, and the sum of their times of day (seconds) clipped to
     *               the working periods, as {@link #workedBy} clips one
     * @param starts the same for the days the cases started on
     */
    double sumSeconds(Collection<DayGroup> ends, Collection<DayGroup> starts) {
        LocalDate first = Stream.concat(ends.stream(), starts.stream()).map(DayGroup::day).min(Comparator.naturalOrder())
                .orElse(null);
        if (first == null) {
            return 0;
        }
        return side(ends, first) - side(starts, first);
    }

    /** Σ over the groups of (cases × full working days before the day from the origin + worked on the day). */
    private double side(Collection<DayGroup> groups, LocalDate origin) {
        List<DayGroup> byDay = groups.stream().sorted(Comparator.comparing(DayGroup::day)).toList();
        double total = 0;
        LocalDate day = origin;
        long workingDaysBefore = 0;
        for (DayGroup group : byDay) {
            while (day.isBefore(group.day())) {
                if (calendar.isWorkingDay(day)) {
                    workingDaysBefore++;
                }
                day = day.plusDays(1);
            }
            total += (double) group.cases() * workingDaysBefore * secondsPerDay;
            if (calendar.isWorkingDay(group.day())) {
                total += group.workedSeconds();
            }
        }
        return total;
    }

    /** Cases that started (or ended) on one day, and their summed working seconds of that day before the moment. */
    record DayGroup(LocalDate day, long cases, double workedSeconds) {
    }
}
