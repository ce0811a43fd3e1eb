package cn.zongzhi.db;

import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The office-time day and time of day of a stored instant, as portable SQL: whole-number arithmetic on
 * EXTRACT(EPOCH …), which H2 and PostgreSQL both have, instead of a database's own date functions. Assumes the
 * office's zone keeps one offset over the instants grouped (the figures' KpiService.fixedOffset checks it) and that
 * they lie after 1970, so integer division is the floor.
 */
public final class OfficeDays {
    private static final long SECONDS_PER_DAY = 86_400;

    private OfficeDays() {
    }

    /**
     * Whole seconds since 1970-01-01T00:00 office time. EXTRACT is the costly part (microseconds a row on H2):
     * queries compute it once per row in a derived table and do the rest on the result.
     */
    public static Field<Long> localSeconds(Field<OffsetDateTime> moment, ZoneOffset offset) {
        return DSL.extract(moment, DatePart.EPOCH).cast(Long.class).plus(DSL.inline((long) offset.getTotalSeconds()));
    }

    /** The office-time day as days since 1970-01-01 ({@link java.time.LocalDate#ofEpochDay}). */
    public static Field<Long> epochDay(Field<Long> localSeconds) {
        return localSeconds.div(DSL.inline(SECONDS_PER_DAY));
    }

    /** Seconds since the office-time midnight, given the day {@link #epochDay} found. */
    public static Field<Long> secondOfDay(Field<Long> localSeconds, Field<Long> epochDay) {
        return localSeconds.minus(epochDay.times(DSL.inline(SECONDS_PER_DAY)));
    }

    /**
     * The same office-time seconds for a moment read into Java, rounded to the nearest second as CAST(EXTRACT(EPOCH
     * …) AS BIGINT) rounds, so that figures folded here and figures grouped in SQL agree.
     */
    public static long localSeconds(OffsetDateTime moment, ZoneOffset offset) {
        return moment.toEpochSecond() + (moment.getNano() >= 500_000_000 ? 1 : 0) + offset.getTotalSeconds();
    }

    /** The office-time day of {@link #localSeconds(OffsetDateTime, ZoneOffset)}. */
    public static java.time.LocalDate day(long localSeconds) {
        return java.time.LocalDate.ofEpochDay(Math.floorDiv(localSeconds, SECONDS_PER_DAY));
    }
}
