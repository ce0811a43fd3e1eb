package cn.zongzhi.db;

import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.CASE_NUMBER_COUNTER;

/**
 * Human case numbers, per prefix and day: {@code <prefix><yyyyMMdd>-<sequence>}. The counter row is updated
 * inside the caller's transaction, so two writers never get the same number. Offices number on their own (every
 * town's default prefix is the same), so numbers pulled from the city can collide with this office's: a number
 * given here skips one already taken, and a pulled case whose number is taken keeps its owner beside it.
 */
public final class CaseNumberRepository {
    private static final int MAX_LENGTH = 40;
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
        while (true) {
            int value = dsl.select(CASE_NUMBER_COUNTER.LAST_VALUE).from(CASE_NUMBER_COUNTER)
                    .where(CASE_NUMBER_COUNTER.PREFIX.eq(prefix).and(CASE_NUMBER_COUNTER.COUNTER_DATE.eq(day)))
                    .fetchSingle(CASE_NUMBER_COUNTER.LAST_VALUE);
            String number = stem + String.format("%0" + digits + "d", value);
            if (!dsl.fetchExists(table, caseNumbers.eq(number))) {
                return number;
            }
            // Taken by a case pulled from the city since the counter was set: the next one.
            dsl.update(CASE_NUMBER_COUNTER)
                    .set(CASE_NUMBER_COUNTER.LAST_VALUE, CASE_NUMBER_COUNTER.LAST_VALUE.plus(1))
                    .where(CASE_NUMBER_COUNTER.PREFIX.eq(prefix).and(CASE_NUMBER_COUNTER.COUNTER_DATE.eq(day)))
                    .execute();
        }
    }

    /**
     * The number a case another office numbered is kept under here: its own when no other case here has it,
     * else with its owner's code after it, else with its id as well. Never longer than the column's 40.
     */
    public <R extends org.jooq.Record> String unusedFor(String caseNo, String owner, UUID id, Table<R> table,
                                                        TableField<R, String> caseNumbers, TableField<R, UUID> ids) {
        String compact = id.toString().replace("-", "");
        for (String candidate : List.of(caseNo, fit(caseNo, "/" + owner), fit(caseNo, "/" + owner + "/" + compact.substring(0, 8)))) {
            if (!dsl.fetchExists(table, caseNumbers.eq(candidate).and(ids.ne(id)))) {
                return candidate;
            }
        }
        // Unique as the id is: what is left of the number has at most 7 characters.
        return fit(caseNo, "/" + compact);
    }

    private static String fit(String caseNo, String suffix) {
        return caseNo.substring(0, Math.min(caseNo.length(), MAX_LENGTH - suffix.length())) + suffix;
    }
}
