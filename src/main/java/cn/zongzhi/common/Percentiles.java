package cn.zongzhi.common;

import java.util.Arrays;

/** What the bench commands share: timing a call repeatedly after a warm-up, and reading percentiles off the result. */
public final class Percentiles {
    private Percentiles() {
    }

    /** Runs {@code call} {@code warmup} times unmeasured, then {@code iterations} times; the sorted nanoseconds. */
    public static long[] measure(int warmup, int iterations, Runnable call) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /** The nearest-rank percentile of sorted nanoseconds. */
    public static long nanos(long[] sorted, int percentile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    public static double millis(long[] sorted, int percentile) {
        return nanos(sorted, percentile) / 1e6;
    }
}
