package cn.zongzhi.gridmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps map labels from running into each other: labels are offered in order of importance and one is placed
 * only when its box overlaps none already placed. Placed boxes are bucketed by screen cell so each test
 * looks at a few neighbours, not at every label.
 */
public final class LabelPlacer {
    private static final double CELL = 64;

    private final Map<Long, List<double[]>> buckets = new HashMap<>();
    private final double padding;

    public LabelPlacer(double padding) {
        this.padding = padding;
    }

    /** Places the box centred at (x, y) if it is free; true when placed (and now occupied). */
    public boolean tryPlace(double centreX, double centreY, double width, double height) {
        double[] box = {centreX - width / 2 - padding, centreY - height / 2 - padding,
                centreX + width / 2 + padding, centreY + height / 2 + padding};
        int fromColumn = (int) Math.floor(box[0] / CELL);
        int toColumn = (int) Math.floor(box[2] / CELL);
        int fromRow = (int) Math.floor(box[1] / CELL);
        int toRow = (int) Math.floor(box[3] / CELL);
        for (int column = fromColumn; column <= toColumn; column++) {
            for (int row = fromRow; row <= toRow; row++) {
                for (double[] placed : buckets.getOrDefault(key(column, row), List.of())) {
                    if (box[0] < placed[2] && placed[0] < box[2] && box[1] < placed[3] && placed[1] < box[3]) {
                        return false;
                    }
                }
            }
        }
        for (int column = fromColumn; column <= toColumn; column++) {
            for (int row = fromRow; row <= toRow; row++) {
                buckets.computeIfAbsent(key(column, row), k -> new ArrayList<>(4)).add(box);
            }
        }
        return true;
    }

    private static long key(int column, int row) {
        return ((long) column << 32) ^ (row & 0xffffffffL);
    }
}
