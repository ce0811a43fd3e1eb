package cn.zongzhi.common;

import java.time.Clock;
import java.time.Instant;

/**
 * Hybrid logical clock: physical milliseconds in the high bits, a counter in the low 16 bits, so stamps
 * from one installation never go backwards even when the wall clock does.
 */
public final class HybridClock {
    private static final int COUNTER_BITS = 16;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;

    private final Clock clock;
    private long last;

    public HybridClock(Clock clock) {
        this.clock = clock;
    }

    public synchronized long next() {
        long physical = clock.millis() << COUNTER_BITS;
        last = physical > last ? physical : last + 1;
        return last;
    }

    /**
     * The wall-clock instant the stamps are made from, without a counter: for rules about the day (has a session's
     * day come), so that a service judges the day by the same clock that stamps its change.
     */
    public Instant now() {
        return clock.instant();
    }

    /** Advances past a stamp received from elsewhere, as HLC requires on receipt. */
    public synchronized long observe(long remote) {
        long physical = clock.millis() << COUNTER_BITS;
        last = Math.max(Math.max(physical, remote), last) + 1;
        return last;
    }

    /** The stamp made of a physical time and a counter, e.g. the highest stamp allowed at some instant. */
    public static long stamp(long physicalMillis, long counter) {
        return (physicalMillis << COUNTER_BITS) | (counter & COUNTER_MASK);
    }

    public static long physicalMillis(long stamp) {
        return stamp >>> COUNTER_BITS;
    }

    public static long counter(long stamp) {
        return stamp & COUNTER_MASK;
    }
}
