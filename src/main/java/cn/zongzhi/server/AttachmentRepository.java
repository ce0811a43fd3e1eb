package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.AttachmentMeta;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.table;

/** The server's incident attachments (V008) by name, on H2 and PostgreSQL alike; callers pass the transaction's context. */
final class AttachmentRepository {
    private static final Table<?> ATTACHMENT = table(name("incident_attachment"));
    private static final Field<String> ID = field(name("id"), String.class);
    private static final Field<String> INCIDENT_ID = field(name("incident_id"), String.class);
    private static final Field<String> OFFICE_CODE = field(name("office_code"), String.class);
    private static final Field<String> FILE_NAME = field(name("file_name"), String.class);
    private static final Field<String> MEDIA_TYPE = field(name("media_type"), String.class);
    private static final Field<Long> SIZE_BYTES = field(name("size_bytes"), Long.class);
    private static final Field<String> SHA256 = field(name("sha256"), String.class);
    private static final Field<byte[]> CONTENT = field(name("content"), byte[].class);
    private static final Field<OffsetDateTime> ADDED_AT = field(name("added_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);

    private static final Table<?> PART = table(name("attachment_upload_part"));
    private static final Field<String> PART_ATTACHMENT_ID = field(name("attachment_id"), String.class);
    private static final Field<String> PART_OFFICE_CODE = field(name("office_code"), String.class);
    private static final Field<Long> PART_OFFSET = field(name("part_offset"), Long.class);
    private static final Field<byte[]> PART_CONTENT = field(name("content"), byte[].class);
    private static final Field<OffsetDateTime> PART_RECEIVED_AT = field(name("received_at"), OffsetDateTime.class);

    private final DSLContext dsl;

    AttachmentRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<AttachmentMeta> meta(UUID id) {
        return dsl.select(ID, INCIDENT_ID, FILE_NAME, MEDIA_TYPE, SIZE_BYTES, SHA256, ADDED_AT, OFFICE_CODE).from(ATTACHMENT)
                .where(ID.eq(id.toString())).fetchOptional().map(AttachmentRepository::meta);
    }

    Optional<byte[]> content(UUID id) {
        return dsl.select(CONTENT).from(ATTACHMENT).where(ID.eq(id.toString())).fetchOptional(CONTENT);
    }

    int countOf(UUID incidentId) {
        return dsl.fetchCount(ATTACHMENT, INCIDENT_ID.eq(incidentId.toString()));
    }

    void insert(AttachmentMeta meta, byte[] content, Instant now) {
        dsl.insertInto(ATTACHMENT).set(ID, meta.id().toString()).set(INCIDENT_ID, meta.incidentId().toString())
                .set(OFFICE_CODE, meta.officeCode()).set(FILE_NAME, meta.fileName()).set(MEDIA_TYPE, meta.mediaType())
                .set(SIZE_BYTES, meta.sizeBytes()).set(SHA256, meta.sha256()).set(CONTENT, content)
                .set(ADDED_AT, OffsetDateTime.ofInstant(meta.addedAt(), ZoneOffset.UTC))
                .set(CREATED_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
    }

    /** How many bytes of this office's upload of the attachment have arrived (parts are kept in order, without gaps). */
    long received(UUID id, String officeCode) {
        Long sum = dsl.select(field("sum(octet_length({0}))", Long.class, PART_CONTENT)).from(PART)
                .where(PART_ATTACHMENT_ID.eq(id.toString())).and(PART_OFFICE_CODE.eq(officeCode)).fetchOne(0, Long.class);
        return sum == null ? 0 : sum;
    }

    void insertPart(UUID id, String officeCode, long offset, byte[] content, Instant now) {
        dsl.insertInto(PART).set(PART_ATTACHMENT_ID, id.toString()).set(PART_OFFICE_CODE, officeCode).set(PART_OFFSET, offset)
                .set(PART_CONTENT, content).set(PART_RECEIVED_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
    }

    /** The parts joined in order. */
    byte[] joinedParts(UUID id, String officeCode) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : dsl.select(PART_CONTENT).from(PART).where(PART_ATTACHMENT_ID.eq(id.toString()))
                .and(PART_OFFICE_CODE.eq(officeCode)).orderBy(PART_OFFSET).fetch(PART_CONTENT)) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Forgets uploads that stopped coming: every part of an upload (attachment and office) whose newest part arrived
     * before {@code cutoff}; an upload with a newer part keeps all of its parts, so none is left with a gap.
     */
    int deleteUploadsIdleSince(Instant cutoff) {
        var idle = dsl.select(PART_ATTACHMENT_ID, PART_OFFICE_CODE).from(PART).groupBy(PART_ATTACHMENT_ID, PART_OFFICE_CODE)
                .having(max(PART_RECEIVED_AT).lt(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)));
        return dsl.deleteFrom(PART).where(row(PART_ATTACHMENT_ID, PART_OFFICE_CODE).in(idle)).execute();
    }

    void deleteParts(UUID id, String officeCode) {
        dsl.deleteFrom(PART).where(PART_ATTACHMENT_ID.eq(id.toString())).and(PART_OFFICE_CODE.eq(officeCode)).execute();
    }

    private static AttachmentMeta meta(Record row) {
        return new AttachmentMeta(UUID.fromString(row.get(ID)), UUID.fromString(row.get(INCIDENT_ID)), row.get(FILE_NAME),
                row.get(MEDIA_TYPE), row.get(SIZE_BYTES), row.get(SHA256), row.get(ADDED_AT).toInstant(), row.get(OFFICE_CODE));
    }
}
