package cn.zongzhi.app;

import cn.zongzhi.calendar.DeadlineCalculator;
import cn.zongzhi.calendar.TimeLimit;
import cn.zongzhi.calendar.TimeLimitUnit;
import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.incidents.DeadlineRule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * Incident deadlines on the working-day calendar as it is now (a year file loaded meanwhile counts), saying when a
 * count ran past the years the calendar holds: a 20-working-day dispatch in December 2026 lands in 2027, counted on
 * plain weeks for want of its holidays, and the operator must be told rather than trust it.
 */
final class CalendarDeadlines implements DeadlineRule {
    private final Supplier<WorkingCalendar> calendar;
    private final WorkingHours hours;
    private final ZoneId zone;

    CalendarDeadlines(Supplier<WorkingCalendar> calendar, WorkingHours hours, ZoneId zone) {
        this.calendar = calendar;
        this.hours = hours;
        this.zone = zone;
    }

    @Override
    public Instant due(Instant from, int amount, String unit) {
        return new DeadlineCalculator(calendar.get(), hours)
                .dueChecked(LocalDateTime.ofInstant(from, zone), new TimeLimit(amount, TimeLimitUnit.valueOf(unit)))
                .due().atZone(zone).toInstant();
    }

    /** The check {@link DeadlineCalculator#dueChecked} makes, asked again of a deadline read back (the row keeps no flag). */
    @Override
    public boolean beyondCalendar(Instant from, Instant due) {
        LocalDate start = LocalDate.ofInstant(from, zone);
        LocalDate end = LocalDate.ofInstant(due, zone);
        return !new DeadlineCalculator(calendar.get(), hours).covers(start.isAfter(end) ? end : start, end);
    }
}
