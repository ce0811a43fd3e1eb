package cn.zongzhi.calendar;

/** How a time limit counts; the names are the values of incident_category.time_limit_unit. */
public enum TimeLimitUnit {
    /** 工作时: hours inside the working periods of working days. */
    WORKING_HOURS,
    /** 工作日: working days after the start day. */
    WORKING_DAYS,
    /** 自然日: calendar days after the start day. */
    NATURAL_DAYS
}
