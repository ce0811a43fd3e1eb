package cn.zongzhi.audit;

import org.jooq.DSLContext;
import org.jooq.Record2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.AUDIT_HEAD;
import static cn.zongzhi.db.jooq.Tables.AUDIT_LOG;

/**
 * Appends to the audit log, each entry chained to the one before by a SHA-256 hash so that an edited or
 * removed entry breaks the chain. Never updates or deletes.
 */
public final class AuditRepository {
    static final String GENESIS = "0".repeat(64);

    private final DSLContext dsl;

    public AuditRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Appends inside the caller's transaction when given the transaction's context. */
    public void append(AuditEntry entry) {
        // Serialised: two appends racing for the same predecessor would fork the chain.
        synchronized (AuditRepository.class) {
            Record2<Long, String> last = dsl.select(AUDIT_LOG.SEQ, AUDIT_LOG.HASH)
                    .from(AUDIT_LOG)
                    .orderBy(AUDIT_LOG.SEQ.desc())
                    .limit(1)
                    .fetchOne();
            String previous = last == null ? GENESIS : last.value2();
            // Stored as the database keeps it (microseconds), so that the hash can be recomputed from the row.
            entry = new AuditEntry(entry.occurredAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS), entry.operatorId(),
                    entry.operatorName(), entry.action(), entry.entity(), entry.entityId(), entry.detail());
            String hash = chainHash(previous, entry);
            Long seq = dsl.insertInto(AUDIT_LOG)
                    .set(AUDIT_LOG.OCCURRED_AT, entry.occurredAt())
                    .set(AUDIT_LOG.OPERATOR_ID, entry.operatorId())
                    .set(AUDIT_LOG.OPERATOR_NAME, entry.operatorName())
                    .set(AUDIT_LOG.ACTION, entry.action())
                    .set(AUDIT_LOG.ENTITY, entry.entity())
                    .set(AUDIT_LOG.ENTITY_ID, entry.entityId())
                    .set(AUDIT_LOG.DETAIL, entry.detail())
                    .set(AUDIT_LOG.PREV_HASH, previous)
                    .set(AUDIT_LOG.HASH, hash)
                    .returningResult(AUDIT_LOG.SEQ)
                    .fetchOne(AUDIT_LOG.SEQ);
            dsl.mergeInto(AUDIT_HEAD).using(dsl.selectOne())
                    .on(AUDIT_HEAD.ID.eq(1))
                    .whenMatchedThenUpdate().set(AUDIT_HEAD.SEQ, seq).set(AUDIT_HEAD.HASH, hash)
                    .whenNotMatchedThenInsert(AUDIT_HEAD.ID, AUDIT_HEAD.SEQ, AUDIT_HEAD.HASH).values(1, seq, hash)
                    .execute();
        }
    }

    /** What a check of the whole chain found: {@code brokenAt} is null when every link holds. */
    public record Verification(long checked, Long brokenAt, Break reason, Long headSeq) {
        public boolean intact() {
            return brokenAt == null;
        }
    }

    /** How a chain can be broken; the messages bundle words each as {@code audit.break.NAME}. */
    public enum Break {
        /** The first entry does not start from the genesis value: entries before it were removed. */
        NOT_FIRST,
        /** An entry does not follow the one before it: something between them was removed or changed. */
        NOT_FOLLOWING,
        /** An entry's content does not give its hash: it was edited. */
        EDITED,
        /** Entries exist but the record of the newest one is gone. */
        HEAD_MISSING,
        /** The newest entries were removed. */
        TRUNCATED,
        /** The record of the newest entry names an entry the log does not have. */
        HEAD_MISMATCH
    }

    /**
     * Walks the log in order and recomputes every hash: the first entry must follow the genesis value, each
     * next one the hash before it, each hash its own content; the last one must be the recorded head.
     * Reads in pages so a long log does not fill the memory.
     */
    public Verification verify() {
        String previous = GENESIS;
        long lastSeq = 0;
        long checked = 0;
        while (true) {
            var page = dsl.selectFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.gt(lastSeq)).orderBy(AUDIT_LOG.SEQ).limit(5_000).fetch();
            if (page.isEmpty()) {
                break;
            }
            for (var row : page) {
                if (!previous.equals(row.getPrevHash())) {
                    return new Verification(checked, row.getSeq(), checked == 0 ? Break.NOT_FIRST : Break.NOT_FOLLOWING, null);
                }
                AuditEntry entry = new AuditEntry(row.getOccurredAt(), row.getOperatorId(), row.getOperatorName(),
                        row.getAction(), row.getEntity(), row.getEntityId(), row.getDetail());
                if (!chainHash(row.getPrevHash(), entry).equals(row.getHash())) {
                    return new Verification(checked, row.getSeq(), Break.EDITED, null);
                }
                previous = row.getHash();
                lastSeq = row.getSeq();
                checked++;
            }
        }
        var head = dsl.selectFrom(AUDIT_HEAD).where(AUDIT_HEAD.ID.eq(1)).fetchOne();
        if (head == null && checked > 0) {
            return new Verification(checked, lastSeq, Break.HEAD_MISSING, null);
        }
        if (head != null && (head.getSeq() != lastSeq || !head.getHash().equals(previous))) {
            return new Verification(checked, head.getSeq() > lastSeq ? lastSeq + 1 : head.getSeq(),
                    head.getSeq() > lastSeq ? Break.TRUNCATED : Break.HEAD_MISMATCH, head.getSeq());
        }
        return new Verification(checked, null, null, head == null ? null : head.getSeq());
    }

    /** One page of the log for the viewer, newest first, filtered by operator name, action and time. */
    public List<AuditRow> page(String operator, String action, OffsetDateTime from, OffsetDateTime to, int limit) {
        var condition = org.jooq.impl.DSL.noCondition();
        if (operator != null && !operator.isBlank()) {
            condition = condition.and(AUDIT_LOG.OPERATOR_NAME.containsIgnoreCase(operator.trim()));
        }
        if (action != null && !action.isBlank()) {
            condition = condition.and(AUDIT_LOG.ACTION.eq(action));
        }
        if (from != null) {
            condition = condition.and(AUDIT_LOG.OCCURRED_AT.ge(from));
        }
        if (to != null) {
            condition = condition.and(AUDIT_LOG.OCCURRED_AT.lt(to));
        }
        return dsl.selectFrom(AUDIT_LOG).where(condition).orderBy(AUDIT_LOG.SEQ.desc()).limit(limit)
                .fetch(row -> new AuditRow(row.getSeq(), row.getOccurredAt(), row.getOperatorName(), row.getAction(),
                        row.getEntity(), row.getEntityId(), row.getDetail()));
    }

    /** The actions written so far, for the viewer's filter. */
    public List<String> actions() {
        return dsl.selectDistinct(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.ACTION).fetch(AUDIT_LOG.ACTION);
    }

    /** An entry as the viewer lists it. */
    public record AuditRow(long seq, OffsetDateTime occurredAt, String operatorName, String action, String entity,
                           String entityId, String detail) {
    }

    public int count() {
        return dsl.fetchCount(AUDIT_LOG);
    }

    static String chainHash(String previous, AuditEntry entry) {
        String canonical = String.join("\u001f",
                previous,
                // The instant, not the offset it was written with: a database may hand it back in another zone.
                DateTimeFormatter.ISO_INSTANT.format(entry.occurredAt().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS)),
                String.valueOf(entry.operatorId()),
                nullToEmpty(entry.operatorName()),
                entry.action(),
                nullToEmpty(entry.entity()),
                nullToEmpty(entry.entityId()),
                nullToEmpty(entry.detail()));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** One thing that happened, by whom; detail must never hold personal data. */
    public record AuditEntry(OffsetDateTime occurredAt, UUID operatorId, String operatorName, String action,
                             String entity, String entityId, String detail) {
    }
}
