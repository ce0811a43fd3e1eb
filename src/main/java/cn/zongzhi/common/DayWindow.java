package cn.zongzhi.common;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** The named windows of days the figures are asked for, on the office's calendar (weeks start on Monday). */
public enum DayWindow {
    TODAY,
    THIS_WEEK,
    THIS_MONTH,
    LAST_MONTH,
    LAST_12_MONTHS,
    THIS_YEAR;

    /** A window's first and last day, both included. */
    public record Days(LocalDate from, LocalDate to) {
    }

    /** The window as seen on {@code today}; windows that have not ended end today. */
    public Days days(LocalDate today) {
        return switch (this) {
            case TODAY -> new Days(today, today);
            case THIS_WEEK -> new Days(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), today);
            case THIS_MONTH -> new Days(today.withDayOfMonth(1), today);
            case LAST_MONTH -> {
                LocalDate first = today.minusMonths(1).withDayOfMonth(1);
                yield new Days(first, first.with(TemporalAdjusters.lastDayOfMonth()));
            }
            case LAST_12_MONTHS -> new Days(today.minusMonths(11).withDayOfMonth(1), today);
            case THIS_YEAR -> new Days(today.withDayOfYear(1), today);
        };
    }
}
