package cn.zongzhi.sync;

import cn.zongzhi.db.BulkLoadGate;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Runs sync rounds on a thread of their own: every {@code interval} while rounds succeed, and after a failure
 * again after a growing, jittered wait (so a hundred offices coming back after a city outage do not all call at
 * once), up to {@link #MAX_BACKOFF}. Retries on its timer, not only when something changes locally: a failed
 * upload with no new local writes is still retried. Pausing is remembered in the database. Listeners are told of
 * every change of status on the sync thread; a screen hops to its own thread.
 */
public final class SyncScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /**
     * How often the counts are read again between rounds, told only when they changed. Polling rather than each
     * writer telling: the writers (steps, corrections, notes, photos, the mediation desk, imports, the deadline
     * sweep) are many and in other features, and one left out would bring back a 待发送 stale for minutes while
     * offline; a few indexed counts every few seconds on this thread cost nothing an operator notices.
     */
    static final Duration RECOUNT = Duration.ofSeconds(5);
    /**
     * During a round the status is told again at its safe points (between batches, pages and files) at most this
     * often, so 待发送 goes down as a first sync of 20,000 incidents goes out rather than standing still to the end.
     */
    static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

    private final DSLContext dsl;
    private final BulkLoadGate gate;
    private final Supplier<Optional<SyncClient>> clients;
    private final Clock clock;
    private final Duration interval;
    private final DoubleSupplier random;
    private final ScheduledExecutorService executor;
    private final List<Consumer<SyncStatus>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> referenceListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile int failures;
    private volatile boolean lastOk;
    private volatile Instant nextAttemptAt;
    private ScheduledFuture<?> next;
    private ScheduledFuture<?> recount;
    private volatile SyncStatus lastPublished;
    private volatile Instant roundStartedAt;
    private volatile Duration clockOffset;
    private final java.util.concurrent.atomic.AtomicLong progressToldAt = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param clients the installation's sync client, read afresh before each round (enrolling while the console
     *                runs takes effect at the next round); empty when not enrolled
     * @param random  a number in [0, 1) for the jitter
     */
    public SyncScheduler(DSLContext dsl, Supplier<Optional<SyncClient>> clients, Clock clock, Duration interval,
                         DoubleSupplier random) {
        this.dsl = dsl;
        this.gate = BulkLoadGate.of(dsl);
        this.clients = clients;
        this.clock = clock;
        this.interval = interval;
        this.random = random;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Told, on the scheduler's thread, after a round that wrote reference data the city published (decision 0016),
     * so what was built from those tables (the grid locator, the working-day calendar) is built again.
     */
    public void addReferenceListener(Runnable listener) {
        referenceListeners.add(listener);
    }

    public void addListener(Consumer<SyncStatus> listener) {
        listeners.add(listener);
    }

    /** Starts the timer; the first round begins after {@code initialDelay}. */
    public synchronized void start(Duration initialDelay) {
        schedule(initialDelay);
        if (recount == null && !stopping.get()) {
            recount = executor.scheduleWithFixedDelay(this::publishIfChanged, RECOUNT.toMillis(), RECOUNT.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A round now (the operator asked), unless one is running; the timer goes on from its end. */
    public synchronized void syncNow() {
        schedule(Duration.ZERO);
    }

    public void pause() {
        executor.execute(() -> {
            new SyncClientRepository(dsl).setPaused(true);
            publish();
        });
    }

    public void resume() {
        executor.execute(() -> {
            new SyncClientRepository(dsl).setPaused(false);
            failures = 0;
            publish();
        });
        syncNow();
    }

    /** The status as it stands, read from the database (call off the FX thread). */
    public SyncStatus status() {
        SyncClientRepository repository = new SyncClientRepository(dsl);
        SyncClientRepository.Standing standing = repository.standing();
        SyncClientRepository.Counts counts = repository.counts();
        Optional<SyncCredentialRepository.Credential> credential = new SyncCredentialRepository(dsl).find();
        return new SyncStatus(credential.isPresent(), credential.map(SyncCredentialRepository.Credential::serverUrl).orElse(null),
                credential.map(SyncCredentialRepository.Credential::officeCode).orElse(null),
                lastOk && standing.lastError() == null, running.get(), standing.paused(),
                // During a round, its own start: the stored attempt is written only once the round is under way.
                running.get() && roundStartedAt != null ? roundStartedAt : standing.lastAttemptAt(),
                standing.lastSuccessAt(), standing.lastError(), counts.waiting() + counts.neverQueued(), counts.rejected(),
                counts.conflicts(), counts.tasks(), standing.paused() || credential.isEmpty() ? null : nextAttemptAt,
                clockOffset);
    }

    private synchronized void schedule(Duration delay) {
        if (stopping.get()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAttemptAt = clock.instant().plus(delay);
        next = executor.schedule(this::runRound, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runRound() {
        Duration wait = interval;
        long referenceBefore = referenceVersion();
        Optional<SyncClient> client = Optional.empty();
        try {
            client = clients.get();
            boolean paused = new SyncClientRepository(dsl).standing().paused();
            if (client.isEmpty() || paused) {
                publish();
                return;
            }
            if (!gate.tryEnterRound()) {
                // A bulk load has the incident tables (decision 0014): try again shortly, not counted as a failure.
                LOG.info("sync round held back while a bulk load rebuilds the incident indexes");
                wait = FIRST_BACKOFF;
                publish();
                return;
            }
            SyncClient.RoundResult result;
            try {
                roundStartedAt = clock.instant();
                running.set(true);
                progressToldAt.set(System.nanoTime());
                publish();
                result = client.get().round(() -> {
                    toldProgress();
                    return stopping.get() || gate.loadWanting();
                });
            } finally {
                gate.leaveRound();
            }
            // A round stopped for a bulk load is no fault: the standing shown stays what the last round left.
            lastOk = result.complete() || (lastOk && gate.loadWanting());
            failures = 0;
            if (!result.complete() && !stopping.get()) {
                // A round that stopped with more to pull, or for a bulk load, continues soon.
                wait = FIRST_BACKOFF;
            }
            LOG.info("sync round: {}", result.summary());
        } catch (SyncTransport.Unavailable unavailable) {
            lastOk = false;
            failures++;
            wait = backoff(failures, unavailable.permanent(), random.getAsDouble());
            LOG.warn("sync round failed ({}); next try in {} s", unavailable.reason(), wait.toSeconds());
        } catch (RuntimeException unexpected) {
            lastOk = false;
            failures++;
            wait = backoff(failures, false, random.getAsDouble());
            new SyncClientRepository(dsl).failed("local-error: " + unexpected.getClass().getSimpleName());
            LOG.error("sync round failed", unexpected);
        } finally {
            // Known from the hello even when the round failed after it.
            Optional<Duration> offset = client.flatMap(SyncClient::clockOffset);
            if (offset.isPresent()) {
                clockOffset = offset.get();
            }
            running.set(false);
            // Told even when the round failed after its reference pages were written (a push refused, say).
            if (referenceVersion() != referenceBefore) {
                referenceListeners.forEach(Runnable::run);
            }
            schedule(wait);
            publish();
        }
    }

    private long referenceVersion() {
        try {
            return new ReferenceDataRepository(dsl).referenceVersion();
        } catch (RuntimeException unreadable) {
            return -1;
        }
    }

    /**
     * The wait after the n-th failure in a row: doubling from {@link #FIRST_BACKOFF}, at most {@link #MAX_BACKOFF}
     * (at once for a refusal retrying cannot cure), then a random half of it taken off ("equal jitter").
     */
    public static Duration backoff(int failuresInARow, boolean permanent, double random) {
        long ceiling = permanent ? MAX_BACKOFF.toMillis()
                : Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failuresInARow - 1, 20));
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random * half));
    }

    private void publish() {
        if (listeners.isEmpty()) {
            return;
        }
        SyncStatus status;
        try {
            status = status();
        } catch (RuntimeException e) {
            LOG.warn("could not read the sync status", e);
            return;
        }
        tell(status);
    }

    /** At a safe point of the round (called from its threads): the counts as they stand, now and then. */
    private void toldProgress() {
        long now = System.nanoTime();
        long before = progressToldAt.get();
        if (now - before >= PROGRESS_EVERY.toNanos() && progressToldAt.compareAndSet(before, now)) {
            publish();
        }
    }

    /** Between rounds: a local change (a photo added offline, a case saved) shows in the counts within seconds. */
    private void publishIfChanged() {
        if (listeners.isEmpty() || running.get()) {
            return;
        }
        try {
            SyncStatus status = status();
            if (!status.equals(lastPublished)) {
                tell(status);
            }
        } catch (RuntimeException e) {
            LOG.debug("could not read the sync status", e);
        }
    }

    private void tell(SyncStatus status) {
        lastPublished = status;
        for (Consumer<SyncStatus> listener : listeners) {
            listener.accept(status);
        }
    }

    /** Stops the timer; a round under way stops at its next safe point (nothing is lost either way). */
    @Override
    public void close() {
        stopping.set(true);
        synchronized (this) {
            if (next != null) {
                next.cancel(false);
            }
            if (recount != null) {
                recount.cancel(false);
            }
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
