package cn.zongzhi.sync;

import cn.zongzhi.common.HybridClock;
import cn.zongzhi.sync.protocol.AttachmentMeta;
import cn.zongzhi.sync.protocol.ReferenceItem;
import cn.zongzhi.sync.protocol.ReferencePull;
import cn.zongzhi.sync.protocol.ReferencePullReply;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.SyncLimits;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One sync round with the city (decision 0014): hello, then every waiting outbox row pushed in bounded batches,
 * then every page of changes pulled. Each batch's answers and each page with its cursor are stored in one local
 * transaction, so a round cut at any point — connection lost, console closed, process killed — leaves the
 * database at a point from which the next round simply goes on: a row not marked answered is sent again (the
 * server answers a known mutation id from its store), a page not stored is pulled again.
 */
public final class SyncClient {
    private static final Logger LOG = LoggerFactory.getLogger(SyncClient.class);
    /** Creations queued per local transaction when handing never-synced incidents to the outbox. */
    private static final int QUEUE_BATCH = 500;
    /** While queueing runs, the rows it committed are made durable (and so sendable) this many batches at a time. */
    private static final int BATCHES_PER_CHECKPOINT = 4;
    /** A round stops pulling after this many pages and continues next time, so one round cannot run for ever. */
    private static final int MAX_PAGES_PER_ROUND = 10_000;
    /** Answered outbox rows are kept this long, for re-sending to a city server restored from a backup. */
    static final java.time.Duration OUTBOX_RETENTION = java.time.Duration.ofDays(90);

    private final DSLContext dsl;
    private final SyncTransport transport;
    private final HybridClock hlc;
    private final Clock clock;
    private final String replicaId;
    private final String fallbackArea;
    private final int schemaVersion;
    private volatile java.time.Duration clockOffset;

    /**
     * @param fallbackArea the office's own area code, given to incidents whose place is unknown
     */
    public SyncClient(DSLContext dsl, SyncTransport transport, HybridClock hlc, Clock clock, String replicaId,
                      String fallbackArea, int schemaVersion) {
        this.dsl = dsl;
        this.transport = transport;
        this.hlc = hlc;
        this.clock = clock;
        this.replicaId = replicaId;
        this.fallbackArea = fallbackArea;
        this.schemaVersion = schemaVersion;
    }

    /** What a round did. */
    /**
     * @param referenceItems reference items the city published that this round wrote (decision 0016)
     * @param attachments attachments sent and fetched (decision 0018)
     */
    public record RoundResult(int queued, int pushed, int applied, int merged, int conflicts, int rejected, int pulled,
                              int keptLocal, boolean serverRestored, boolean clientRestored, boolean complete,
                              Phases phases, int referenceItems, int attachments) {
        public String summary() {
            return "pushed " + pushed + " (applied " + applied + ", merged " + merged + ", conflict " + conflicts
                    + ", rejected " + rejected + "), pulled " + pulled
                    + (referenceItems > 0 ? ", reference data " + referenceItems : "")
                    + (attachments > 0 ? ", attachments " + attachments : "") + (complete ? "" : ", more to come");
        }
    }

    /**
     * How long each part of a round took, in milliseconds. Queueing and pushing start together and overlap (the push
     * sends what is queued while the rest is being queued): each is its own wall time, and push ends last.
     */
    public record Phases(long helloMillis, long queueMillis, long pushMillis, long pullMillis) {
    }

    /**
     * How far the city's clock was ahead of this machine's (negative: behind) at the last hello, the reply's travel
     * included; empty before the first.
     */
    public java.util.Optional<java.time.Duration> clockOffset() {
        return java.util.Optional.ofNullable(clockOffset);
    }

    /** Runs one whole round; stops early (incomplete, nothing lost) when {@code cancelled} turns true. */
    public RoundResult round(BooleanSupplier cancelled) {
        SyncClientRepository status = new SyncClientRepository(dsl);
        status.attempted(clock.instant());
        try {
            RoundResult result = roundUnrecorded(cancelled);
            if (result.complete()) {
                SyncClientRepository repository = new SyncClientRepository(dsl);
                repository.succeeded(clock.instant());
                repository.pruneAnswered(clock.instant().minus(OUTBOX_RETENTION));
            }
            return result;
        } catch (SyncTransport.Unavailable unavailable) {
            new SyncClientRepository(dsl).failed(unavailable.reason() + ": " + unavailable.getMessage());
            throw unavailable;
        }
    }

    private RoundResult roundUnrecorded(BooleanSupplier cancelled) {
        long started = System.nanoTime();
        SyncClientRepository.Standing standing = new SyncClientRepository(dsl).standing();
        HelloReply hello = transport.hello(new Hello(replicaId, standing.serverEpoch(), standing.highestSent(), schemaVersion));
        hlc.observe(HybridClock.stamp(hello.serverTime().toEpochMilli(), 0));
        clockOffset = java.time.Duration.between(clock.instant(), hello.serverTime());
        boolean serverRestored = hello.epochChanged() || hello.serverBehindReplica();
        boolean clientRestored = hello.replicaBehindServer();
        if (serverRestored) {
            LOG.warn("the city server was restored ({}): pulling again from the start and re-sending the outbox",
                    hello.epochChanged() ? "epoch changed" : "it holds less than this console sent");
            dsl.transaction(tx -> new SyncClientRepository(tx.dsl()).startOverWith(hello.serverEpoch()));
        } else if (standing.serverEpoch() == null) {
            new SyncClientRepository(dsl).rememberEpoch(hello.serverEpoch());
        }
        if (clientRestored) {
            LOG.warn("this database is older than what the city holds from it (restored from a backup): renumbering the outbox above {}",
                    hello.highestSequenceHeld());
            dsl.transaction(tx -> new SyncClientRepository(tx.dsl()).renumberAbove(hello.highestSequenceHeld()));
        }
        // Reference data first: incidents pulled after it find the categories, departments and areas they name.
        int referenceItems = pullReference(hello.referenceVersion(), cancelled);
        long helloDone = System.nanoTime();
        // Queueing is the console's work, ingest the server's. The first batch is queued here; when more remain (a
        // first sync of thousands of incidents) a thread of its own queues the rest while the push sends what is
        // queued. A round with little to queue stays on this thread, in the order it always had.
        Queueing queueing = new Queueing(cancelled);
        Thread queueThread = null;
        if (queueing.firstBatch()) {
            queueing.run();
            queueing.rethrowFailure();
        } else {
            queueThread = new Thread(queueing, "zongzhi-sync-queue");
            queueThread.setDaemon(true);
            queueThread.start();
        }
        Counter counter = new Counter();
        boolean complete;
        try {
            complete = push(counter, cancelled, queueing);
        } finally {
            queueing.stop();
            if (queueThread != null) {
                joinQuietly(queueThread);
            }
        }
        queueing.rethrowFailure();
        int queued = queueing.queued();
        long queueDone = queueing.finishedAt();
        long pushDone = System.nanoTime();
        PullTally pulled = new PullTally();
        if (complete) {
            complete = pull(hello.serverEpoch(), pulled, cancelled);
        }
        // After the pull: an incident's own echo gives it the server version its attachments wait for.
        int attachments = complete ? moveAttachments(cancelled) : 0;
        long pullDone = System.nanoTime();
        return new RoundResult(queued, counter.pushed, counter.applied, counter.merged, counter.conflicts, counter.rejected,
                pulled.changes, pulled.keptLocal, serverRestored, clientRestored, complete,
                new Phases(millis(started, helloDone), millis(helloDone, queueDone), millis(helloDone, pushDone),
                        millis(pushDone, pullDone)), referenceItems, attachments);
    }

    /**
     * Brings the city's reference data up to {@code published}, each page written with a cursor in one local
     * transaction. A server holding less than this console has applied was restored: everything is asked for again.
     * An item naming a code that comes only in a later page (a community renamed after the first publication has a
     * higher version than the grids inside it) is applied again once every page is in; until then the stored cursor
     * stays before it, so a round cut in between pulls it again rather than losing it.
     *
     * @return items written
     */
    private int pullReference(long published, BooleanSupplier cancelled) {
        long held = new ReferenceDataRepository(dsl).referenceVersion();
        if (published == held) {
            return 0;
        }
        long since = published < held ? 0 : held;
        long stored = since;
        java.util.Map<String, ReferenceItem> waiting = new java.util.LinkedHashMap<>();
        int written = 0;
        boolean complete = false;
        for (int page = 0; page < MAX_PAGES_PER_ROUND && !cancelled.getAsBoolean(); page++) {
            ReferencePullReply reply = transport.pullReference(new ReferencePull(since, SyncLimits.MAX_REFERENCE_ITEMS));
            List<ReferenceItem> items = reply.items() == null ? List.of() : reply.items();
            long safe = stored;
            ReferenceDataRepository.Applied applied = dsl.transactionResult(tx -> {
                ReferenceDataRepository repository = new ReferenceDataRepository(tx.dsl());
                ReferenceDataRepository.Applied result = repository.apply(items);
                if (waiting.isEmpty() && result.waiting().isEmpty()) {
                    repository.moveReferenceCursor(reply.next());
                }
                return result;
            });
            for (ReferenceItem item : applied.waiting()) {
                waiting.put(item.kind() + "/" + item.code(), item);
            }
            stored = waiting.isEmpty() ? reply.next() : safe;
            written += applied.written();
            since = reply.next();
            if (!reply.more()) {
                complete = true;
                break;
            }
        }
        if (complete && !waiting.isEmpty()) {
            long end = since;
            ReferenceDataRepository.Applied again = dsl.transactionResult(tx -> {
                ReferenceDataRepository repository = new ReferenceDataRepository(tx.dsl());
                ReferenceDataRepository.Applied result = repository.apply(List.copyOf(waiting.values()));
                repository.moveReferenceCursor(end);
                return result;
            });
            if (!again.waiting().isEmpty()) {
                LOG.warn("{} reference item(s) name codes the city has not published; written without those links",
                        again.waiting().size());
            }
        }
        if (written > 0) {
            LOG.info("reference data from the city: {} item(s) written", written);
        }
        return written;
    }

    /** Attachments handled per local read; each is sent or fetched in its own request. */
    private static final int ATTACHMENT_BATCH = 20;

    /**
     * Sends the attachments written here whose incident the city holds, then fetches the ones the feed described
     * that this console lacks (decision 0018). Each moves alone: a lost connection stops the round with what was
     * done kept; an incident the server does not know yet leaves its files for the next round; the city's own
     * refusal for good is listed and not tried again, any other failure stops the round (tried again after the
     * backoff); a fetched file whose SHA-256 differs from its description is not stored.
     *
     * @return attachments sent and fetched
     */
    private int moveAttachments(BooleanSupplier cancelled) {
        return sendAttachments(cancelled) + fetchAttachments(cancelled);
    }

    private int sendAttachments(BooleanSupplier cancelled) {
        AttachmentSyncRepository attachments = new AttachmentSyncRepository(dsl);
        Set<UUID> putOff = new HashSet<>();
        int sent = 0;
        List<AttachmentMeta> batch;
        while (!cancelled.getAsBoolean() && !(batch = attachments.toUpload(ATTACHMENT_BATCH, putOff)).isEmpty()) {
            for (AttachmentMeta meta : batch) {
                if (cancelled.getAsBoolean()) {
                    // Between files, not only between batches: a bulk load waiting for the round waits one file at most.
                    return sent;
                }
                byte[] content = attachments.content(meta.id());
                AttachmentMeta sending = meta.describing(content);
                try {
                    transport.uploadAttachment(sending, content);
                    attachments.sent(meta.id());
                    sent++;
                } catch (SyncTransport.Unavailable refused) {
                    if (noAnswer(refused)) {
                        throw refused;
                    }
                    // Not yet (the incident is on its way) or damaged on the way: sent again next round.
                    if ("unknown-incident".equals(refused.reason()) || "checksum-mismatch".equals(refused.reason())) {
                        putOff.add(meta.id());
                        continue;
                    }
                    if (!cityRefused(refused, FINAL_UPLOAD_REFUSALS)) {
                        // A proxy's 408, a 401/403/429, a captive portal's page in place of the answer: nothing says
                        // the city will never take it. The round stops and is tried again after the usual backoff.
                        throw refused;
                    }
                    LOG.info("the city refused attachment {}: {}", meta.id(), refused.reason());
                    Instant now = clock.instant();
                    dsl.transaction(tx -> new AttachmentSyncRepository(tx.dsl()).refused(sending, refused.reason(),
                            refused.getMessage(), hlc.next(), now));
                }
            }
        }
        return sent;
    }

    private int fetchAttachments(BooleanSupplier cancelled) {
        AttachmentSyncRepository attachments = new AttachmentSyncRepository(dsl);
        Set<UUID> putOff = new HashSet<>();
        int fetched = 0;
        List<AttachmentMeta> batch;
        while (!cancelled.getAsBoolean() && !(batch = attachments.toDownload(ATTACHMENT_BATCH, putOff)).isEmpty()) {
            for (AttachmentMeta meta : batch) {
                if (cancelled.getAsBoolean()) {
                    return fetched;
                }
                SyncTransport.Attachment file;
                try {
                    // A fetch cut in an earlier round asks for the rest only; cut again, what arrived is kept.
                    file = transport.downloadAttachment(meta.id(), attachments.fetchedPart(meta.id()),
                            received -> attachments.keepFetchedPart(meta.id(), received, clock.instant()));
                } catch (SyncTransport.Unavailable refused) {
                    if (!cityRefused(refused, FINAL_FETCH_REFUSALS)) {
                        // Anything but the city's own "never": fetched again on a later round, after the backoff.
                        throw refused;
                    }
                    LOG.warn("attachment {} cannot be fetched from the city: {}", meta.id(), refused.reason());
                    attachments.giveUp(meta.id(), refused.reason(), clock.instant());
                    continue;
                }
                if (!AttachmentMeta.sha256Of(file.content()).equals(meta.sha256())) {
                    // Damaged on the way: asked for again next round, from its first byte.
                    LOG.warn("attachment {} arrived damaged; fetched again next round", meta.id());
                    attachments.forgetFetchedPart(meta.id());
                    putOff.add(meta.id());
                    continue;
                }
                attachments.store(meta, file.content());
                fetched++;
            }
        }
        return fetched;
    }

    /**
     * The city server's own refusals of a file that trying again cannot cure (decision 0018: type or content, size,
     * count, an id taken, jurisdiction). Only these mark a photo refused for good.
     */
    private static final Set<String> FINAL_UPLOAD_REFUSALS = Set.of("bad-attachment", "attachment-too-large",
            "too-many-attachments", "attachment-id-taken", "outside-jurisdiction");
    /** And of a fetch: the city has no such file, or it is not this office's to see. */
    private static final Set<String> FINAL_FETCH_REFUSALS = Set.of("unknown-attachment", "outside-jurisdiction");

    /**
     * The city server itself refused for good: a 4xx answer naming one of its reason codes. Anything else — no
     * answer, a 5xx, a bare status from something on the way (the reason is then {@code http-NNN}), an answer that
     * cannot be read — is passing.
     */
    private static boolean cityRefused(SyncTransport.Unavailable refused, Set<String> finalReasons) {
        return refused.status() >= 400 && refused.status() < 500 && finalReasons.contains(refused.reason());
    }

    /** No answer, or the server's own fault: the round stops and is tried again, nothing marked. */
    private static boolean noAnswer(SyncTransport.Unavailable failure) {
        return failure.status() == 0 || failure.status() >= 500;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                // The queue thread stops at its next batch (told to above); wait for it, then keep the interrupt.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands never-synced incidents, then changed mediation cases, to the outbox, one batch per local transaction,
     * telling the push after each batch. Stops at the next batch when the round is cancelled or the push failed; a
     * batch not committed leaves its records as they were for the next round.
     */
    private final class Queueing implements Runnable {
        private final BooleanSupplier stop;
        private volatile boolean stopped;
        private int batches;
        private boolean done;
        private boolean incidentsDone;
        private RuntimeException failure;
        private int queued;
        private long finishedAt;

        Queueing(BooleanSupplier cancelled) {
            this.stop = () -> stopped || cancelled.getAsBoolean();
        }

        /** Queues the first batch of incidents; true when that was all of them (the rest is then quick). */
        boolean firstBatch() {
            incidentsDone = stop.getAsBoolean() || !queueIncidentBatch();
            return incidentsDone;
        }

        @Override
        public void run() {
            try {
                while (!incidentsDone && !stop.getAsBoolean()) {
                    incidentsDone = !queueIncidentBatch();
                }
                // Mediation cases after incidents: a case names the incident it came from, which the city then knows.
                while (!stop.getAsBoolean() && queueCaseBatch()) {
                    // one batch per transaction
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                }
            } finally {
                synchronized (this) {
                    finishedAt = System.nanoTime();
                    done = true;
                    notifyAll();
                }
            }
        }

        /** One batch of never-synced incidents; false when none was left (or every one changed while being read). */
        private boolean queueIncidentBatch() {
            Instant now = clock.instant();
            SyncClientRepository.Queued batch = dsl.transactionResult(tx ->
                    new SyncClientRepository(tx.dsl()).queueCreations(QUEUE_BATCH, hlc::next, fallbackArea, now));
            committed(batch.queued());
            // A batch not full was the last; one whose every incident changed while being read leaves those to the
            // next round.
            return batch.read() == QUEUE_BATCH && batch.queued() > 0;
        }

        private boolean queueCaseBatch() {
            Instant now = clock.instant();
            MediationCaseSyncRepository.Queued batch = dsl.transactionResult(tx -> new MediationCaseSyncRepository(tx.dsl())
                    .queueChanged(MediationCaseSyncRepository.QUEUE_BATCH, hlc::next, now));
            committed(batch.queued());
            return batch.read() > 0 && batch.queued() > 0;
        }

        private synchronized void committed(int rows) {
            if (rows > 0) {
                queued += rows;
                batches++;
                notifyAll();
            }
        }

        /** Batches committed so far. */
        synchronized int batches() {
            return batches;
        }

        synchronized boolean isDone() {
            return done;
        }

        synchronized int queued() {
            return queued;
        }

        synchronized long finishedAt() {
            return finishedAt;
        }

        /** Waits until a batch after the {@code seen}-th is committed or queueing has ended. */
        synchronized void awaitBatchAfter(int seen) {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (batches == seen && !done && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                    return;
                }
            }
        }

        void stop() {
            stopped = true;
        }

        synchronized void rethrowFailure() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static final class Counter {
        int pushed;
        int applied;
        int merged;
        int conflicts;
        int rejected;
    }

    /**
     * Pushes the waiting rows oldest first while {@code queueing} adds more. Only rows made durable are sent: when
     * the push has sent all of those, the rows committed since are made durable together (a few times in a first
     * sync, as the queue runs ahead), and once more after queueing has ended. A step an operator takes after that
     * goes next round rather than leave before it is on disk.
     *
     * <p>One batch is on its way at a time, so the city applies them in their order. The console's own work is done
     * while the city works: the next batch is read while a batch is on its way, and a batch's answers are stored
     * while the next one is on its way, sent as soon as every mutation of the one before it was answered.
     */
    private boolean push(Counter counter, BooleanSupplier cancelled, Queueing queueing) {
        long lastFirst = -1;
        long durable = -1;
        int batchesAtDurable = 0;
        boolean durableAfterQueueing = false;
        while (true) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            List<Mutation> batch = new SyncClientRepository(dsl).waiting(SyncLimits.MAX_MUTATIONS_PER_PUSH, durable);
            if (batch.isEmpty()) {
                // Read before looking for rows: queueing that had ended then has committed every row it queued.
                int batchesSeen = queueing.batches();
                boolean queueingDone = queueing.isDone();
                // A checkpoint writes the whole database's changes to disk: while the queue is still running, one for
                // several of its batches rather than one per batch.
                boolean worthIt = durable < 0 || queueingDone || batchesSeen - batchesAtDurable >= BATCHES_PER_CHECKPOINT;
                if (!durableAfterQueueing && worthIt && new SyncClientRepository(dsl).anyWaitingAbove(durable)) {
                    durable = new SyncClientRepository(dsl).makeDurable();
                    batchesAtDurable = batchesSeen;
                    durableAfterQueueing = queueingDone;
                    continue;
                }
                if (!queueingDone) {
                    queueing.awaitBatchAfter(batchesSeen);
                    continue;
                }
                return true;
            }
            if (batch.get(0).clientSequence() == lastFirst) {
                // The server answered without covering the oldest row: stop rather than loop; it stays waiting.
                LOG.warn("the city server did not answer mutation {}; it stays in the outbox", batch.get(0).mutationId());
                return false;
            }
            List<Mutation> sent = batch;
            java.util.concurrent.CompletableFuture<PushReply> onItsWay = send(sent);
            while (onItsWay != null) {
                lastFirst = sent.get(0).clientSequence();
                long highest = sent.get(sent.size() - 1).clientSequence();
                List<Mutation> next = cancelled.getAsBoolean() ? List.of()
                        : new SyncClientRepository(dsl).waiting(SyncLimits.MAX_MUTATIONS_PER_PUSH, highest, durable);
                PushReply reply = arrived(onItsWay);
                onItsWay = null;
                if (!next.isEmpty() && answersAll(reply, sent) && !cancelled.getAsBoolean()) {
                    onItsWay = send(next);
                }
                store(reply, sent, highest, onItsWay);
                count(counter, reply);
                sent = next;
            }
        }
    }

    /**
     * Stores a batch's answers in one local transaction. Should that fail, the batch sent behind it is waited for
     * first: no push outlives its round, or the next round would send the same rows beside it.
     */
    private void store(PushReply reply, List<Mutation> sent, long highest,
                       java.util.concurrent.CompletableFuture<PushReply> behind) {
        Instant now = clock.instant();
        try {
            dsl.transaction(tx -> new SyncClientRepository(tx.dsl()).recordOutcomes(reply.outcomes(), sent, highest, now));
        } catch (RuntimeException failed) {
            if (behind != null) {
                behind.handle((ignored, alsoIgnored) -> null).join();
            }
            throw failed;
        }
    }

    private java.util.concurrent.CompletableFuture<PushReply> send(List<Mutation> batch) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> transport.push(new Push(batch)), REPLY_WAITER);
    }

    /** Whether the city answered every mutation of the batch (a batch behind it may go only then). */
    private static boolean answersAll(PushReply reply, List<Mutation> batch) {
        Set<UUID> answered = new HashSet<>();
        reply.outcomes().forEach(outcome -> answered.add(outcome.mutationId()));
        return batch.stream().allMatch(mutation -> answered.contains(mutation.mutationId()));
    }

    private static void count(Counter counter, PushReply reply) {
        for (Outcome outcome : reply.outcomes()) {
            counter.pushed++;
            switch (outcome.outcome()) {
                case APPLIED -> counter.applied++;
                case MERGED -> counter.merged++;
                case CONFLICT_RECORDED -> counter.conflicts++;
                case REJECTED -> counter.rejected++;
            }
            if (outcome.outcome() == OutcomeKind.REJECTED) {
                LOG.info("the city refused mutation {}: {}", outcome.mutationId(), outcome.reasonCode());
            }
        }
    }

    private static final class PullTally {
        int changes;
        int keptLocal;
    }

    /**
     * Pulls page after page, each applied with its cursor in one local transaction. The next page is asked for as
     * soon as a page arrives, from the cursor it names, so the server prepares it while this one is applied; a page
     * asked for and not applied (the round cancelled or failed) is simply asked for again next time.
     */
    private boolean pull(String epoch, PullTally tally, BooleanSupplier cancelled) {
        long cursor = new SyncClientRepository(dsl).standing().pullCursor();
        java.util.concurrent.CompletableFuture<PullReply> asked = ask(epoch, cursor);
        for (int page = 0; page < MAX_PAGES_PER_ROUND; page++) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            PullReply reply = arrived(asked);
            if (reply.epochChanged() || reply.cursorAhead()) {
                // Restored between hello and pull: start over; the next round re-sends the outbox.
                dsl.transaction(tx -> new SyncClientRepository(tx.dsl()).startOverWith(reply.epoch()));
                return false;
            }
            asked = reply.more() && page + 1 < MAX_PAGES_PER_ROUND ? ask(epoch, reply.nextCursor()) : null;
            for (Change change : reply.changes()) {
                hlc.observe(change.data().path("hlc").asLong(0));
            }
            Instant now = clock.instant();
            SyncClientRepository.Applied applied = dsl.transactionResult(tx -> {
                SyncClientRepository repository = new SyncClientRepository(tx.dsl());
                SyncClientRepository.Applied result = repository.applyPage(reply.changes(), now);
                repository.moveCursor(reply.nextCursor());
                return result;
            });
            tally.changes += reply.changes().size();
            tally.keptLocal += applied.kept();
            if (!reply.more()) {
                return true;
            }
        }
        return false;
    }

    private java.util.concurrent.CompletableFuture<PullReply> ask(String epoch, long cursor) {
        return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> transport.pull(new Pull(epoch, cursor, SyncLimits.MAX_PULL_PAGE)), REPLY_WAITER);
    }

    /** The reply, or the transport's own exception (e.g. {@link SyncTransport.Unavailable}) as if asked here. */
    private static <T> T arrived(java.util.concurrent.CompletableFuture<T> asked) {
        try {
            return asked.join();
        } catch (java.util.concurrent.CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed;
        }
    }

    /**
     * Threads that send a push or ask for a page while the round goes on with its own work, one per round at a time
     * (a load bench runs hundreds at once).
     */
    private static final java.util.concurrent.ExecutorService REPLY_WAITER = java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "zongzhi-sync-reply");
                thread.setDaemon(true);
                return thread;
            });
}
