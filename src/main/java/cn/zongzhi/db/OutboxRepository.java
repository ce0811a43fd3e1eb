package cn.zongzhi.db;

import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX_PAYLOAD;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;

/**
 * Appends intents to the sync outbox inside the caller's transaction, so a change and its outbox row commit or
 * roll back together. Lives with the database code because the features that change records (incidents,
 * mediation) and the sync client that sends the rows both use it, and neither may depend on the other.
 */
public final class OutboxRepository {
    private final DSLContext dsl;

    /** @param dsl the caller's transaction */
    public OutboxRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A workflow step taken on a record the city already knows of (or is about to, from an earlier row). */
    public record Step(UUID mutationId, UUID entityId, Long baseVersion, long hlc, String operatorId,
                       String operatorName, String action, String fromStatus, String toStatus, String reason,
                       String satisfaction, String payloadJson, Instant at) {
    }

    /** A new record or changed fields: payload is the JSON of the fields under their wire names. */
    public record Fields(UUID mutationId, String mutationKind, UUID entityId, Long baseVersion, long hlc,
                         String operatorId, String operatorName, String payloadJson, Instant at) {
    }

    public long appendStep(String entityKind, Step step) {
        long sequence = takeSequence();
        dsl.insertInto(SYNC_OUTBOX)
                .set(SYNC_OUTBOX.CLIENT_SEQUENCE, sequence)
                .set(SYNC_OUTBOX.MUTATION_ID, step.mutationId())
                .set(SYNC_OUTBOX.ENTITY_KIND, entityKind)
                .set(SYNC_OUTBOX.ENTITY_ID, step.entityId())
                .set(SYNC_OUTBOX.MUTATION_KIND, "TRANSITION")
                .set(SYNC_OUTBOX.BASE_VERSION, step.baseVersion())
                .set(SYNC_OUTBOX.HLC, step.hlc())
                .set(SYNC_OUTBOX.OPERATOR_ID, step.operatorId())
                .set(SYNC_OUTBOX.OPERATOR_NAME, step.operatorName())
                .set(SYNC_OUTBOX.ACTION, step.action())
                .set(SYNC_OUTBOX.FROM_STATUS, step.fromStatus())
                .set(SYNC_OUTBOX.TO_STATUS, step.toStatus())
                .set(SYNC_OUTBOX.REASON, step.reason())
                .set(SYNC_OUTBOX.SATISFACTION, step.satisfaction())
                .set(SYNC_OUTBOX.CREATED_AT, OffsetDateTime.ofInstant(step.at(), ZoneOffset.UTC))
                .execute();
        payload(sequence, step.payloadJson());
        return sequence;
    }

    public long appendFields(String entityKind, Fields fields) {
        long sequence = takeSequence();
        dsl.insertInto(SYNC_OUTBOX)
                .set(SYNC_OUTBOX.CLIENT_SEQUENCE, sequence)
                .set(SYNC_OUTBOX.MUTATION_ID, fields.mutationId())
                .set(SYNC_OUTBOX.ENTITY_KIND, entityKind)
                .set(SYNC_OUTBOX.ENTITY_ID, fields.entityId())
                .set(SYNC_OUTBOX.MUTATION_KIND, fields.mutationKind())
                .set(SYNC_OUTBOX.BASE_VERSION, fields.baseVersion())
                .set(SYNC_OUTBOX.HLC, fields.hlc())
                .set(SYNC_OUTBOX.OPERATOR_ID, fields.operatorId())
                .set(SYNC_OUTBOX.OPERATOR_NAME, fields.operatorName())
                .set(SYNC_OUTBOX.CREATED_AT, OffsetDateTime.ofInstant(fields.at(), ZoneOffset.UTC))
                .execute();
        payload(sequence, fields.payloadJson());
        return sequence;
    }

    /** A row's payload, beside it (V028: the city's answer rewrites the row, never the payload). */
    private void payload(long sequence, String json) {
        if (json != null) {
            dsl.insertInto(SYNC_OUTBOX_PAYLOAD).set(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE, sequence)
                    .set(SYNC_OUTBOX_PAYLOAD.PAYLOAD, json).execute();
        }
    }

    /**
     * Appends many rows in one go, numbered in list order: one update takes the whole block of numbers (under the
     * same row lock as {@link #appendFields}) and one batched insert writes them. Handing an office's 100,000
     * never-synced incidents to the outbox one statement pair at a time was most of a first sync's local cost.
     *
     * @return the first number taken, or 0 when {@code rows} is empty
     */
    public long appendAllFields(String entityKind, List<Fields> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        long first = takeSequences(rows.size());
        var batch = dsl.batch(dsl.insertInto(SYNC_OUTBOX, SYNC_OUTBOX.CLIENT_SEQUENCE, SYNC_OUTBOX.MUTATION_ID,
                        SYNC_OUTBOX.ENTITY_KIND, SYNC_OUTBOX.ENTITY_ID, SYNC_OUTBOX.MUTATION_KIND, SYNC_OUTBOX.BASE_VERSION,
                        SYNC_OUTBOX.HLC, SYNC_OUTBOX.OPERATOR_ID, SYNC_OUTBOX.OPERATOR_NAME, SYNC_OUTBOX.CREATED_AT)
                .values((Long) null, null, null, null, null, null, null, null, null, null));
        var payloads = dsl.batch(dsl.insertInto(SYNC_OUTBOX_PAYLOAD, SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE, SYNC_OUTBOX_PAYLOAD.PAYLOAD)
                .values((Long) null, null));
        long sequence = first;
        int withPayload = 0;
        for (Fields fields : rows) {
            batch.bind(sequence, fields.mutationId(), entityKind, fields.entityId(), fields.mutationKind(),
                    fields.baseVersion(), fields.hlc(), fields.operatorId(), fields.operatorName(),
                    OffsetDateTime.ofInstant(fields.at(), ZoneOffset.UTC));
            if (fields.payloadJson() != null) {
                payloads.bind(sequence, fields.payloadJson());
                withPayload++;
            }
            sequence++;
        }
        batch.execute();
        if (withPayload > 0) {
            payloads.execute();
        }
        return first;
    }

    /**
     * The next outbox number. Taken by updating the one status row, whose lock the transaction then holds until
     * it ends: numbers are therefore handed out in commit order and a push never sends number n+1 while n is
     * still being written.
     */
    private long takeSequence() {
        return takeSequences(1);
    }

    /** The first of {@code count} consecutive outbox numbers, taken like {@link #takeSequence()}. */
    private long takeSequences(int count) {
        return dsl.update(SYNC_STATUS).set(SYNC_STATUS.NEXT_SEQUENCE, SYNC_STATUS.NEXT_SEQUENCE.plus(count))
                .where(SYNC_STATUS.ID.eq(1))
                .returningResult(SYNC_STATUS.NEXT_SEQUENCE).fetchOne().value1() - count;
    }
}
