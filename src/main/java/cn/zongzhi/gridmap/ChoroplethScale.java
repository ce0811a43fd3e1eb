package cn.zongzhi.gridmap;

import java.util.Arrays;

/**
 * Colours grids by a count in a few classes. Breaks are quantiles of the non-zero counts, so one hot grid does
 * not wash every other grid into the lowest class; grids with none form class 0 of their own.
 */
public final class ChoroplethScale {
    private final int[] upperBounds;

    private ChoroplethScale(int[] upperBounds) {
        this.upperBounds = upperBounds;
    }

    /** @param classes number of classes above zero */
    public static ChoroplethScale quantiles(int[] counts, int classes) {
        int[] nonZero = Arrays.stream(counts).filter(count -> count > 0).sorted().toArray();
        if (nonZero.length == 0) {
            return new ChoroplethScale(new int[0]);
        }
        int[] bounds = new int[classes];
        int used = 0;
        for (int i = 1; i <= classes; i++) {
            int bound = nonZero[Math.min(nonZero.length - 1, (int) Math.ceil(i * nonZero.length / (double) classes) - 1)];
            if (used == 0 || bound > bounds[used - 1]) {
                bounds[used++] = bound;
            }
        }
        return new ChoroplethScale(Arrays.copyOf(bounds, used));
    }

    /** 0 for no incidents, 1…classes() for the classes above. */
    public int classOf(int count) {
        if (count <= 0) {
            return 0;
        }
        for (int i = 0; i < upperBounds.length; i++) {
            if (count <= upperBounds[i]) {
                return i + 1;
            }
        }
        return upperBounds.length;
    }

    public int classes() {
        return upperBounds.length;
    }

    /** The range of counts in a class (1-based), for the legend: {from, to}. */
    public int[] range(int classIndex) {
        int from = classIndex == 1 ? 1 : upperBounds[classIndex - 2] + 1;
        return new int[] {from, upperBounds[classIndex - 1]};
    }
}
