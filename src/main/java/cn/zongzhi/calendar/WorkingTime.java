package cn.zongzhi.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
    /** The working periods latest first: the order a walk back in time meets them. */
    private final List<WorkingHours.Period> periodsBackward;
    private final ZoneId zone;

    public WorkingTime(WorkingCalendar calendar, WorkingHours hours, ZoneId zone) {
        this(() -> calendar, hours, zone);
    }

    /** @param calendars the calendar as it is now, asked once per question (a year file loaded meanwhile counts) */
    public WorkingTime(java.util.function.Supplier<WorkingCalendar> calendars, WorkingHours hours, ZoneId zone) {
        this.calendars = calendars;
        this.hours = hours;
        this.periodsBackward = reversed(hours.periods());
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
        return walk(from, amount, true);
    }

    /**
     * The latest moment from which {@code amount} of working time has passed by {@code to}: a deadline at or before it
     * is at least that late at {@code to}. Zero is {@code to} itself.
     */
    public Instant before(Instant to, Duration amount) {
        if (amount.isZero()) {
            return to;
        }
        return walk(to, amount, false);
    }

    /**
     * Walks the working periods from {@code origin}, forward or back in time, until {@code amount} of working time is
     * used up, and stops at the edge of a period rather than cross the gap to the next one (a period's end going
     * forward, its start going back), so that the two directions mirror each other.
     */
    private Instant walk(Instant origin, Duration amount, boolean forward) {
        WorkingCalendar calendar = calendars.get();
        LocalDateTime at = LocalDateTime.ofInstant(origin, zone);
        List<WorkingHours.Period> periods = forward ? hours.periods() : periodsBackward;
        Duration left = amount;
        LocalDate day = at.toLocalDate();
        LocalTime time = at.toLocalTime();
        for (int scanned = 0; scanned <= MAX_DAYS_SCANNED; scanned++) {
            if (calendar.isWorkingDay(day)) {
                for (WorkingHours.Period period : periods) {
                    // The part of the period still ahead of the walk runs from near to far: from the later of the
                    // walk's time and the period's start to its end going forward; mirrored going back.
                    LocalTime near = forward ? latest(time, period.start()) : earliest(time, period.end());
                    LocalTime far = forward ? period.end() : period.start();
                    if (forward ? !near.isBefore(far) : !near.isAfter(far)) {
                        continue;
                    }
                    Duration available = Duration.between(near, far).abs();
                    if (left.compareTo(available) <= 0) {
                        LocalDateTime entered = LocalDateTime.of(day, near);
                        return (forward ? entered.plus(left) : entered.minus(left)).atZone(zone).toInstant();
                    }
                    left = left.minus(available);
                    time = far;
                }
            }
            day = forward ? day.plusDays(1) : day.minusDays(1);
            time = forward ? LocalTime.MIN : LocalTime.MAX;
        }
        throw new IllegalStateException(forward ? "no end to " + amount + " of working time from " + origin
                : "no start to " + amount + " of working time before " + origin);
    }

    private static List<WorkingHours.Period> reversed(List<WorkingHours.Period> periods) {
        List<WorkingHours.Period> copy = new ArrayList<>(periods);
        Collections.reverse(copy);
        return List.copyOf(copy);
    }

    private static LocalTime latest(LocalTime a, LocalTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalTime earliest(LocalTime a, LocalTime b) {
        return a.isBefore(b) ? a : b;
    }
}
