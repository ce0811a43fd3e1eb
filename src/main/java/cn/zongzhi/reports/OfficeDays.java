package cn.zongzhi.reports;

import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The office-time day and time of day of a stored instant, as portable SQL: arithmetic on EXTRACT(EPOCH …),
 * which H2 and PostgreSQL both have, instead of a database's own date formatting. Assumes the office's zone keeps
 * one offset over the instants grouped ({@link KpiService#fixedOffset} checks it).
 */
final class OfficeDays {
    private static final int SECONDS_PER_DAY = 86_400;

    private OfficeDays() {
    }

    /** Seconds since 1970-01-01T00:00 office time. */
    static Field<BigDecimal> localSeconds(Field<OffsetDateTime> moment, ZoneOffset offset) {
        return DSL.extract(moment, DatePart.EPOCH).coerce(BigDecimal.class).plus(DSL.inline(offset.getTotalSeconds()));
    }

    /** The office-time day as days since 1970-01-01 ({@link java.time.LocalDate#ofEpochDay}). */
    static Field<BigDecimal> epochDay(Field<OffsetDateTime> moment, ZoneOffset offset) {
        return DSL.floor(localSeconds(moment, offset).div(DSL.inline(SECONDS_PER_DAY)));
    }

    /** Seconds since the office-time midnight. */
    static Field<BigDecimal> secondOfDay(Field<OffsetDateTime> moment, ZoneOffset offset) {
        return localSeconds(moment, offset).minus(epochDay(moment, offset).times(DSL.inline(SECONDS_PER_DAY)));
    }
}
