package cn.zongzhi.calendar;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Due date-times on the working-day calendar.
 *
 * <ul>
 * <li>Working days: the start day is not counted; due at the close of the Nth working day after it.</li>
 * <li>Working hours: N hours of working time from the start (from the next period's start when the start
 * falls outside working time); due the moment the last hour is used up, at a period's end rather than the
 * next period's start.</li>
 * <li>Natural days: like working days, the start day is not counted; due at the end of the Nth calendar day
 * after it, shown as 23:59:59 of that day.</li>
 * </ul>
 */
public final class DeadlineCalculator {
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);
    // A limit that never ends (a calendar with no working days) must fail, not spin.
    private static final int MAX_DAYS_SCANNED = 20 * 366;

    private final WorkingCalendar calendar;
    private final WorkingHours hours;

    public DeadlineCalculator(WorkingCalendar calendar, WorkingHours hours) {
        this.calendar = calendar;
        this.hours = hours;
    }

    public LocalDateTime due(LocalDateTime from, TimeLimit limit) {
        return dueChecked(from, limit).due();
    }

    /** The due date-time, and whether the count ran through days the loaded calendar does not cover. */
    public Deadline dueChecked(LocalDateTime from, TimeLimit limit) {
        return switch (limit.unit()) {
            case WORKING_DAYS -> workingDays(from, limit.amount());
            case WORKING_HOURS -> workingHours(from, limit.amount());
            case NATURAL_DAYS -> {
                LocalDate day = from.toLocalDate().plusDays(limit.amount());
                yield new Deadline(LocalDateTime.of(day, END_OF_DAY), !covered(from.toLocalDate(), day));
            }
        };
    }

    private Deadline workingDays(LocalDateTime from, int amount) {
        LocalDate day = from.toLocalDate();
        int counted = 0;
        int scanned = 0;
        while (counted < amount) {
            day = day.plusDays(1);
            if (++scanned > MAX_DAYS_SCANNED) {
                throw new IllegalStateException("no end to " + amount + " working days from " + from);
            }
            if (calendar.isWorkingDay(day)) {
                counted++;
            }
        }
        return new Deadline(LocalDateTime.of(day, hours.closeOfDay()), !covered(from.toLocalDate(), day));
    }

    private Deadline workingHours(LocalDateTime from, int amount) {
        long minutesLeft = amount * 60L;
        LocalDate day = from.toLocalDate();
        LocalTime time = from.toLocalTime();
        int scanned = 0;
        while (true) {
            if (calendar.isWorkingDay(day)) {
                for (WorkingHours.Period period : hours.periods()) {
                    if (!time.isBefore(period.end())) {
                        continue;
                    }
                    LocalTime start = time.isAfter(period.start()) ? time : period.start();
                    long available = ChronoUnit.MINUTES.between(start, period.end());
                    if (minutesLeft <= available) {
                        LocalDate end = day;
                        return new Deadline(LocalDateTime.of(day, start.plusMinutes(minutesLeft)),
                                !covered(from.toLocalDate(), end));
                    }
                    minutesLeft -= available;
                    time = period.end();
                }
            }
            day = day.plusDays(1);
            time = LocalTime.MIN;
            if (++scanned > MAX_DAYS_SCANNED) {
                throw new IllegalStateException("no end to " + amount + " working hours from " + from);
            }
        }
    }

    /** Whether the loaded calendar holds every year from {@code from} to {@code to}. */
    public boolean covers(LocalDate from, LocalDate to) {
        return covered(from, to);
    }

    private boolean covered(LocalDate from, LocalDate to) {
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            if (!calendar.coveredYears().contains(year)) {
                return false;
            }
        }
        return true;
    }

    /** @param beyondKnownCalendar part of the count fell in a year with no holiday file: plain weeks were assumed */
    public record Deadline(LocalDateTime due, boolean beyondKnownCalendar) {
    }
}
