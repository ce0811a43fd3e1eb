package cn.zongzhi.server;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** The server's mediation cases (V007) by name, on H2 and PostgreSQL alike; callers pass the transaction's context. */
final class CaseRepository {
    private static final Table<?> CASE = table(name("mediation_case"));
    private static final Field<String> ID = field(name("id"), String.class);
    private static final Field<String> CASE_NO = field(name("case_no"), String.class);
    private static final Field<String> OWNER_OFFICE = field(name("owner_office"), String.class);
    private static final Field<String> AREA_CODE = field(name("area_code"), String.class);
    private static final Field<Long> VERSION = field(name("version"), Long.class);
    private static final Field<String> OUTCOME = field(name("outcome"), String.class);
    private static final Field<String> DATA = field(name("data"), String.class);
    private static final Field<String> REPLICA_ID = field(name("replica_id"), String.class);
    private static final Field<Long> HLC = field(name("hlc"), Long.class);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> UPDATED_AT = field(name("updated_at"), OffsetDateTime.class);

    private final DSLContext dsl;

    CaseRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A case as the server holds it: its owner, place, version, the replica that last wrote it, and the snapshot. */
    record StoredCase(String id, String caseNo, String ownerOffice, String areaCode, long version, String outcome,
                      String data, String replicaId) {
    }

    /** The case, its row locked until the caller's transaction ends (two seats of one office pushing at once wait). */
    Optional<StoredCase> caseForUpdate(String id) {
        return dsl.select(ID, CASE_NO, OWNER_OFFICE, AREA_CODE, VERSION, OUTCOME, DATA, REPLICA_ID).from(CASE)
                .where(ID.eq(id)).forUpdate().fetchOptional()
                .map(row -> new StoredCase(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                        row.value7(), row.value8()));
    }

    void insert(StoredCase stored, long hlc, Instant now) {
        dsl.insertInto(CASE).set(ID, stored.id()).set(CASE_NO, stored.caseNo()).set(OWNER_OFFICE, stored.ownerOffice())
                .set(AREA_CODE, stored.areaCode()).set(VERSION, stored.version()).set(OUTCOME, stored.outcome())
                .set(DATA, stored.data()).set(REPLICA_ID, stored.replicaId()).set(HLC, hlc)
                .set(CREATED_AT, at(now)).set(UPDATED_AT, at(now)).execute();
    }

    void update(StoredCase stored, long hlc, Instant now) {
        dsl.update(CASE).set(CASE_NO, stored.caseNo()).set(AREA_CODE, stored.areaCode()).set(VERSION, stored.version())
                .set(OUTCOME, stored.outcome()).set(DATA, stored.data()).set(REPLICA_ID, stored.replicaId()).set(HLC, hlc)
                .set(UPDATED_AT, at(now)).where(ID.eq(stored.id())).execute();
    }

    private static final Table<?> PROPOSAL = table(name("case_proposal"));
    private static final Field<String> CASE_ID = field(name("case_id"), String.class);
    private static final Field<String> PROPOSER_OFFICE = field(name("proposer_office"), String.class);
    private static final Field<String> STATUS = field(name("status"), String.class);

    /** A proposal to a case by an office that does not own it, as the server holds it (V011). */
    record StoredProposal(String id, String caseId, String ownerOffice, String proposerOffice, String areaCode,
                          String status, long version, String data) {
    }

    /** The proposal, its row locked until the caller's transaction ends (two seats answering at once take turns). */
    Optional<StoredProposal> proposalForUpdate(String id) {
        return dsl.select(ID, CASE_ID, OWNER_OFFICE, PROPOSER_OFFICE, AREA_CODE, STATUS, VERSION, DATA).from(PROPOSAL)
                .where(ID.eq(id)).forUpdate().fetchOptional()
                .map(row -> new StoredProposal(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7(), row.value8()));
    }

    void insertProposal(StoredProposal proposal, Instant now) {
        dsl.insertInto(PROPOSAL).set(ID, proposal.id()).set(CASE_ID, proposal.caseId())
                .set(OWNER_OFFICE, proposal.ownerOffice()).set(PROPOSER_OFFICE, proposal.proposerOffice())
                .set(AREA_CODE, proposal.areaCode()).set(STATUS, proposal.status()).set(VERSION, proposal.version())
                .set(DATA, proposal.data()).set(CREATED_AT, at(now)).set(UPDATED_AT, at(now)).execute();
    }

    void answerProposal(String id, String status, long version, String data, Instant now) {
        dsl.update(PROPOSAL).set(STATUS, status).set(VERSION, version).set(DATA, data).set(UPDATED_AT, at(now))
                .where(ID.eq(id)).execute();
    }

    /** Every case's snapshot, for comparing replicas with the server in tests and checks. */
    Optional<String> data(String id) {
        return dsl.select(DATA).from(CASE).where(ID.eq(id)).fetchOptional(DATA);
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
