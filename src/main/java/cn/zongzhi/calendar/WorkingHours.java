package cn.zongzhi.calendar;

import cn.zongzhi.common.AppConfig;

import java.time.LocalTime;
import java.util.List;

/** The working periods of a working day, in order (default 09:00–12:00 and 14:00–17:30). */
public record WorkingHours(List<Period> periods) {
    public WorkingHours {
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("a working day needs at least one period");
        }
        for (int i = 0; i < periods.size(); i++) {
            Period period = periods.get(i);
            if (!period.end().isAfter(period.start())) {
                throw new IllegalArgumentException("working period " + period.start() + "–" + period.end() + " ends before it starts");
            }
            if (i > 0 && period.start().isBefore(periods.get(i - 1).end())) {
                throw new IllegalArgumentException("working periods overlap or are out of order");
            }
        }
        periods = List.copyOf(periods);
    }

    public static WorkingHours from(AppConfig config) {
        return new WorkingHours(List.of(
                new Period(config.time("workday.morning.start"), config.time("workday.morning.end")),
                new Period(config.time("workday.afternoon.start"), config.time("workday.afternoon.end"))));
    }

    public static WorkingHours standard() {
        return new WorkingHours(List.of(new Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new Period(LocalTime.of(14, 0), LocalTime.of(17, 30))));
    }

    /** The working time of one whole working day (6 h 30 min with the default periods). */
    public java.time.Duration day() {
        java.time.Duration total = java.time.Duration.ZERO;
        for (Period period : periods) {
            total = total.plus(java.time.Duration.between(period.start(), period.end()));
        }
        return total;
    }

    /** When the working day ends: the close of its last period. */
    public LocalTime closeOfDay() {
        return periods.get(periods.size() - 1).end();
    }

    public record Period(LocalTime start, LocalTime end) {
    }
}
