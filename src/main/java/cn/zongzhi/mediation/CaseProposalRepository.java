package cn.zongzhi.mediation;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL;
import static cn.zongzhi.db.jooq.Tables.DISPUTE;

/** Proposed corrections of mediation cases (V025), made here or pulled from the city, and how each ended. */
public final class CaseProposalRepository {
    public static final String PENDING = "PENDING";
    public static final String ADOPTED = "ADOPTED";
    public static final String DECLINED = "DECLINED";
    /** The city did not take the proposal (the sync screen lists why). */
    public static final String REFUSED = "REFUSED";

    private final DSLContext dsl;

    public CaseProposalRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A proposal with its case's number and owner as this console holds them.
     *
     * @param field null when the city sent a field this console does not know
     * @param overruledBy who declined it on another seat of the owner just before this adoption reached the city
     *                    (decision 0017); null otherwise
     */
    public record Row(UUID id, UUID disputeId, String caseNo, String ownerOffice, ProposalField field, String proposedValue,
                      String currentValue, String reason, String proposerOffice, String proposerName, Instant proposedAt,
                      String status, String decidedBy, Instant decidedAt, String decisionNote, String overruledBy,
                      String overruledNote) {
        public boolean pending() {
            return PENDING.equals(status);
        }
    }

    public void insert(UUID id, UUID disputeId, ProposalField field, String value, String current, String reason,
                       String office, String proposerName, Instant at) {
        dsl.insertInto(CASE_PROPOSAL).set(CASE_PROPOSAL.ID, id).set(CASE_PROPOSAL.DISPUTE_ID, disputeId)
                .set(CASE_PROPOSAL.FIELD, field.wireName()).set(CASE_PROPOSAL.PROPOSED_VALUE, value)
                .set(CASE_PROPOSAL.CURRENT_VALUE, current).set(CASE_PROPOSAL.REASON, reason)
                .set(CASE_PROPOSAL.PROPOSER_OFFICE, office).set(CASE_PROPOSAL.PROPOSER_NAME, proposerName)
                .set(CASE_PROPOSAL.PROPOSED_AT, at(at)).set(CASE_PROPOSAL.STATUS, PENDING).execute();
    }

    /** The proposal, locked until the caller's transaction ends, so two answers to it take turns. */
    public Optional<Row> forUpdate(UUID id) {
        return select().where(CASE_PROPOSAL.ID.eq(id)).forUpdate().of(CASE_PROPOSAL).fetchOptional(CaseProposalRepository::row);
    }

    /** The case's proposals, those still waiting first, then the newest. */
    public List<Row> ofDispute(UUID disputeId) {
        return select().where(CASE_PROPOSAL.DISPUTE_ID.eq(disputeId))
                .orderBy(org.jooq.impl.DSL.when(CASE_PROPOSAL.STATUS.eq(PENDING), 0).otherwise(1), CASE_PROPOSAL.PROPOSED_AT.desc())
                .fetch(CaseProposalRepository::row);
    }

    /** Records the owner's answer; false when the proposal was answered already. */
    public boolean decide(UUID id, String status, String decidedBy, Instant at, String note) {
        return dsl.update(CASE_PROPOSAL).set(CASE_PROPOSAL.STATUS, status).set(CASE_PROPOSAL.DECIDED_BY, decidedBy)
                .set(CASE_PROPOSAL.DECIDED_AT, at(at)).set(CASE_PROPOSAL.DECISION_NOTE, note)
                .where(CASE_PROPOSAL.ID.eq(id)).and(CASE_PROPOSAL.STATUS.eq(PENDING)).execute() == 1;
    }

    /** Proposals waiting for an answer on the cases this office owns. */
    public int waitingOnCasesOf(String office) {
        return dsl.fetchCount(dsl.select(CASE_PROPOSAL.ID).from(CASE_PROPOSAL).join(DISPUTE).on(DISPUTE.ID.eq(CASE_PROPOSAL.DISPUTE_ID))
                .where(CASE_PROPOSAL.STATUS.eq(PENDING)).and(DISPUTE.ORIGIN_OFFICE.eq(office)));
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return dsl.select(CASE_PROPOSAL.fields()).select(DISPUTE.CASE_NO, DISPUTE.ORIGIN_OFFICE).from(CASE_PROPOSAL)
                .leftJoin(DISPUTE).on(DISPUTE.ID.eq(CASE_PROPOSAL.DISPUTE_ID));
    }

    private static Row row(Record row) {
        return new Row(row.get(CASE_PROPOSAL.ID), row.get(CASE_PROPOSAL.DISPUTE_ID), row.get(DISPUTE.CASE_NO),
                row.get(DISPUTE.ORIGIN_OFFICE), ProposalField.ofWire(row.get(CASE_PROPOSAL.FIELD)),
                row.get(CASE_PROPOSAL.PROPOSED_VALUE), row.get(CASE_PROPOSAL.CURRENT_VALUE), row.get(CASE_PROPOSAL.REASON),
                row.get(CASE_PROPOSAL.PROPOSER_OFFICE), row.get(CASE_PROPOSAL.PROPOSER_NAME),
                instant(row.get(CASE_PROPOSAL.PROPOSED_AT)), row.get(CASE_PROPOSAL.STATUS), row.get(CASE_PROPOSAL.DECIDED_BY),
                instant(row.get(CASE_PROPOSAL.DECIDED_AT)), row.get(CASE_PROPOSAL.DECISION_NOTE),
                row.get(CASE_PROPOSAL.OVERRULED_BY), row.get(CASE_PROPOSAL.OVERRULED_NOTE));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
