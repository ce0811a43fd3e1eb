package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.AttachmentMeta;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.SyncJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ATTACHMENT_FETCH_PART;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_RECORD;

/**
 * The console's side of attachments over sync (decision 0018). An attachment is written LOCAL with its incident's
 * step, in the same transaction; a round sends each LOCAL one whose incident the city knows, then marks it SYNCED.
 * One the city refuses for good is marked PENDING (not sent again) and listed among the refusals. An attachment
 * described in the feed that this console lacks is kept as a record to fetch, and fetched after the pull.
 */
public final class AttachmentSyncRepository {
    private static final String KIND = EntityKind.ATTACHMENT.name();

    private final DSLContext dsl;

    public AttachmentSyncRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Attachments to send: written here, not yet answered, of incidents the city already holds (not demo data),
     * less those this round has already put off.
     */
    public List<AttachmentMeta> toUpload(int limit, java.util.Set<UUID> putOff) {
        return dsl.select(INCIDENT_ATTACHMENT.ID, INCIDENT_ATTACHMENT.INCIDENT_ID, INCIDENT_ATTACHMENT.FILE_NAME,
                        INCIDENT_ATTACHMENT.MEDIA_TYPE, INCIDENT_ATTACHMENT.SIZE_BYTES, INCIDENT_ATTACHMENT.ADDED_AT,
                        INCIDENT_ATTACHMENT.ORIGIN_OFFICE)
                .from(INCIDENT_ATTACHMENT)
                .join(cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC)
                .on(cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC.INCIDENT_ID.eq(INCIDENT_ATTACHMENT.INCIDENT_ID))
                .where(INCIDENT_ATTACHMENT.SYNC_STATE.eq("LOCAL"))
                .and(cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC.SERVER_VERSION.isNotNull())
                .and(putOff.isEmpty() ? DSL.noCondition() : INCIDENT_ATTACHMENT.ID.notIn(putOff))
                .orderBy(INCIDENT_ATTACHMENT.ADDED_AT, INCIDENT_ATTACHMENT.ID).limit(limit)
                .fetch(row -> new AttachmentMeta(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), null,
                        row.value6().toInstant(), row.value7()));
    }

    public byte[] content(UUID id) {
        return dsl.select(INCIDENT_ATTACHMENT.CONTENT).from(INCIDENT_ATTACHMENT).where(INCIDENT_ATTACHMENT.ID.eq(id))
                .fetchOne(INCIDENT_ATTACHMENT.CONTENT);
    }

    /** The city holds it. */
    public void sent(UUID id) {
        dsl.update(INCIDENT_ATTACHMENT).set(INCIDENT_ATTACHMENT.SYNC_STATE, "SYNCED").set(INCIDENT_ATTACHMENT.SERVER_VERSION, 1L)
                .where(INCIDENT_ATTACHMENT.ID.eq(id)).execute();
    }

    /**
     * The city will never take it (wrong type or content, too many on the incident, outside the jurisdiction): it is
     * not sent again, and the refusal is listed with the others (an outbox row answered REJECTED at once).
     */
    public void refused(AttachmentMeta meta, String reasonCode, String reasonText, long hlc, Instant now) {
        dsl.update(INCIDENT_ATTACHMENT).set(INCIDENT_ATTACHMENT.SYNC_STATE, "PENDING")
                .where(INCIDENT_ATTACHMENT.ID.eq(meta.id())).execute();
        UUID mutationId = UUID.randomUUID();
        new cn.zongzhi.db.OutboxRepository(dsl).appendFields(KIND, new cn.zongzhi.db.OutboxRepository.Fields(mutationId, "CREATE",
                meta.id(), null, hlc, null, null, write(meta), now));
        dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.OUTCOME, OutcomeKind.REJECTED.name()).set(SYNC_OUTBOX.REASON_CODE, reasonCode)
                .set(SYNC_OUTBOX.REASON_TEXT, reasonText == null || reasonText.length() <= 1000 ? reasonText : reasonText.substring(0, 1000))
                .set(SYNC_OUTBOX.ANSWERED_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .where(SYNC_OUTBOX.MUTATION_ID.eq(mutationId)).execute();
    }

    /**
     * A described attachment from a pulled page, in the page's transaction: one this console has is marked as
     * the city's; any other is kept as a record to fetch after the pull.
     */
    public void described(Change change, Instant now) {
        int known = dsl.update(INCIDENT_ATTACHMENT).set(INCIDENT_ATTACHMENT.SYNC_STATE, "SYNCED")
                .set(INCIDENT_ATTACHMENT.SERVER_VERSION, change.version()).where(INCIDENT_ATTACHMENT.ID.eq(change.entityId()))
                .execute();
        String id = change.entityId().toString();
        if (known > 0 || dsl.fetchExists(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(KIND).and(SYNC_RECORD.ENTITY_ID.eq(id)))) {
            return;
        }
        AttachmentMeta meta = read(change.data());
        dsl.insertInto(SYNC_RECORD).set(SYNC_RECORD.ENTITY_KIND, KIND).set(SYNC_RECORD.ENTITY_ID, id)
                .set(SYNC_RECORD.INCIDENT_ID, meta == null ? null : meta.incidentId()).set(SYNC_RECORD.VERSION, change.version())
                .set(SYNC_RECORD.DATA, change.data().toString()).set(SYNC_RECORD.RESOLVED, false)
                .set(SYNC_RECORD.RECEIVED_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
    }

    /**
     * Described attachments still to fetch, of incidents this console has (another's arrive with their incident),
     * less those this round has already put off.
     */
    public List<AttachmentMeta> toDownload(int limit, java.util.Set<UUID> putOff) {
        return dsl.select(SYNC_RECORD.DATA).from(SYNC_RECORD).join(INCIDENT).on(INCIDENT.ID.eq(SYNC_RECORD.INCIDENT_ID))
                .where(SYNC_RECORD.ENTITY_KIND.eq(KIND)).and(SYNC_RECORD.RESOLVED.isFalse())
                .and(putOff.isEmpty() ? DSL.noCondition()
                        : SYNC_RECORD.ENTITY_ID.notIn(putOff.stream().map(UUID::toString).toList()))
                .orderBy(SYNC_RECORD.RECEIVED_AT, SYNC_RECORD.ENTITY_ID).limit(limit)
                .fetch(SYNC_RECORD.DATA).stream().map(AttachmentSyncRepository::read).filter(java.util.Objects::nonNull).toList();
    }

    private static AttachmentMeta read(com.fasterxml.jackson.databind.JsonNode data) {
        try {
            return SyncJson.MAPPER.treeToValue(data, AttachmentMeta.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Stores a fetched attachment as the city's, once; its record is done. */
    public void store(AttachmentMeta meta, byte[] content) {
        if (!dsl.fetchExists(INCIDENT_ATTACHMENT, INCIDENT_ATTACHMENT.ID.eq(meta.id()))) {
            dsl.insertInto(INCIDENT_ATTACHMENT).set(INCIDENT_ATTACHMENT.ID, meta.id())
                    .set(INCIDENT_ATTACHMENT.INCIDENT_ID, meta.incidentId()).set(INCIDENT_ATTACHMENT.FILE_NAME, meta.fileName())
                    .set(INCIDENT_ATTACHMENT.MEDIA_TYPE, meta.mediaType()).set(INCIDENT_ATTACHMENT.SIZE_BYTES, (long) content.length)
                    .set(INCIDENT_ATTACHMENT.CONTENT, content)
                    .set(INCIDENT_ATTACHMENT.ADDED_AT, OffsetDateTime.ofInstant(meta.addedAt(), ZoneOffset.UTC))
                    .set(INCIDENT_ATTACHMENT.ORIGIN_OFFICE, meta.officeCode()).set(INCIDENT_ATTACHMENT.HLC, 0L)
                    .set(INCIDENT_ATTACHMENT.SERVER_VERSION, 1L).set(INCIDENT_ATTACHMENT.SYNC_STATE, "SYNCED").execute();
        }
        dsl.update(SYNC_RECORD).set(SYNC_RECORD.RESOLVED, true).where(SYNC_RECORD.ENTITY_KIND.eq(KIND))
                .and(SYNC_RECORD.ENTITY_ID.eq(meta.id().toString())).execute();
        forgetFetchedPart(meta.id());
    }

    /** What a cut fetch of this attachment received, or nothing. */
    public byte[] fetchedPart(UUID id) {
        byte[] part = dsl.select(ATTACHMENT_FETCH_PART.CONTENT).from(ATTACHMENT_FETCH_PART)
                .where(ATTACHMENT_FETCH_PART.ATTACHMENT_ID.eq(id)).fetchOne(ATTACHMENT_FETCH_PART.CONTENT);
        return part == null ? new byte[0] : part;
    }

    /** Keeps what a cut fetch received, for the next round to ask for the rest. */
    public void keepFetchedPart(UUID id, byte[] received, Instant now) {
        if (received.length == 0) {
            forgetFetchedPart(id);
            return;
        }
        dsl.mergeInto(ATTACHMENT_FETCH_PART).using(DSL.selectOne())
                .on(ATTACHMENT_FETCH_PART.ATTACHMENT_ID.eq(id))
                .whenMatchedThenUpdate().set(ATTACHMENT_FETCH_PART.CONTENT, received)
                .set(ATTACHMENT_FETCH_PART.KEPT_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .whenNotMatchedThenInsert(ATTACHMENT_FETCH_PART.ATTACHMENT_ID, ATTACHMENT_FETCH_PART.CONTENT,
                        ATTACHMENT_FETCH_PART.KEPT_AT)
                .values(id, received, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
    }

    public void forgetFetchedPart(UUID id) {
        dsl.deleteFrom(ATTACHMENT_FETCH_PART).where(ATTACHMENT_FETCH_PART.ATTACHMENT_ID.eq(id)).execute();
    }

    /**
     * A fetch the city refused for good (it has no such file, or the file is not this office's to see): not asked
     * for again, and kept, with the city's reason and when, among {@link #givenUp} (never given up silently).
     */
    public void giveUp(UUID id, String reasonCode, Instant now) {
        String data = dsl.select(SYNC_RECORD.DATA).from(SYNC_RECORD).where(SYNC_RECORD.ENTITY_KIND.eq(KIND))
                .and(SYNC_RECORD.ENTITY_ID.eq(id.toString())).fetchOptional(SYNC_RECORD.DATA).orElse(null);
        var update = dsl.update(SYNC_RECORD).set(SYNC_RECORD.RESOLVED, true).set(SYNC_RECORD.ACKNOWLEDGED, false);
        if (data != null) {
            try {
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) cn.zongzhi.sync.protocol.SyncJson.MAPPER.readTree(data);
                node.put(GIVEN_UP, reasonCode).put(GIVEN_UP_AT, now.toString());
                update = update.set(SYNC_RECORD.DATA, node.toString());
            } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
                // The description stays as the city sent it; the fetch is still given up.
            }
        }
        update.where(SYNC_RECORD.ENTITY_KIND.eq(KIND)).and(SYNC_RECORD.ENTITY_ID.eq(id.toString())).execute();
        forgetFetchedPart(id);
    }

    private static final String GIVEN_UP = "givenUp";
    private static final String GIVEN_UP_AT = "givenUpAt";

    /** An attachment the city described and then refused to hand over, for the sync screen. */
    public record GivenUp(UUID attachmentId, UUID incidentId, String caseNo, String fileName, String reasonCode, Instant at) {
    }

    /** Fetches given up (the city refused them for good) whose file this console does not have, newest first. */
    public List<GivenUp> givenUp(int limit) {
        return dsl.select(SYNC_RECORD.DATA, INCIDENT.CASE_NO).from(SYNC_RECORD).leftJoin(INCIDENT).on(INCIDENT.ID.eq(SYNC_RECORD.INCIDENT_ID))
                .where(SYNC_RECORD.ENTITY_KIND.eq(KIND)).and(SYNC_RECORD.RESOLVED.isTrue())
                .and(DSL.notExists(DSL.selectOne().from(INCIDENT_ATTACHMENT)
                        .where(INCIDENT_ATTACHMENT.ID.eq(DSL.cast(SYNC_RECORD.ENTITY_ID, UUID.class)))))
                .orderBy(SYNC_RECORD.RECEIVED_AT.desc()).limit(limit).fetch().stream().map(row -> {
                    AttachmentMeta meta = read(row.value1());
                    JsonNode data = readTree(row.value1());
                    if (meta == null || data == null || !data.hasNonNull(GIVEN_UP)) {
                        return null;
                    }
                    return new GivenUp(meta.id(), meta.incidentId(), row.value2(), meta.fileName(), data.get(GIVEN_UP).asText(),
                            data.hasNonNull(GIVEN_UP_AT) ? Instant.parse(data.get(GIVEN_UP_AT).asText()) : null);
                }).filter(java.util.Objects::nonNull).toList();
    }

    private static JsonNode readTree(String json) {
        try {
            return cn.zongzhi.sync.protocol.SyncJson.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** How many attachments wait to go or to come (for tests and the status line). */
    public int waitingCount() {
        return dsl.fetchCount(INCIDENT_ATTACHMENT, INCIDENT_ATTACHMENT.SYNC_STATE.eq("LOCAL"))
                + dsl.fetchCount(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(KIND).and(SYNC_RECORD.RESOLVED.isFalse()));
    }

    private static String write(AttachmentMeta meta) {
        try {
            return SyncJson.MAPPER.writeValueAsString(meta);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an attachment's description writes as JSON", e);
        }
    }

    private static AttachmentMeta read(String json) {
        try {
            return SyncJson.MAPPER.readValue(json, AttachmentMeta.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
