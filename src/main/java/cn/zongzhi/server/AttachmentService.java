package cn.zongzhi.server;

import cn.zongzhi.incidents.IncidentException;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.sync.protocol.AttachmentMeta;
import cn.zongzhi.sync.protocol.AttachmentPartReply;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.SyncJson;
import cn.zongzhi.sync.protocol.SyncLimits;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Incident attachments on the server (decision 0018): append only. An office that may see the incident uploads a
 * file once (the same id and content again is answered as before); the feed then describes it to every office
 * that sees the incident, and each fetches the content it lacks. Nothing is replaced or deleted.
 */
final class AttachmentService {
    private final ServerDatabase database;
    private final SyncService sync;
    private final Clock clock;

    AttachmentService(ServerDatabase database, SyncService sync, Clock clock) {
        this.database = database;
        this.sync = sync;
        this.clock = clock;
    }

    /** The file with what describes it, as stored. */
    record Stored(AttachmentMeta meta, byte[] content) {
    }

    AttachmentMeta upload(SyncService.Caller caller, AttachmentMeta sent, byte[] content) {
        requireDescribed(sent);
        if (content.length > SyncLimits.MAX_ATTACHMENT_BYTES) {
            throw new SyncRefused(413, "attachment-too-large", "an attachment is at most "
                    + SyncLimits.MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB");
        }
        try {
            IncidentService.checkAttachment(sent.mediaType(), content.length);
            IncidentService.checkAttachmentContent(sent.mediaType(), content);
        } catch (IncidentException refused) {
            throw new SyncRefused(400, "bad-attachment", "a photo or document (JPEG, PNG, GIF, WebP, HEIC or PDF) whose content is of its type");
        }
        String sha = AttachmentMeta.sha256Of(content);
        if (sent.sha256() != null && !sent.sha256().equalsIgnoreCase(sha)) {
            throw new SyncRefused(400, "checksum-mismatch", "the content arrived damaged: its SHA-256 differs from the one sent");
        }
        Instant now = clock.instant();
        // Stamped with the office that sent it, whatever the console calls itself; never dated in the future.
        AttachmentMeta meta = new AttachmentMeta(sent.id(), sent.incidentId(), sent.fileName(), sent.mediaType(), content.length,
                sha, sent.addedAt().isAfter(now) ? now : sent.addedAt(), caller.officeCode());
        AttachmentMeta stored;
        try {
            stored = database.dsl().transactionResult(configuration -> {
                AttachmentRepository attachments = new AttachmentRepository(configuration.dsl());
                SyncRepository repository = new SyncRepository(configuration.dsl());
                ServerIncident incident = repository.incidentForUpdate(meta.incidentId().toString())
                        .orElseThrow(() -> new SyncRefused(409, "unknown-incident",
                                "the server does not know the incident yet; send the attachment after the incident"));
                requireSees(caller, incident);
                var held = attachments.meta(meta.id());
                if (held.isPresent()) {
                    return same(held.get(), meta);
                }
                if (attachments.countOf(meta.incidentId()) >= IncidentService.MAX_ATTACHMENTS) {
                    throw new SyncRefused(409, "too-many-attachments", "an incident has at most "
                            + IncidentService.MAX_ATTACHMENTS + " attachments");
                }
                attachments.insert(meta, content, now);
                ObjectNode data = SyncJson.MAPPER.valueToTree(meta);
                repository.appendChange(EntityKind.ATTACHMENT, meta.id().toString(), 1, incident.areaCode(), null, data, now);
                return meta;
            });
        } catch (IntegrityConstraintViolationException raced) {
            // The same upload twice at once: the other one stored it.
            stored = same(new AttachmentRepository(database.dsl()).meta(meta.id()).orElseThrow(() -> raced), meta);
        }
        sync.numberCommittedChanges();
        return stored;
    }

    /**
     * One part of a file sent in parts. A part that begins where the received ones end is kept; any other (a part
     * already here, or a client that lost count after a cut) is answered with where the next one must begin. The
     * last part joins them, and the whole file then goes through the same checks as one sent at once.
     */
    AttachmentPartReply uploadPart(SyncService.Caller caller, AttachmentMeta sent, long offset, byte[] part) {
        requireDescribed(sent);
        if (sent.sizeBytes() <= 0 || sent.sizeBytes() > SyncLimits.MAX_ATTACHMENT_BYTES || sent.sha256() == null) {
            throw new SyncRefused(400, "bad-attachment", "a file sent in parts names its size (at most "
                    + SyncLimits.MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB) and its SHA-256");
        }
        AttachmentRepository attachments = new AttachmentRepository(database.dsl());
        var held = attachments.meta(sent.id());
        if (held.isPresent()) {
            return new AttachmentPartReply(held.get().sizeBytes(), same(held.get(), sent));
        }
        ServerIncident incident = new SyncRepository(database.dsl()).incident(sent.incidentId().toString())
                .orElseThrow(() -> new SyncRefused(409, "unknown-incident",
                        "the server does not know the incident yet; send the attachment after the incident"));
        requireSees(caller, incident);
        String office = caller.officeCode();
        long received = attachments.received(sent.id(), office);
        if (received >= sent.sizeBytes()) {
            // Every part is here but the file is not stored (the server stopped between the two): join them now.
            return join(caller, sent, attachments);
        }
        if (offset != received || part.length == 0) {
            return new AttachmentPartReply(received, null);
        }
        if (offset + part.length > sent.sizeBytes()) {
            throw new SyncRefused(400, "bad-attachment", "the part runs past the size of its file");
        }
        try {
            attachments.insertPart(sent.id(), office, offset, part, clock.instant());
        } catch (IntegrityConstraintViolationException raced) {
            // The same part twice at once (a retry racing its original): the other one kept it.
            return new AttachmentPartReply(attachments.received(sent.id(), office), null);
        }
        received += part.length;
        if (received < sent.sizeBytes()) {
            return new AttachmentPartReply(received, null);
        }
        return join(caller, sent, attachments);
    }

    private AttachmentPartReply join(SyncService.Caller caller, AttachmentMeta sent, AttachmentRepository attachments) {
        byte[] whole = attachments.joinedParts(sent.id(), caller.officeCode());
        AttachmentMeta stored;
        try {
            stored = upload(caller, sent, whole);
        } catch (SyncRefused refused) {
            // Refused for good (a damaged file is sent again from its first byte). Any other failure keeps the parts.
            attachments.deleteParts(sent.id(), caller.officeCode());
            throw refused;
        }
        attachments.deleteParts(sent.id(), caller.officeCode());
        return new AttachmentPartReply(whole.length, stored);
    }

    /** How long the parts of an upload wait for the rest before they are forgotten. */
    static final java.time.Duration UPLOAD_IDLE_LIMIT = java.time.Duration.ofDays(30);

    /** Forgets uploads in parts that nobody has continued for {@link #UPLOAD_IDLE_LIMIT}; returns parts deleted. */
    int forgetIdleUploads() {
        return new AttachmentRepository(database.dsl()).deleteUploadsIdleSince(clock.instant().minus(UPLOAD_IDLE_LIMIT));
    }

    private static void requireDescribed(AttachmentMeta sent) {
        if (sent == null || sent.id() == null || sent.incidentId() == null || sent.fileName() == null
                || sent.fileName().isBlank() || sent.fileName().length() > 255 || sent.addedAt() == null) {
            throw new SyncRefused(400, "bad-attachment", "an attachment names its id, incident, file name and when it was added");
        }
    }

    private static AttachmentMeta same(AttachmentMeta held, AttachmentMeta sent) {
        if (!held.incidentId().equals(sent.incidentId()) || !held.sha256().equals(sent.sha256())) {
            throw new SyncRefused(409, "attachment-id-taken", "another file was stored under this attachment id");
        }
        return held;
    }

    Stored download(SyncService.Caller caller, UUID id) {
        AttachmentRepository attachments = new AttachmentRepository(database.dsl());
        AttachmentMeta meta = attachments.meta(id)
                .orElseThrow(() -> new SyncRefused(404, "unknown-attachment", "the server has no attachment with this id"));
        ServerIncident incident = new SyncRepository(database.dsl()).incident(meta.incidentId().toString())
                .orElseThrow(() -> new SyncRefused(404, "unknown-attachment", "the server has no attachment with this id"));
        requireSees(caller, incident);
        return new Stored(meta, attachments.content(id).orElseThrow());
    }

    /** An office sees an incident in its jurisdiction, and one it took in itself (the city may have moved it since). */
    private static void requireSees(SyncService.Caller caller, ServerIncident incident) {
        if (!caller.jurisdiction().covers(incident.areaCode()) && !incident.originOffice().equals(caller.officeCode())) {
            throw new SyncRefused(403, "outside-jurisdiction", "the incident is outside the jurisdiction of office "
                    + caller.officeCode());
        }
    }
}
