package cn.zongzhi.mediation;

import cn.zongzhi.db.OfficeDays;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;

/**
 * Counts behind the mediation figures, grouped in the database. Two counts per group: disputes accepted
 * (registered) in the window, and disputes concluded (closed) in it with their outcomes and amounts.
 */
public final class MediationFiguresRepository {
    private final DSLContext dsl;

    public MediationFiguresRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** One group's raw counts; {@code key} is the type code, the mediator code or the month (yyyy-MM). */
    public record Counts(String key, String label, int accepted, int concluded, int agreements, int failed,
                         int unsuitable, int withdrawn, int referred, BigDecimal agreedAmount) {
    }

    public List<Counts> counts(MediationFigures.Dimension dimension, Instant from, Instant to, ZoneId zone) {
        return counts(dimension, from, to, zone, null);
    }

    /** @param areaCodePrefix only disputes of this area subtree (statistical code prefix), or null for all */
    public List<Counts> counts(MediationFigures.Dimension dimension, Instant from, Instant to, ZoneId zone,
                               String areaCodePrefix) {
        Map<String, int[]> accepted = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Condition inArea = inArea(areaCodePrefix);
        Field<String> registeredKey = key(dimension, DISPUTE.REGISTERED_AT, zone);
        dsl.select(registeredKey, DSL.count()).from(DISPUTE)
                .where(DISPUTE.VOIDED.isFalse().and(DISPUTE.REGISTERED_AT.ge(at(from))).and(DISPUTE.REGISTERED_AT.lt(at(to))))
                .and(inArea)
                .groupBy(registeredKey)
                .forEach(row -> accepted.computeIfAbsent(group(dimension, row.value1()), key -> new int[1])[0] += row.value2());

        Field<String> closedKey = key(dimension, DISPUTE.CLOSED_AT, zone);
        Map<String, Counts> concluded = new LinkedHashMap<>();
        dsl.select(closedKey, DSL.count(),
                        DSL.count().filterWhere(DISPUTE.OUTCOME.eq("AGREEMENT")),
                        DSL.count().filterWhere(DISPUTE.OUTCOME.eq("FAILED")),
                        DSL.count().filterWhere(DISPUTE.OUTCOME.eq("UNSUITABLE")),
                        DSL.count().filterWhere(DISPUTE.OUTCOME.eq("WITHDRAWN")),
                        DSL.count().filterWhere(DISPUTE.REFERRAL.isNotNull()),
                        DSL.sum(DISPUTE.AGREED_AMOUNT).filterWhere(DISPUTE.OUTCOME.eq("AGREEMENT")))
                .from(DISPUTE)
                .where(DISPUTE.VOIDED.isFalse().and(DISPUTE.STATUS.eq("CLOSED"))
                        .and(DISPUTE.CLOSED_AT.ge(at(from))).and(DISPUTE.CLOSED_AT.lt(at(to))))
                .and(inArea)
                .groupBy(closedKey)
                .forEach(row -> {
                    String key = group(dimension, row.value1());
                    concluded.merge(key, new Counts(key, null, 0, row.value2(), row.value3(), row.value4(), row.value5(),
                            row.value6(), row.value7(), row.value8() == null ? BigDecimal.ZERO : row.value8()),
                            (a, b) -> new Counts(key, null, 0, a.concluded() + b.concluded(), a.agreements() + b.agreements(),
                                    a.failed() + b.failed(), a.unsuitable() + b.unsuitable(), a.withdrawn() + b.withdrawn(),
                                    a.referred() + b.referred(), a.agreedAmount().add(b.agreedAmount())));
                });

        if (dimension == MediationFigures.Dimension.MEDIATOR) {
            dsl.select(MEDIATOR.CODE, MEDIATOR.NAME).from(MEDIATOR).forEach(row -> labels.put(row.value1(), row.value2()));
        }
        List<String> keys = new ArrayList<>(accepted.keySet());
        concluded.keySet().stream().filter(key -> !accepted.containsKey(key)).forEach(keys::add);
        List<Counts> result = new ArrayList<>();
        for (String key : keys) {
            Counts closed = concluded.get(key);
            int taken = accepted.containsKey(key) ? accepted.get(key)[0] : 0;
            result.add(closed == null
                    ? new Counts(key, labels.get(key), taken, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO)
                    : new Counts(key, labels.get(key), taken, closed.concluded(), closed.agreements(), closed.failed(),
                    closed.unsuitable(), closed.withdrawn(), closed.referred(), closed.agreedAmount()));
        }
        return result;
    }

    /** The group a database key belongs to: months are grouped by office day in SQL and folded here (yyyy-MM). */
    private static String group(MediationFigures.Dimension dimension, String key) {
        if (dimension != MediationFigures.Dimension.MONTH) {
            return key;
        }
        return java.time.YearMonth.from(java.time.LocalDate.ofEpochDay(Long.parseLong(key))).toString();
    }

    /** A code range rather than LIKE: codes are fixed-width CHAR(12), as in the incident queue's area filter. */
    private static Condition inArea(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return DSL.noCondition();
        }
        return DisputeRepository.inArea(prefix);
    }

    /**
     * The group of a row: its type, its mediator (empty when none was assigned), or the month of the given
     * instant on the office's clock.
     */
    private static Field<String> key(MediationFigures.Dimension dimension, Field<OffsetDateTime> when, ZoneId zone) {
        return switch (dimension) {
            case TYPE -> DISPUTE.DISPUTE_TYPE;
            case MEDIATOR -> DSL.coalesce(DISPUTE.MEDIATOR_CODE, DSL.inline(""));
            // The office-time day in portable arithmetic (the city server runs this on PostgreSQL); the days are
            // folded into months by monthOf. The month is the office's: shifted by its offset, not UTC's.
            case MONTH -> OfficeDays.epochDay(OfficeDays.localSeconds(when, zone.getRules().getOffset(Instant.now())))
                    .cast(String.class);
        };
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
