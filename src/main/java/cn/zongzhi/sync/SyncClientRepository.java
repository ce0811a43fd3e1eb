package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.Actor;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.IncidentFields;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.SyncJson;
import cn.zongzhi.sync.protocol.Transition;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_RECORD;
import static cn.zongzhi.db.jooq.Tables.SYNC_SHADOW;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;

/**
 * The console's sync tables and the incident rows as sync reads and writes them. Each public method that changes
 * something is meant to run inside one transaction the caller opens (see {@link SyncClient}).
 */
public final class SyncClientRepository {
    private static final String INCIDENT_KIND = EntityKind.INCIDENT.name();

    /** Each travelling field's local column (the same name on both sides; H2 keeps it in upper case). */
    private static final Map<IncidentFields, Field<?>> COLUMNS = columns();

    private final DSLContext dsl;

    private static Map<IncidentFields, Field<?>> columns() {
        Map<IncidentFields, Field<?>> columns = new java.util.EnumMap<>(IncidentFields.class);
        for (IncidentFields spec : IncidentFields.values()) {
            Field<?> column = INCIDENT.field(spec.column.toUpperCase(java.util.Locale.ROOT));
            if (column == null) {
                throw new IllegalStateException("the incident table has no column " + spec.column);
            }
            columns.put(spec, column);
        }
        return columns;
    }

    public SyncClientRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // Status

    /** Where this installation stands: sequence, cursor, epoch, last attempt and success. */
    public record Standing(long nextSequence, long highestSent, String serverEpoch, long pullCursor,
                           Instant lastAttemptAt, Instant lastSuccessAt, String lastError, boolean paused) {
    }

    public Standing standing() {
        return dsl.selectFrom(SYNC_STATUS).where(SYNC_STATUS.ID.eq(1)).fetchOne(row -> new Standing(row.getNextSequence(),
                row.getHighestSent(), row.getServerEpoch(), row.getPullCursor(), instant(row.getLastAttemptAt()),
                instant(row.getLastSuccessAt()), row.getLastError(), row.getPaused()));
    }

    public void attempted(Instant at) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.LAST_ATTEMPT_AT, at(at)).where(SYNC_STATUS.ID.eq(1)).execute();
    }

    public void succeeded(Instant at) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.LAST_SUCCESS_AT, at(at)).setNull(SYNC_STATUS.LAST_ERROR)
                .where(SYNC_STATUS.ID.eq(1)).execute();
    }

    public void failed(String error) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.LAST_ERROR, error.length() > 500 ? error.substring(0, 500) : error)
                .where(SYNC_STATUS.ID.eq(1)).execute();
    }

    public void setPaused(boolean paused) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.PAUSED, paused).where(SYNC_STATUS.ID.eq(1)).execute();
    }

    public void rememberEpoch(String epoch) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.SERVER_EPOCH, epoch).where(SYNC_STATUS.ID.eq(1)).execute();
    }

    /**
     * The server was restored to an earlier point (its epoch changed, or our cursor is beyond its log): pull
     * everything again and send every retained outbox row again. Rows the server still knows get their stored
     * answer back; rows it lost are applied anew. Nothing local is thrown away.
     */
    public void startOverWith(String epoch) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.SERVER_EPOCH, epoch).set(SYNC_STATUS.PULL_CURSOR, 0L)
                .where(SYNC_STATUS.ID.eq(1)).execute();
        dsl.update(SYNC_OUTBOX).setNull(SYNC_OUTBOX.OUTCOME).setNull(SYNC_OUTBOX.ANSWERED_AT).execute();
        // The restored server numbers versions anew: versions seen before mean nothing now.
        dsl.update(INCIDENT).setNull(INCIDENT.SERVER_VERSION).where(INCIDENT.SERVER_VERSION.isNotNull()).execute();
        dsl.deleteFrom(SYNC_SHADOW).execute();
    }

    /**
     * This database was restored from a backup older than what the server holds from it: numbers up to
     * {@code held} are taken on the server by mutations this copy no longer has. The rows still waiting get fresh
     * numbers above it, in their order, and numbering goes on from there.
     */
    public void renumberAbove(long held) {
        List<Long> waiting = dsl.select(SYNC_OUTBOX.CLIENT_SEQUENCE).from(SYNC_OUTBOX).where(SYNC_OUTBOX.OUTCOME.isNull())
                .orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE).fetch(SYNC_OUTBOX.CLIENT_SEQUENCE);
        long top = Math.max(held, dsl.select(DSL.max(SYNC_OUTBOX.CLIENT_SEQUENCE)).from(SYNC_OUTBOX)
                .fetchOptional(0, Long.class).orElse(0L));
        long next = top + 1;
        for (Long sequence : waiting) {
            dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.CLIENT_SEQUENCE, next++).where(SYNC_OUTBOX.CLIENT_SEQUENCE.eq(sequence)).execute();
        }
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.NEXT_SEQUENCE, next).set(SYNC_STATUS.HIGHEST_SENT, held)
                .where(SYNC_STATUS.ID.eq(1)).execute();
    }

    // The outbox

    /**
     * Incidents never handed to the outbox (imported, or taken in before this round), not demo data: up to
     * {@code limit} of them.
     */
    public List<UUID> localIncidents(int limit) {
        return dsl.select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.SYNC_STATE.eq("LOCAL")).and(INCIDENT.DEMO.isFalse())
                .limit(limit).fetch(INCIDENT.ID);
    }

    /**
     * Queues one LOCAL incident's whole state as a creation, unless it changed since it was read (then the next
     * round takes it). Marks it PENDING and counts as a change, so a step racing with this sees the change and
     * is asked to try again rather than being left out of both the creation and the outbox.
     *
     * @param fallbackArea the office's own area, for an incident whose place is unknown (the city needs one)
     */
    public boolean queueCreation(UUID id, long hlc, String fallbackArea, Instant now) {
        Record row = dsl.select(incidentColumns()).from(INCIDENT).where(INCIDENT.ID.eq(id))
                .and(INCIDENT.SYNC_STATE.eq("LOCAL")).fetchOne();
        if (row == null) {
            return false;
        }
        ObjectNode payload = snapshotOf(row);
        if (payload.path(IncidentFields.AREA_CODE.wireName).isNull() && fallbackArea != null) {
            payload.put(IncidentFields.AREA_CODE.wireName, fallbackArea);
        }
        long rowVersion = row.get(INCIDENT.ROW_VERSION);
        int marked = dsl.update(INCIDENT).set(INCIDENT.SYNC_STATE, "PENDING").set(INCIDENT.ROW_VERSION, rowVersion + 1)
                .where(INCIDENT.ID.eq(id)).and(INCIDENT.ROW_VERSION.eq(rowVersion)).execute();
        if (marked != 1) {
            return false;
        }
        new cn.zongzhi.db.OutboxRepository(dsl).appendFields(INCIDENT_KIND, new cn.zongzhi.db.OutboxRepository.Fields(
                UUID.randomUUID(), MutationKind.CREATE.name(), id, null, hlc, null, null, payload.toString(), now));
        return true;
    }

    /**
     * Forgets answered rows older than {@code before}, except refusals nobody has acknowledged. Rows are kept that
     * long so a city server restored from a backup of that age gets them again; older backups than that are not
     * expected (decision 0014).
     *
     * @return how many rows were removed
     */
    public int pruneAnswered(Instant before) {
        return dsl.deleteFrom(SYNC_OUTBOX).where(SYNC_OUTBOX.OUTCOME.isNotNull())
                .and(SYNC_OUTBOX.ANSWERED_AT.lt(at(before)))
                .and(SYNC_OUTBOX.OUTCOME.ne(OutcomeKind.REJECTED.name()).or(SYNC_OUTBOX.ACKNOWLEDGED.isTrue()))
                .execute();
    }

    /** The oldest rows still waiting for the city's answer, as mutations ready to send. */
    public List<Mutation> waiting(int limit) {
        return dsl.selectFrom(SYNC_OUTBOX).where(SYNC_OUTBOX.OUTCOME.isNull()).orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE)
                .limit(limit).fetch(row -> {
                    MutationKind kind = MutationKind.valueOf(row.getMutationKind());
                    Transition transition = kind == MutationKind.TRANSITION ? new Transition(row.getAction(),
                            row.getFromStatus(), row.getToStatus(), row.getReason(), row.getSatisfaction()) : null;
                    ObjectNode payload = row.getPayload() == null ? null : readObject(row.getPayload());
                    return new Mutation(row.getMutationId(), row.getClientSequence(), EntityKind.valueOf(row.getEntityKind()),
                            row.getEntityId(), kind, row.getBaseVersion(), transition, row.getHlc(),
                            new Actor(row.getOperatorId(), row.getOperatorName()), payload);
                });
    }

    /**
     * Stores the city's answers and brings each incident whose rows are all answered back to the city's last
     * word where the city did not take the local change (refused, or overruled in a conflict): the local data
     * returns to what the city holds and the refusal stays listed for the operator.
     */
    public void recordOutcomes(List<Outcome> outcomes, long highestSent, Instant now) {
        Set<UUID> touched = new LinkedHashSet<>();
        Set<UUID> overruled = new LinkedHashSet<>();
        for (Outcome outcome : outcomes) {
            UUID entity = dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.OUTCOME, outcome.outcome().name())
                    .set(SYNC_OUTBOX.REASON_CODE, outcome.reasonCode())
                    .set(SYNC_OUTBOX.REASON_TEXT, truncate(outcome.reasonText(), 1000))
                    .set(SYNC_OUTBOX.ANSWERED_AT, at(now))
                    .where(SYNC_OUTBOX.MUTATION_ID.eq(outcome.mutationId()))
                    .returningResult(SYNC_OUTBOX.ENTITY_ID).fetchOptional().map(r -> r.value1()).orElse(null);
            if (entity == null) {
                continue;
            }
            touched.add(entity);
            if (outcome.outcome() == OutcomeKind.REJECTED || outcome.outcome() == OutcomeKind.CONFLICT_RECORDED) {
                overruled.add(entity);
            }
        }
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.HIGHEST_SENT, DSL.greatest(SYNC_STATUS.HIGHEST_SENT, DSL.val(highestSent)))
                .where(SYNC_STATUS.ID.eq(1)).execute();
        for (UUID entity : touched) {
            if (stillWaiting(entity)) {
                continue;
            }
            if (overruled.contains(entity)) {
                shadow(entity).ifPresent(shadow -> applyIncident(shadow, true, now));
            }
        }
    }

    private boolean stillWaiting(UUID entity) {
        return dsl.fetchExists(SYNC_OUTBOX, SYNC_OUTBOX.ENTITY_ID.eq(entity).and(SYNC_OUTBOX.OUTCOME.isNull()));
    }

    // Pulling

    /** The cursor moves in the same transaction as the changes of the page it covers. */
    public void moveCursor(long cursor) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.PULL_CURSOR, cursor).where(SYNC_STATUS.ID.eq(1)).execute();
    }

    /** What applying a page did, for the round's summary. */
    public record Applied(int incidents, int kept, int records) {
    }

    public Applied applyPage(List<Change> changes, Instant now) {
        int incidents = 0;
        int kept = 0;
        int records = 0;
        for (Change change : changes) {
            switch (change.entityKind()) {
                case INCIDENT -> {
                    saveShadow(change);
                    if (stillWaiting(change.entityId())) {
                        // Our own steps on it are still on their way: the city's answer to them will follow.
                        kept++;
                    } else if (applyIncident(change, false, now)) {
                        incidents++;
                    }
                }
                case NOTE, CONFLICT, TASK -> {
                    saveRecord(change, now);
                    records++;
                }
                default -> {
                    // A kind a newer server sends: kept nowhere, but it does not stop the page.
                }
            }
        }
        return new Applied(incidents, kept, records);
    }

    private void saveShadow(Change change) {
        int updated = dsl.update(SYNC_SHADOW).set(SYNC_SHADOW.VERSION, change.version())
                .set(SYNC_SHADOW.DATA, change.data().toString())
                .where(SYNC_SHADOW.INCIDENT_ID.eq(change.entityId())).and(SYNC_SHADOW.VERSION.lt(change.version())).execute();
        if (updated == 0 && !dsl.fetchExists(SYNC_SHADOW, SYNC_SHADOW.INCIDENT_ID.eq(change.entityId()))) {
            dsl.insertInto(SYNC_SHADOW).set(SYNC_SHADOW.INCIDENT_ID, change.entityId()).set(SYNC_SHADOW.VERSION, change.version())
                    .set(SYNC_SHADOW.DATA, change.data().toString()).execute();
        }
    }

    private Optional<Change> shadow(UUID incident) {
        return dsl.selectFrom(SYNC_SHADOW).where(SYNC_SHADOW.INCIDENT_ID.eq(incident)).fetchOptional()
                .map(row -> new Change(0, EntityKind.INCIDENT, incident, row.getVersion(), null, readObject(row.getData())));
    }

    private void saveRecord(Change change, Instant now) {
        JsonNode incident = change.data().get("incidentId");
        UUID incidentId = incident == null || incident.isNull() ? null : parseUuid(incident.asText());
        boolean resolved = change.data().path("resolved").asBoolean(false) || change.data().path("done").asBoolean(false);
        String kind = change.entityKind().name();
        String id = change.entityId().toString();
        int updated = dsl.update(SYNC_RECORD).set(SYNC_RECORD.VERSION, change.version())
                .set(SYNC_RECORD.DATA, change.data().toString()).set(SYNC_RECORD.RESOLVED, resolved)
                .where(SYNC_RECORD.ENTITY_KIND.eq(kind)).and(SYNC_RECORD.ENTITY_ID.eq(id))
                .and(SYNC_RECORD.VERSION.le(change.version())).execute();
        if (updated == 0 && !dsl.fetchExists(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(kind).and(SYNC_RECORD.ENTITY_ID.eq(id)))) {
            dsl.insertInto(SYNC_RECORD).set(SYNC_RECORD.ENTITY_KIND, kind).set(SYNC_RECORD.ENTITY_ID, id)
                    .set(SYNC_RECORD.INCIDENT_ID, incidentId).set(SYNC_RECORD.VERSION, change.version())
                    .set(SYNC_RECORD.DATA, change.data().toString()).set(SYNC_RECORD.RESOLVED, resolved)
                    .set(SYNC_RECORD.RECEIVED_AT, at(now)).execute();
        }
    }

    /**
     * Writes the city's state of an incident into the local row: all its fields, status and counters, its server
     * version, SYNCED. An older version than the row already has is ignored (unless restoring the shadow after a
     * refusal). A row changed locally while this was read is left alone: its change is in the outbox and the
     * city's answer will come. A step another office took is added to the history under the step's mutation id,
     * so it is added once.
     */
    private boolean applyIncident(Change change, boolean restoring, Instant now) {
        ObjectNode data = change.data();
        UUID id = change.entityId();
        Record local = dsl.select(INCIDENT.ROW_VERSION, INCIDENT.SERVER_VERSION).from(INCIDENT).where(INCIDENT.ID.eq(id)).fetchOne();
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        for (IncidentFields spec : IncidentFields.values()) {
            if (!data.has(spec.wireName)) {
                continue;
            }
            Object value = spec.toColumn(data.get(spec.wireName));
            values.put(COLUMNS.get(spec), value);
        }
        knownOrNull(values, INCIDENT.CATEGORY_CODE, code -> dsl.fetchExists(INCIDENT_CATEGORY, INCIDENT_CATEGORY.CODE.eq(code)));
        knownOrNull(values, INCIDENT.DEPARTMENT_CODE, code -> dsl.fetchExists(DEPARTMENT, DEPARTMENT.CODE.eq(code)));
        knownOrNull(values, INCIDENT.AREA_CODE, code -> dsl.fetchExists(ADMIN_AREA, ADMIN_AREA.CODE.eq(code)));
        values.put(INCIDENT.STATUS, data.path("status").asText());
        values.put(INCIDENT.REWORK_COUNT, data.path("reworkCount").asInt(0));
        values.put(INCIDENT.EXTENSION_PENDING, data.path("extensionPending").asBoolean(false));
        values.put(INCIDENT.ESCALATION_LEVEL, data.path("escalationLevel").asInt(0));
        values.put(INCIDENT.VOIDED, data.path("voided").asBoolean(false));
        values.put(INCIDENT.HLC, data.path("hlc").asLong());
        values.put(INCIDENT.SERVER_VERSION, change.version());
        values.put(INCIDENT.SYNC_STATE, "SYNCED");
        if (local == null) {
            values.put(INCIDENT.ID, id);
            if (values.get(INCIDENT.CASE_NO) == null) {
                values.put(INCIDENT.CASE_NO, "SYNC-" + id);
            }
            if (values.get(INCIDENT.CHANNEL) == null) {
                values.put(INCIDENT.CHANNEL, "OTHER");
            }
            if (values.get(INCIDENT.REPORTED_AT) == null) {
                values.put(INCIDENT.REPORTED_AT, at(now));
            }
            values.put(INCIDENT.ORIGIN_OFFICE, data.path("originOffice").asText("?"));
            values.put(INCIDENT.ROW_VERSION, 1L);
            dsl.insertInto(INCIDENT).set(values).execute();
            addReportEvent(id, data, now);
        } else {
            Long localVersion = local.get(INCIDENT.SERVER_VERSION);
            if (!restoring && localVersion != null && localVersion >= change.version()) {
                return false;
            }
            // Set once at creation on the city's side; a local row keeps its own case number and channel.
            values.remove(INCIDENT.CASE_NO);
            values.remove(INCIDENT.CHANNEL);
            long rowVersion = local.get(INCIDENT.ROW_VERSION);
            values.put(INCIDENT.ROW_VERSION, rowVersion + 1);
            if (dsl.update(INCIDENT).set(values).where(INCIDENT.ID.eq(id)).and(INCIDENT.ROW_VERSION.eq(rowVersion)).execute() != 1) {
                return false;
            }
        }
        addStepEvent(id, data.get("lastStep"));
        return true;
    }

    private void knownOrNull(Map<Field<?>, Object> values, Field<String> column, java.util.function.Predicate<String> known) {
        Object code = values.get(column);
        // Reference data the city has not published to this office yet: the row is kept without the link.
        if (code != null && !known.test(code.toString())) {
            values.put(column, null);
        }
    }

    private void addReportEvent(UUID id, ObjectNode data, Instant now) {
        if (dsl.fetchExists(INCIDENT_EVENT, INCIDENT_EVENT.ID.eq(id))) {
            return;
        }
        String reportedAt = data.path(IncidentFields.REPORTED_AT.wireName).asText(null);
        dsl.insertInto(INCIDENT_EVENT).set(INCIDENT_EVENT.ID, id).set(INCIDENT_EVENT.INCIDENT_ID, id)
                .set(INCIDENT_EVENT.ACTION, "REPORT").setNull(INCIDENT_EVENT.FROM_STATUS)
                .set(INCIDENT_EVENT.TO_STATUS, "REPORTED")
                .set(INCIDENT_EVENT.NOTE, "office=" + data.path("originOffice").asText("?"))
                .set(INCIDENT_EVENT.OCCURRED_AT, reportedAt == null ? at(now) : at(Instant.parse(reportedAt)))
                .set(INCIDENT_EVENT.ORIGIN_OFFICE, data.path("originOffice").asText("?"))
                .set(INCIDENT_EVENT.HLC, data.path("hlc").asLong()).set(INCIDENT_EVENT.SYNC_STATE, "SYNCED").execute();
    }

    private void addStepEvent(UUID incidentId, JsonNode step) {
        if (step == null || step.isNull() || !step.hasNonNull("mutationId")) {
            return;
        }
        UUID eventId = parseUuid(step.get("mutationId").asText());
        if (eventId == null || dsl.fetchExists(INCIDENT_EVENT, INCIDENT_EVENT.ID.eq(eventId))) {
            return;
        }
        String note = step.path("note").asText(null);
        if (step.hasNonNull("satisfaction")) {
            note = "satisfaction=" + step.get("satisfaction").asText() + (note == null ? "" : "; " + note);
        }
        dsl.insertInto(INCIDENT_EVENT).set(INCIDENT_EVENT.ID, eventId).set(INCIDENT_EVENT.INCIDENT_ID, incidentId)
                .set(INCIDENT_EVENT.ACTION, step.path("action").asText())
                .set(INCIDENT_EVENT.FROM_STATUS, step.path("from").asText(null))
                .set(INCIDENT_EVENT.TO_STATUS, step.path("to").asText(null))
                .set(INCIDENT_EVENT.OPERATOR_NAME, truncate(step.path("operatorName").asText(null), 100))
                .set(INCIDENT_EVENT.NOTE, truncate(note, 2000))
                .set(INCIDENT_EVENT.OCCURRED_AT, at(Instant.parse(step.path("at").asText())))
                .set(INCIDENT_EVENT.ORIGIN_OFFICE, step.path("officeCode").asText("?"))
                .set(INCIDENT_EVENT.HLC, 0L).set(INCIDENT_EVENT.SYNC_STATE, "SYNCED").execute();
    }

    // Reading for the status bar, the sync screen and the convergence checks

    /** Counts for the status bar: what waits to go, what the city refused, conflicts not yet dealt with. */
    public record Counts(int waiting, int neverQueued, int rejected, int conflicts, int tasks) {
    }

    public Counts counts() {
        int waiting = dsl.fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull());
        int local = dsl.fetchCount(INCIDENT, INCIDENT.SYNC_STATE.eq("LOCAL").and(INCIDENT.DEMO.isFalse()));
        int rejected = dsl.fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.eq(OutcomeKind.REJECTED.name())
                .and(SYNC_OUTBOX.ACKNOWLEDGED.isFalse()));
        // A conflict the operator has accepted (采用市级结果) is dealt with here, like an acknowledged refusal.
        int conflicts = dsl.fetchCount(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(EntityKind.CONFLICT.name())
                .and(SYNC_RECORD.RESOLVED.isFalse()).and(SYNC_RECORD.ACKNOWLEDGED.isFalse()));
        int tasks = dsl.fetchCount(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(EntityKind.TASK.name())
                .and(SYNC_RECORD.RESOLVED.isFalse()));
        return new Counts(waiting, local, rejected, conflicts, tasks);
    }

    /** A refused outbox row as the operator sees it. */
    public record Refusal(long clientSequence, UUID mutationId, UUID incidentId, String caseNo, String kind,
                          String action, String reasonCode, String reasonText, Instant answeredAt) {
    }

    public List<Refusal> refusals(int limit) {
        return dsl.select(SYNC_OUTBOX.CLIENT_SEQUENCE, SYNC_OUTBOX.MUTATION_ID, SYNC_OUTBOX.ENTITY_ID, INCIDENT.CASE_NO,
                        SYNC_OUTBOX.MUTATION_KIND, SYNC_OUTBOX.ACTION, SYNC_OUTBOX.REASON_CODE, SYNC_OUTBOX.REASON_TEXT,
                        SYNC_OUTBOX.ANSWERED_AT)
                .from(SYNC_OUTBOX).leftJoin(INCIDENT).on(INCIDENT.ID.eq(SYNC_OUTBOX.ENTITY_ID))
                .where(SYNC_OUTBOX.OUTCOME.eq(OutcomeKind.REJECTED.name())).and(SYNC_OUTBOX.ACKNOWLEDGED.isFalse())
                .orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE.desc()).limit(limit)
                .fetch(row -> new Refusal(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                        row.value7(), row.value8(), instant(row.value9())));
    }

    public void acknowledge(UUID mutationId) {
        dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.ACKNOWLEDGED, true).where(SYNC_OUTBOX.MUTATION_ID.eq(mutationId)).execute();
    }

    /** A conflict record or a dispatcher task as the city sent it. */
    public record CityRecord(String kind, String id, UUID incidentId, String caseNo, ObjectNode data, boolean resolved) {
    }

    public List<CityRecord> openRecords(EntityKind kind, int limit) {
        return dsl.select(SYNC_RECORD.ENTITY_KIND, SYNC_RECORD.ENTITY_ID, SYNC_RECORD.INCIDENT_ID, INCIDENT.CASE_NO,
                        SYNC_RECORD.DATA, SYNC_RECORD.RESOLVED)
                .from(SYNC_RECORD).leftJoin(INCIDENT).on(INCIDENT.ID.eq(SYNC_RECORD.INCIDENT_ID))
                .where(SYNC_RECORD.ENTITY_KIND.eq(kind.name())).and(SYNC_RECORD.RESOLVED.isFalse())
                .orderBy(SYNC_RECORD.RECEIVED_AT.desc()).limit(limit)
                .fetch(row -> new CityRecord(row.value1(), row.value2(), row.value3(), row.value4(), readObject(row.value5()),
                        row.value6()));
    }

    /** Open records of a kind that no operator of this console has acknowledged yet, newest first. */
    public List<CityRecord> recordsToReview(EntityKind kind, int limit) {
        return dsl.select(SYNC_RECORD.ENTITY_KIND, SYNC_RECORD.ENTITY_ID, SYNC_RECORD.INCIDENT_ID, INCIDENT.CASE_NO,
                        SYNC_RECORD.DATA, SYNC_RECORD.RESOLVED)
                .from(SYNC_RECORD).leftJoin(INCIDENT).on(INCIDENT.ID.eq(SYNC_RECORD.INCIDENT_ID))
                .where(SYNC_RECORD.ENTITY_KIND.eq(kind.name())).and(SYNC_RECORD.RESOLVED.isFalse())
                .and(SYNC_RECORD.ACKNOWLEDGED.isFalse())
                .orderBy(SYNC_RECORD.RECEIVED_AT.desc(), SYNC_RECORD.ENTITY_ID).limit(limit)
                .fetch(row -> new CityRecord(row.value1(), row.value2(), row.value3(), row.value4(), readObject(row.value5()),
                        row.value6()));
    }

    /** An operator has seen the record and takes the city's result; a later pull of it does not bring it back. */
    public boolean acknowledgeRecord(EntityKind kind, String id) {
        return dsl.update(SYNC_RECORD).set(SYNC_RECORD.ACKNOWLEDGED, true).where(SYNC_RECORD.ENTITY_KIND.eq(kind.name()))
                .and(SYNC_RECORD.ENTITY_ID.eq(id)).execute() == 1;
    }

    /** The incident's synced fields as the city keeps them, for comparing a replica with the server. */
    public Optional<ObjectNode> incidentSnapshot(UUID id) {
        return dsl.select(incidentColumns()).from(INCIDENT).where(INCIDENT.ID.eq(id)).fetchOptional()
                .map(SyncClientRepository::snapshotOf);
    }

    public List<UUID> syncedIncidentIds() {
        return dsl.select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.DEMO.isFalse()).orderBy(INCIDENT.ID).fetch(INCIDENT.ID);
    }

    private static List<Field<?>> incidentColumns() {
        List<Field<?>> columns = new ArrayList<>(List.of(INCIDENT.ID, INCIDENT.STATUS, INCIDENT.REWORK_COUNT,
                INCIDENT.EXTENSION_PENDING, INCIDENT.ESCALATION_LEVEL, INCIDENT.VOIDED, INCIDENT.ROW_VERSION,
                INCIDENT.ORIGIN_OFFICE));
        for (IncidentFields spec : IncidentFields.values()) {
            columns.add(COLUMNS.get(spec));
        }
        return columns;
    }

    /** An incident row under the wire names: every field, the status and the workflow counters. */
    private static ObjectNode snapshotOf(Record row) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (IncidentFields spec : IncidentFields.values()) {
            Object value = row.get(COLUMNS.get(spec));
            node.set(spec.wireName, spec.fromColumn(value instanceof String text && spec.type == IncidentFields.Type.AREA
                    ? text.trim() : value));
        }
        node.put("status", row.get(INCIDENT.STATUS));
        node.put("reworkCount", row.get(INCIDENT.REWORK_COUNT));
        node.put("extensionPending", row.get(INCIDENT.EXTENSION_PENDING));
        node.put("escalationLevel", row.get(INCIDENT.ESCALATION_LEVEL));
        return node;
    }

    private static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode readObject(String json) {
        try {
            JsonNode node = SyncJson.MAPPER.readTree(json);
            return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the sync tables hold JSON this console wrote or the city sent", e);
        }
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
