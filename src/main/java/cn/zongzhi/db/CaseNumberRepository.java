package cn.zongzhi.db;

import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

import java.time.LocalDate;

import static cn.zongzhi.db.jooq.Tables.CASE_NUMBER_COUNTER;

/**
 * Human case numbers, per prefix and day: {@code <prefix><yyyyMMdd>-<sequence>}. The counter row is updated
 * inside the caller's transaction, so two writers never get the same number.
 */
public final class CaseNumberRepository {
    private final DSLContext dsl;

    public CaseNumberRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * @param caseNumbers the column that holds the numbers already given (an import or the demo may have used
     *                    some of today's before the counter existed: those are not handed out again)
     * @param digits      width of the zero-padded sequence
     */
    public <R extends org.jooq.Record> String next(String prefix, LocalDate day, Table<R> table,
                                                   TableField<R, String> caseNumbers, int digits) {
        String stem = prefix + day.toString().replace("-", "") + "-";
        int updated = dsl.update(CASE_NUMBER_COUNTER)
                .set(CASE_NUMBER_COUNTER.LAST_VALUE, CASE_NUMBER_COUNTER.LAST_VALUE.plus(1))
                .where(CASE_NUMBER_COUNTER.PREFIX.eq(prefix).and(CASE_NUMBER_COUNTER.COUNTER_DATE.eq(day)))
                .execute();
        if (updated == 0) {
            Integer highest = dsl.select(DSL.max(DSL.substring(caseNumbers, stem.length() + 1).cast(Integer.class)))
                    .from(table).where(caseNumbers.startsWith(stem)).fetchOne(0, Integer.class);
            dsl.insertInto(CASE_NUMBER_COUNTER)
                    .set(CASE_NUMBER_COUNTER.PREFIX, prefix)
                    .set(CASE_NUMBER_COUNTER.COUNTER_DATE, day)
                    .set(CASE_NUMBER_COUNTER.LAST_VALUE, highest == null ? 1 : highest + 1)
                    .execute();
        }
        int value = dsl.select(CASE_NUMBER_COUNTER.LAST_VALUE).from(CASE_NUMBER_COUNTER)
                .where(CASE_NUMBER_COUNTER.PREFIX.eq(prefix).and(CASE_NUMBER_COUNTER.COUNTER_DATE.eq(day)))
                .fetchSingle(CASE_NUMBER_COUNTER.LAST_VALUE);
        return stem + String.format("%0" + digits + "d", value);
    }
}
