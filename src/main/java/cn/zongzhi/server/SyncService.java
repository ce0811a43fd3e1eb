package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.IncidentFields;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.IncidentState;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.incidents.WorkflowEffects;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.SyncJson;
import cn.zongzhi.sync.protocol.SyncLimits;
import cn.zongzhi.sync.protocol.Transition;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The server side of the sync protocol (decision 0010): hello, push and pull. Each pushed mutation is applied
 * in a transaction of its own together with its stored outcome, its conflict records and its unnumbered change
 * log rows; a mutation the server refuses is recorded as rejected and the batch goes on.
 */
final class SyncService {
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    /** A mutation's JSON beyond this is refused: larger than any incident can be. */
    private static final int MAX_MUTATION_CHARS = 40_000;
    private static final int NUMBERING_BATCH = 10_000;

    private final ServerDatabase database;
    private final PullReads pullReads;
    private final Clock clock;
    private final ReferenceService reference;

    SyncService(ServerDatabase database, Clock clock) {
        this(database, clock, new ReferenceService(database, clock));
    }

    SyncService(ServerDatabase database, Clock clock, ReferenceService reference) {
        this(database, clock, reference, null);
    }

    /** @param pulls a read replica that pulls read from; null: the primary answers them */
    SyncService(ServerDatabase database, Clock clock, ReferenceService reference, ServerDatabase pulls) {
        this.database = database;
        this.clock = clock;
        this.reference = reference;
        this.pullReads = new PullReads(database, pulls);
    }

    /** The installation behind a credential and its office's reach, read afresh on every request. */
    record Caller(String replicaId, Jurisdiction jurisdiction) {
        String officeCode() {
            return jurisdiction.officeCode();
        }
    }

    Caller caller(String replicaId, String officeCode) {
        DSLContext dsl = database.dsl();
        String level = new SyncRepository(dsl).officeLevel(officeCode)
                .orElseThrow(() -> new SyncRefused(403, "no-office", "the office of this credential no longer exists"));
        return new Caller(replicaId, new Jurisdiction(officeCode, level, new ServerRepository(dsl).areas(officeCode)));
    }

    HelloReply hello(Caller caller, Hello hello) {
        if (hello.replicaId() != null && !hello.replicaId().equals(caller.replicaId())) {
            throw new SyncRefused(403, "replica-mismatch", "this credential belongs to another installation");
        }
        Instant now = clock.instant();
        String epoch = new ServerRepository(database.dsl()).epoch(now);
        SyncRepository repository = new SyncRepository(database.dsl());
        repository.ensureReplica(caller.replicaId(), caller.officeCode());
        repository.helloSeen(caller.replicaId(), now);
        long held = repository.highestSequence(caller.replicaId());
        boolean epochChanged = hello.lastSeenEpoch() != null && !hello.lastSeenEpoch().equals(epoch);
        boolean serverBehind = !epochChanged && hello.highestSentSequence() > held;
        if (serverBehind) {
            LOG.warn("replica of office {} sent up to {} but the server holds {}: the server's data is older than what it"
                    + " answered (restored without a new epoch?); the replica re-sends its outbox", caller.officeCode(),
                    hello.highestSentSequence(), held);
        }
        return new HelloReply(epoch, now, held, epochChanged, hello.highestSentSequence() < held, caller.officeCode(),
                caller.jurisdiction().areas(), serverBehind, reference.highWater());
    }

    PushReply push(Caller caller, Push push) {
        List<Mutation> mutations = push.mutations() == null ? List.of() : push.mutations();
        if (mutations.size() > SyncLimits.MAX_MUTATIONS_PER_PUSH) {
            throw new SyncRefused(413, "batch-too-large", "at most " + SyncLimits.MAX_MUTATIONS_PER_PUSH
                    + " mutations per push, this one has " + mutations.size() + "; send the rest in further batches");
        }
        new SyncRepository(database.dsl()).ensureReplica(caller.replicaId(), caller.officeCode());
        List<Outcome> outcomes = new ArrayList<>(mutations.size());
        int next = 0;
        while (next < mutations.size()) {
            int end = next;
            // Runs are of incident mutations and case snapshots (whose refusals all come before any write); anything
            // else (an answer to a task) goes alone, the path that decides it.
            while (end < mutations.size() && mutations.get(end) != null && mutations.get(end).mutationId() != null
                    && (mutations.get(end).entityKind() == EntityKind.INCIDENT
                    || mutations.get(end).entityKind() == EntityKind.DISPUTE && mutations.get(end).kind() == MutationKind.SNAPSHOT)) {
                end++;
            }
            if (end - next >= 2) {
                outcomes.addAll(pushRun(caller, mutations.subList(next, end)));
                next = end;
            } else {
                outcomes.add(pushOne(caller, mutations.get(next)));
                next++;
            }
        }
        numberCommittedChanges();
        return new PushReply(outcomes, new SyncRepository(database.dsl()).highestSequence(caller.replicaId()));
    }

    /**
     * A run of mutations — a first sync's thousands of creations, a day's steps — applied in one transaction with a
     * few batched statements instead of one transaction each: the run's stored outcomes and its incidents (locked,
     * in id order) are read with one query each, every mutation is checked and applied by {@link #apply} exactly as
     * alone but against those incidents as the run changes them (a known id gets its stored answer, a refused
     * mutation has its held writes dropped and its refusal stored beside the others, so a poison mutation is refused
     * alone), and the writes go out at the end as one batch per table. Anything else — a fault in one mutation,
     * two deliveries racing (a key violation), a deadlock or any database error — rolls the run back and it is
     * applied one mutation per transaction, the path that decides those cases.
     */
    private List<Outcome> pushRun(Caller caller, List<Mutation> run) {
        List<UUID> mutationIds = run.stream().map(Mutation::mutationId).toList();
        if (new java.util.HashSet<>(mutationIds).size() < run.size()) {
            // The same id twice in one push: one at a time, so the second gets the first's stored answer.
            return run.stream().map(mutation -> pushOne(caller, mutation)).toList();
        }
        List<String> incidentIds = run.stream().filter(mutation -> mutation.entityKind() == EntityKind.INCIDENT)
                .map(Mutation::entityId).filter(java.util.Objects::nonNull).map(UUID::toString).distinct().toList();
        Instant now = clock.instant();
        try {
            return database.dsl().transactionResult(configuration -> {
                SyncRepository repository = SyncRepository.holding(configuration.dsl(), mutationIds, incidentIds, now);
                List<Outcome> outcomes = new ArrayList<>(run.size());
                for (Mutation mutation : run) {
                    SyncRepository.Mark mark = repository.mark();
                    try {
                        outcomes.add(apply(repository, caller, mutation, now));
                    } catch (Rejected rejected) {
                        repository.reset(mark);
                        Outcome refusal = rejection(mutation, rejected, now);
                        repository.raiseSequence(caller.replicaId(), mutation.clientSequence(), now);
                        repository.storeOutcome(asker(caller, mutation), refusal, now);
                        outcomes.add(refusal);
                    }
                }
                repository.flush(caller.replicaId());
                return outcomes;
            });
        } catch (RuntimeException failure) {
            LOG.info("a run of {} mutations from office {} is applied one at a time instead: {}", run.size(),
                    caller.officeCode(), failure.toString());
        }
        return run.stream().map(mutation -> pushOne(caller, mutation)).toList();
    }

    private Outcome pushOne(Caller caller, Mutation mutation) {
        if (mutation == null || mutation.mutationId() == null) {
            // Without an id there is nothing to key an answer on; the client sees it in the reply and nothing is kept.
            return new Outcome(null, mutation == null ? 0 : mutation.clientSequence(), OutcomeKind.REJECTED,
                    "missing-mutation-id", "a mutation needs a mutation id", null, false, 0);
        }
        Instant now = clock.instant();
        try {
            return database.dsl().transactionResult(configuration -> apply(configuration.dsl(), caller, mutation, now));
        } catch (Rejected rejected) {
            return storeRejection(caller, mutation, rejected, now);
        } catch (IntegrityConstraintViolationException raced) {
            // The same mutation id delivered twice at once: the other delivery committed first and its answer stands.
            return storedOutcome(mutation).orElseThrow(() -> raced);
        } catch (DataAccessException failure) {
            if (isTransient(failure)) {
                throw failure;
            }
            // A server fault, not the client's: the trace is for whoever fixes it (it carries no field values).
            LOG.warn("mutation {} from office {} could not be applied", mutation.mutationId(), caller.officeCode(), failure);
            return storeRejection(caller, mutation, new Rejected("unprocessable", "the server could not apply this mutation"), now);
        } catch (RuntimeException failure) {
            // A server fault, not the client's: the trace is for whoever fixes it (it carries no field values).
            LOG.warn("mutation {} from office {} could not be applied", mutation.mutationId(), caller.officeCode(), failure);
            return storeRejection(caller, mutation, new Rejected("unprocessable", "the server could not apply this mutation"), now);
        }
    }

    /**
     * Deadlocks, serialisation failures, lost connections and lock waits that timed out (PostgreSQL 55P03 and
     * 57014, H2 HYT00): nothing wrong with the mutation, so no outcome is stored and the client retries the batch.
     */
    private static boolean isTransient(DataAccessException failure) {
        String state = failure.sqlState();
        return state != null && (state.startsWith("40") || state.startsWith("08") || state.equals("55P03")
                || state.equals("57014") || state.equals("HYT00"));
    }

    private Optional<Outcome> storedOutcome(Mutation mutation) {
        return new SyncRepository(database.dsl()).storedOutcome(mutation.mutationId()).map(SyncRepository.StoredOutcome::outcome);
    }

    /** A refusal is kept like any outcome (a retry gets the same answer); the mutation's own writes were rolled back. */
    private Outcome storeRejection(Caller caller, Mutation mutation, Rejected rejected, Instant now) {
        Outcome outcome = rejection(mutation, rejected, now);
        try {
            database.dsl().transaction(configuration -> {
                SyncRepository repository = new SyncRepository(configuration.dsl());
                repository.raiseSequence(caller.replicaId(), mutation.clientSequence(), now);
                repository.storeOutcome(asker(caller, mutation), outcome, now);
            });
            return outcome;
        } catch (IntegrityConstraintViolationException raced) {
            return storedOutcome(mutation).orElseThrow(() -> raced);
        }
    }

    private static Outcome rejection(Mutation mutation, Rejected rejected, Instant now) {
        Clamp clamp = clamp(mutation.hlc(), now);
        return withClamp(new Outcome(mutation.mutationId(), mutation.clientSequence(), OutcomeKind.REJECTED,
                rejected.reasonCode, rejected.getMessage(), null, false, clamp.hlc()), clamp);
    }

    /**
     * Applies one mutation inside the caller's transaction and stores its outcome there; a mutation id already
     * answered returns the stored outcome and changes nothing. Throws {@link Rejected} for a mutation that can
     * never apply; the caller rolls back and records the rejection. The replica's row must exist
     * ({@link SyncRepository#ensureReplica}, done by hello and push).
     */
    Outcome apply(DSLContext tx, Caller caller, Mutation mutation, Instant now) {
        return apply(new SyncRepository(tx), caller, mutation, now);
    }

    private Outcome apply(SyncRepository repository, Caller caller, Mutation mutation, Instant now) {
        Optional<SyncRepository.StoredOutcome> stored = repository.storedOutcome(mutation.mutationId());
        if (stored.isPresent()) {
            if (!stored.get().replicaId().equals(caller.replicaId())) {
                return new Outcome(mutation.mutationId(), mutation.clientSequence(), OutcomeKind.REJECTED, "mutation-id-taken",
                        "another installation sent a mutation with this id", null, false, mutation.hlc());
            }
            return stored.get().outcome();
        }
        Clamp clamp = clamp(mutation.hlc(), now);
        // Written once: the size check and the stored audit body are the same text.
        String body = body(mutation);
        check(mutation, body);
        Step step = new Step(repository, caller, mutation, clamp.hlc(), now);
        Applied applied = mutation.entityKind() == EntityKind.PROPOSAL
                ? new CaseProposalSteps(repository, caller, mutation, now).apply()
                : switch (mutation.kind()) {
            case CREATE -> step.create();
            case PATCH -> step.patch();
            case TRANSITION -> step.transition();
            case VOID -> step.voidIt();
            case NOTE -> step.note();
            case RESOLVE -> step.resolveTask();
            case SNAPSHOT -> step.snapshotCase();
            case UNKNOWN -> throw new Rejected("unsupported-mutation", "this server does not know this kind of mutation");
        };
        Outcome outcome = withClamp(new Outcome(mutation.mutationId(), mutation.clientSequence(), applied.kind(),
                applied.reasonCode(), applied.reasonText(), applied.version(), false, clamp.hlc()), clamp);
        repository.raiseSequence(caller.replicaId(), mutation.clientSequence(), now);
        repository.storeOutcome(asker(caller, mutation, body), outcome, now);
        return outcome;
    }

    private static void check(Mutation mutation, String body) {
        boolean answer = mutation.entityKind() == EntityKind.TASK && mutation.kind() == MutationKind.RESOLVE;
        boolean mediationCase = mutation.entityKind() == EntityKind.DISPUTE;
        boolean proposal = mutation.entityKind() == EntityKind.PROPOSAL;
        if (mutation.entityKind() != EntityKind.INCIDENT && !answer && !mediationCase && !proposal) {
            throw new Rejected("unsupported-entity", "this server takes mutations of incidents, mediation cases and"
                    + " proposals to them, and answers to tasks");
        }
        if (mutation.kind() == null) {
            throw new Rejected("unsupported-mutation", "a mutation needs a kind");
        }
        if (proposal && mutation.kind() != MutationKind.CREATE && mutation.kind() != MutationKind.RESOLVE) {
            throw new Rejected("unsupported-mutation", "a proposal is made (CREATE) and answered by the case's owner (RESOLVE)");
        }
        if (mutation.kind() == MutationKind.RESOLVE && !answer && !proposal) {
            throw new Rejected("unsupported-mutation", "RESOLVE answers a dispatcher's task or a proposal");
        }
        if (mediationCase != (mutation.kind() == MutationKind.SNAPSHOT)) {
            throw new Rejected("unsupported-mutation", "a mediation case travels as its owner's SNAPSHOT, and only a case does");
        }
        if (mutation.entityId() == null) {
            throw new Rejected("missing-entity-id", "a mutation needs the id of the record it is about");
        }
        if (mutation.clientSequence() <= 0) {
            throw new Rejected("bad-sequence", "client sequences start at 1");
        }
        int limit = mediationCase ? SyncLimits.MAX_CASE_CHARS : MAX_MUTATION_CHARS;
        if (body.length() > limit) {
            throw new Rejected("mutation-too-large", "a mutation may carry at most " + limit + " characters");
        }
    }

    private static SyncRepository.Asker asker(Caller caller, Mutation mutation) {
        return asker(caller, mutation, body(mutation));
    }

    private static SyncRepository.Asker asker(Caller caller, Mutation mutation, String body) {
        return new SyncRepository.Asker(caller.replicaId(), caller.officeCode(),
                mutation.entityKind() == null ? "UNKNOWN" : mutation.entityKind().name(),
                mutation.entityId() == null ? null : mutation.entityId().toString(),
                mutation.kind() == null ? "UNKNOWN" : mutation.kind().name(),
                mutation.actor() == null ? null : truncate(mutation.actor().operatorId(), 64),
                mutation.actor() == null ? null : truncate(mutation.actor().operatorName(), 100),
                body.length() > MAX_MUTATION_CHARS ? null : body);
    }

    private static String body(Mutation mutation) {
        try {
            return SyncJson.MAPPER.writeValueAsString(mutation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a mutation read from JSON writes back to JSON", e);
        }
    }

    private static String truncate(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    // Hybrid-clock stamps

    /** The stamp the server uses, and whether it had to be pulled back from the future. */
    record Clamp(long hlc, boolean clamped, Duration ahead) {
    }

    /**
     * A device whose clock runs in 2099 would win every last-writer contest; stamps beyond server time plus
     * {@link SyncLimits#CLOCK_MARGIN} are pulled back to that ceiling and the outcome says so.
     */
    static Clamp clamp(long hlc, Instant now) {
        long ceilingMillis = now.plus(SyncLimits.CLOCK_MARGIN).toEpochMilli();
        long ceiling = HybridClock.stamp(ceilingMillis, 0xFFFF);
        if (hlc <= ceiling) {
            return new Clamp(hlc, false, Duration.ZERO);
        }
        return new Clamp(HybridClock.stamp(ceilingMillis, 0), true,
                Duration.ofMillis(HybridClock.physicalMillis(hlc) - now.toEpochMilli()));
    }

    private static Outcome withClamp(Outcome outcome, Clamp clamp) {
        if (!clamp.clamped()) {
            return outcome;
        }
        String note = "the stamp was " + clamp.ahead().toMinutes() + " minutes ahead of the server's clock and was clamped";
        return new Outcome(outcome.mutationId(), outcome.clientSequence(), outcome.outcome(),
                outcome.reasonCode() == null ? "clock-clamped" : outcome.reasonCode(),
                outcome.reasonText() == null ? note : outcome.reasonText() + "; " + note,
                outcome.serverVersion(), true, clamp.hlc());
    }

    // Pull

    PullReply pull(Caller caller, Pull pull) {
        numberCommittedChanges();
        String epoch = new ServerRepository(database.dsl()).epoch(clock.instant());
        if (pull.epoch() != null && !pull.epoch().equals(epoch)) {
            return new PullReply(epoch, List.of(), 0, true, true, false);
        }
        DSLContext source = pullReads.forEpoch(epoch);
        SyncRepository repository = new SyncRepository(source);
        // Read before the page: every change numbered at or below it is committed and numbered for good.
        long highWater = repository.highWater();
        if (pull.cursor() > highWater && !pullReads.isPrimary(source)) {
            // The replica is behind this office, which pulled further from the primary or a fresher replica: the
            // primary answers, rather than have the office take a lagging copy for a server restored to the past.
            repository = new SyncRepository(database.dsl());
            highWater = repository.highWater();
        }
        if (pull.cursor() > highWater) {
            return new PullReply(epoch, List.of(), 0, true, false, true);
        }
        int page = pull.pageSize() <= 0 ? SyncLimits.DEFAULT_PULL_PAGE : Math.min(pull.pageSize(), SyncLimits.MAX_PULL_PAGE);
        List<SyncRepository.ChangeRow> rows = repository.changesAfter(Math.max(0, pull.cursor()), highWater,
                caller.jurisdiction().areas(), page + 1);
        boolean more = rows.size() > page;
        List<SyncRepository.ChangeRow> shown = more ? rows.subList(0, page) : rows;
        // Mediation cases are snapshots of up to MAX_CASE_CHARS: a page stays well inside the body limit.
        long chars = 0;
        for (int i = 0; i < shown.size(); i++) {
            chars += shown.get(i).data().length();
            if (i > 0 && chars > SyncLimits.MAX_BATCH_CHARS) {
                shown = shown.subList(0, i);
                more = true;
                break;
            }
        }
        // With nothing more visible the cursor jumps to the high-water mark, past other offices' changes.
        long next = more ? shown.get(shown.size() - 1).seq() : highWater;
        List<Change> changes = new ArrayList<>(shown.size());
        for (SyncRepository.ChangeRow row : shown) {
            changes.add(new Change(row.seq(), EntityKind.valueOf(row.entityKind()), UUID.fromString(row.entityId()),
                    row.version(), row.mutationId() == null ? null : UUID.fromString(row.mutationId()), readObject(row.data())));
        }
        return new PullReply(epoch, changes, next, more, false, false);
    }

    /** Numbers the changes committed so far (see {@link SyncRepository#numberCommittedChanges}). */
    /** Changes younger than this are all kept; older ones only while no newer change of their entity exists. */
    static final Duration CHANGE_RETENTION = Duration.ofDays(30);

    /** Compacts the change log (see {@link SyncRepository#compactChangeLog}); safe to run on several servers at once. */
    int compactChangeLog() {
        int removed = new SyncRepository(database.dsl()).compactChangeLog(clock.instant().minus(CHANGE_RETENTION));
        if (removed > 0) {
            LOG.info("change log compacted: {} superseded change(s) older than {} days removed", removed,
                    CHANGE_RETENTION.toDays());
        }
        return removed;
    }

    int numberCommittedChanges() {
        int total = 0;
        int numbered;
        do {
            numbered = database.dsl().transactionResult(configuration ->
                    new SyncRepository(configuration.dsl()).numberCommittedChanges(NUMBERING_BATCH));
            total += numbered;
        } while (numbered == NUMBERING_BATCH);
        return total;
    }

    /** JSON the server wrote itself (the change log, a held case or proposal). */
    static ObjectNode readObject(String json) {
        try {
            return (ObjectNode) SyncJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the server's tables hold JSON the server wrote", e);
        }
    }

    // One mutation

    /** What applying a mutation came to, before the clamp note and the stored outcome. */
    record Applied(OutcomeKind kind, String reasonCode, String reasonText, Long version) {
    }

    /** A mutation that can never apply; recorded as rejected with this reason. */
    static final class Rejected extends RuntimeException {
        final String reasonCode;

        Rejected(String reasonCode, String message) {
            super(message, null, false, false);
            this.reasonCode = reasonCode;
        }
    }

    /** Applying one mutation: its repository, caller, effective stamp and time. */
    private static final class Step {
        private final SyncRepository repository;
        private final Caller caller;
        private final Mutation mutation;
        private final long hlc;
        private final Instant now;

        Step(SyncRepository repository, Caller caller, Mutation mutation, long hlc, Instant now) {
            this.repository = repository;
            this.caller = caller;
            this.mutation = mutation;
            this.hlc = hlc;
            this.now = now;
        }

        private String incidentId() {
            return mutation.entityId().toString();
        }

        private long base() {
            return mutation.baseVersion() == null ? 0 : mutation.baseVersion();
        }

        private ObjectNode payload() {
            return mutation.payload() == null ? JsonNodeFactory.instance.objectNode() : mutation.payload();
        }

        Applied create() {
            ObjectNode payload = payload();
            EnumMap<IncidentFields, JsonNode> fields = new EnumMap<>(IncidentFields.class);
            for (IncidentFields spec : IncidentFields.values()) {
                fields.put(spec, JsonNodeFactory.instance.nullNode());
            }
            Map<String, ServerIncident.FieldStamp> stamps = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (STATE_KEYS.contains(entry.getKey())) {
                    continue;
                }
                IncidentFields spec = known(entry.getKey());
                checkValue(spec, entry.getValue());
                fields.put(spec, entry.getValue());
                stamps.put(spec.wireName, new ServerIncident.FieldStamp(1, hlc, caller.replicaId()));
            }
            for (IncidentFields spec : IncidentFields.values()) {
                if (spec.required) {
                    checkValue(spec, payload.get(spec.wireName));
                }
            }
            String clientMoments = clampCreationMoments(fields);
            String area = fields.get(IncidentFields.AREA_CODE).asText();
            if (!caller.jurisdiction().covers(area)) {
                throw outside(area);
            }
            IncidentStatus status = payload.hasNonNull("status") ? status(payload.get("status").asText(), "status") : IncidentStatus.REPORTED;
            if (repository.incidentExists(incidentId())) {
                throw new Rejected("incident-exists", "an incident with this id exists already");
            }
            stamps.put(ServerIncident.STATUS_STAMP, new ServerIncident.FieldStamp(1, hlc, caller.replicaId()));
            // An incident the office worked before it first synced arrives with its counters as they stand.
            int rework = counter(payload, "reworkCount");
            int escalation = counter(payload, "escalationLevel");
            boolean extensionPending = payload.path("extensionPending").asBoolean(false);
            ServerIncident incident = new ServerIncident(incidentId(), caller.officeCode(), fields,
                    new IncidentState(status, rework, extensionPending, escalation), status == IncidentStatus.DISPATCHED ? caller.officeCode() : null,
                    1, stamps, false, hlc, null);
            repository.insertIncident(incident, now);
            logIncident(incident);
            if (clientMoments != null) {
                LOG.warn("office {} created incident {} with moments ahead of the server's clock, kept as {}: {}",
                        caller.officeCode(), incidentId(), now.plus(SyncLimits.CLOCK_MARGIN), clientMoments);
                return new Applied(OutcomeKind.APPLIED, "clock-clamped", "moments ahead of the server's clock were set to "
                        + now.plus(SyncLimits.CLOCK_MARGIN) + "; the console said " + clientMoments, 1L);
            }
            return new Applied(OutcomeKind.APPLIED, null, null, 1L);
        }

        /**
         * What happened before the incident reached the city (reported, taken in, dispatched, resolved, closed) cannot
         * lie beyond the server's clock plus {@link SyncLimits#CLOCK_MARGIN}, the ceiling a step's moment and a stamp
         * get: a console days ahead would otherwise date its intake into the future, where the city's figures and
         * overdue rules count it. Such a moment is set to the ceiling (the order of the moments holds: each later one
         * is at or past it too); the console's own moments are returned for the outcome's note, and the mutation as
         * sent stays in the applied-mutation log. Deadlines (due, requested) lie ahead by nature and are kept.
         */
        private String clampCreationMoments(EnumMap<IncidentFields, JsonNode> fields) {
            Instant ceiling = now.plus(SyncLimits.CLOCK_MARGIN);
            List<String> ahead = new ArrayList<>();
            for (IncidentFields moment : CREATION_MOMENTS) {
                JsonNode value = fields.get(moment);
                if (value != null && value.isTextual() && IncidentFields.parseInstant(value.asText()).isAfter(ceiling)) {
                    ahead.add(moment.wireName + " " + value.asText());
                    fields.put(moment, instantNode(ceiling));
                }
            }
            return ahead.isEmpty() ? null : String.join(", ", ahead);
        }

        Applied patch() {
            ServerIncident incident = lockedIncident();
            ObjectNode payload = payload();
            if (payload.isEmpty()) {
                throw new Rejected("empty-patch", "a patch names at least one changed field");
            }
            EnumMap<IncidentFields, JsonNode> changes = new EnumMap<>(IncidentFields.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                IncidentFields spec = known(entry.getKey());
                if (!spec.patchable) {
                    throw new Rejected("not-patchable", spec.workflow
                            ? spec.wireName + " changes only through a workflow step"
                            : spec.wireName + " is set once, at creation");
                }
                checkValue(spec, entry.getValue());
                if (spec == IncidentFields.AREA_CODE && !caller.jurisdiction().covers(entry.getValue().asText())) {
                    throw outside(entry.getValue().asText());
                }
                changes.put(spec, entry.getValue());
            }
            if (incident.voided()) {
                return editOfVoided(incident, payload);
            }
            long newVersion = incident.version() + 1;
            EnumMap<IncidentFields, JsonNode> fields = incident.fieldsCopy();
            Map<String, ServerIncident.FieldStamp> stamps = incident.stampsCopy();
            boolean changed = false;
            List<String> corrected = new ArrayList<>();
            int collisions = 0;
            for (Map.Entry<IncidentFields, JsonNode> change : changes.entrySet()) {
                IncidentFields spec = change.getKey();
                JsonNode current = fields.get(spec);
                if (sameValue(current, change.getValue())) {
                    continue;
                }
                ServerIncident.FieldStamp stamp = stamps.get(spec.wireName);
                boolean concurrent = stamp != null && stamp.v() > base() && !stamp.r().equals(caller.replicaId());
                // Last writer by clamped stamp; on a tie the value already on the server stays.
                boolean clientWins = !concurrent || hlc > stamp.h();
                if (concurrent) {
                    collisions++;
                    recordConflict(incident, "FIELD", spec.wireName, current, change.getValue(), clientWins ? "CLIENT" : "SERVER");
                }
                if (clientWins) {
                    fields.put(spec, change.getValue());
                    stamps.put(spec.wireName, new ServerIncident.FieldStamp(newVersion, hlc, caller.replicaId()));
                    changed = true;
                    corrected.add(spec.wireName);
                }
            }
            long version = incident.version();
            if (changed) {
                // The correction as a step of the history (the fields by name, never their values), so the other
                // offices that see the incident list it too; its office recognises its own under the mutation id.
                IncidentStatus status = incident.state().status();
                ServerIncident updated = incident.with(fields, incident.state(), incident.dispatchedBy(), newVersion, stamps,
                        false, Math.max(incident.hlc(), hlc)).withLastStep(lastStep(IncidentAction.EDIT, status, status, now,
                        new Transition(IncidentAction.EDIT.name(), status.name(), status.name(),
                                IncidentEvent.correctionNote(corrected), null)));
                repository.updateIncident(updated, now);
                // The city may move an incident to another town: the town it left pulls the move too, the town it
                // joined the notes written before.
                logIncident(updated, incident.areaCode());
                if (!java.util.Objects.equals(incident.areaCode(), updated.areaCode())) {
                    republishNotes(updated);
                }
                version = newVersion;
            }
            if (collisions > 0) {
                return new Applied(OutcomeKind.CONFLICT_RECORDED, "same-field", collisions
                        + " field(s) were also changed by another office; the later stamp is kept, the other value is in the conflict record",
                        version);
            }
            if (incident.changedByOthersSince(base(), caller.replicaId())) {
                return new Applied(OutcomeKind.MERGED, "merged", "merged with other offices' changes to other fields", version);
            }
            return new Applied(OutcomeKind.APPLIED, null, null, version);
        }

        Applied transition() {
            ServerIncident incident = lockedIncident();
            Transition transition = mutation.transition();
            if (transition == null) {
                throw new Rejected("missing-transition", "a transition names its action, from-status and to-status");
            }
            IncidentAction action = action(transition.action());
            IncidentStatus from = status(transition.from(), "from");
            IncidentStatus to = status(transition.to(), "to");
            Satisfaction satisfaction = satisfaction(transition.satisfaction());
            if (action == IncidentAction.DISPATCH && !caller.jurisdiction().isCity()
                    && !incident.originOffice().equals(caller.officeCode())) {
                throw new Rejected("dispatch-needs-city", "only the city office dispatches incidents another office took in");
            }
            if (incident.voided()) {
                return editOfVoided(incident, SyncJson.MAPPER.valueToTree(transition));
            }
            TransitionTable.Decision decision = TransitionTable.decide(incident.state(), action, from, to, satisfaction);
            IncidentStatus current = incident.state().status();
            return switch (decision.rule()) {
                case ALREADY_THERE -> new Applied(decision.outcome(), "already-there",
                        "the incident is " + current + " on the server already", incident.version());
                case VALID_FROM_SERVER -> {
                    long newVersion = incident.version() + 1;
                    Map<String, ServerIncident.FieldStamp> stamps = incident.stampsCopy();
                    stamps.put(ServerIncident.STATUS_STAMP, new ServerIncident.FieldStamp(newVersion, hlc, caller.replicaId()));
                    String dispatchedBy = action == IncidentAction.DISPATCH ? caller.officeCode() : incident.dispatchedBy();
                    EnumMap<IncidentFields, JsonNode> fields = incident.fieldsCopy();
                    Instant at = stepMoment();
                    writeEffects(fields, stamps, newVersion, action, decision.next(), at, transition, satisfaction);
                    ServerIncident updated = incident.with(fields, decision.next(), dispatchedBy, newVersion,
                            stamps, false, Math.max(incident.hlc(), hlc))
                            .withLastStep(lastStep(action, current, decision.next().status(), at, transition));
                    repository.updateIncident(updated, now);
                    logIncident(updated);
                    IncidentStatus reached = decision.next().status();
                    if (reached != to) {
                        yield new Applied(decision.outcome(), "landed-elsewhere",
                                "from " + current + " the workflow leads to " + reached, newVersion);
                    }
                    yield decision.inStep() ? new Applied(decision.outcome(), null, null, newVersion)
                            : new Applied(decision.outcome(), "applied-from-server-state",
                            "applied from " + current + ", where the server had moved meanwhile", newVersion);
                }
                case REFUSED_IN_STEP -> throw new Rejected("transition-refused",
                        action + " is not allowed from " + current + " (" + decision.refusal() + ")");
                case CLOSURE_REQUEST -> {
                    String conflictId = recordConflict(incident, "CLOSURE_REQUEST", ServerIncident.STATUS_STAMP,
                            SyncJson.MAPPER.valueToTree(current.name()), SyncJson.MAPPER.valueToTree(transition), "SERVER");
                    String assignee = incident.dispatchedBy() != null ? incident.dispatchedBy() : incident.originOffice();
                    SyncRepository.TaskRow task = new SyncRepository.TaskRow(UUID.randomUUID().toString(), incident.id(),
                            conflictId, "CLOSURE_REQUEST", assignee, caller.officeCode(),
                            "office " + caller.officeCode() + " reports " + to + " while the incident is " + current
                                    + ": recall the dispatch or continue?", false);
                    repository.insertTask(task, now);
                    repository.appendChange(EntityKind.TASK, task.id(), 1, incident.areaCode(), mutation.mutationId(),
                            SyncJson.MAPPER.valueToTree(task), now);
                    yield new Applied(decision.outcome(), "closure-pending-confirmation",
                            "the incident stays " + current + "; the dispatcher is asked to confirm " + to, incident.version());
                }
                case DIVERGED -> {
                    recordConflict(incident, "STATUS", ServerIncident.STATUS_STAMP, SyncJson.MAPPER.valueToTree(current.name()),
                            SyncJson.MAPPER.valueToTree(transition), "SERVER");
                    yield new Applied(decision.outcome(), "status-diverged",
                            "the incident is " + current + " on the server, not " + from + "; it stays " + current,
                            incident.version());
                }
            };
        }

        /**
         * When the step was taken, as the client says (a township may sync a day's work at once), never later
         * than the server's own clock allows for stamps.
         */
        private Instant stepMoment() {
            JsonNode at = payload().get("at");
            if (at == null || !at.isTextual()) {
                return now;
            }
            try {
                Instant said = Instant.parse(at.asText());
                Instant ceiling = now.plus(SyncLimits.CLOCK_MARGIN);
                return said.isAfter(ceiling) ? ceiling : said;
            } catch (java.time.format.DateTimeParseException e) {
                throw new Rejected("bad-transition", "at: not an ISO instant");
            }
        }

        private Instant instantOf(String name) {
            JsonNode value = payload().get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            try {
                return Instant.parse(value.asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new Rejected("bad-transition", name + ": not an ISO instant");
            }
        }

        /** The step's record (department, deadline, moments, rating, result) written as the console writes it. */
        private void writeEffects(EnumMap<IncidentFields, JsonNode> fields, Map<String, ServerIncident.FieldStamp> stamps,
                                  long newVersion, IncidentAction action, IncidentState next, Instant at,
                                  Transition transition, Satisfaction satisfaction) {
            JsonNode department = payload().get("departmentCode");
            if (department != null && !department.isNull()) {
                checkValue(IncidentFields.DEPARTMENT_CODE, department);
            }
            WorkflowEffects effects = WorkflowEffects.of(
                    new WorkflowEffects.Before(text(fields.get(IncidentFields.DEPARTMENT_CODE)),
                            instant(fields.get(IncidentFields.DUE_AT)), instant(fields.get(IncidentFields.REQUESTED_DUE_AT))),
                    new WorkflowEffects.Step(action, next, at, department == null || department.isNull() ? null : department.asText(),
                            instantOf("dueAt"), instantOf("requestedDueAt"), satisfaction, transition.reason()));
            JsonNode newDepartment = effects.departmentCode() == null ? JsonNodeFactory.instance.nullNode()
                    : TextNode.valueOf(effects.departmentCode());
            if (!sameValue(fields.get(IncidentFields.DEPARTMENT_CODE), newDepartment)) {
                fields.put(IncidentFields.DEPARTMENT_CODE, newDepartment);
                stamps.put(IncidentFields.DEPARTMENT_CODE.wireName, new ServerIncident.FieldStamp(newVersion, hlc, caller.replicaId()));
            }
            fields.put(IncidentFields.DUE_AT, instantNode(effects.dueAt()));
            fields.put(IncidentFields.REQUESTED_DUE_AT, instantNode(effects.requestedDueAt()));
            setIfGiven(fields, IncidentFields.ACCEPTED_AT, instantNode(effects.acceptedAt()));
            setIfGiven(fields, IncidentFields.DISPATCHED_AT, instantNode(effects.dispatchedAt()));
            setIfGiven(fields, IncidentFields.RESOLVED_AT, instantNode(effects.resolvedAt()));
            setIfGiven(fields, IncidentFields.CLOSED_AT, instantNode(effects.closedAt()));
            setIfGiven(fields, IncidentFields.SATISFACTION, effects.satisfaction() == null ? JsonNodeFactory.instance.nullNode()
                    : TextNode.valueOf(effects.satisfaction().name()));
            setIfGiven(fields, IncidentFields.RESULT_NOTE, effects.resultNote() == null ? JsonNodeFactory.instance.nullNode()
                    : TextNode.valueOf(truncate(effects.resultNote(), IncidentFields.RESULT_NOTE.maxLength)));
        }

        private JsonNode lastStep(IncidentAction action, IncidentStatus from, IncidentStatus to, Instant at,
                                  Transition transition) {
            ObjectNode step = JsonNodeFactory.instance.objectNode();
            step.put("mutationId", mutation.mutationId().toString());
            step.put("action", action.name());
            step.put("from", from.name());
            step.put("to", to.name());
            step.put("at", at.toString());
            step.put("officeCode", caller.officeCode());
            step.put("operatorName", mutation.actor() == null ? null : truncate(mutation.actor().operatorName(), 100));
            step.put("note", transition.reason() == null ? null : truncate(transition.reason(), 1000));
            step.put("satisfaction", transition.satisfaction());
            return step;
        }

        Applied voidIt() {
            ServerIncident incident = lockedIncident();
            if (incident.voided()) {
                return new Applied(OutcomeKind.APPLIED, "already-voided", "the incident was voided already", incident.version());
            }
            long newVersion = incident.version() + 1;
            Map<String, ServerIncident.FieldStamp> stamps = incident.stampsCopy();
            stamps.put(ServerIncident.VOIDED_STAMP, new ServerIncident.FieldStamp(newVersion, hlc, caller.replicaId()));
            ServerIncident updated = incident.with(incident.fieldsCopy(), incident.state(), incident.dispatchedBy(), newVersion,
                    stamps, true, Math.max(incident.hlc(), hlc));
            repository.updateIncident(updated, now);
            logIncident(updated);
            if (incident.changedByOthersSince(base(), caller.replicaId())) {
                // Void wins over an edit it did not see; the edited state stays readable in the conflict record.
                recordConflict(incident, "VOID_EDIT", ServerIncident.VOIDED_STAMP, snapshot(incident), payload(), "CLIENT");
                return new Applied(OutcomeKind.CONFLICT_RECORDED, "void-over-edit",
                        "voided; another office had changed it meanwhile, its changes are kept in the conflict record", newVersion);
            }
            return new Applied(OutcomeKind.APPLIED, null, null, newVersion);
        }

        Applied note() {
            ServerIncident incident = repository.incident(incidentId())
                    .orElseThrow(() -> new Rejected("unknown-incident", "the server has no incident with this id"));
            if (!caller.jurisdiction().covers(incident.areaCode())) {
                throw outside(incident.areaCode());
            }
            JsonNode text = payload().get("text");
            if (text == null || !text.isTextual() || text.asText().isBlank() || text.asText().length() > 4000) {
                throw new Rejected("bad-field", "a note is text of 1 to 4000 characters");
            }
            String operatorName = mutation.actor() == null ? null : truncate(mutation.actor().operatorName(), 100);
            String noteId = mutation.mutationId().toString();
            SyncRepository.StoredNote note = new SyncRepository.StoredNote(noteId, incident.id(), caller.officeCode(),
                    operatorName, text.asText(), hlc);
            repository.insertNote(noteId, incident.id(), caller.officeCode(), operatorName, text.asText(), hlc, now);
            repository.appendChange(EntityKind.NOTE, noteId, 1, incident.areaCode(), mutation.mutationId(), noteData(note), now);
            return new Applied(OutcomeKind.APPLIED, null, null, incident.version());
        }

        /**
         * An incident moved to another area takes its notes along: each goes into the feed again for the area it
         * joined, so the town that now handles it reads what was noted before (a console adds a note once, by id).
         */
        private void republishNotes(ServerIncident moved) {
            for (SyncRepository.StoredNote note : repository.notesOf(moved.id())) {
                repository.appendChange(EntityKind.NOTE, note.id(), 1, moved.areaCode(), mutation.mutationId(), noteData(note), now);
            }
        }

        /** An edit or step of a voided incident: the void stays, the edit is kept as an annotation. */
        private Applied editOfVoided(ServerIncident incident, JsonNode edit) {
            recordConflict(incident, "VOID_EDIT", ServerIncident.VOIDED_STAMP, JsonNodeFactory.instance.booleanNode(true),
                    edit, "SERVER");
            return new Applied(OutcomeKind.CONFLICT_RECORDED, "voided",
                    "the incident was voided; the change is kept in the conflict record", incident.version());
        }

        private ServerIncident lockedIncident() {
            ServerIncident incident = repository.incidentForUpdate(incidentId())
                    .orElseThrow(() -> new Rejected("unknown-incident", "the server has no incident with this id"));
            if (!caller.jurisdiction().covers(incident.areaCode())) {
                throw outside(incident.areaCode());
            }
            return incident;
        }

        private String recordConflict(ServerIncident incident, String kind, String field, JsonNode serverValue,
                                      JsonNode clientValue, String kept) {
            SyncRepository.ConflictRow conflict = new SyncRepository.ConflictRow(UUID.randomUUID().toString(), incident.id(),
                    mutation.mutationId().toString(), kind, field, serverValue == null ? null : serverValue.toString(),
                    clientValue == null ? null : clientValue.toString(), kept, caller.officeCode(), false);
            repository.insertConflict(conflict, now);
            repository.appendChange(EntityKind.CONFLICT, conflict.id(), 1, incident.areaCode(), mutation.mutationId(),
                    conflictData(conflict, serverValue, clientValue, false), now);
            return conflict.id();
        }

        /**
         * The dispatcher's answer to a task (sync-design: "city dispatched while the township closed"). ACCEPT_FINISH
         * recalls the dispatch and gives the incident the state the township reached, with that step's record (the
         * township's latest request if it sent several); CONTINUE keeps the dispatch. Either way every open task of
         * that kind on the incident is done and its conflict resolved, and both travel to the offices.
         */
        Applied resolveTask() {
            SyncRepository.TaskRow task = repository.taskForUpdate(mutation.entityId().toString())
                    .orElseThrow(() -> new Rejected("unknown-task", "the server has no dispatcher task with this id"));
            if (!caller.jurisdiction().isCity() && !task.assigneeOffice().equals(caller.officeCode())) {
                throw new Rejected("not-assignee", "this task is for office " + task.assigneeOffice() + " to answer");
            }
            String decision = payload().path("decision").asText("");
            if (!decision.equals(ACCEPT_FINISH) && !decision.equals(CONTINUE)) {
                throw new Rejected("bad-decision", "decision: " + ACCEPT_FINISH + " or " + CONTINUE);
            }
            ServerIncident incident = repository.incidentForUpdate(task.incidentId())
                    .orElseThrow(() -> new Rejected("unknown-incident", "the server has no incident with this id"));
            if (task.done()) {
                return new Applied(OutcomeKind.APPLIED, "already-resolved", "the task was answered already", incident.version());
            }
            List<SyncRepository.TaskRow> open = repository.openTasksOf(incident.id(), task.kind());
            List<SyncRepository.ConflictRow> conflicts = repository.conflicts(incident.id());
            long version = incident.version();
            IncidentStatus current = incident.state().status();
            if (decision.equals(ACCEPT_FINISH) && TransitionTable.DISPATCH_BRANCH.contains(current)) {
                SyncRepository.TaskRow latest = open.get(open.size() - 1);
                SyncRepository.ConflictRow request = conflicts.stream().filter(each -> each.id().equals(latest.conflictId()))
                        .findFirst().orElseThrow(() -> new Rejected("no-request", "the task's request is not on the server"));
                Transition asked = readTransition(request.clientValue());
                IncidentAction action = action(asked.action());
                IncidentStatus to = status(asked.to(), "to");
                long newVersion = version + 1;
                Map<String, ServerIncident.FieldStamp> stamps = incident.stampsCopy();
                stamps.put(ServerIncident.STATUS_STAMP, new ServerIncident.FieldStamp(newVersion, hlc, caller.replicaId()));
                EnumMap<IncidentFields, JsonNode> fields = incident.fieldsCopy();
                Instant at = askedMoment(request.mutationId());
                IncidentState next = new IncidentState(to, incident.state().reworkCount(), false, incident.state().escalationLevel());
                writeEffects(fields, stamps, newVersion, action, next, at, asked, satisfaction(asked.satisfaction()));
                ObjectNode step = (ObjectNode) lastStep(action, current, to, at, asked);
                // The step is the township's; the dispatcher only let it stand.
                step.put("officeCode", request.officeCode());
                ServerIncident updated = incident.with(fields, next, incident.dispatchedBy(), newVersion, stamps, false,
                        Math.max(incident.hlc(), hlc)).withLastStep(step);
                repository.updateIncident(updated, now);
                logIncident(updated);
                version = newVersion;
            }
            for (SyncRepository.TaskRow each : open) {
                repository.finishTask(each.id());
                ObjectNode data = SyncJson.MAPPER.valueToTree(new SyncRepository.TaskRow(each.id(), each.incidentId(),
                        each.conflictId(), each.kind(), each.assigneeOffice(), each.requestedBy(), each.body(), true));
                data.put("decision", decision);
                repository.appendChange(EntityKind.TASK, each.id(), 2, incident.areaCode(), mutation.mutationId(), data, now);
                for (SyncRepository.ConflictRow conflict : conflicts) {
                    if (conflict.id().equals(each.conflictId())) {
                        repository.resolveConflict(conflict.id(), now);
                        repository.appendChange(EntityKind.CONFLICT, conflict.id(), 2, incident.areaCode(), mutation.mutationId(),
                                conflictData(conflict, readJson(conflict.serverValue()), readJson(conflict.clientValue()), true), now);
                    }
                }
            }
            return new Applied(OutcomeKind.APPLIED, null, null, version);
        }

        /**
         * A mediation case as its owner now has it (decision 0017). The office that first sent a case owns it; any
         * other office's snapshot is refused, never merged. Once the case has an outcome, what the agreement made
         * binding stays as the owner first sent it. The same snapshot twice changes nothing. Every refusal comes
         * before the first write: a push's run of mutations drops only the held writes of a refused one.
         */
        Applied snapshotCase() {
            ObjectNode payload = payload().deepCopy();
            String id = mutation.entityId().toString();
            if (!id.equals(payload.path("id").asText(id))) {
                throw new Rejected("id-mismatch", "the case's id differs from the mutation's entity id");
            }
            payload.put("id", id);
            String caseNo = payload.path("caseNo").asText("");
            if (caseNo.isBlank() || caseNo.length() > 40) {
                throw new Rejected("bad-case-no", "a mediation case needs its case number (at most 40 characters)");
            }
            if (!payload.path("status").isTextual()) {
                throw new Rejected("missing-status", "a mediation case needs its status");
            }
            if (!payload.path("parties").isArray() || !payload.path("sessions").isArray()) {
                throw new Rejected("bad-case", "a mediation case carries its parties and its sessions as lists");
            }
            JsonNode areaNode = payload.path("areaCode");
            String area = areaNode.isTextual() ? areaNode.asText() : null;
            if (area != null && !caller.jurisdiction().covers(area)) {
                throw outside(area);
            }
            CaseRepository cases = new CaseRepository(repository.dsl());
            Optional<CaseRepository.StoredCase> stored = cases.caseForUpdate(id);
            // The enrolled office that first sent the case owns it, whatever office code the console has locally.
            String owner = stored.map(CaseRepository.StoredCase::ownerOffice).orElse(caller.officeCode());
            if (!owner.equals(caller.officeCode())) {
                throw new Rejected("not-owner", "case " + caseNo + " belongs to office " + owner
                        + ", which alone changes it; other offices' changes are not taken");
            }
            if (stored.isPresent() && stored.get().outcome() != null) {
                ObjectNode before = readObject(stored.get().data());
                for (String binding : BINDING_CASE_FIELDS) {
                    if (!java.util.Objects.equals(textOrNull(before.path(binding)), textOrNull(payload.path(binding)))) {
                        throw new Rejected("binding-field", binding + " of concluded case " + caseNo
                                + " is set once, with the outcome, and does not change");
                    }
                }
            }
            payload.put("originOffice", owner);
            String data = payload.toString();
            if (stored.isPresent() && stored.get().data().equals(data)) {
                return new Applied(OutcomeKind.APPLIED, "already-there", "the city holds this case as sent", stored.get().version());
            }
            // A case with no place is seen by its owner's whole jurisdiction (and the city).
            String feedArea = area != null ? area : caller.jurisdiction().areas().get(0);
            long version = stored.map(held -> held.version() + 1).orElse(1L);
            JsonNode outcome = payload.path("outcome");
            CaseRepository.StoredCase next = new CaseRepository.StoredCase(id, caseNo, owner, feedArea, version,
                    outcome.isTextual() ? outcome.asText() : null, data, caller.replicaId());
            if (stored.isPresent()) {
                cases.update(next, hlc, now);
            } else {
                cases.insert(next, hlc, now);
            }
            repository.appendChange(EntityKind.DISPUTE, id, version, feedArea,
                    stored.map(CaseRepository.StoredCase::areaCode).orElse(null), mutation.mutationId(), payload, now);
            if (stored.isPresent() && !stored.get().replicaId().equals(caller.replicaId()) && base() < stored.get().version()) {
                return new Applied(OutcomeKind.APPLIED, "replaced-other-seat", "another installation of office " + owner
                        + " had sent version " + stored.get().version() + " of this case, which this one replaces", version);
            }
            return new Applied(OutcomeKind.APPLIED, null, null, version);
        }

        /** When the township took the step it asked to finish with, as it sent it; now if that is not known. */
        private Instant askedMoment(String mutationId) {
            return repository.mutationBody(mutationId).map(body -> {
                try {
                    JsonNode at = SyncJson.MAPPER.readTree(body).path("payload").path("at");
                    Instant said = at.isTextual() ? Instant.parse(at.asText()) : now;
                    return said.isAfter(now) ? now : said;
                } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
                    return now;
                }
            }).orElse(now);
        }

        private void logIncident(ServerIncident incident) {
            logIncident(incident, null);
        }

        private void logIncident(ServerIncident incident, String areaBefore) {
            repository.appendChange(EntityKind.INCIDENT, incident.id(), incident.version(), incident.areaCode(), areaBefore,
                    mutation.mutationId(), snapshot(incident), now);
        }

        private Rejected outside(String area) {
            return new Rejected("outside-jurisdiction", "area " + area + " is outside the jurisdiction of office "
                    + caller.officeCode());
        }
    }

    /** A note as the feed carries it. */
    static ObjectNode noteData(SyncRepository.StoredNote note) {
        return JsonNodeFactory.instance.objectNode().put("id", note.id()).put("incidentId", note.incidentId())
                .put("officeCode", note.officeCode()).put("operatorName", note.operatorName()).put("text", note.body())
                .put("hlc", note.hlc())
                // When it was written (the stamp's clock, clamped to the server's), not when it arrived.
                .put("at", Instant.ofEpochMilli(cn.zongzhi.common.HybridClock.physicalMillis(note.hlc())).toString());
    }

    /** What an agreement binds (sync-design: legally binding fields are write-once): set with the outcome, then fixed. */
    static final List<String> BINDING_CASE_FIELDS = List.of("outcome", "agreedAmount", "agreementTerms",
            "performanceMethod", "performBy", "closedAt");

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    static final String ACCEPT_FINISH = "ACCEPT_FINISH";
    static final String CONTINUE = "CONTINUE";

    /** A conflict record as the offices receive it. */
    private static ObjectNode conflictData(SyncRepository.ConflictRow conflict, JsonNode serverValue, JsonNode clientValue,
                                           boolean resolved) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", conflict.id()).put("incidentId", conflict.incidentId())
                .put("mutationId", conflict.mutationId()).put("kind", conflict.kind()).put("field", conflict.field())
                .put("kept", conflict.kept()).put("officeCode", conflict.officeCode()).put("resolved", resolved);
        data.set("serverValue", serverValue);
        data.set("clientValue", clientValue);
        return data;
    }

    private static JsonNode readJson(String text) {
        if (text == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return SyncJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private static Transition readTransition(String text) {
        try {
            return SyncJson.MAPPER.readValue(text, Transition.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Rejected("no-request", "the task's request cannot be read");
        }
    }

    /** The whole incident as a pull delivers it. */
    static ObjectNode snapshot(ServerIncident incident) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", incident.id());
        node.put("originOffice", incident.originOffice());
        for (IncidentFields spec : IncidentFields.values()) {
            node.set(spec.wireName, incident.fields().get(spec));
        }
        node.put("status", incident.state().status().name());
        node.put("reworkCount", incident.state().reworkCount());
        node.put("extensionPending", incident.state().extensionPending());
        node.put("escalationLevel", incident.state().escalationLevel());
        node.put("dispatchedBy", incident.dispatchedBy());
        node.put("version", incident.version());
        node.put("voided", incident.voided());
        node.put("hlc", incident.hlc());
        node.set("lastStep", incident.lastStep());
        return node;
    }

    /** The keys of a creation that are the workflow's state, not fields. */
    /** The moments a creation records that had happened by the time it was sent (not the deadlines). */
    private static final List<IncidentFields> CREATION_MOMENTS = List.of(IncidentFields.REPORTED_AT, IncidentFields.ACCEPTED_AT,
            IncidentFields.DISPATCHED_AT, IncidentFields.RESOLVED_AT, IncidentFields.CLOSED_AT);
    private static final java.util.Set<String> STATE_KEYS = java.util.Set.of("status", "reworkCount", "escalationLevel",
            "extensionPending");

    private static int counter(ObjectNode payload, String name) {
        JsonNode value = payload.get(name);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 100) {
            throw new Rejected("bad-field", name + " must be a small whole number");
        }
        return value.asInt();
    }

    private static void setIfGiven(EnumMap<IncidentFields, JsonNode> fields, IncidentFields spec, JsonNode value) {
        if (!value.isNull()) {
            fields.put(spec, value);
        }
    }

    private static JsonNode instantNode(Instant instant) {
        return instant == null ? JsonNodeFactory.instance.nullNode() : TextNode.valueOf(instant.toString());
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static IncidentFields known(String wireName) {
        return IncidentFields.byWireName(wireName)
                .orElseThrow(() -> new Rejected("unknown-field", "this server does not know the field " + truncate(wireName, 64)));
    }

    private static void checkValue(IncidentFields spec, JsonNode value) {
        String problem = spec.problem(value);
        if (problem != null) {
            throw new Rejected(value == null || value.isNull() ? "missing-field" : "bad-field", problem);
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a != null && b != null && a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        return a == null ? b == null || b.isNull() : a.equals(b);
    }

    private static IncidentStatus status(String name, String what) {
        try {
            return IncidentStatus.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Rejected("bad-transition", what + ": not a status this server knows");
        }
    }

    private static IncidentAction action(String name) {
        try {
            return IncidentAction.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Rejected("bad-transition", "action: not one this server knows");
        }
    }

    private static Satisfaction satisfaction(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Satisfaction.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new Rejected("bad-transition", "satisfaction: not a rating this server knows");
        }
    }
}
