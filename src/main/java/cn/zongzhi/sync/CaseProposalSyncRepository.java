package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.Change;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.jooq.Record2;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL;

/**
 * Proposals to mediation cases over sync (decision 0017). The city's copy of a proposal replaces this console's
 * when it is newer, with one exception: an answer given here is never undone by an older word still on its way
 * (a pulled "waiting" while this office's answer is being sent). A proposal the city refused is marked so. An
 * adoption that overruled another seat's decline carries that decline along, and both are kept.
 */
public final class CaseProposalSyncRepository {
    private static final String PENDING = "PENDING";

    private final DSLContext dsl;

    public CaseProposalSyncRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Applies a pulled proposal; false when this console already holds that version or a newer one. */
    public boolean apply(Change change, Instant now) {
        ObjectNode data = change.data();
        UUID id = change.entityId();
        UUID disputeId = UUID.fromString(data.path("caseId").asText());
        Record2<Long, String> held = dsl.select(CASE_PROPOSAL.SERVER_VERSION, CASE_PROPOSAL.STATUS).from(CASE_PROPOSAL)
                .where(CASE_PROPOSAL.ID.eq(id)).fetchOne();
        if (held != null && held.value1() != null && held.value1() >= change.version()) {
            return false;
        }
        String status = text(data, "status");
        boolean answeredHere = held != null && !PENDING.equals(held.value2()) && PENDING.equals(status);
        var row = dsl.newRecord(CASE_PROPOSAL);
        row.setId(id);
        row.setDisputeId(disputeId);
        row.setField(truncate(text(data, "field"), 24));
        row.setProposedValue(truncate(text(data, "value"), 4000));
        row.setCurrentValue(truncate(text(data, "currentValue"), 4000));
        row.setReason(truncate(text(data, "reason") == null ? "" : text(data, "reason"), 500));
        row.setProposerOffice(truncate(text(data, "proposerOffice"), 32));
        row.setProposerName(truncate(text(data, "proposerName"), 100));
        Instant proposedAt = moment(data, "proposedAt");
        row.setProposedAt(at(proposedAt == null ? now : proposedAt));
        row.setServerVersion(change.version());
        if (!answeredHere) {
            row.setStatus(status == null ? PENDING : status);
            row.setDecidedBy(truncate(text(data, "decidedBy"), 100));
            row.setDecidedAt(at(moment(data, "decidedAt")));
            row.setDecisionNote(truncate(text(data, "decisionNote"), 500));
            JsonNode overruled = data.path("overruledDecline");
            row.setOverruledBy(truncate(text(overruled, "decidedBy"), 100));
            row.setOverruledNote(truncate(text(overruled, "decisionNote"), 500));
        }
        if (held == null) {
            dsl.insertInto(CASE_PROPOSAL).set(row).execute();
        } else {
            dsl.update(CASE_PROPOSAL).set(row).where(CASE_PROPOSAL.ID.eq(id)).execute();
        }
        return true;
    }

    /** The proposals the city refused to take: they end here, and the sync screen lists why. */
    public void refused(Collection<UUID> proposals) {
        if (!proposals.isEmpty()) {
            dsl.update(CASE_PROPOSAL).set(CASE_PROPOSAL.STATUS, "REFUSED").where(CASE_PROPOSAL.ID.in(proposals))
                    .and(CASE_PROPOSAL.STATUS.eq(PENDING)).execute();
        }
    }

    private static String text(JsonNode data, String name) {
        JsonNode node = data.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant moment(JsonNode data, String name) {
        String text = text(data, name);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
