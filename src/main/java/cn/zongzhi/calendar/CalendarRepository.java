package cn.zongzhi.calendar;

import org.jooq.DSLContext;

import java.util.Collection;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.APP_SETTING;
import static cn.zongzhi.db.jooq.Tables.CALENDAR_DAY;

public final class CalendarRepository {
    private static final String COVERED_YEARS = "calendar.coveredYears";

    private final DSLContext dsl;

    public CalendarRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<CalendarDay> all() {
        return dsl.selectFrom(CALENDAR_DAY)
                .orderBy(CALENDAR_DAY.CALENDAR_DATE)
                .fetch(row -> new CalendarDay(row.getCalendarDate(), row.getOffDay(), row.getName()));
    }

    public int count() {
        return dsl.fetchCount(CALENDAR_DAY);
    }

    public void upsert(Collection<CalendarDay> days, String source) {
        var batch = dsl.batch(dsl.mergeInto(CALENDAR_DAY)
                .using(dsl.selectOne())
                .on(CALENDAR_DAY.CALENDAR_DATE.eq((java.time.LocalDate) null))
                .whenMatchedThenUpdate()
                .set(CALENDAR_DAY.OFF_DAY, (Boolean) null)
                .set(CALENDAR_DAY.NAME, (String) null)
                .set(CALENDAR_DAY.SOURCE, (String) null)
                .whenNotMatchedThenInsert(CALENDAR_DAY.CALENDAR_DATE, CALENDAR_DAY.OFF_DAY, CALENDAR_DAY.NAME, CALENDAR_DAY.SOURCE)
                .values((java.time.LocalDate) null, null, null, null));
        for (CalendarDay day : days) {
            batch.bind(day.date(), day.offDay(), day.name(), source, day.date(), day.offDay(), day.name(), source);
        }
        if (!days.isEmpty()) {
            batch.execute();
        }
    }

    /** Years with a complete holiday file, as a sorted comma-separated list in app_setting. */
    public String coveredYears() {
        return dsl.select(APP_SETTING.VAL).from(APP_SETTING).where(APP_SETTING.NAME.eq(COVERED_YEARS))
                .fetchOptional(APP_SETTING.VAL).orElse("");
    }

    public void saveCoveredYears(String years) {
        dsl.mergeInto(APP_SETTING)
                .using(dsl.selectOne())
                .on(APP_SETTING.NAME.eq(COVERED_YEARS))
                .whenMatchedThenUpdate().set(APP_SETTING.VAL, years)
                .whenNotMatchedThenInsert(APP_SETTING.NAME, APP_SETTING.VAL).values(COVERED_YEARS, years)
                .execute();
    }
}
