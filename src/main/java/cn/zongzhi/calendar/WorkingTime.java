package cn.zongzhi.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Working time between instants on the working-day calendar: only the working periods of working days count, so a
 * weekend or the National Day week adds nothing. Lateness and "time left" are measured this way, as deadlines are
 * counted ({@link DeadlineCalculator}); a span of calendar hours would chase a case due on Friday evening over the
 * weekend. Years outside the calendar follow the plain week, as everywhere.
 */
public final class WorkingTime {
    // A span that never ends (a calendar with no working days) must fail, not spin.
    private static final int MAX_DAYS_SCANNED = 20 * 366;

    private final java.util.function.Supplier<WorkingCalendar> calendars;
    private final WorkingHours hours;
    private final ZoneId zone;

    public WorkingTime(WorkingCalendar calendar, WorkingHours hours, ZoneId zone) {
        this(() -> calendar, hours, zone);
    }

    /** @param calendars the calendar as it is now, asked once per question (a year file loaded meanwhile counts) */
    public WorkingTime(java.util.function.Supplier<WorkingCalendar> calendars, WorkingHours hours, ZoneId zone) {
        this.calendars = calendars;
        this.hours = hours;
        this.zone = zone;
    }

    /** One whole working day's working time. */
    public Duration day() {
        return hours.day();
    }

    /**
     * The working time from {@code from} to {@code to}; zero when {@code to} is not after {@code from}. Counts at most
     * {@code cap} (a caller asking "at least three working days?" need not walk a year-old case's every day).
     */
    public Duration between(Instant from, Instant to, Duration cap) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        WorkingCalendar calendar = calendars.get();
        LocalDateTime start = LocalDateTime.ofInstant(from, zone);
        LocalDateTime end = LocalDateTime.ofInstant(to, zone);
        Duration total = Duration.ZERO;
        for (LocalDate day = start.toLocalDate(); !day.isAfter(end.toLocalDate()) && total.compareTo(cap) < 0;
             day = day.plusDays(1)) {
            if (!calendar.isWorkingDay(day)) {
                continue;
            }
            for (WorkingHours.Period period : hours.periods()) {
                LocalDateTime open = LocalDateTime.of(day, period.start());
                LocalDateTime close = LocalDateTime.of(day, period.end());
                LocalDateTime a = open.isBefore(start) ? start : open;
                LocalDateTime b = close.isAfter(end) ? end : close;
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
        }
        return total.compareTo(cap) > 0 ? cap : total;
    }

    /** The moment {@code amount} of working time after {@code from}: at a period's end rather than the next one's start. */
    public Instant after(Instant from, Duration amount) {
        WorkingCalendar calendar = calendars.get();
        LocalDateTime start = LocalDateTime.ofInstant(from, zone);
        Duration left = amount;
        LocalDate day = start.toLocalDate();
        LocalTime time = start.toLocalTime();
        for (int scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned++) {
            if (calendar.isWorkingDay(day)) {
                for (WorkingHours.Period period : hours.periods()) {
                    if (!time.isBefore(period.end())) {
                        continue;
                    }
                    LocalTime open = time.isAfter(period.start()) ? time : period.start();
                    Duration available = Duration.between(open, period.end());
                    if (left.compareTo(available) <= 0) {
                        return LocalDateTime.of(day, open).plus(left).atZone(zone).toInstant();
                    }
                    left = left.minus(available);
                    time = period.end();
                }
            }
            day = day.plusDays(1);
            time = LocalTime.MIN;
        }
        throw new IllegalStateException("no end to " + amount + " of working time from " + from);
    }

    /**
     * The latest moment from which {@code amount} of working time has passed by {@code to}: a deadline at or before it
     * is at least that late at {@code to}. Zero is {@code to} itself.
     */
    public Instant before(Instant to, Duration amount) {
        if (amount.isZero()) {
            return to;
        }
        WorkingCalendar calendar = calendars.get();
        LocalDateTime end = LocalDateTime.ofInstant(to, zone);
        Duration left = amount;
        LocalDate day = end.toLocalDate();
        LocalTime time = end.toLocalTime();
        for (int scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned++) {
            if (calendar.isWorkingDay(day)) {
                for (int i = hours.periods().size() - 1; i >= 0; i--) {
                    WorkingHours.Period period = hours.periods().get(i);
                    if (!time.isAfter(period.start())) {
                        continue;
                    }
                    LocalTime close = time.isBefore(period.end()) ? time : period.end();
                    Duration available = Duration.between(period.start(), close);
                    if (left.compareTo(available) <= 0) {
                        return LocalDateTime.of(day, close).minus(left).atZone(zone).toInstant();
                    }
                    left = left.minus(available);
                    time = period.start();
                }
            }
            day = day.minusDays(1);
            time = LocalTime.MAX;
        }
        throw new IllegalStateException("no start to " + amount + " of working time before " + to);
    }
}
