package cn.zongzhi.mediation;

import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Ids;
import cn.zongzhi.db.OutboxRepository;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Corrections of a mediation case after registration (decision 0017). The owning office corrects its own case
 * directly; any other office that sees the case (the city, overseeing a township) proposes the correction with its
 * reason, and the owner adopts it — the case changes as if its own receptionist had corrected it — or declines it
 * with a reason. A proposal and an answer each go to the city as one outbox row written with the change, so
 * neither is lost offline; both consoles keep the proposal and see how it ended.
 */
public final class CaseProposals {
    /** The longest reason, for a proposal and for declining one. */
    public static final int REASON_LIMIT = 500;

    private static final String ENTITY_KIND = "PROPOSAL";

    private final DSLContext dsl;
    private final HybridClock hlc;
    private final Clock clock;
    private final String office;
    private final Operator actor;

    public CaseProposals(DSLContext dsl, HybridClock hlc, Clock clock, String office, Operator actor) {
        this.dsl = dsl;
        this.hlc = hlc;
        this.clock = clock;
        this.office = office;
        this.actor = actor;
    }

    /**
     * Proposes a new value of one field of another office's case.
     *
     * @param value as typed: a type or risk code, the summary, or an amount in yuan (blank: no amount)
     * @return the proposal's id
     */
    public UUID propose(UUID disputeId, ProposalField field, String value, String reason) {
        Access.require(actor, Permission.DISPUTE_MEDIATE);
        String checked = checked(field, value);
        String why = reason(reason, "mediation.proposal.reasonRequired");
        UUID id = Ids.newId();
        Instant now = clock.instant();
        dsl.transaction(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            if (CaseOwnership.isOwn(state.ownerOffice(), office)) {
                throw new DisputeRefused("mediation.proposal.ownCase", state.caseNo());
            }
            String current = disputes.correctable(disputeId, field);
            if (Objects.equals(current, checked)) {
                throw new DisputeRefused("mediation.proposal.noChange");
            }
            new CaseProposalRepository(configuration.dsl()).insert(id, disputeId, field, checked, current, why, office,
                    actor == null ? null : actor.displayName(), now);
            audit(configuration.dsl(), now, "PROPOSE", state.caseNo(), "field " + field.wireName() + ", to office " + state.ownerOffice());
            var payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("caseId", disputeId.toString())
                    .put("field", field.wireName()).put("value", checked).put("reason", why).put("at", now.toString());
            new OutboxRepository(configuration.dsl()).appendFields(ENTITY_KIND, new OutboxRepository.Fields(Ids.newId(),
                    "CREATE", id, null, hlc.next(), actorId(), actorName(), payload.toString(), now));
        });
        return id;
    }

    /** The owner takes the proposal: the field is corrected here, the case goes to the city with its next round. */
    public void adopt(UUID proposalId) {
        answer(proposalId, true, null);
    }

    /** The owner declines the proposal, saying why; the case stays as it is. */
    public void decline(UUID proposalId, String note) {
        answer(proposalId, false, reason(note, "mediation.proposal.declineReasonRequired"));
    }

    private void answer(UUID proposalId, boolean adopt, String note) {
        Access.require(actor, Permission.DISPUTE_MEDIATE);
        Instant now = clock.instant();
        dsl.transaction(configuration -> {
            CaseProposalRepository proposals = new CaseProposalRepository(configuration.dsl());
            CaseProposalRepository.Row proposal = proposals.forUpdate(proposalId)
                    .orElseThrow(() -> new DisputeRefused("mediation.proposal.missing"));
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(proposal.disputeId());
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            CaseOwnership.require(state, office);
            Access.requireArea(actor, state.areaCode(), Permission.DISPUTE_MEDIATE);
            if (!proposal.pending()) {
                throw new DisputeRefused("mediation.proposal.answered", state.caseNo());
            }
            if (proposal.field() == null) {
                throw new DisputeRefused("mediation.proposal.unknownField", state.caseNo());
            }
            if (adopt) {
                // Checked again here: the city checked the shape, this console knows the codes.
                String value = checked(proposal.field(), proposal.proposedValue());
                if (!Objects.equals(disputes.correctable(proposal.disputeId(), proposal.field()), value)
                        && !disputes.correct(proposal.disputeId(), state.rowVersion(), proposal.field(), value, hlc.next())) {
                    throw new DisputeRefused("mediation.refused.stale", state.caseNo());
                }
            }
            String status = adopt ? CaseProposalRepository.ADOPTED : CaseProposalRepository.DECLINED;
            proposals.decide(proposalId, status, actorName(), now, note);
            audit(configuration.dsl(), now, adopt ? "PROPOSAL_ADOPTED" : "PROPOSAL_DECLINED", state.caseNo(),
                    "field " + proposal.field().wireName() + ", from office " + proposal.proposerOffice());
            var payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("decision", status).put("note", note)
                    .put("at", now.toString());
            new OutboxRepository(configuration.dsl()).appendFields(ENTITY_KIND, new OutboxRepository.Fields(Ids.newId(),
                    "RESOLVE", proposalId, null, hlc.next(), actorId(), actorName(), payload.toString(), now));
        });
    }

    /**
     * The owning office corrects a field of its own case (更正); the case goes to the city with the next round.
     * Another office's case is refused in words that name its owner: that office proposes instead.
     */
    public void correct(UUID disputeId, long rowVersion, ProposalField field, String value) {
        Access.require(actor, Permission.DISPUTE_MEDIATE);
        String checked = checked(field, value);
        dsl.transaction(configuration -> {
            DisputeRepository disputes = new DisputeRepository(configuration.dsl());
            DisputeRepository.State state = disputes.state(disputeId);
            if (state == null) {
                throw new DisputeRefused("mediation.refused.missing");
            }
            CaseOwnership.require(state, office);
            Access.requireArea(actor, state.areaCode(), Permission.DISPUTE_MEDIATE);
            if (Objects.equals(disputes.correctable(disputeId, field), checked)) {
                throw new DisputeRefused("mediation.proposal.noChange");
            }
            if (!disputes.correct(disputeId, rowVersion, field, checked, hlc.next())) {
                throw new DisputeRefused("mediation.refused.stale", state.caseNo());
            }
            audit(configuration.dsl(), clock.instant(), "EDIT", state.caseNo(), "fields: " + field.wireName());
        });
    }

    /** The case's proposals, those waiting first. */
    public List<CaseProposalRepository.Row> of(UUID disputeId) {
        return new CaseProposalRepository(dsl).ofDispute(disputeId);
    }

    /** How many proposals wait for this office's answer. */
    public int waiting() {
        return new CaseProposalRepository(dsl).waitingOnCasesOf(office);
    }

    /** Whether this console answers the proposal: it owns the case. */
    public boolean answersHere(CaseProposalRepository.Row proposal) {
        return CaseOwnership.isOwn(proposal.ownerOffice(), office) && proposal.ownerOffice() != null;
    }

    /** The value in the spelling stored and compared: a known code, the trimmed text, an amount with two decimals. */
    static String checked(ProposalField field, String value) {
        String text = value == null ? "" : value.strip();
        switch (field) {
            case DISPUTE_TYPE -> {
                if (!DisputeType.isCode(text)) {
                    throw new DisputeRefused("mediation.refused.type");
                }
                return text;
            }
            case RISK_LEVEL -> {
                if (!DisputeService.RISK_LEVELS.contains(text)) {
                    throw new DisputeRefused("mediation.proposal.risk");
                }
                return text;
            }
            case SUMMARY -> {
                if (text.isEmpty()) {
                    throw new DisputeRefused("mediation.refused.summary");
                }
                if (text.length() > ProposalField.SUMMARY_LIMIT) {
                    throw new DisputeRefused("mediation.proposal.summaryTooLong", ProposalField.SUMMARY_LIMIT);
                }
                return text;
            }
            case AMOUNT -> {
                if (text.isEmpty()) {
                    return null;
                }
                try {
                    BigDecimal amount = new BigDecimal(text.replace(",", ""));
                    if (amount.signum() < 0 || amount.scale() > 2 || amount.precision() - amount.scale() > 12) {
                        throw new DisputeRefused("mediation.refused.amount");
                    }
                    return amount.setScale(2).toPlainString();
                } catch (NumberFormatException e) {
                    throw new DisputeRefused("mediation.refused.amountText", text);
                }
            }
            default -> throw new IllegalArgumentException(field.name());
        }
    }

    private static String reason(String text, String refusal) {
        String stripped = text == null ? "" : text.strip();
        if (stripped.isEmpty()) {
            throw new DisputeRefused(refusal);
        }
        if (stripped.length() > REASON_LIMIT) {
            throw new DisputeRefused("mediation.proposal.reasonTooLong", REASON_LIMIT);
        }
        return stripped;
    }

    /** Who corrected, proposed or answered, on which case and which field; never the values (they may be personal). */
    private void audit(org.jooq.DSLContext tx, Instant at, String action, String caseNo, String detail) {
        CaseAudit.append(tx, at, actor, action, caseNo, detail);
    }

    private String actorId() {
        return actor == null ? null : actor.id().toString();
    }

    private String actorName() {
        return actor == null ? null : actor.displayName();
    }
}
