package cn.zongzhi.audit;

import org.jooq.DSLContext;
import org.jooq.Record2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;

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
            String hash = chainHash(previous, entry);
            dsl.insertInto(AUDIT_LOG)
                    .set(AUDIT_LOG.OCCURRED_AT, entry.occurredAt())
                    .set(AUDIT_LOG.OPERATOR_ID, entry.operatorId())
                    .set(AUDIT_LOG.OPERATOR_NAME, entry.operatorName())
                    .set(AUDIT_LOG.ACTION, entry.action())
                    .set(AUDIT_LOG.ENTITY, entry.entity())
                    .set(AUDIT_LOG.ENTITY_ID, entry.entityId())
                    .set(AUDIT_LOG.DETAIL, entry.detail())
                    .set(AUDIT_LOG.PREV_HASH, previous)
                    .set(AUDIT_LOG.HASH, hash)
                    .execute();
        }
    }

    public int count() {
        return dsl.fetchCount(AUDIT_LOG);
    }

    static String chainHash(String previous, AuditEntry entry) {
        String canonical = String.join("\u001f",
                previous,
                entry.occurredAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
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
