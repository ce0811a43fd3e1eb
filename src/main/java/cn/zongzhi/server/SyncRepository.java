package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.IncidentFields;
import cn.zongzhi.incidents.IncidentState;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The sync tables of V002 through jOOQ by name; every statement runs on H2 and PostgreSQL alike. Callers pass
 * the transaction's context, so one mutation's writes (incident, conflict, task, change, outcome) commit together.
 */
final class SyncRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Table<?> REPLICA = table(name("sync_replica"));
    private static final Table<?> APPLIED = table(name("applied_mutation"));
    private static final Table<?> INCIDENT = table(name("incident"));
    private static final Table<?> NOTE = table(name("incident_note"));
    private static final Table<?> CONFLICT = table(name("sync_conflict"));
    private static final Table<?> TASK = table(name("dispatcher_task"));
    private static final Table<?> CHANGE_LOG = table(name("change_log"));
    private static final Table<?> SEQUENCER = table(name("change_sequencer"));
    private static final Table<?> OFFICE = table(name("office"));

    private static final Field<String> REPLICA_ID = field(name("replica_id"), String.class);
    private static final Field<String> OFFICE_CODE = field(name("office_code"), String.class);
    private static final Field<Long> HIGHEST_SEQUENCE = field(name("highest_sequence"), Long.class);
    private static final Field<OffsetDateTime> LAST_HELLO_AT = field(name("last_hello_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> LAST_PUSH_AT = field(name("last_push_at"), OffsetDateTime.class);

    private static final Field<String> MUTATION_ID = field(name("mutation_id"), String.class);
    private static final Field<Long> CLIENT_SEQUENCE = field(name("client_sequence"), Long.class);
    private static final Field<String> ENTITY_KIND = field(name("entity_kind"), String.class);
    private static final Field<String> ENTITY_ID = field(name("entity_id"), String.class);
    private static final Field<String> MUTATION_KIND = field(name("mutation_kind"), String.class);
    private static final Field<String> OPERATOR_ID = field(name("operator_id"), String.class);
    private static final Field<String> OPERATOR_NAME = field(name("operator_name"), String.class);
    private static final Field<String> OUTCOME = field(name("outcome"), String.class);
    private static final Field<String> REASON_CODE = field(name("reason_code"), String.class);
    private static final Field<String> REASON_TEXT = field(name("reason_text"), String.class);
    private static final Field<Long> SERVER_VERSION = field(name("server_version"), Long.class);
    private static final Field<Boolean> HLC_CLAMPED = field(name("hlc_clamped"), Boolean.class);
    private static final Field<Long> EFFECTIVE_HLC = field(name("effective_hlc"), Long.class);
    private static final Field<String> BODY = field(name("body"), String.class);
    private static final Field<OffsetDateTime> APPLIED_AT = field(name("applied_at"), OffsetDateTime.class);

    private static final Field<String> ID = field(name("id"), String.class);
    private static final Field<String> ORIGIN_OFFICE = field(name("origin_office"), String.class);
    private static final Field<String> STATUS = field(name("status"), String.class);
    private static final Field<Integer> REWORK_COUNT = field(name("rework_count"), Integer.class);
    private static final Field<Boolean> EXTENSION_PENDING = field(name("extension_pending"), Boolean.class);
    private static final Field<Integer> ESCALATION_LEVEL = field(name("escalation_level"), Integer.class);
    private static final Field<String> DISPATCHED_BY = field(name("dispatched_by"), String.class);
    private static final Field<Long> VERSION = field(name("version"), Long.class);
    private static final Field<String> FIELD_VERSIONS = field(name("field_versions"), String.class);
    private static final Field<Boolean> VOIDED = field(name("voided"), Boolean.class);
    private static final Field<Long> HLC = field(name("hlc"), Long.class);
    private static final Field<String> LAST_STEP = field(name("last_step"), String.class);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> UPDATED_AT = field(name("updated_at"), OffsetDateTime.class);

    private static final Field<String> INCIDENT_ID = field(name("incident_id"), String.class);
    private static final Field<String> CONFLICT_ID = field(name("conflict_id"), String.class);
    private static final Field<String> KIND = field(name("kind"), String.class);
    private static final Field<String> FIELD_NAME = field(name("field"), String.class);
    private static final Field<String> SERVER_VALUE = field(name("server_value"), String.class);
    private static final Field<String> CLIENT_VALUE = field(name("client_value"), String.class);
    private static final Field<String> KEPT = field(name("kept"), String.class);
    private static final Field<Boolean> RESOLVED = field(name("resolved"), Boolean.class);
    private static final Field<String> ASSIGNEE_OFFICE = field(name("assignee_office"), String.class);
    private static final Field<String> REQUESTED_BY = field(name("requested_by"), String.class);
    private static final Field<Boolean> DONE = field(name("done"), Boolean.class);

    private static final Field<Long> LOG_ID = field(name("id"), Long.class);
    private static final Field<Long> SEQ = field(name("seq"), Long.class);
    private static final Field<String> AREA_CODE = field(name("area_code"), String.class);
    private static final Field<String> PREVIOUS_AREA_CODE = field(name("previous_area_code"), String.class);
    private static final Field<String> DATA = field(name("data"), String.class);
    private static final Field<OffsetDateTime> WRITTEN_AT = field(name("written_at"), OffsetDateTime.class);
    private static final Field<Integer> SEQUENCER_ID = field(name("id"), Integer.class);
    private static final Field<Long> HIGH_WATER = field(name("high_water"), Long.class);
    private static final Field<String> CODE = field(name("code"), String.class);
    private static final Field<String> LEVEL = field(name("level"), String.class);

    /** Named one by one: "select *" would come back in H2's upper case, which fields by name do not match. */
    /** Each descriptive field's column, made once: building a typed jOOQ field per value was a twentieth of a push. */
    private static final Map<IncidentFields, Field<Object>> FIELD_COLUMNS = fieldColumns();
    private static final List<Field<?>> INCIDENT_COLUMNS = incidentColumns();

    private final DSLContext dsl;

    /** The transaction this repository writes in, for the other tables of the same mutation. */
    DSLContext dsl() {
        return dsl;
    }

    @SuppressWarnings("unchecked")
    private static Map<IncidentFields, Field<Object>> fieldColumns() {
        Map<IncidentFields, Field<Object>> columns = new EnumMap<>(IncidentFields.class);
        for (IncidentFields spec : IncidentFields.values()) {
            columns.put(spec, (Field<Object>) field(name(spec.column), spec.columnType()));
        }
        return java.util.Collections.unmodifiableMap(columns);
    }

    private static List<Field<?>> incidentColumns() {
        List<Field<?>> columns = new java.util.ArrayList<>(List.of(ID, ORIGIN_OFFICE, STATUS, REWORK_COUNT, EXTENSION_PENDING,
                ESCALATION_LEVEL, DISPATCHED_BY, VERSION, FIELD_VERSIONS, VOIDED, HLC, LAST_STEP));
        columns.addAll(FIELD_COLUMNS.values());
        return List.copyOf(columns);
    }

    /** Writes held back for a run of mutations (see {@link #holding}); null when every write goes out at once. */
    private final Held held;

    SyncRepository(DSLContext dsl) {
        this(dsl, null);
    }

    private SyncRepository(DSLContext dsl, Held held) {
        this.dsl = dsl;
        this.held = held;
    }

    /**
     * What a run of mutations reads up front and writes at the end: the run's stored outcomes and incidents (read
     * and locked with one query each), the incidents' states as the run changes them, and the rows to insert.
     */
    private static final class Held {
        final Map<String, StoredOutcome> stored = new java.util.HashMap<>();
        final Map<String, ServerIncident> incidents = new java.util.HashMap<>();
        final java.util.Set<String> inserted = new java.util.LinkedHashSet<>();
        final java.util.Set<String> updated = new java.util.LinkedHashSet<>();
        /** What each held incident write replaced, newest last, so a refused mutation's writes can be taken back. */
        final List<Undo> undo = new java.util.ArrayList<>();
        final List<Object[]> notes = new java.util.ArrayList<>();
        final List<Object[]> conflicts = new java.util.ArrayList<>();
        final List<Object[]> tasks = new java.util.ArrayList<>();
        final List<Object[]> changes = new java.util.ArrayList<>();
        final List<Object[]> outcomes = new java.util.ArrayList<>();
        long highestSequence = -1;
        Instant now;
    }

    /**
     * A repository for applying a run of mutations in one transaction with a few statements: reads the run's
     * stored outcomes, and its incidents with their row locks (in id order, so two runs lock alike), now; answers
     * {@link #storedOutcome}, {@link #incidentExists}, {@link #incident} and {@link #incidentForUpdate} from them as
     * the run changes them; and holds back every write until {@link #flush}. {@link #mark} and {@link #reset} undo
     * one mutation's held writes when it is refused.
     */
    static SyncRepository holding(DSLContext dsl, List<UUID> mutationIds, List<String> incidentIds, Instant now) {
        Held held = new Held();
        held.now = now;
        List<String> ids = mutationIds.stream().map(UUID::toString).toList();
        dsl.select(REPLICA_ID, CLIENT_SEQUENCE, OUTCOME, REASON_CODE, REASON_TEXT, SERVER_VERSION, HLC_CLAMPED, EFFECTIVE_HLC,
                        MUTATION_ID)
                .from(APPLIED).where(MUTATION_ID.in(ids)).fetch()
                .forEach(row -> held.stored.put(row.value9(), new StoredOutcome(row.value1(), new Outcome(
                        UUID.fromString(row.value9()), row.value2(), OutcomeKind.valueOf(row.value3()), row.value4(),
                        row.value5(), row.value6(), row.value7(), row.value8()))));
        if (!incidentIds.isEmpty()) {
            dsl.select(INCIDENT_COLUMNS).from(INCIDENT).where(ID.in(incidentIds)).orderBy(ID).forUpdate().fetch()
                    .forEach(row -> {
                        ServerIncident incident = incident(row);
                        held.incidents.put(incident.id(), incident);
                    });
        }
        return new SyncRepository(dsl, held);
    }

    /**
     * One held incident write: the incident it replaced (null: none was held) and whether it added the id to the
     * inserted or updated set.
     */
    private record Undo(String id, ServerIncident before, boolean addedInserted, boolean addedUpdated) {
    }

    /**
     * Where the held writes stand, to undo a mutation's writes when it turns out to be refused. Sizes only: taking
     * a mark is constant work, where copying the held incidents for each mutation made a run of n mutations n².
     */
    record Mark(int undo, int notes, int conflicts, int tasks, int changes, int outcomes, long highestSequence) {
    }

    Mark mark() {
        return new Mark(held.undo.size(), held.notes.size(), held.conflicts.size(), held.tasks.size(),
                held.changes.size(), held.outcomes.size(), held.highestSequence);
    }

    void reset(Mark mark) {
        for (int i = held.undo.size() - 1; i >= mark.undo(); i--) {
            Undo write = held.undo.get(i);
            if (write.before() == null) {
                held.incidents.remove(write.id());
            } else {
                held.incidents.put(write.id(), write.before());
            }
            if (write.addedInserted()) {
                held.inserted.remove(write.id());
            }
            if (write.addedUpdated()) {
                held.updated.remove(write.id());
            }
        }
        truncate(held.undo, mark.undo());
        truncate(held.notes, mark.notes());
        truncate(held.conflicts, mark.conflicts());
        truncate(held.tasks, mark.tasks());
        truncate(held.changes, mark.changes());
        truncate(held.outcomes, mark.outcomes());
        held.highestSequence = mark.highestSequence();
    }

    private static void truncate(List<?> list, int size) {
        list.subList(size, list.size()).clear();
    }

    /**
     * Sends the held writes, one batched statement per table: each incident inserted or updated in its state at
     * the end of the run, then notes, conflicts, tasks, the change-log rows in the order one mutation at a time
     * would have written them (the sequencer numbers by that order), the replica's sequence and the outcomes.
     */
    void flush(String replicaId) {
        Instant now = held.now;
        if (!held.inserted.isEmpty()) {
            List<Map<Field<?>, Object>> rows = held.inserted.stream().map(id -> insertValues(held.incidents.get(id), now)).toList();
            List<Field<?>> columns = List.copyOf(rows.get(0).keySet());
            var batch = dsl.batch(dsl.insertInto(INCIDENT, columns).values(java.util.Collections.nCopies(columns.size(), null)));
            rows.forEach(row -> batch.bind(columns.stream().map(row::get).toArray()));
            batch.execute();
        }
        if (!held.updated.isEmpty()) {
            List<Map<Field<?>, Object>> rows = held.updated.stream().map(id -> updateValues(held.incidents.get(id), now)).toList();
            List<Field<?>> columns = List.copyOf(rows.get(0).keySet());
            Map<Field<?>, Object> set = new java.util.LinkedHashMap<>();
            columns.forEach(column -> set.put(column, null));
            var batch = dsl.batch(dsl.update(INCIDENT).set(set).where(ID.eq((String) null)));
            List<String> ids = List.copyOf(held.updated);
            for (int i = 0; i < rows.size(); i++) {
                Map<Field<?>, Object> row = rows.get(i);
                Object[] binds = java.util.Arrays.copyOf(columns.stream().map(row::get).toArray(), columns.size() + 1);
                binds[columns.size()] = ids.get(i);
                batch.bind(binds);
            }
            batch.execute();
        }
        insertRows(NOTE, held.notes, ID, INCIDENT_ID, OFFICE_CODE, OPERATOR_NAME, BODY, HLC, CREATED_AT);
        insertRows(CONFLICT, held.conflicts, ID, INCIDENT_ID, MUTATION_ID, KIND, FIELD_NAME, SERVER_VALUE, CLIENT_VALUE, KEPT,
                OFFICE_CODE, RESOLVED, CREATED_AT);
        insertRows(TASK, held.tasks, ID, INCIDENT_ID, CONFLICT_ID, KIND, ASSIGNEE_OFFICE, REQUESTED_BY, BODY, DONE, CREATED_AT);
        insertRows(CHANGE_LOG, held.changes, ENTITY_KIND, ENTITY_ID, VERSION, AREA_CODE, PREVIOUS_AREA_CODE, MUTATION_ID, DATA,
                WRITTEN_AT);
        if (held.highestSequence >= 0) {
            raiseSequenceNow(replicaId, held.highestSequence, now);
        }
        if (!held.outcomes.isEmpty()) {
            var batch = dsl.batch(dsl.insertInto(APPLIED, MUTATION_ID, REPLICA_ID, OFFICE_CODE, CLIENT_SEQUENCE, ENTITY_KIND,
                            ENTITY_ID, MUTATION_KIND, OPERATOR_ID, OPERATOR_NAME, OUTCOME, REASON_CODE, REASON_TEXT,
                            SERVER_VERSION, HLC_CLAMPED, EFFECTIVE_HLC, BODY, APPLIED_AT)
                    .values((String) null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                            null, null));
            held.outcomes.forEach(batch::bind);
            batch.execute();
        }
    }

    Optional<String> officeLevel(String officeCode) {
        return dsl.select(LEVEL).from(OFFICE).where(CODE.eq(officeCode)).fetchOptional(LEVEL);
    }

    // Replicas

    /**
     * Creates the replica's row on first contact. Runs on its own, never inside a larger transaction: on
     * PostgreSQL a failed insert (two first contacts at once) would abort the transaction around it.
     */
    void ensureReplica(String replicaId, String officeCode) {
        if (dsl.fetchExists(REPLICA, REPLICA_ID.eq(replicaId))) {
            return;
        }
        try {
            dsl.insertInto(REPLICA).set(REPLICA_ID, replicaId).set(OFFICE_CODE, officeCode).set(HIGHEST_SEQUENCE, 0L).execute();
        } catch (org.jooq.exception.IntegrityConstraintViolationException anotherRequestWasFirst) {
            // A retry overlapping the original: the row exists now, which is all that was wanted.
        }
    }

    /** The highest client sequence held for a replica; 0 before its first push. */
    long highestSequence(String replicaId) {
        Long held = dsl.select(HIGHEST_SEQUENCE).from(REPLICA).where(REPLICA_ID.eq(replicaId)).fetchOne(HIGHEST_SEQUENCE);
        return held == null ? 0 : held;
    }

    void helloSeen(String replicaId, Instant now) {
        dsl.update(REPLICA).set(LAST_HELLO_AT, at(now)).where(REPLICA_ID.eq(replicaId)).execute();
    }

    /** Raises the replica's highest sequence to {@code sequence} if it is higher; never lowers it. */
    void raiseSequence(String replicaId, long sequence, Instant now) {
        if (held != null) {
            held.highestSequence = Math.max(held.highestSequence, sequence);
            return;
        }
        raiseSequenceNow(replicaId, sequence, now);
    }

    private void raiseSequenceNow(String replicaId, long sequence, Instant now) {
        dsl.update(REPLICA)
                .set(HIGHEST_SEQUENCE, DSL.greatest(HIGHEST_SEQUENCE, DSL.val(sequence)))
                .set(LAST_PUSH_AT, at(now))
                .where(REPLICA_ID.eq(replicaId)).execute();
    }

    // Applied mutations

    /** A stored answer and which replica it was given to. */
    record StoredOutcome(String replicaId, Outcome outcome) {
    }

    Optional<StoredOutcome> storedOutcome(UUID mutationId) {
        if (held != null) {
            return Optional.ofNullable(held.stored.get(mutationId.toString()));
        }
        return dsl.select(REPLICA_ID, CLIENT_SEQUENCE, OUTCOME, REASON_CODE, REASON_TEXT, SERVER_VERSION, HLC_CLAMPED, EFFECTIVE_HLC)
                .from(APPLIED).where(MUTATION_ID.eq(mutationId.toString())).fetchOptional()
                .map(row -> new StoredOutcome(row.value1(), new Outcome(mutationId, row.value2(),
                        OutcomeKind.valueOf(row.value3()), row.value4(), row.value5(), row.value6(), row.value7(), row.value8())));
    }

    /** Who asked, for the audit trail. */
    record Asker(String replicaId, String officeCode, String entityKind, String entityId, String mutationKind,
                 String operatorId, String operatorName, String body) {
    }

    void storeOutcome(Asker asker, Outcome outcome, Instant now) {
        if (held != null) {
            held.outcomes.add(new Object[] {outcome.mutationId().toString(), asker.replicaId(), asker.officeCode(),
                    outcome.clientSequence(), asker.entityKind(), asker.entityId(), asker.mutationKind(), asker.operatorId(),
                    asker.operatorName(), outcome.outcome().name(), outcome.reasonCode(), outcome.reasonText(),
                    outcome.serverVersion(), outcome.hlcClamped(), outcome.effectiveHlc(), asker.body(), at(now)});
            return;
        }
        dsl.insertInto(APPLIED)
                .set(MUTATION_ID, outcome.mutationId().toString())
                .set(REPLICA_ID, asker.replicaId()).set(OFFICE_CODE, asker.officeCode())
                .set(CLIENT_SEQUENCE, outcome.clientSequence())
                .set(ENTITY_KIND, asker.entityKind()).set(ENTITY_ID, asker.entityId()).set(MUTATION_KIND, asker.mutationKind())
                .set(OPERATOR_ID, asker.operatorId()).set(OPERATOR_NAME, asker.operatorName())
                .set(OUTCOME, outcome.outcome().name()).set(REASON_CODE, outcome.reasonCode())
                .set(REASON_TEXT, outcome.reasonText()).set(SERVER_VERSION, outcome.serverVersion())
                .set(HLC_CLAMPED, outcome.hlcClamped()).set(EFFECTIVE_HLC, outcome.effectiveHlc())
                .set(BODY, asker.body()).set(APPLIED_AT, at(now))
                .execute();
    }

    // Incidents

    boolean incidentExists(String id) {
        if (held != null) {
            return held.incidents.containsKey(id);
        }
        return dsl.fetchExists(INCIDENT, ID.eq(id));
    }

    /** Reads an incident and locks its row until the transaction ends, so concurrent mutations queue up. */
    Optional<ServerIncident> incidentForUpdate(String id) {
        if (held != null) {
            return Optional.ofNullable(held.incidents.get(id));
        }
        return dsl.select(INCIDENT_COLUMNS).from(INCIDENT).where(ID.eq(id)).forUpdate().fetchOptional().map(SyncRepository::incident);
    }

    Optional<ServerIncident> incident(String id) {
        if (held != null) {
            return Optional.ofNullable(held.incidents.get(id));
        }
        return dsl.select(INCIDENT_COLUMNS).from(INCIDENT).where(ID.eq(id)).fetchOptional().map(SyncRepository::incident);
    }

    private static ServerIncident incident(Record row) {
        EnumMap<IncidentFields, JsonNode> fields = new EnumMap<>(IncidentFields.class);
        for (IncidentFields spec : IncidentFields.values()) {
            fields.put(spec, spec.fromColumn(row.get(FIELD_COLUMNS.get(spec))));
        }
        IncidentState state = new IncidentState(IncidentStatus.valueOf(row.get(STATUS)), row.get(REWORK_COUNT),
                row.get(EXTENSION_PENDING), row.get(ESCALATION_LEVEL));
        return new ServerIncident(row.get(ID), row.get(ORIGIN_OFFICE), fields, state, row.get(DISPATCHED_BY),
                row.get(VERSION), readStamps(row.get(FIELD_VERSIONS)), row.get(VOIDED), row.get(HLC),
                row.get(LAST_STEP) == null ? null : readTree(row.get(LAST_STEP)));
    }

    void insertIncident(ServerIncident incident, Instant now) {
        if (held != null) {
            ServerIncident before = held.incidents.put(incident.id(), incident);
            held.undo.add(new Undo(incident.id(), before, held.inserted.add(incident.id()), false));
            return;
        }
        dsl.insertInto(INCIDENT).set(insertValues(incident, now)).execute();
    }

    void updateIncident(ServerIncident incident, Instant now) {
        if (held != null) {
            ServerIncident before = held.incidents.put(incident.id(), incident);
            boolean addedUpdated = !held.inserted.contains(incident.id()) && held.updated.add(incident.id());
            held.undo.add(new Undo(incident.id(), before, false, addedUpdated));
            return;
        }
        dsl.update(INCIDENT).set(updateValues(incident, now)).where(ID.eq(incident.id())).execute();
    }

    private static Map<Field<?>, Object> insertValues(ServerIncident incident, Instant now) {
        Map<Field<?>, Object> values = columns(incident);
        values.put(ID, incident.id());
        values.put(ORIGIN_OFFICE, incident.originOffice());
        values.put(CREATED_AT, at(now));
        values.put(UPDATED_AT, at(now));
        return values;
    }

    private static Map<Field<?>, Object> updateValues(ServerIncident incident, Instant now) {
        Map<Field<?>, Object> values = columns(incident);
        values.put(UPDATED_AT, at(now));
        return values;
    }

    private static Map<Field<?>, Object> columns(ServerIncident incident) {
        Map<Field<?>, Object> values = new java.util.LinkedHashMap<>();
        for (IncidentFields spec : IncidentFields.values()) {
            values.put(FIELD_COLUMNS.get(spec), spec.toColumn(incident.fields().get(spec)));
        }
        values.put(STATUS, incident.state().status().name());
        values.put(REWORK_COUNT, incident.state().reworkCount());
        values.put(EXTENSION_PENDING, incident.state().extensionPending());
        values.put(ESCALATION_LEVEL, incident.state().escalationLevel());
        values.put(DISPATCHED_BY, incident.dispatchedBy());
        values.put(VERSION, incident.version());
        values.put(FIELD_VERSIONS, writeJson(incident.stamps()));
        values.put(VOIDED, incident.voided());
        values.put(HLC, incident.hlc());
        values.put(LAST_STEP, incident.lastStep() == null ? null : incident.lastStep().toString());
        return values;
    }

    /** A note as stored: who wrote it, where, what and its clamped stamp. */
    record StoredNote(String id, String incidentId, String officeCode, String operatorName, String body, long hlc) {
    }

    /** An incident's notes, oldest stamp first, including those of the run being applied. */
    List<StoredNote> notesOf(String incidentId) {
        List<StoredNote> notes = new java.util.ArrayList<>(dsl.select(ID, INCIDENT_ID, OFFICE_CODE, OPERATOR_NAME, BODY, HLC)
                .from(NOTE).where(INCIDENT_ID.eq(incidentId)).fetch(row -> new StoredNote(row.value1(), row.value2(),
                        row.value3(), row.value4(), row.value5(), row.value6())));
        if (held != null) {
            for (Object[] note : held.notes) {
                if (incidentId.equals(note[1])) {
                    notes.add(new StoredNote((String) note[0], (String) note[1], (String) note[2], (String) note[3],
                            (String) note[4], (Long) note[5]));
                }
            }
        }
        notes.sort(java.util.Comparator.comparingLong(StoredNote::hlc).thenComparing(StoredNote::id));
        return notes;
    }

    void insertNote(String id, String incidentId, String officeCode, String operatorName, String body, long hlc, Instant now) {
        if (held != null) {
            held.notes.add(new Object[] {id, incidentId, officeCode, operatorName, body, hlc, at(now)});
            return;
        }
        dsl.insertInto(NOTE).set(ID, id).set(INCIDENT_ID, incidentId).set(OFFICE_CODE, officeCode)
                .set(OPERATOR_NAME, operatorName).set(BODY, body).set(HLC, hlc).set(CREATED_AT, at(now)).execute();
    }

    // Conflicts and tasks

    /** A conflict as recorded; values are JSON text. */
    record ConflictRow(String id, String incidentId, String mutationId, String kind, String field, String serverValue,
                       String clientValue, String kept, String officeCode, boolean resolved) {
    }

    void insertConflict(ConflictRow conflict, Instant now) {
        if (held != null) {
            held.conflicts.add(new Object[] {conflict.id(), conflict.incidentId(), conflict.mutationId(), conflict.kind(),
                    conflict.field(), conflict.serverValue(), conflict.clientValue(), conflict.kept(), conflict.officeCode(),
                    false, at(now)});
            return;
        }
        dsl.insertInto(CONFLICT).set(ID, conflict.id()).set(INCIDENT_ID, conflict.incidentId())
                .set(MUTATION_ID, conflict.mutationId()).set(KIND, conflict.kind()).set(FIELD_NAME, conflict.field())
                .set(SERVER_VALUE, conflict.serverValue()).set(CLIENT_VALUE, conflict.clientValue())
                .set(KEPT, conflict.kept()).set(OFFICE_CODE, conflict.officeCode()).set(RESOLVED, false)
                .set(CREATED_AT, at(now)).execute();
    }

    List<ConflictRow> conflicts(String incidentId) {
        return dsl.select(ID, INCIDENT_ID, MUTATION_ID, KIND, FIELD_NAME, SERVER_VALUE, CLIENT_VALUE, KEPT, OFFICE_CODE, RESOLVED)
                .from(CONFLICT).where(INCIDENT_ID.eq(incidentId)).orderBy(CREATED_AT, ID).fetch()
                .map(row -> new ConflictRow(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7(), row.value8(), row.value9(), row.value10()));
    }

    /** A question for a dispatcher. */
    record TaskRow(String id, String incidentId, String conflictId, String kind, String assigneeOffice, String requestedBy,
                   String body, boolean done) {
    }

    void insertTask(TaskRow task, Instant now) {
        if (held != null) {
            held.tasks.add(new Object[] {task.id(), task.incidentId(), task.conflictId(), task.kind(), task.assigneeOffice(),
                    task.requestedBy(), task.body(), false, at(now)});
            return;
        }
        dsl.insertInto(TASK).set(ID, task.id()).set(INCIDENT_ID, task.incidentId()).set(CONFLICT_ID, task.conflictId())
                .set(KIND, task.kind()).set(ASSIGNEE_OFFICE, task.assigneeOffice()).set(REQUESTED_BY, task.requestedBy())
                .set(BODY, task.body()).set(DONE, false).set(CREATED_AT, at(now)).execute();
    }

    List<TaskRow> openTasks(String assigneeOffice) {
        return tasks(ASSIGNEE_OFFICE.eq(assigneeOffice).and(DONE.isFalse())).orderBy(CREATED_AT, ID).fetch(SyncRepository::taskRow);
    }

    private org.jooq.SelectConditionStep<org.jooq.Record8<String, String, String, String, String, String, String, Boolean>> tasks(
            Condition which) {
        return dsl.select(ID, INCIDENT_ID, CONFLICT_ID, KIND, ASSIGNEE_OFFICE, REQUESTED_BY, BODY, DONE).from(TASK).where(which);
    }

    private static TaskRow taskRow(org.jooq.Record8<String, String, String, String, String, String, String, Boolean> row) {
        return new TaskRow(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(), row.value7(),
                row.value8());
    }

    /** A task, locked until the transaction ends, so two answers to it take turns. */
    Optional<TaskRow> taskForUpdate(String id) {
        return tasks(ID.eq(id)).forUpdate().fetchOptional().map(SyncRepository::taskRow);
    }

    /** The open tasks of one kind about one incident, oldest first. */
    List<TaskRow> openTasksOf(String incidentId, String kind) {
        return tasks(INCIDENT_ID.eq(incidentId).and(KIND.eq(kind)).and(DONE.isFalse())).orderBy(CREATED_AT, ID)
                .fetch(SyncRepository::taskRow);
    }

    void finishTask(String id) {
        dsl.update(TASK).set(DONE, true).where(ID.eq(id)).execute();
    }

    void resolveConflict(String id, Instant now) {
        dsl.update(CONFLICT).set(RESOLVED, true).set(field(name("resolved_at"), OffsetDateTime.class), at(now))
                .where(ID.eq(id)).execute();
    }

    /** The body of an answered mutation as it was sent (the audit copy), if the server kept it. */
    Optional<String> mutationBody(String mutationId) {
        return dsl.select(BODY).from(APPLIED).where(MUTATION_ID.eq(mutationId)).fetchOptional(BODY);
    }

    // The change log

    /** Written unnumbered, inside the transaction of the change it describes; the sequencer numbers it after commit. */
    void appendChange(EntityKind kind, String entityId, long version, String areaCode, UUID mutationId, JsonNode data,
                      Instant now) {
        appendChange(kind, entityId, version, areaCode, null, mutationId, data, now);
    }

    /**
     * @param leftArea the area the entity was in before this change when the change moved it (the offices of that
     *                 area pull this change too, and learn that it left them); null otherwise
     */
    void appendChange(EntityKind kind, String entityId, long version, String areaCode, String leftArea, UUID mutationId,
                      JsonNode data, Instant now) {
        String previous = leftArea == null || leftArea.equals(areaCode) ? null : leftArea;
        if (held != null) {
            held.changes.add(new Object[] {kind.name(), entityId, version, areaCode, previous,
                    mutationId == null ? null : mutationId.toString(), data.toString(), at(now)});
            return;
        }
        dsl.insertInto(CHANGE_LOG).set(ENTITY_KIND, kind.name()).set(ENTITY_ID, entityId).set(VERSION, version)
                .set(AREA_CODE, areaCode).set(PREVIOUS_AREA_CODE, previous)
                .set(MUTATION_ID, mutationId == null ? null : mutationId.toString())
                .set(DATA, data.toString()).set(WRITTEN_AT, at(now)).execute();
    }

    /**
     * Numbers every committed, unnumbered change in the order it was written and advances the high-water mark.
     * Must run in its own transaction: the row lock on the sequencer is what makes two numberings (in this
     * process or another server's) take turns, and under read committed each statement after the lock sees every
     * change committed so far. Changes of transactions still open are invisible here and get later numbers.
     *
     * @return how many changes were numbered
     */
    int numberCommittedChanges(int limit) {
        Long highWater = dsl.select(HIGH_WATER).from(SEQUENCER).where(SEQUENCER_ID.eq(1)).forUpdate().fetchOne(HIGH_WATER);
        List<Long> pending = dsl.select(LOG_ID).from(CHANGE_LOG).where(SEQ.isNull()).orderBy(LOG_ID).limit(limit).fetch(LOG_ID);
        if (pending.isEmpty()) {
            return 0;
        }
        long next = highWater;
        var batch = dsl.batch(dsl.update(CHANGE_LOG).set(SEQ, DSL.param("seq", Long.class))
                .where(LOG_ID.eq(DSL.param("id", Long.class))));
        for (Long id : pending) {
            batch.bind(++next, id);
        }
        batch.execute();
        dsl.update(SEQUENCER).set(HIGH_WATER, next).where(SEQUENCER_ID.eq(1)).execute();
        return pending.size();
    }

    /**
     * Deletes numbered changes written before {@code before} that a newer numbered change of the same entity
     * supersedes. A change carries the entity's whole state, so a console pulling from any cursor still receives
     * the latest state of everything that changed after it: the log stays bounded by the number of entities, and
     * no office is ever "offline for too long".
     *
     * @return how many changes were removed
     */
    int compactChangeLog(Instant before) {
        // The moment bound as a typed value: PostgreSQL does not compare a timestamp with text. A change is
        // superseded only by a newer one the same offices pull (same area, or a move out of that area); a move
        // is kept, so the offices of the area left learn of it however long they were away.
        return dsl.execute("delete from change_log where seq is not null and written_at < {0}"
                + " and previous_area_code is null and exists ("
                + "select 1 from change_log newer where newer.entity_kind = change_log.entity_kind"
                + " and newer.entity_id = change_log.entity_id and newer.seq > change_log.seq"
                + " and (newer.area_code = change_log.area_code or newer.previous_area_code = change_log.area_code))",
                DSL.val(at(before)));
    }

    long highWater() {
        return dsl.select(HIGH_WATER).from(SEQUENCER).where(SEQUENCER_ID.eq(1)).fetchOne(HIGH_WATER);
    }

    /** A numbered change as stored. */
    record ChangeRow(long seq, long id, String entityKind, String entityId, long version, String mutationId, String data) {
    }

    /** Numbered changes after {@code cursor} up to {@code upTo}, inside the given area prefixes, in seq order. */
    List<ChangeRow> changesAfter(long cursor, long upTo, List<String> areaPrefixes, int limit) {
        Condition inside = DSL.or(areaPrefixes.stream()
                .flatMap(prefix -> java.util.stream.Stream.of(AREA_CODE.startsWith(prefix), PREVIOUS_AREA_CODE.startsWith(prefix)))
                .toList());
        return dsl.select(SEQ, LOG_ID, ENTITY_KIND, ENTITY_ID, VERSION, MUTATION_ID, DATA).from(CHANGE_LOG)
                .where(SEQ.gt(cursor)).and(SEQ.le(upTo)).and(inside)
                .orderBy(SEQ).limit(limit).fetch()
                .map(row -> new ChangeRow(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                        row.value7()));
    }

    // JSON columns

    static String writeJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps and records always serialise", e);
        }
    }

    private static Map<String, ServerIncident.FieldStamp> readStamps(String text) {
        try {
            return new java.util.LinkedHashMap<>(JSON.readValue(text, new TypeReference<Map<String, ServerIncident.FieldStamp>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("field_versions holds JSON the server wrote", e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("last_step holds JSON the server wrote", e);
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Held rows of one table written in one batch, their values in the order of {@code columns}. */
    private void insertRows(org.jooq.Table<?> table, List<Object[]> rows, Field<?>... columns) {
        if (rows.isEmpty()) {
            return;
        }
        var batch = dsl.batch(dsl.insertInto(table, columns).values(new Object[columns.length]));
        rows.forEach(batch::bind);
        batch.execute();
    }
}
