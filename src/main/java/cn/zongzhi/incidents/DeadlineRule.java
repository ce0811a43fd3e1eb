package cn.zongzhi.incidents;

import java.time.Instant;

/** Computes a due instant from a start and a category's time limit, on the working-day calendar. */
@FunctionalInterface
public interface DeadlineRule {
    /** @param unit WORKING_HOURS, WORKING_DAYS or NATURAL_DAYS, as in incident_category.time_limit_unit */
    Instant due(Instant from, int amount, String unit);
}
