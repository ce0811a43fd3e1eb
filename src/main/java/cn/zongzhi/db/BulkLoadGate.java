package cn.zongzhi.db;

import org.jooq.DSLContext;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps sync rounds and bulk loads of one database apart.
 *
 * <p>Why: a bulk load drops the incident tables' indexes and builds them again at the end ({@link DeferredIndexes}).
 * In H2 both are DDL and take the table for themselves: building an index over a large table takes tens of
 * seconds, and any other write to that table meanwhile fails after the lock timeout; a write that holds the table
 * when the build starts makes the build fail instead, which leaves the indexes missing. The console's own writes
 * wait on its one writer thread, which runs the load; sync rounds run on their own thread (decision 0002), so they
 * are the writes that need keeping out. Operators' writes and sync's are left to H2's row locks: both are short
 * (a sync transaction is one page or batch of at most 500 records).
 *
 * <p>How: a round enters only when no load holds or waits ({@link #tryEnterRound}); a load that wants the tables
 * says so, which stops a running round at its next safe point (between batches and pages: nothing is lost, the
 * next round goes on), and then has them until it is done.
 */
public final class BulkLoadGate {
    private static final String KEY = BulkLoadGate.class.getName();

    /** A round stops after the batch, page or file it is in; this is far more than that takes on any link that works. */
    static final java.time.Duration ROUND_STOP_LIMIT = java.time.Duration.ofMinutes(2);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicInteger loadsWanting = new AtomicInteger();

    BulkLoadGate() {
    }

    /** The gate of the database behind this DSL (one per configuration, so every user of the database shares it). */
    public static BulkLoadGate of(DSLContext dsl) {
        return (BulkLoadGate) dsl.configuration().data().computeIfAbsent(KEY, key -> new BulkLoadGate());
    }

    /** A round may start: true unless a load holds the tables or waits for them. Pair with {@link #leaveRound}. */
    public boolean tryEnterRound() {
        if (loadsWanting.get() > 0) {
            return false;
        }
        if (!lock.readLock().tryLock()) {
            return false;
        }
        if (loadsWanting.get() > 0) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    public void leaveRound() {
        lock.readLock().unlock();
    }

    /** A load wants the tables or has them: a running round stops at its next safe point. */
    public boolean loadWanting() {
        return loadsWanting.get() > 0;
    }

    /** A load that gave up waiting for a sync round to stop; it changed nothing and may be tried again. */
    public static final class RoundDidNotStop extends IllegalStateException {
        RoundDidNotStop(String message) {
            super(message);
        }
    }

    /**
     * Waits until no round runs (a round told by {@link #loadWanting} stops after the batch or page it is in), then
     * holds the tables until the returned hold is closed.
     */
    public Hold holdForLoad() {
        return holdForLoad(ROUND_STOP_LIMIT);
    }

    /** The same, failing rather than waiting past {@code limit} (the load runs on the writer thread; nothing waits for ever). */
    Hold holdForLoad(java.time.Duration limit) {
        loadsWanting.incrementAndGet();
        boolean held;
        try {
            held = lock.writeLock().tryLock(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            loadsWanting.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a sync round to stop", e);
        }
        if (!held) {
            loadsWanting.decrementAndGet();
            throw new RoundDidNotStop("a sync round did not stop within " + limit.toSeconds()
                    + " s; nothing was loaded, try again");
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                lock.writeLock().unlock();
                loadsWanting.decrementAndGet();
            }
        };
    }

    /** The tables held for a load; closing (once, on the thread that took them) lets rounds run again. */
    @FunctionalInterface
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
