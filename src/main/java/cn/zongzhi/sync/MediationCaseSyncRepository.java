package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.SyncJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_ROOM;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_RECORD;

/**
 * Mediation cases over sync (decision 0017). The office that registered a case owns it: it sends the whole case —
 * the dispute, its parties and its sessions — as one SNAPSHOT whenever something in it changed, and every other
 * console (the city's, another seat of the same office) takes the city's copy as it comes. Nobody else edits it
 * here ({@code DisputeService} refuses), so there is nothing to merge: the owner's latest word is the case.
 *
 * <p>The desk marks what it changes {@code PENDING} in the same transaction as the change; a round hands every
 * marked case to the outbox, reading each row with its row version and marking it {@code SYNCED} only if it is
 * still that version, so an edit made while the case was read is sent by the next round rather than lost.
 *
 * <p>The wire form is built from the tables' own columns (snake case turned to camel case), less the local
 * bookkeeping: a column a later migration adds travels without another line here, and a key this console does
 * not know is passed over.
 */
public final class MediationCaseSyncRepository {
    static final String KIND = EntityKind.DISPUTE.name();
    private static final String PENDING = "PENDING";
    private static final String SYNCED = "SYNCED";
    /** Cases read and queued per local transaction. */
    static final int QUEUE_BATCH = 200;

    private final DSLContext dsl;

    public MediationCaseSyncRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** What one batch of {@link #queueChanged} did. */
    public record Queued(int read, int queued) {
    }

    /**
     * Hands up to {@code limit} changed cases of this console (not demo data) to the outbox, each as one snapshot.
     *
     * @param hlc stamps for the outbox rows
     */
    public Queued queueChanged(int limit, java.util.function.LongSupplier hlc, Instant now) {
        // Three index lookups instead of one scan of every dispute with two correlated probes each; demo cases never go.
        Set<UUID> ids = new java.util.LinkedHashSet<>(dsl.select(DISPUTE.ID).from(DISPUTE)
                .where(DISPUTE.SYNC_STATE.eq(PENDING)).and(DISPUTE.DEMO.isFalse()).limit(limit).fetch(DISPUTE.ID));
        if (ids.size() < limit) {
            ids.addAll(dsl.selectDistinct(MEDIATION_SESSION.DISPUTE_ID).from(MEDIATION_SESSION).join(DISPUTE)
                    .on(DISPUTE.ID.eq(MEDIATION_SESSION.DISPUTE_ID)).where(MEDIATION_SESSION.SYNC_STATE.eq(PENDING))
                    .and(DISPUTE.DEMO.isFalse()).limit(limit).fetch(MEDIATION_SESSION.DISPUTE_ID));
        }
        if (ids.size() < limit) {
            ids.addAll(dsl.selectDistinct(DISPUTE_PARTY.DISPUTE_ID).from(DISPUTE_PARTY).join(DISPUTE)
                    .on(DISPUTE.ID.eq(DISPUTE_PARTY.DISPUTE_ID)).where(DISPUTE_PARTY.SYNC_STATE.eq(PENDING))
                    .and(DISPUTE.DEMO.isFalse()).limit(limit).fetch(DISPUTE_PARTY.DISPUTE_ID));
        }
        if (ids.isEmpty()) {
            return new Queued(0, 0);
        }
        List<UUID> batch = ids.stream().limit(limit).toList();
        Map<UUID, Record> disputes = new LinkedHashMap<>();
        dsl.selectFrom(DISPUTE).where(DISPUTE.ID.in(batch)).and(DISPUTE.DEMO.isFalse()).fetch()
                .forEach(row -> disputes.put(row.get(DISPUTE.ID), row));
        Map<UUID, List<Record>> parties = children(DISPUTE_PARTY, DISPUTE_PARTY.DISPUTE_ID, DISPUTE_PARTY.ID, batch);
        Map<UUID, List<Record>> sessions = children(MEDIATION_SESSION, MEDIATION_SESSION.DISPUTE_ID, MEDIATION_SESSION.ID, batch);
        Names names = names(disputes.values(), sessions);
        List<cn.zongzhi.db.OutboxRepository.Fields> snapshots = new ArrayList<>();
        // Marked as sent only at the version read: a row changed meanwhile stays PENDING for the next round.
        var markDisputes = dsl.batch(dsl.update(DISPUTE).set(DISPUTE.SYNC_STATE, DSL.inline(SYNCED)).where(DISPUTE.ID.eq((UUID) null))
                .and(DISPUTE.ROW_VERSION.eq((Long) null)));
        var markParties = dsl.batch(dsl.update(DISPUTE_PARTY).set(DISPUTE_PARTY.SYNC_STATE, DSL.inline(SYNCED))
                .where(DISPUTE_PARTY.ID.eq((UUID) null)).and(DISPUTE_PARTY.ROW_VERSION.eq((Long) null)));
        var markSessions = dsl.batch(dsl.update(MEDIATION_SESSION).set(MEDIATION_SESSION.SYNC_STATE, DSL.inline(SYNCED))
                .where(MEDIATION_SESSION.ID.eq((UUID) null)).and(MEDIATION_SESSION.ROW_VERSION.eq((Long) null)));
        for (Record dispute : disputes.values()) {
            UUID id = dispute.get(DISPUTE.ID);
            List<Record> ownParties = parties.getOrDefault(id, List.of());
            List<Record> ownSessions = sessions.getOrDefault(id, List.of());
            ObjectNode payload = snapshot(dispute, ownParties, ownSessions, names);
            markDisputes.bind(id, dispute.get(DISPUTE.ROW_VERSION));
            for (Record party : ownParties) {
                markParties.bind(party.get(DISPUTE_PARTY.ID), party.get(DISPUTE_PARTY.ROW_VERSION));
            }
            for (Record session : ownSessions) {
                markSessions.bind(session.get(MEDIATION_SESSION.ID), session.get(MEDIATION_SESSION.ROW_VERSION));
            }
            snapshots.add(new cn.zongzhi.db.OutboxRepository.Fields(UUID.randomUUID(), MutationKind.SNAPSHOT.name(), id,
                    dispute.get(DISPUTE.SERVER_VERSION), hlc.getAsLong(), null, null, payload.toString(), now));
        }
        for (var marks : List.of(markDisputes, markParties, markSessions)) {
            if (marks.size() > 0) {
                marks.execute();
            }
        }
        new cn.zongzhi.db.OutboxRepository(dsl).appendAllFields(KIND, snapshots);
        return new Queued(batch.size(), snapshots.size());
    }

    private Map<UUID, List<Record>> children(Table<?> table, TableField<?, UUID> parent, TableField<?, UUID> id, List<UUID> parents) {
        Map<UUID, List<Record>> byParent = new LinkedHashMap<>();
        dsl.selectFrom(table).where(parent.in(parents)).orderBy(id).fetch()
                .forEach(row -> byParent.computeIfAbsent(row.get(parent), key -> new ArrayList<>()).add(row));
        return byParent;
    }

    /** The case as this console would send it now, for comparing a replica with the city's copy. */
    public Optional<ObjectNode> caseSnapshot(UUID disputeId) {
        Record dispute = dsl.selectFrom(DISPUTE).where(DISPUTE.ID.eq(disputeId)).fetchOne();
        if (dispute == null) {
            return Optional.empty();
        }
        List<UUID> one = List.of(disputeId);
        Map<UUID, List<Record>> sessions = children(MEDIATION_SESSION, MEDIATION_SESSION.DISPUTE_ID, MEDIATION_SESSION.ID, one);
        return Optional.of(snapshot(dispute, children(DISPUTE_PARTY, DISPUTE_PARTY.DISPUTE_ID, DISPUTE_PARTY.ID, one)
                .getOrDefault(disputeId, List.of()), sessions.getOrDefault(disputeId, List.of()), names(List.of(dispute), sessions)));
    }

    /** The names of the mediators and rooms a batch of cases uses, read once for the batch. */
    private record Names(Map<String, Record> mediators, Map<String, Record> rooms) {
    }

    private Names names(java.util.Collection<Record> disputes, Map<UUID, List<Record>> sessions) {
        Set<String> mediatorCodes = new HashSet<>();
        Set<String> roomCodes = new HashSet<>();
        disputes.forEach(dispute -> codesUsed(dispute, sessions.getOrDefault(dispute.get(DISPUTE.ID), List.of()),
                mediatorCodes, roomCodes));
        Map<String, Record> mediators = new java.util.HashMap<>();
        if (!mediatorCodes.isEmpty()) {
            dsl.select(MEDIATOR.CODE, MEDIATOR.NAME, MEDIATOR.KIND).from(MEDIATOR).where(MEDIATOR.CODE.in(mediatorCodes)).fetch()
                    .forEach(row -> mediators.put(row.value1(), row));
        }
        Map<String, Record> rooms = new java.util.HashMap<>();
        if (!roomCodes.isEmpty()) {
            dsl.select(MEDIATION_ROOM.CODE, MEDIATION_ROOM.NAME, MEDIATION_ROOM.CAPACITY).from(MEDIATION_ROOM)
                    .where(MEDIATION_ROOM.CODE.in(roomCodes)).fetch().forEach(row -> rooms.put(row.value1(), row));
        }
        return new Names(mediators, rooms);
    }

    /** Adds the mediators and rooms a case names (its own mediator, its sessions' mediators and rooms) to the sets. */
    private static void codesUsed(Record dispute, List<Record> sessions, Set<String> mediatorCodes, Set<String> roomCodes) {
        if (dispute.get(DISPUTE.MEDIATOR_CODE) != null) {
            mediatorCodes.add(dispute.get(DISPUTE.MEDIATOR_CODE));
        }
        for (Record session : sessions) {
            mediatorCodes.add(session.get(MEDIATION_SESSION.MEDIATOR_CODE));
            if (session.get(MEDIATION_SESSION.ROOM_CODE) != null) {
                roomCodes.add(session.get(MEDIATION_SESSION.ROOM_CODE));
            }
        }
    }

    /** The case as it travels: the dispute's columns, its parties and sessions, and the mediators and rooms they name. */
    private static ObjectNode snapshot(Record dispute, List<Record> parties, List<Record> sessions, Names names) {
        ObjectNode payload = wire(dispute, DISPUTE.fields(), DISPUTE_SKIPPED);
        payload.put("originOffice", dispute.get(DISPUTE.ORIGIN_OFFICE));
        ArrayNode partyArray = payload.putArray("parties");
        parties.forEach(party -> partyArray.add(wire(party, DISPUTE_PARTY.fields(), CHILD_SKIPPED)));
        ArrayNode sessionArray = payload.putArray("sessions");
        sessions.forEach(session -> sessionArray.add(wire(session, MEDIATION_SESSION.fields(), CHILD_SKIPPED)));
        Set<String> mediatorCodes = new java.util.TreeSet<>();
        Set<String> roomCodes = new java.util.TreeSet<>();
        codesUsed(dispute, sessions, mediatorCodes, roomCodes);
        // Another console may not know a mediator or room of this office: it keeps them as withdrawn names.
        ArrayNode mediators = payload.putArray("mediators");
        for (String code : mediatorCodes) {
            Record row = names.mediators().get(code);
            if (row != null) {
                mediators.addObject().put("code", code).put("name", row.get(MEDIATOR.NAME)).put("kind", row.get(MEDIATOR.KIND));
            }
        }
        ArrayNode rooms = payload.putArray("rooms");
        for (String code : roomCodes) {
            Record row = names.rooms().get(code);
            if (row != null) {
                rooms.addObject().put("code", code).put("name", row.get(MEDIATION_ROOM.NAME))
                        .put("capacity", row.get(MEDIATION_ROOM.CAPACITY));
            }
        }
        return payload;
    }

    /** The local bookkeeping, which never travels (the owner travels once, as originOffice). */
    private static final Set<String> DISPUTE_SKIPPED = Set.of("demo", "origin_office", "row_version", "server_version",
            "hlc", "sync_state");
    private static final Set<String> CHILD_SKIPPED = Set.of("dispute_id", "origin_office", "row_version",
            "server_version", "hlc", "sync_state");

    private static boolean skipped(Field<?> field, Set<String> skipped) {
        return skipped.contains(field.getName().toLowerCase(java.util.Locale.ROOT));
    }

    private static ObjectNode wire(Record row, Field<?>[] fields, Set<String> skipped) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Field<?> field : fields) {
            if (skipped(field, skipped)) {
                continue;
            }
            Object value = row.get(field);
            String name = wireName(field.getName());
            if (value == null) {
                node.putNull(name);
            } else if (value instanceof Boolean bool) {
                node.put(name, bool);
            } else if (value instanceof BigDecimal decimal) {
                node.put(name, decimal.toPlainString());
            } else if (value instanceof Integer number) {
                node.put(name, number);
            } else if (value instanceof Long number) {
                node.put(name, number);
            } else if (value instanceof OffsetDateTime moment) {
                node.put(name, moment.toInstant().toString());
            } else {
                // Text, UUIDs and dates travel as their text.
                node.put(name, value.toString());
            }
        }
        return node;
    }

    static String wireName(String column) {
        StringBuilder name = new StringBuilder(column.length());
        boolean upper = false;
        for (char c : column.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    // Applying the city's copy

    /**
     * Applies a case the city sent, in the caller's transaction, and keeps it as the city's last word. A case with
     * a change of this console still on its way (marked, or waiting in the outbox) keeps the local state: the
     * owner's snapshot decides, and the city's answer follows. An older or equal version than the one held is
     * passed over.
     *
     * @return whether the local rows were written
     */
    public boolean apply(Change change, Instant now) {
        keepCityCopy(change, now);
        if (changedHere(change.entityId())) {
            return false;
        }
        Long held = dsl.select(DISPUTE.SERVER_VERSION).from(DISPUTE).where(DISPUTE.ID.eq(change.entityId()))
                .fetchOptional(DISPUTE.SERVER_VERSION).orElse(null);
        if (held != null && held >= change.version()) {
            return false;
        }
        write(change.entityId(), change.version(), change.data());
        return true;
    }

    /**
     * The refusals that mean the snapshot carried a change the case's owner never made or may not make: another
     * office's change forced in ({@code not-owner}), or a binding field changed after the outcome. Only those put the
     * case back to the city's copy. Any other refusal of the owner's own case ({@code mutation-too-large},
     * {@code unprocessable} when the server fails, ...) keeps the local case: the owner's console is where the
     * minutes and outcomes were written, and the city's older copy would void the sessions it lacks.
     */
    static boolean othersChangeRefused(String reasonCode) {
        return "not-owner".equals(reasonCode) || "binding-field".equals(reasonCode);
    }

    /** After the city refused this console's snapshot: the case goes back to the city's copy, if the city has one. */
    public boolean restoreCityCopy(UUID disputeId) {
        if (dsl.fetchExists(SYNC_OUTBOX, SYNC_OUTBOX.ENTITY_ID.eq(disputeId).and(SYNC_OUTBOX.OUTCOME.isNull()))) {
            return false;
        }
        var copy = dsl.select(SYNC_RECORD.VERSION, SYNC_RECORD.DATA).from(SYNC_RECORD)
                .where(SYNC_RECORD.ENTITY_KIND.eq(KIND)).and(SYNC_RECORD.ENTITY_ID.eq(disputeId.toString())).fetchOne();
        if (copy == null) {
            return false;
        }
        write(disputeId, copy.value1(), read(copy.value2()));
        return true;
    }

    /** Records the versions the city gave this console's snapshots (one batch for a push's answers). */
    public void acknowledged(Map<UUID, Long> versions) {
        if (versions.isEmpty()) {
            return;
        }
        var batch = dsl.batch(dsl.update(DISPUTE).set(DISPUTE.SERVER_VERSION, (Long) null).where(DISPUTE.ID.eq((UUID) null))
                .and(DISPUTE.SERVER_VERSION.isNull().or(DISPUTE.SERVER_VERSION.lt((Long) null))));
        versions.forEach((id, version) -> batch.bind(version, id, version));
        batch.execute();
    }

    /** The city server was restored and numbers versions anew: the versions and copies held from it mean nothing now. */
    void forgetCityVersions() {
        dsl.update(DISPUTE).setNull(DISPUTE.SERVER_VERSION).where(DISPUTE.SERVER_VERSION.isNotNull()).execute();
        dsl.deleteFrom(SYNC_RECORD).where(SYNC_RECORD.ENTITY_KIND.eq(KIND)).execute();
    }

    /**
     * The last snapshot this console sent of the case was refused for a reason that keeps the local case: the local
     * case stays as it is (a pulled copy does not overwrite it) until its next change is sent and taken.
     */
    private boolean ownRefusalStands(UUID disputeId) {
        var last = dsl.select(SYNC_OUTBOX.OUTCOME, SYNC_OUTBOX.REASON_CODE).from(SYNC_OUTBOX)
                .where(SYNC_OUTBOX.ENTITY_KIND.eq(KIND)).and(SYNC_OUTBOX.ENTITY_ID.eq(disputeId))
                .orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE.desc()).limit(1).fetchOne();
        return last != null && "REJECTED".equals(last.value1()) && !othersChangeRefused(last.value2());
    }

    private boolean changedHere(UUID disputeId) {
        return ownRefusalStands(disputeId) || dsl.fetchExists(DISPUTE, DISPUTE.ID.eq(disputeId).and(DISPUTE.SYNC_STATE.eq(PENDING)))
                || dsl.fetchExists(DISPUTE_PARTY, DISPUTE_PARTY.DISPUTE_ID.eq(disputeId).and(DISPUTE_PARTY.SYNC_STATE.eq(PENDING)))
                || dsl.fetchExists(MEDIATION_SESSION, MEDIATION_SESSION.DISPUTE_ID.eq(disputeId)
                        .and(MEDIATION_SESSION.SYNC_STATE.eq(PENDING)))
                || dsl.fetchExists(SYNC_OUTBOX, SYNC_OUTBOX.ENTITY_ID.eq(disputeId).and(SYNC_OUTBOX.OUTCOME.isNull()));
    }

    private void keepCityCopy(Change change, Instant now) {
        String id = change.entityId().toString();
        String data = change.data().toString();
        int updated = dsl.update(SYNC_RECORD).set(SYNC_RECORD.VERSION, change.version()).set(SYNC_RECORD.DATA, data)
                .where(SYNC_RECORD.ENTITY_KIND.eq(KIND)).and(SYNC_RECORD.ENTITY_ID.eq(id))
                .and(SYNC_RECORD.VERSION.le(change.version())).execute();
        if (updated == 0 && !dsl.fetchExists(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(KIND).and(SYNC_RECORD.ENTITY_ID.eq(id)))) {
            // Resolved: a case is not a question for anyone, so it never counts among the open records.
            dsl.insertInto(SYNC_RECORD).set(SYNC_RECORD.ENTITY_KIND, KIND).set(SYNC_RECORD.ENTITY_ID, id)
                    .set(SYNC_RECORD.VERSION, change.version()).set(SYNC_RECORD.DATA, data).set(SYNC_RECORD.RESOLVED, true)
                    .set(SYNC_RECORD.RECEIVED_AT, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).execute();
        }
    }

    /**
     * The city names a case's owner by the office's enrolled code; this console's desk knows its own office by the
     * installation's code, which may differ. A case of the office this console is enrolled as — one a reinstalled
     * console pulls back, or one another seat of the same office registered — is written under the installation's
     * code, so the desk offers it as this office's own and not read-only (decision 0017).
     */
    private String asWrittenHere(String owner) {
        String enrolledAs = dsl.select(cn.zongzhi.db.jooq.Tables.SYNC_CREDENTIAL.OFFICE_CODE).from(cn.zongzhi.db.jooq.Tables.SYNC_CREDENTIAL)
                .fetchOne(cn.zongzhi.db.jooq.Tables.SYNC_CREDENTIAL.OFFICE_CODE);
        if (enrolledAs == null || !enrolledAs.equals(owner)) {
            return owner;
        }
        String installedAs = dsl.select(cn.zongzhi.db.jooq.Tables.INSTALLATION.OFFICE_CODE).from(cn.zongzhi.db.jooq.Tables.INSTALLATION)
                .fetchOne(cn.zongzhi.db.jooq.Tables.INSTALLATION.OFFICE_CODE);
        return installedAs == null ? owner : installedAs;
    }

    private void write(UUID disputeId, long version, ObjectNode data) {
        for (JsonNode mediator : data.path("mediators")) {
            String code = mediator.path("code").asText(null);
            if (code != null && !dsl.fetchExists(MEDIATOR, MEDIATOR.CODE.eq(code))) {
                dsl.insertInto(MEDIATOR).set(MEDIATOR.CODE, code).set(MEDIATOR.NAME, mediator.path("name").asText(code))
                        .set(MEDIATOR.KIND, mediator.path("kind").asText("OTHER")).set(MEDIATOR.ACTIVE, false).execute();
            }
        }
        for (JsonNode room : data.path("rooms")) {
            String code = room.path("code").asText(null);
            if (code != null && !dsl.fetchExists(MEDIATION_ROOM, MEDIATION_ROOM.CODE.eq(code))) {
                dsl.insertInto(MEDIATION_ROOM).set(MEDIATION_ROOM.CODE, code).set(MEDIATION_ROOM.NAME, room.path("name").asText(code))
                        .set(MEDIATION_ROOM.CAPACITY, room.path("capacity").asInt(0)).set(MEDIATION_ROOM.ACTIVE, false).execute();
            }
        }
        String owner = asWrittenHere(data.path("originOffice").asText(""));
        Map<Field<?>, Object> values = local(data, DISPUTE.fields(), DISPUTE_SKIPPED);
        values.remove(DISPUTE.ID);
        // A place or incident this console does not know is left out rather than refusing the case.
        String area = (String) values.get(DISPUTE.AREA_CODE);
        if (area != null && !dsl.fetchExists(ADMIN_AREA, ADMIN_AREA.CODE.eq(area))) {
            values.put(DISPUTE.AREA_CODE, null);
        }
        UUID incident = (UUID) values.get(DISPUTE.INCIDENT_ID);
        if (incident != null && !dsl.fetchExists(INCIDENT, INCIDENT.ID.eq(incident))) {
            values.put(DISPUTE.INCIDENT_ID, null);
        }
        String caseNo = (String) values.get(DISPUTE.CASE_NO);
        if (caseNo != null) {
            values.put(DISPUTE.CASE_NO, new cn.zongzhi.db.CaseNumberRepository(dsl)
                    .unusedFor(caseNo, owner, disputeId, DISPUTE, DISPUTE.CASE_NO, DISPUTE.ID));
        }
        values.put(DISPUTE.SERVER_VERSION, version);
        values.put(DISPUTE.SYNC_STATE, SYNCED);
        values.put(DISPUTE.ORIGIN_OFFICE, owner);
        if (dsl.fetchExists(DISPUTE, DISPUTE.ID.eq(disputeId))) {
            // A row this console has keeps its owner as written here (its own office code may differ from the enrolled one).
            values.remove(DISPUTE.ORIGIN_OFFICE);
            values.put(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1));
            dsl.update(DISPUTE).set(values).where(DISPUTE.ID.eq(disputeId)).execute();
        } else {
            values.put(DISPUTE.ID, disputeId);
            values.put(DISPUTE.HLC, 0L);
            dsl.insertInto(DISPUTE).set(values).execute();
        }
        writeChildren(PARTIES, disputeId, data.path("parties"), owner, version);
        writeChildren(SESSIONS, disputeId, data.path("sessions"), owner, version);
    }

    /** A table of a case's rows, with the columns applying writes by name. */
    private record Child(Table<?> table, TableField<?, UUID> id, TableField<?, UUID> parent, Field<String> originOffice,
                         Field<Long> serverVersion, Field<String> syncState, Field<Long> hlc, Field<Boolean> voided) {
    }

    private static final Child PARTIES = new Child(DISPUTE_PARTY, DISPUTE_PARTY.ID, DISPUTE_PARTY.DISPUTE_ID,
            DISPUTE_PARTY.ORIGIN_OFFICE, DISPUTE_PARTY.SERVER_VERSION, DISPUTE_PARTY.SYNC_STATE, DISPUTE_PARTY.HLC,
            DISPUTE_PARTY.VOIDED);
    private static final Child SESSIONS = new Child(MEDIATION_SESSION, MEDIATION_SESSION.ID, MEDIATION_SESSION.DISPUTE_ID,
            MEDIATION_SESSION.ORIGIN_OFFICE, MEDIATION_SESSION.SERVER_VERSION, MEDIATION_SESSION.SYNC_STATE,
            MEDIATION_SESSION.HLC, MEDIATION_SESSION.VOIDED);

    private void writeChildren(Child child, UUID disputeId, JsonNode rows, String owner, long version) {
        Table<?> table = child.table();
        TableField<?, UUID> idField = child.id();
        TableField<?, UUID> parent = child.parent();
        Set<UUID> sent = new HashSet<>();
        for (JsonNode row : rows) {
            if (!(row instanceof ObjectNode object)) {
                continue;
            }
            Map<Field<?>, Object> values = local(object, table.fields(), CHILD_SKIPPED);
            UUID id = (UUID) values.remove(idField);
            if (id == null) {
                continue;
            }
            sent.add(id);
            values.put(child.serverVersion(), version);
            values.put(child.syncState(), SYNCED);
            if (dsl.fetchExists(table, idField.eq(id))) {
                dsl.update(table).set(values).where(idField.eq(id)).execute();
            } else {
                values.put(idField, id);
                values.put(parent, disputeId);
                values.put(child.originOffice(), owner);
                values.put(child.hlc(), 0L);
                dsl.insertInto(table).set(values).execute();
            }
        }
        // Nothing is deleted through sync; the owner voids. A row the owner's copy no longer has is voided here too.
        dsl.update(table).set(child.voided(), true).where(parent.eq(disputeId))
                .and(sent.isEmpty() ? DSL.noCondition() : idField.notIn(sent)).execute();
    }

    /** The columns a wire object names, converted to the column's type; a key this console does not know is passed over. */
    private static Map<Field<?>, Object> local(ObjectNode data, Field<?>[] fields, Set<String> skipped) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        for (Field<?> field : fields) {
            if (skipped(field, skipped)) {
                continue;
            }
            String name = wireName(field.getName());
            if (!data.has(name)) {
                // Sent by an older console that does not have this column: left as it is (null for a new row).
                continue;
            }
            values.put(field, value(field.getType(), data.get(name)));
        }
        return values;
    }

    private static Object value(Class<?> type, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type == String.class) {
            return node.asText();
        }
        if (type == Boolean.class) {
            return node.asBoolean();
        }
        if (type == Integer.class) {
            return node.asInt();
        }
        if (type == Long.class) {
            return node.asLong();
        }
        if (type == BigDecimal.class) {
            return new BigDecimal(node.asText());
        }
        if (type == UUID.class) {
            return UUID.fromString(node.asText());
        }
        if (type == OffsetDateTime.class) {
            return OffsetDateTime.ofInstant(Instant.parse(node.asText()), ZoneOffset.UTC);
        }
        if (type == LocalDate.class) {
            return LocalDate.parse(node.asText());
        }
        throw new IllegalStateException("a mediation column of type " + type.getName() + " has no wire form");
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) SyncJson.MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a kept city copy of a case is JSON", e);
        }
    }
}
