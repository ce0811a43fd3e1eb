package cn.zongzhi.incidents;

import java.time.Instant;

/** Computes a due instant from a start and a category's time limit, on the working-day calendar. */
@FunctionalInterface
public interface DeadlineRule {
    /** @param unit WORKING_HOURS, WORKING_DAYS or NATURAL_DAYS, as in incident_category.time_limit_unit */
    Instant due(Instant from, int amount, String unit);

    /**
     * Whether the count from {@code from} to {@code due} ran through a year whose holidays the calendar does not hold,
     * so that plain Monday–Friday weeks were assumed (a 2027 deadline counted with the 2026 calendar). The deadline
     * stands; the operator is told.
     */
    default boolean beyondCalendar(Instant from, Instant due) {
        return false;
    }
}
