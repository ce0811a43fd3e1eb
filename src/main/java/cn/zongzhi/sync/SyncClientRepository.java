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
import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX_PAYLOAD;
import static cn.zongzhi.db.jooq.Tables.SYNC_RECORD;
import static cn.zongzhi.db.jooq.Tables.SYNC_SHADOW;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;

/**
 * The console's sync tables and the incident rows as sync reads and writes them. Each public method that changes
 * something is meant to run inside one transaction the caller opens (see {@link SyncClient}).
 */
public final class SyncClientRepository {
    private static final String INCIDENT_KIND = EntityKind.INCIDENT.name();
    /** An incident whose creation the city refused (市级未接收): not queued, its steps not sent, until resubmitted. */
    static final String REFUSED = "REFUSED";
    /** The one refusal of a creation that means the city has the incident after all. */
    private static final String INCIDENT_EXISTS = "incident-exists";

    /** Each travelling field's local column (the same name on both sides; H2 keeps it in upper case). */
    private static final Map<IncidentFields, Field<?>> COLUMNS = columns();

    private final DSLContext dsl;
    /** {@link #plainBinds()}, made once per repository: a page asks for it once per incident with several changes. */
    private DSLContext plainBinds;

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
        // Reference data is asked for again from the start too; applying an item twice changes nothing.
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.SERVER_EPOCH, epoch).set(SYNC_STATUS.PULL_CURSOR, 0L)
                .set(SYNC_STATUS.REFERENCE_VERSION, 0L).where(SYNC_STATUS.ID.eq(1)).execute();
        dsl.update(SYNC_OUTBOX).setNull(SYNC_OUTBOX.OUTCOME).setNull(SYNC_OUTBOX.ANSWERED_AT).execute();
        // The restored server numbers versions anew: versions seen before mean nothing now.
        dsl.update(INCIDENT_SYNC).setNull(INCIDENT_SYNC.SERVER_VERSION).where(INCIDENT_SYNC.SERVER_VERSION.isNotNull()).execute();
        dsl.deleteFrom(SYNC_SHADOW).execute();
        new MediationCaseSyncRepository(dsl).forgetCityVersions();
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

    /** What one batch of {@link #queueCreations} did: incidents read, and how many of them were queued. */
    public record Queued(int read, int queued) {
    }

    /**
     * Queues up to {@code limit} incidents never handed to the outbox (imported, or taken in before this round;
     * demo rows never are), each as one creation carrying its whole state, and marks them PENDING. Their standing
     * rows are read locked ({@code for update}) before the incidents are read, and a step reads the standing of its
     * incident locked after writing its row (decision 0019): a step whose read comes after this lock waits, finds
     * the incident queued and sends itself as a step after the creation; a step whose read came first holds the
     * standing row, this waits for its commit and the creation carries the step. The mark is on the narrow standing
     * row, never a rewrite of the incident and its sixteen indexes. The whole batch is a few statements — two reads,
     * one batched update, one block of outbox numbers, one batched insert — since an office enrolling with 100,000
     * incidents queues them all in its first round.
     *
     * @param fallbackArea the office's own area, for an incident whose place is unknown (the city needs one)
     */
    public Queued queueCreations(int limit, java.util.function.LongSupplier hlc, String fallbackArea, Instant now) {
        List<UUID> local = dsl.select(INCIDENT_SYNC.INCIDENT_ID).from(INCIDENT_SYNC).where(INCIDENT_SYNC.STATE.eq("LOCAL"))
                .limit(limit).forUpdate().fetch(INCIDENT_SYNC.INCIDENT_ID);
        if (local.isEmpty()) {
            return new Queued(0, 0);
        }
        List<Record> rows = plainBinds().select(incidentColumns()).from(INCIDENT).where(INCIDENT.ID.in(local)).fetch();
        var mark = dsl.batch(dsl.update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, DSL.inline("PENDING"))
                .where(INCIDENT_SYNC.INCIDENT_ID.eq((UUID) null)).and(INCIDENT_SYNC.STATE.eq(DSL.inline("LOCAL"))));
        for (Record row : rows) {
            mark.bind(row.get(INCIDENT.ID));
        }
        int[] marked = mark.execute();
        List<cn.zongzhi.db.OutboxRepository.Fields> creations = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (marked[i] != 1) {
                continue;
            }
            Record row = rows.get(i);
            ObjectNode payload = snapshotOf(row);
            if (payload.path(IncidentFields.AREA_CODE.wireName).isNull() && fallbackArea != null) {
                payload.put(IncidentFields.AREA_CODE.wireName, fallbackArea);
            }
            creations.add(new cn.zongzhi.db.OutboxRepository.Fields(UUID.randomUUID(), MutationKind.CREATE.name(),
                    row.get(INCIDENT.ID), null, hlc.getAsLong(), null, null, payload.toString(), now));
        }
        new cn.zongzhi.db.OutboxRepository(dsl).appendAllFields(INCIDENT_KIND, creations);
        queueNotesOf(creations.stream().map(cn.zongzhi.db.OutboxRepository.Fields::entityId).toList());
        return new Queued(rows.size(), creations.size());
    }

    /**
     * The notes written on incidents before their creation was queued, each as a NOTE behind the creation, under
     * the note's own event id (so the city and this console recognise it when it comes back). A note written after
     * the queueing found the incident PENDING and went into the outbox itself (IncidentService.addNote).
     *
     * <p>The ids are written into the statement: H2 then checks each history entry it reads against a set rather
     * than against the list one id at a time. A batch reads every entry of its 500 incidents, some 3,300, even where
     * no incident has a note: 4 ms warm and 17 ms cold so, 7 and 26 ms with the ids bound.
     */
    private void queueNotesOf(List<UUID> created) {
        if (created.isEmpty()) {
            return;
        }
        List<cn.zongzhi.db.OutboxRepository.Fields> notes = plainBinds().select(INCIDENT_EVENT.ID, INCIDENT_EVENT.INCIDENT_ID,
                        INCIDENT_EVENT.HLC, INCIDENT_EVENT.OPERATOR_ID, INCIDENT_EVENT.OPERATOR_NAME, INCIDENT_EVENT.NOTE,
                        INCIDENT_EVENT.OCCURRED_AT)
                .from(INCIDENT_EVENT).where(INCIDENT_EVENT.ACTION.eq(DSL.inline("NOTE")))
                .and(INCIDENT_EVENT.INCIDENT_ID.in(created.stream().map(DSL::inline).toList()))
                .orderBy(INCIDENT_EVENT.HLC, INCIDENT_EVENT.ID)
                .fetch(row -> new cn.zongzhi.db.OutboxRepository.Fields(row.value1(), MutationKind.NOTE.name(), row.value2(), null,
                        row.value3(), row.value4() == null ? null : row.value4().toString(), row.value5(),
                        cn.zongzhi.incidents.IncidentService.notePayload(row.value6()), row.value7().toInstant()));
        new cn.zongzhi.db.OutboxRepository(dsl).appendAllFields(INCIDENT_KIND, notes);
    }

    /**
     * This repository's connection with its values bound plainly, for ids looked up in an index of several columns
     * and for long lists of ids. jOOQ writes each id as {@code cast(? as uuid)} for H2; H2 looks such ids up in a
     * one-column index (a primary key), but in an index of several columns it did not (EXPLAIN ANALYZE): it read
     * every entry the rest of the condition allowed: the whole outbox (101,001 rows) for each page of a first sync's
     * pull, every waiting row for each incident asked about, and some 28,000 history entries for each batch of queued
     * creations. And H2 checks each row it finds against the whole list again, casting every id each time: reading
     * a page's 1,000 incidents by id took 47–66 ms with the casts and 25–30 ms without (same H2 file, same ids).
     */
    private DSLContext plainBinds() {
        if (plainBinds == null) {
            plainBinds = dsl.configuration().derive(org.jooq.conf.SettingsTools.clone(dsl.settings())
                    .withParamCastMode(org.jooq.conf.ParamCastMode.NEVER)).dsl();
        }
        return plainBinds;
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

    /**
     * Writes everything committed so far to the database file and forces it to the disk. H2 writes commits in the
     * background a moment later, so a console killed (or a machine losing power) right after a commit can come
     * back without it. Before outbox rows leave for the city they must be on disk: a creation queued, sent and
     * then forgotten would be queued again under a new mutation id and refused as a duplicate incident.
     *
     * @return the highest outbox number now on disk: numbers are taken in commit order (see OutboxRepository), so
     *         every row up to the last number committed before the checkpoint is in it
     */
    public long makeDurable() {
        long committed = dsl.select(SYNC_STATUS.NEXT_SEQUENCE).from(SYNC_STATUS).where(SYNC_STATUS.ID.eq(1))
                .fetchOne(SYNC_STATUS.NEXT_SEQUENCE) - 1;
        dsl.execute("checkpoint sync");
        return committed;
    }

    /** Whether any outbox row numbered above {@code sequence} waits for the city's answer. */
    public boolean anyWaitingAbove(long sequence) {
        return dsl.fetchExists(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull().and(SYNC_OUTBOX.CLIENT_SEQUENCE.gt(sequence)));
    }

    /** The oldest rows numbered up to {@code upTo} still waiting for the city's answer, as mutations ready to send. */
    public List<Mutation> waiting(int limit, long upTo) {
        return waiting(limit, Long.MIN_VALUE, upTo);
    }

    /** As {@link #waiting(int, long)}, only rows numbered above {@code after} (those behind a batch on its way). */
    public List<Mutation> waiting(int limit, long after, long upTo) {
        // Ordered by both columns of the index on (outcome, client_sequence): H2 walks an index in order only when
        // the order by names its leading columns, and ordered by client_sequence alone it sorted every waiting row
        // (100,000 in a first sync) for each batch of 500.
        List<Mutation> batch = new ArrayList<>();
        long chars = 0;
        for (var row : dsl.select(SYNC_OUTBOX.fields()).select(SYNC_OUTBOX_PAYLOAD.PAYLOAD).from(SYNC_OUTBOX)
                .leftJoin(SYNC_OUTBOX_PAYLOAD).on(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE.eq(SYNC_OUTBOX.CLIENT_SEQUENCE))
                .where(SYNC_OUTBOX.OUTCOME.isNull())
                .and(SYNC_OUTBOX.CLIENT_SEQUENCE.le(upTo)).and(SYNC_OUTBOX.CLIENT_SEQUENCE.gt(after))
                .orderBy(SYNC_OUTBOX.OUTCOME, SYNC_OUTBOX.CLIENT_SEQUENCE).limit(limit).fetch()) {
            String payload = row.get(SYNC_OUTBOX_PAYLOAD.PAYLOAD);
            // Mediation cases are whole snapshots of up to MAX_CASE_CHARS: the push stays well inside the body limit.
            chars += payload == null ? 0 : payload.length();
            if (!batch.isEmpty() && chars > cn.zongzhi.sync.protocol.SyncLimits.MAX_BATCH_CHARS) {
                break;
            }
            batch.add(mutation(row.into(SYNC_OUTBOX), payload));
        }
        return batch;
    }

    private static Mutation mutation(cn.zongzhi.db.jooq.tables.records.SyncOutboxRecord row, String payloadJson) {
        MutationKind kind = MutationKind.valueOf(row.getMutationKind());
        Transition transition = kind == MutationKind.TRANSITION ? new Transition(row.getAction(),
                row.getFromStatus(), row.getToStatus(), row.getReason(), row.getSatisfaction()) : null;
        ObjectNode payload = payloadJson == null ? null : readObject(payloadJson);
        return new Mutation(row.getMutationId(), row.getClientSequence(), EntityKind.valueOf(row.getEntityKind()),
                row.getEntityId(), kind, row.getBaseVersion(), transition, row.getHlc(),
                new Actor(row.getOperatorId(), row.getOperatorName()), payload);
    }

    /**
     * Stores the city's answers and brings each incident whose rows are all answered back to the city's last
     * word where the city did not take the local change (refused, or overruled in a conflict): the local data
     * returns to what the city holds and the refusal stays listed for the operator.
     */
    public void recordOutcomes(List<Outcome> outcomes, List<Mutation> sent, long highestSent, Instant now) {
        var answer = dsl.batch(dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.OUTCOME, (String) null)
                .set(SYNC_OUTBOX.REASON_CODE, (String) null).set(SYNC_OUTBOX.REASON_TEXT, (String) null)
                .set(SYNC_OUTBOX.ANSWERED_AT, (OffsetDateTime) null).where(SYNC_OUTBOX.MUTATION_ID.eq((UUID) null)));
        Set<UUID> overruledMutations = new LinkedHashSet<>();
        for (Outcome outcome : outcomes) {
            answer.bind(outcome.outcome().name(), outcome.reasonCode(), truncate(outcome.reasonText(), 1000), at(now),
                    outcome.mutationId());
            if (outcome.outcome() == OutcomeKind.REJECTED || outcome.outcome() == OutcomeKind.CONFLICT_RECORDED) {
                overruledMutations.add(outcome.mutationId());
            }
        }
        if (!outcomes.isEmpty()) {
            answer.execute();
        }
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.HIGHEST_SENT, DSL.greatest(SYNC_STATUS.HIGHEST_SENT, DSL.val(highestSent)))
                .where(SYNC_STATUS.ID.eq(1)).execute();
        // The rows that need more than their answer, known from the batch as sent: a case's snapshot (its server
        // version, or its refusal), a refused proposal and any overruled incident row.
        Map<UUID, Outcome> answers = new java.util.HashMap<>();
        outcomes.stream().filter(outcome -> outcome.mutationId() != null)
                .forEach(outcome -> answers.put(outcome.mutationId(), outcome));
        Map<UUID, Long> caseVersions = new LinkedHashMap<>();
        Set<UUID> overruledCases = new LinkedHashSet<>();
        Set<UUID> overruled = new LinkedHashSet<>();
        Set<UUID> refusedProposals = new LinkedHashSet<>();
        Set<UUID> refusedTaskAnswers = new LinkedHashSet<>();
        Set<UUID> refusedCreations = new LinkedHashSet<>();
        for (Mutation mutation : sent) {
            Outcome outcome = answers.get(mutation.mutationId());
            boolean isCase = mutation.entityKind() == EntityKind.DISPUTE;
            if (outcome == null || !isCase && !overruledMutations.contains(mutation.mutationId())) {
                continue;
            }
            boolean refused = outcome.outcome() == OutcomeKind.REJECTED;
            if (mutation.entityKind() == EntityKind.PROPOSAL) {
                if (refused && mutation.kind() == MutationKind.CREATE) {
                    refusedProposals.add(mutation.entityId());
                }
            } else if (mutation.entityKind() == EntityKind.TASK) {
                if (refused) {
                    refusedTaskAnswers.add(mutation.entityId());
                }
            } else if (!isCase) {
                overruled.add(mutation.entityId());
                if (refused && mutation.entityKind() == EntityKind.INCIDENT && mutation.kind() == MutationKind.CREATE
                        && !INCIDENT_EXISTS.equals(outcome.reasonCode())) {
                    refusedCreations.add(mutation.entityId());
                }
            } else if (refused && MediationCaseSyncRepository.othersChangeRefused(outcome.reasonCode())) {
                // Only a change the owner's copy never had is undone; the owner's own refused case keeps its data
                // (too large, a fault on the server...) and its refusal stays listed (MediationCaseSyncRepository).
                overruledCases.add(mutation.entityId());
            } else if (outcome.serverVersion() != null) {
                caseVersions.merge(mutation.entityId(), outcome.serverVersion(), Math::max);
            }
        }
        new CaseProposalSyncRepository(dsl).refused(refusedProposals);
        answerable(refusedTaskAnswers);
        notReceived(refusedCreations);
        MediationCaseSyncRepository cases = new MediationCaseSyncRepository(dsl);
        cases.acknowledged(caseVersions);
        // Put back only once every row of the case or incident is answered: a later row's answer brings a newer word.
        overruledCases.forEach(cases::restoreCityCopy);
        for (UUID entity : overruled) {
            if (!stillWaiting(entity)) {
                shadow(entity).ifPresent(shadow -> applyIncident(shadow, true, now, new KnownCodes()));
            }
        }
    }

    /**
     * Tasks whose answer the city refused are listed to answer again: answering marked them seen in the answer's own
     * transaction (TaskAnswers), and without this a refused answer hid the task for good while the incident stayed
     * "closure pending". A task the city has closed meanwhile stays closed (it is listed only while open).
     */
    private void answerable(Set<UUID> tasks) {
        if (!tasks.isEmpty()) {
            dsl.update(SYNC_RECORD).set(SYNC_RECORD.ACKNOWLEDGED, false).where(SYNC_RECORD.ENTITY_KIND.eq(EntityKind.TASK.name()))
                    .and(SYNC_RECORD.ENTITY_ID.in(tasks.stream().map(UUID::toString).toList())).execute();
        }
    }

    /**
     * Incidents the city refused to create stand as REFUSED (市级未接收) until the clerk corrects and resubmits them
     * ({@link #resubmit}). Before, such an incident stayed PENDING for good: only LOCAL incidents are queued, the
     * refusal handling puts an incident back to the city's copy (there is none), and every later step went out as
     * an edit of an incident the city lacks, refused again each time. What still waits behind the creation is taken
     * back (the incident's row holds its result, which the resubmitted creation carries), and the rows that went
     * with it and were refused only for want of it ({@code unknown-incident}) are marked seen: the creation's
     * refusal is the one the clerk has to act on, and it stays listed until then.
     */
    private void notReceived(Set<UUID> incidents) {
        if (incidents.isEmpty()) {
            return;
        }
        dsl.update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, REFUSED).where(INCIDENT_SYNC.INCIDENT_ID.in(incidents))
                .and(INCIDENT_SYNC.STATE.eq("PENDING")).and(INCIDENT_SYNC.SERVER_VERSION.isNull()).execute();
        var ofThose = SYNC_OUTBOX.ENTITY_KIND.eq(INCIDENT_KIND).and(SYNC_OUTBOX.ENTITY_ID.in(incidents));
        dsl.deleteFrom(SYNC_OUTBOX).where(ofThose).and(SYNC_OUTBOX.OUTCOME.isNull()).execute();
        dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.ACKNOWLEDGED, true).where(ofThose)
                .and(SYNC_OUTBOX.OUTCOME.eq(OutcomeKind.REJECTED.name())).and(SYNC_OUTBOX.REASON_CODE.eq("unknown-incident"))
                .execute();
    }

    /**
     * 重新报送: an incident the city refused to create goes again as a fresh creation with its state as it is now
     * (corrected meanwhile, with the steps taken since), at the next round: it becomes LOCAL, as if never sent. Its
     * notes get new ids: those sent behind the refused creation were refused under their ids, and the city answers
     * an id it has seen with its stored answer. The refusal of the old creation is marked seen (this resolves it).
     *
     * @return false if the incident does not stand refused (resubmitted already, voided, or the city has it)
     */
    public boolean resubmit(UUID incidentId) {
        String state = dsl.select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC).where(INCIDENT_SYNC.INCIDENT_ID.eq(incidentId))
                .forUpdate().fetchOptional(INCIDENT_SYNC.STATE).orElse(null);
        // A voided incident is not sent anew: the creation would carry it as live.
        if (!REFUSED.equals(state) || !standsRefused(incidentId)) {
            return false;
        }
        dsl.update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, "LOCAL").where(INCIDENT_SYNC.INCIDENT_ID.eq(incidentId)).execute();
        for (UUID note : dsl.select(INCIDENT_EVENT.ID).from(INCIDENT_EVENT).where(INCIDENT_EVENT.INCIDENT_ID.eq(incidentId))
                .and(INCIDENT_EVENT.ACTION.eq("NOTE")).fetch(INCIDENT_EVENT.ID)) {
            dsl.update(INCIDENT_EVENT).set(INCIDENT_EVENT.ID, UUID.randomUUID()).where(INCIDENT_EVENT.ID.eq(note)).execute();
        }
        dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.ACKNOWLEDGED, true).where(SYNC_OUTBOX.ENTITY_KIND.eq(INCIDENT_KIND))
                .and(SYNC_OUTBOX.ENTITY_ID.eq(incidentId)).and(SYNC_OUTBOX.OUTCOME.eq(OutcomeKind.REJECTED.name())).execute();
        return true;
    }

    /** Whether the incident stands refused by the city and is not voided: its refusal is resolved only by resubmitting. */
    public boolean standsRefused(UUID incidentId) {
        return dsl.fetchExists(dsl.selectOne().from(INCIDENT_SYNC).join(INCIDENT).on(INCIDENT.ID.eq(INCIDENT_SYNC.INCIDENT_ID))
                .where(INCIDENT_SYNC.INCIDENT_ID.eq(incidentId)).and(INCIDENT_SYNC.STATE.eq(REFUSED)).and(INCIDENT.VOIDED.isFalse()));
    }

    private boolean stillWaiting(UUID entity) {
        return plainBinds().fetchExists(SYNC_OUTBOX, SYNC_OUTBOX.ENTITY_ID.eq(entity).and(SYNC_OUTBOX.OUTCOME.isNull()));
    }

    // Pulling

    /** The cursor moves in the same transaction as the changes of the page it covers. */
    public void moveCursor(long cursor) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.PULL_CURSOR, cursor).where(SYNC_STATUS.ID.eq(1)).execute();
    }

    /** What applying a page did, for the round's summary. */
    public record Applied(int incidents, int kept, int records) {
    }

    /**
     * Applies a page in the caller's transaction. The incidents that appear once in the page — all of them in a
     * first sync — are applied together with a few statements for the whole page: their shadows, waiting outbox
     * rows and local rows read in one query each, then batched writes, each row update still guarded by its
     * row version and writing only the columns whose value changes (the echo of a creation the city took as
     * sent changes little more than its server version). An incident with several changes in one page, and
     * every other kind of record, is applied change by change in page order.
     */
    public Applied applyPage(List<Change> changes, Instant now) {
        Map<UUID, Integer> changesPerIncident = new java.util.HashMap<>();
        for (Change change : changes) {
            if (change.entityKind() == EntityKind.INCIDENT) {
                changesPerIncident.merge(change.entityId(), 1, Integer::sum);
            }
        }
        List<Change> once = changes.stream().filter(change -> change.entityKind() == EntityKind.INCIDENT
                && changesPerIncident.get(change.entityId()) == 1).toList();
        KnownCodes known = new KnownCodes();
        Applied together = once.isEmpty() ? new Applied(0, 0, 0) : applyIncidentsTogether(once, known, now);
        int incidents = together.incidents();
        int kept = together.kept();
        int records = 0;
        for (Change change : changes) {
            switch (change.entityKind()) {
                case INCIDENT -> {
                    if (changesPerIncident.get(change.entityId()) == 1) {
                        continue;
                    }
                    saveShadow(change);
                    if (stillWaiting(change.entityId())) {
                        // Our own steps on it are still on their way: the city's answer to them will follow.
                        kept++;
                    } else if (applyIncident(change, false, now, known)) {
                        incidents++;
                    }
                }
                case NOTE, CONFLICT, TASK -> {
                    saveRecord(change, now);
                    if (change.entityKind() == EntityKind.NOTE) {
                        addNoteEvent(change, now);
                    }
                    records++;
                }
                case ATTACHMENT -> new AttachmentSyncRepository(dsl).described(change, now);
                case PROPOSAL -> {
                    // In a savepoint, like a case: a proposal this console cannot read never stops the page.
                    try {
                        if (dsl.transactionResult(savepoint -> new CaseProposalSyncRepository(savepoint.dsl()).apply(change, now))) {
                            records++;
                        }
                    } catch (RuntimeException unreadable) {
                        org.slf4j.LoggerFactory.getLogger(SyncClientRepository.class).warn(
                                "proposal {} (version {}) from the city not applied: {}", change.entityId(), change.version(),
                                unreadable.toString());
                    }
                }
                case DISPUTE -> {
                    // In a savepoint: a case this console cannot store (a value it cannot read, a newer server's
                    // shape) is passed over and logged, and never stops the page behind it.
                    try {
                        if (dsl.transactionResult(savepoint -> new MediationCaseSyncRepository(savepoint.dsl()).apply(change, now))) {
                            records++;
                        }
                    } catch (RuntimeException unreadable) {
                        org.slf4j.LoggerFactory.getLogger(SyncClientRepository.class).warn(
                                "mediation case {} (version {}) from the city not applied: {}", change.entityId(), change.version(),
                                unreadable.toString());
                    }
                }
                default -> {
                    // A kind a newer server sends: kept nowhere, but it does not stop the page.
                }
            }
        }
        return new Applied(incidents, kept, records);
    }

    /** {@link #applyPage} for incidents with one change each in the page: the same rules, batched. */
    private Applied applyIncidentsTogether(List<Change> changes, KnownCodes known, Instant now) {
        List<UUID> ids = changes.stream().map(Change::entityId).toList();
        Map<UUID, Long> shadows = new java.util.HashMap<>();
        plainBinds().select(SYNC_SHADOW.INCIDENT_ID, SYNC_SHADOW.VERSION).from(SYNC_SHADOW).where(SYNC_SHADOW.INCIDENT_ID.in(ids))
                .fetch().forEach(row -> shadows.put(row.value1(), row.value2()));
        var newerShadows = dsl.batch(dsl.update(SYNC_SHADOW).set(SYNC_SHADOW.VERSION, (Long) null)
                .set(SYNC_SHADOW.DATA, (String) null).where(SYNC_SHADOW.INCIDENT_ID.eq((UUID) null))
                .and(SYNC_SHADOW.VERSION.lt((Long) null)));
        var firstShadows = dsl.batch(dsl.insertInto(SYNC_SHADOW, SYNC_SHADOW.INCIDENT_ID, SYNC_SHADOW.VERSION, SYNC_SHADOW.DATA)
                .values((UUID) null, null, null));
        int newer = 0;
        int first = 0;
        for (Change change : changes) {
            Long version = shadows.get(change.entityId());
            if (version == null) {
                firstShadows.bind(change.entityId(), change.version(), change.data().toString());
                first++;
            } else if (version < change.version()) {
                newerShadows.bind(change.version(), change.data().toString(), change.entityId(), change.version());
                newer++;
            }
        }
        if (first > 0) {
            firstShadows.execute();
        }
        if (newer > 0) {
            newerShadows.execute();
        }

        Set<UUID> waiting = new java.util.HashSet<>(plainBinds().selectDistinct(SYNC_OUTBOX.ENTITY_ID).from(SYNC_OUTBOX)
                .where(SYNC_OUTBOX.ENTITY_ID.in(ids)).and(SYNC_OUTBOX.OUTCOME.isNull()).fetch(SYNC_OUTBOX.ENTITY_ID));
        List<Field<?>> localColumns = new ArrayList<>(incidentColumns());
        localColumns.addAll(List.of(INCIDENT.HLC, INCIDENT_SYNC.SERVER_VERSION));
        Map<UUID, Record> locals = new java.util.HashMap<>();
        plainBinds().select(localColumns).from(INCIDENT).leftJoin(INCIDENT_SYNC).on(INCIDENT_SYNC.INCIDENT_ID.eq(INCIDENT.ID))
                .where(INCIDENT.ID.in(ids)).fetch()
                .forEach(row -> locals.put(row.get(INCIDENT.ID), row));
        lookUpCodes(known, changes.stream().filter(change -> !waiting.contains(change.entityId())).map(Change::data).toList());

        int incidents = 0;
        int kept = 0;
        // Updates grouped by the columns they write, one batched statement per group. The echo of this console's own
        // creation, taken as sent, differs from the local row in nothing but its clock stamp: only its standing
        // changes (decision 0019), the incident row and its sixteen indexes are left alone.
        Map<List<Field<?>>, List<Object[]>> updates = new LinkedHashMap<>();
        Map<List<Field<?>>, List<Change>> updated = new LinkedHashMap<>();
        List<Object[]> standings = new ArrayList<>();
        for (Change change : changes) {
            if (waiting.contains(change.entityId())) {
                // Our own steps on it are still on their way: the city's answer to them will follow.
                kept++;
                continue;
            }
            Record local = locals.get(change.entityId());
            if (local == null) {
                if (applyIncident(change, false, now, known)) {
                    incidents++;
                }
                continue;
            }
            Long localVersion = local.get(INCIDENT_SYNC.SERVER_VERSION);
            if (localVersion != null && localVersion >= change.version()) {
                continue;
            }
            Map<Field<?>, Object> values = cityValues(change, known);
            // Set once at creation on the city's side; a local row keeps its own case number and channel.
            values.remove(INCIDENT.CASE_NO);
            values.remove(INCIDENT.CHANNEL);
            List<Field<?>> columns = new ArrayList<>();
            List<Object> binds = new ArrayList<>();
            for (Map.Entry<Field<?>, Object> value : values.entrySet()) {
                if (!java.util.Objects.equals(local.get(value.getKey()), value.getValue())) {
                    columns.add(value.getKey());
                    binds.add(value.getValue());
                }
            }
            long rowVersion = local.get(INCIDENT.ROW_VERSION);
            if (columns.isEmpty() || columns.equals(List.of(INCIDENT.HLC))) {
                // Guarded by the row version read: a step taken here meanwhile keeps its row and its PENDING.
                standings.add(new Object[] {change.version(), change.entityId(), change.entityId(), rowVersion});
                incidents++;
                continue;
            }
            binds.add(rowVersion + 1);
            binds.add(change.entityId());
            binds.add(rowVersion);
            updates.computeIfAbsent(columns, key -> new ArrayList<>()).add(binds.toArray());
            updated.computeIfAbsent(columns, key -> new ArrayList<>()).add(change);
        }
        List<PulledStep> steps = new ArrayList<>();
        List<UUID> searchNotes = new ArrayList<>();
        for (Map.Entry<List<Field<?>>, List<Object[]>> group : updates.entrySet()) {
            Map<Field<?>, Object> set = new LinkedHashMap<>();
            group.getKey().forEach(column -> set.put(column, null));
            set.put(INCIDENT.ROW_VERSION, null);
            var batch = dsl.batch(dsl.update(INCIDENT).set(set)
                    .where(INCIDENT.ID.eq((UUID) null)).and(INCIDENT.ROW_VERSION.eq((Long) null)));
            group.getValue().forEach(batch::bind);
            int[] counts = batch.execute();
            List<Change> applied = updated.get(group.getKey());
            for (int i = 0; i < counts.length; i++) {
                // A row changed locally while this was read is left alone: its change is in the outbox.
                if (counts[i] == 1) {
                    incidents++;
                    searchNotes.add(applied.get(i).entityId());
                    steps.add(new PulledStep(applied.get(i).entityId(), applied.get(i).data().get("lastStep")));
                    Object[] binds = group.getValue().get(i);
                    // The row version this update wrote: its binds end with the new version, the id, the old version.
                    standings.add(new Object[] {applied.get(i).version(), applied.get(i).entityId(), applied.get(i).entityId(),
                            binds[binds.length - 3]});
                }
            }
        }
        if (!standings.isEmpty()) {
            var standing = dsl.batch(dsl.update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, DSL.inline("SYNCED"))
                    .set(INCIDENT_SYNC.SERVER_VERSION, (Long) null).where(INCIDENT_SYNC.INCIDENT_ID.eq((UUID) null))
                    .andExists(DSL.selectOne().from(INCIDENT).where(INCIDENT.ID.eq((UUID) null))
                            .and(INCIDENT.ROW_VERSION.eq((Long) null))));
            standings.forEach(standing::bind);
            standing.execute();
        }
        cn.zongzhi.incidents.IncidentSearchRepository.markChanged(dsl, searchNotes);
        addStepEvents(steps);
        return new Applied(incidents, kept, 0);
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
    private boolean applyIncident(Change change, boolean restoring, Instant now, KnownCodes known) {
        ObjectNode data = change.data();
        UUID id = change.entityId();
        Record local = dsl.select(INCIDENT.ROW_VERSION, INCIDENT_SYNC.SERVER_VERSION).from(INCIDENT)
                .leftJoin(INCIDENT_SYNC).on(INCIDENT_SYNC.INCIDENT_ID.eq(INCIDENT.ID)).where(INCIDENT.ID.eq(id)).fetchOne();
        Map<Field<?>, Object> values = cityValues(change, known);
        if (local == null) {
            values.put(INCIDENT.ID, id);
            String origin = data.path("originOffice").asText("?");
            if (values.get(INCIDENT.CASE_NO) == null) {
                // Without the dashes: "SYNC-" and a whole UUID is 41 characters, one more than the column holds, and
                // the page carrying it could never be applied (the feed stopped there for good).
                values.put(INCIDENT.CASE_NO, "SYNC-" + id.toString().replace("-", ""));
            } else {
                // Towns number on their own: a number another incident here has must not stop the feed at a unique index.
                values.put(INCIDENT.CASE_NO, new cn.zongzhi.db.CaseNumberRepository(dsl)
                        .unusedFor((String) values.get(INCIDENT.CASE_NO), origin, id, INCIDENT, INCIDENT.CASE_NO, INCIDENT.ID));
            }
            if (values.get(INCIDENT.CHANNEL) == null) {
                values.put(INCIDENT.CHANNEL, "OTHER");
            }
            if (values.get(INCIDENT.REPORTED_AT) == null) {
                values.put(INCIDENT.REPORTED_AT, at(now));
            }
            values.put(INCIDENT.ORIGIN_OFFICE, origin);
            values.put(INCIDENT.ROW_VERSION, 1L);
            dsl.insertInto(INCIDENT).set(values).execute();
            standSynced(id, change.version());
            cn.zongzhi.incidents.IncidentSearchRepository.markChanged(dsl, List.of(id));
            addReportEvent(id, data, now);
        } else {
            Long localVersion = local.get(INCIDENT_SYNC.SERVER_VERSION);
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
            standSynced(id, change.version());
            cn.zongzhi.incidents.IncidentSearchRepository.markChanged(dsl, List.of(id));
        }
        addStepEvents(List.of(new PulledStep(id, data.get("lastStep"))));
        return true;
    }

    /** The incident now holds the city's state at {@code version} (its standing row, written or replaced). */
    private void standSynced(UUID id, long version) {
        dsl.insertInto(INCIDENT_SYNC).set(INCIDENT_SYNC.INCIDENT_ID, id).set(INCIDENT_SYNC.STATE, "SYNCED")
                .set(INCIDENT_SYNC.SERVER_VERSION, version).onDuplicateKeyUpdate()
                .set(INCIDENT_SYNC.STATE, "SYNCED").set(INCIDENT_SYNC.SERVER_VERSION, version).execute();
    }

    /**
     * The city's state of an incident as local column values: all its fields, status, counters and clock stamp;
     * reference codes this console does not have are left empty. Its standing is written beside it.
     */
    private Map<Field<?>, Object> cityValues(Change change, KnownCodes known) {
        ObjectNode data = change.data();
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        for (IncidentFields spec : IncidentFields.values()) {
            if (!data.has(spec.wireName)) {
                continue;
            }
            Object value = spec.toColumn(data.get(spec.wireName));
            values.put(COLUMNS.get(spec), value);
        }
        clearUnknownCodes(known, values);
        values.put(INCIDENT.STATUS, data.path("status").asText());
        values.put(INCIDENT.REWORK_COUNT, data.path("reworkCount").asInt(0));
        values.put(INCIDENT.EXTENSION_PENDING, data.path("extensionPending").asBoolean(false));
        values.put(INCIDENT.ESCALATION_LEVEL, data.path("escalationLevel").asInt(0));
        values.put(INCIDENT.VOIDED, data.path("voided").asBoolean(false));
        values.put(INCIDENT.HLC, data.path("hlc").asLong());
        return values;
    }

    /**
     * Which category, department and area codes this console has, each asked once: in bulk for a page
     * ({@link #lookUpCodes}), otherwise one code at a time as met ({@link #clearUnknownCodes}).
     */
    private static final class KnownCodes {
        final Map<String, Boolean> categories = new java.util.HashMap<>();
        final Map<String, Boolean> departments = new java.util.HashMap<>();
        final Map<String, Boolean> areas = new java.util.HashMap<>();
    }

    private void lookUpCodes(KnownCodes known, List<ObjectNode> incidents) {
        lookUpCodes(incidents, IncidentFields.CATEGORY_CODE, known.categories, INCIDENT_CATEGORY, INCIDENT_CATEGORY.CODE);
        lookUpCodes(incidents, IncidentFields.DEPARTMENT_CODE, known.departments, DEPARTMENT, DEPARTMENT.CODE);
        lookUpCodes(incidents, IncidentFields.AREA_CODE, known.areas, ADMIN_AREA, ADMIN_AREA.CODE);
    }

    private void lookUpCodes(List<ObjectNode> incidents, IncidentFields spec, Map<String, Boolean> cache,
                             org.jooq.Table<?> table, Field<String> code) {
        Set<String> asked = new LinkedHashSet<>();
        for (ObjectNode incident : incidents) {
            Object value = spec.toColumn(incident.get(spec.wireName));
            if (value != null && !cache.containsKey(value.toString())) {
                asked.add(value.toString());
            }
        }
        if (asked.isEmpty()) {
            return;
        }
        asked.forEach(value -> cache.put(value, false));
        dsl.select(code).from(table).where(code.in(asked)).fetch(code).forEach(found -> cache.put(found.trim(), true));
    }

    /** Reference data the city has not published to this office yet: the row is kept without the link. */
    private void clearUnknownCodes(KnownCodes known, Map<Field<?>, Object> values) {
        clearUnknownCode(values, INCIDENT.CATEGORY_CODE, known.categories, INCIDENT_CATEGORY, INCIDENT_CATEGORY.CODE);
        clearUnknownCode(values, INCIDENT.DEPARTMENT_CODE, known.departments, DEPARTMENT, DEPARTMENT.CODE);
        clearUnknownCode(values, INCIDENT.AREA_CODE, known.areas, ADMIN_AREA, ADMIN_AREA.CODE);
    }

    private void clearUnknownCode(Map<Field<?>, Object> values, Field<String> column, Map<String, Boolean> cache,
                                  org.jooq.Table<?> table, Field<String> code) {
        Object value = values.get(column);
        if (value != null && !cache.computeIfAbsent(value.toString(), text -> dsl.fetchExists(table, code.eq(text)))) {
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

    /**
     * A note from the city's feed in the incident's history, under the note's id: once, and not again for this
     * console's own note coming back. A note on an incident this console does not hold is kept as a record only.
     */
    private void addNoteEvent(Change change, Instant now) {
        JsonNode data = change.data();
        UUID incidentId = parseUuid(data.path("incidentId").asText(null));
        String text = data.path("text").asText(null);
        if (incidentId == null || text == null || dsl.fetchExists(INCIDENT_EVENT, INCIDENT_EVENT.ID.eq(change.entityId()))) {
            return;
        }
        String status = dsl.select(INCIDENT.STATUS).from(INCIDENT).where(INCIDENT.ID.eq(incidentId)).fetchOne(INCIDENT.STATUS);
        if (status == null) {
            return;
        }
        Instant written = now;
        try {
            String at = data.path("at").asText(null);
            written = at == null ? now : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException unreadable) {
            // A moment this console cannot read (a newer server's form) must not stop the page: the note is kept
            // with the moment it arrived.
        }
        dsl.insertInto(INCIDENT_EVENT).set(INCIDENT_EVENT.ID, change.entityId()).set(INCIDENT_EVENT.INCIDENT_ID, incidentId)
                .set(INCIDENT_EVENT.ACTION, "NOTE").set(INCIDENT_EVENT.FROM_STATUS, status).set(INCIDENT_EVENT.TO_STATUS, status)
                .set(INCIDENT_EVENT.OPERATOR_NAME, truncate(data.path("operatorName").asText(null), 100))
                .set(INCIDENT_EVENT.NOTE, truncate(text, cn.zongzhi.incidents.IncidentService.MAX_NOTE_LENGTH))
                .set(INCIDENT_EVENT.OCCURRED_AT, at(written))
                .set(INCIDENT_EVENT.ORIGIN_OFFICE, data.path("officeCode").asText("?"))
                .set(INCIDENT_EVENT.HLC, data.path("hlc").asLong()).set(INCIDENT_EVENT.SYNC_STATE, "SYNCED").execute();
    }

    /** The last step a pulled change carries, and its incident. */
    private record PulledStep(UUID incidentId, JsonNode step) {
    }

    /**
     * Adds each step another office took to the history under the step's mutation id, so it is added once; the
     * ids already there are found with one query.
     */
    private void addStepEvents(List<PulledStep> steps) {
        Map<UUID, PulledStep> byId = new LinkedHashMap<>();
        for (PulledStep pulled : steps) {
            JsonNode step = pulled.step();
            if (step == null || step.isNull() || !step.hasNonNull("mutationId")) {
                continue;
            }
            UUID eventId = parseUuid(step.get("mutationId").asText());
            if (eventId != null) {
                byId.putIfAbsent(eventId, pulled);
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        dsl.select(INCIDENT_EVENT.ID).from(INCIDENT_EVENT).where(INCIDENT_EVENT.ID.in(byId.keySet())).fetch(INCIDENT_EVENT.ID)
                .forEach(byId::remove);
        if (byId.isEmpty()) {
            return;
        }
        var insert = dsl.batch(dsl.insertInto(INCIDENT_EVENT, INCIDENT_EVENT.ID, INCIDENT_EVENT.INCIDENT_ID,
                        INCIDENT_EVENT.ACTION, INCIDENT_EVENT.FROM_STATUS, INCIDENT_EVENT.TO_STATUS, INCIDENT_EVENT.OPERATOR_NAME,
                        INCIDENT_EVENT.NOTE, INCIDENT_EVENT.OCCURRED_AT, INCIDENT_EVENT.ORIGIN_OFFICE, INCIDENT_EVENT.HLC,
                        INCIDENT_EVENT.SYNC_STATE)
                .values((UUID) null, null, null, null, null, null, null, null, null, null, null));
        for (Map.Entry<UUID, PulledStep> entry : byId.entrySet()) {
            JsonNode step = entry.getValue().step();
            String note = step.path("note").asText(null);
            if (step.hasNonNull("satisfaction")) {
                note = "satisfaction=" + step.get("satisfaction").asText() + (note == null ? "" : "; " + note);
            }
            insert.bind(entry.getKey(), entry.getValue().incidentId(), step.path("action").asText(), step.path("from").asText(null),
                    step.path("to").asText(null), truncate(step.path("operatorName").asText(null), 100), truncate(note, 2000),
                    at(Instant.parse(step.path("at").asText())), step.path("officeCode").asText("?"), 0L, "SYNCED");
        }
        insert.execute();
    }

    // Reading for the status bar, the sync screen and the convergence checks

    /**
     * Counts for the status bar: what waits to go, what the city refused, conflicts not yet dealt with.
     *
     * @param waiting     outbox rows not yet answered
     * @param neverQueued what a round will hand to the outbox (or send) that is not there yet: incidents never
     *                    sent, photos and documents not yet uploaded, mediation cases changed since their last
     *                    snapshot (a case with its parties and sessions counts once)
     */
    public record Counts(int waiting, int neverQueued, int rejected, int conflicts, int tasks) {
    }

    public Counts counts() {
        var attachment = cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
        var dispute = cn.zongzhi.db.jooq.Tables.DISPUTE;
        var party = cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
        var session = cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
        int waiting = dsl.fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull());
        int local = dsl.fetchCount(INCIDENT_SYNC, INCIDENT_SYNC.STATE.eq("LOCAL"));
        // Demo incidents have no standing (INCIDENT_SYNC), so the join leaves their attachments out, as uploads do.
        int attachments = dsl.fetchCount(dsl.select(attachment.ID).from(attachment).join(INCIDENT_SYNC)
                .on(INCIDENT_SYNC.INCIDENT_ID.eq(attachment.INCIDENT_ID)).where(attachment.SYNC_STATE.eq("LOCAL")));
        // As MediationCaseSyncRepository.queueChanged finds them: a case whose row, a party or a session changed.
        int cases = dsl.fetchCount(dsl.select(dispute.ID).from(dispute).where(dispute.SYNC_STATE.eq("PENDING"))
                .and(dispute.DEMO.isFalse())
                .union(dsl.select(party.DISPUTE_ID).from(party).join(dispute).on(dispute.ID.eq(party.DISPUTE_ID))
                        .where(party.SYNC_STATE.eq("PENDING")).and(dispute.DEMO.isFalse()))
                .union(dsl.select(session.DISPUTE_ID).from(session).join(dispute).on(dispute.ID.eq(session.DISPUTE_ID))
                        .where(session.SYNC_STATE.eq("PENDING")).and(dispute.DEMO.isFalse())));
        int rejected = dsl.fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.eq(OutcomeKind.REJECTED.name())
                .and(SYNC_OUTBOX.ACKNOWLEDGED.isFalse()));
        // A conflict the operator has accepted (采用市级结果) is dealt with here, like an acknowledged refusal.
        int conflicts = dsl.fetchCount(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(EntityKind.CONFLICT.name())
                .and(SYNC_RECORD.RESOLVED.isFalse()).and(SYNC_RECORD.ACKNOWLEDGED.isFalse()));
        int tasks = dsl.fetchCount(SYNC_RECORD, SYNC_RECORD.ENTITY_KIND.eq(EntityKind.TASK.name())
                .and(SYNC_RECORD.RESOLVED.isFalse()));
        return new Counts(waiting, local + attachments + cases, rejected, conflicts, tasks);
    }

    /** The case number of the incident a city record (a dispatcher task, a conflict) is about, if this console has it. */
    public Optional<String> caseNoOfRecord(EntityKind kind, UUID id) {
        return dsl.select(INCIDENT.CASE_NO).from(SYNC_RECORD).join(INCIDENT).on(INCIDENT.ID.eq(SYNC_RECORD.INCIDENT_ID))
                .where(SYNC_RECORD.ENTITY_KIND.eq(kind.name())).and(SYNC_RECORD.ENTITY_ID.eq(id.toString()))
                .fetchOptional(INCIDENT.CASE_NO);
    }

    /** A refused outbox row as the operator sees it. */
    public record Refusal(long clientSequence, UUID mutationId, UUID incidentId, String caseNo, String kind,
                          String action, String reasonCode, String reasonText, Instant answeredAt, boolean resubmittable) {
    }

    /**
     * Refusals not yet acknowledged, newest first. The case number is the incident's, the mediation case's, or for
     * an attachment its incident's and for a proposal its case's; an attachment's refusal reads as ATTACH (its outbox
     * row says CREATE), a proposal's as PROPOSE, an answer to one as ANSWER_PROPOSAL.
     */
    public List<Refusal> refusals(int limit) {
        var attachment = cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
        var attachedTo = INCIDENT.as("attached_to");
        var dispute = cn.zongzhi.db.jooq.Tables.DISPUTE;
        var proposal = cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL;
        var proposedTo = dispute.as("proposed_to");
        return dsl.select(SYNC_OUTBOX.CLIENT_SEQUENCE, SYNC_OUTBOX.MUTATION_ID, SYNC_OUTBOX.ENTITY_ID,
                        DSL.coalesce(INCIDENT.CASE_NO, dispute.CASE_NO, attachedTo.CASE_NO, proposedTo.CASE_NO),
                        DSL.when(SYNC_OUTBOX.ENTITY_KIND.eq(EntityKind.ATTACHMENT.name()), DSL.inline("ATTACH"))
                                .when(SYNC_OUTBOX.ENTITY_KIND.eq(EntityKind.PROPOSAL.name()).and(SYNC_OUTBOX.MUTATION_KIND
                                        .eq(MutationKind.CREATE.name())), DSL.inline("PROPOSE"))
                                .when(SYNC_OUTBOX.ENTITY_KIND.eq(EntityKind.PROPOSAL.name()), DSL.inline("ANSWER_PROPOSAL"))
                                .otherwise(SYNC_OUTBOX.MUTATION_KIND),
                        SYNC_OUTBOX.ACTION, SYNC_OUTBOX.REASON_CODE, SYNC_OUTBOX.REASON_TEXT, SYNC_OUTBOX.ANSWERED_AT,
                        DSL.field(SYNC_OUTBOX.ENTITY_KIND.eq(INCIDENT_KIND).and(SYNC_OUTBOX.MUTATION_KIND.eq(MutationKind.CREATE.name()))
                                .and(INCIDENT_SYNC.STATE.eq(REFUSED)).and(INCIDENT.VOIDED.isFalse())))
                .from(SYNC_OUTBOX).leftJoin(INCIDENT).on(INCIDENT.ID.eq(SYNC_OUTBOX.ENTITY_ID))
                .leftJoin(INCIDENT_SYNC).on(INCIDENT_SYNC.INCIDENT_ID.eq(INCIDENT.ID))
                .leftJoin(dispute).on(dispute.ID.eq(SYNC_OUTBOX.ENTITY_ID))
                .leftJoin(attachment).on(attachment.ID.eq(SYNC_OUTBOX.ENTITY_ID))
                .leftJoin(attachedTo).on(attachedTo.ID.eq(attachment.INCIDENT_ID))
                .leftJoin(proposal).on(proposal.ID.eq(SYNC_OUTBOX.ENTITY_ID))
                .leftJoin(proposedTo).on(proposedTo.ID.eq(proposal.DISPUTE_ID))
                .where(SYNC_OUTBOX.OUTCOME.eq(OutcomeKind.REJECTED.name())).and(SYNC_OUTBOX.ACKNOWLEDGED.isFalse())
                .orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE.desc()).limit(limit)
                .fetch(row -> new Refusal(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                        row.value7(), row.value8(), instant(row.value9()), Boolean.TRUE.equals(row.value10())));
    }

    /**
     * 知道了 on a refusal. Not on the refused creation of an incident that still stands refused: the city does not
     * have that incident at all, so the refusal stays listed until the clerk resubmits or voids it.
     *
     * @return whether the refusal was marked seen
     */
    public boolean acknowledge(UUID mutationId) {
        return dsl.update(SYNC_OUTBOX).set(SYNC_OUTBOX.ACKNOWLEDGED, true).where(SYNC_OUTBOX.MUTATION_ID.eq(mutationId))
                .andNot(SYNC_OUTBOX.ENTITY_KIND.eq(INCIDENT_KIND).and(SYNC_OUTBOX.MUTATION_KIND.eq(MutationKind.CREATE.name()))
                        .and(DSL.exists(DSL.selectOne().from(INCIDENT_SYNC).join(INCIDENT).on(INCIDENT.ID.eq(INCIDENT_SYNC.INCIDENT_ID))
                                .where(INCIDENT_SYNC.INCIDENT_ID.eq(SYNC_OUTBOX.ENTITY_ID)).and(INCIDENT_SYNC.STATE.eq(REFUSED))
                                .and(INCIDENT.VOIDED.isFalse()))))
                .execute() == 1;
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
