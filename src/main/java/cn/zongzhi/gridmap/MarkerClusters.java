package cn.zongzhi.gridmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups markers that would overlap on screen: each marker falls into a square cell of the screen, and a cell
 * with more than one marker is drawn as one circle with the count. Linear in the markers on screen, so it is
 * redone every frame rather than kept per zoom level.
 */
public final class MarkerClusters {
    private MarkerClusters() {
    }

    /** A group of markers drawn as one: at the mean screen position of its members. */
    public record Cluster(double screenX, double screenY, List<MapMarker> members, int overdue) {
        public boolean single() {
            return members.size() == 1;
        }
    }

    /**
     * @param cellPixels cell size; markers closer than about this many pixels merge. 0 or less: no grouping.
     */
    public static List<Cluster> group(List<MapMarker> markers, MapViewport viewport, double cellPixels, double marginPixels) {
        double width = viewport.width();
        double height = viewport.height();
        Map<Long, Builder> cells = new HashMap<>();
        List<Cluster> singles = new ArrayList<>();
        for (MapMarker marker : markers) {
            double x = viewport.screenX(marker.x());
            double y = viewport.screenY(marker.y());
            if (x < -marginPixels || y < -marginPixels || x > width + marginPixels || y > height + marginPixels) {
                continue;
            }
            if (cellPixels <= 0) {
                singles.add(new Cluster(x, y, List.of(marker), marker.overdue() ? 1 : 0));
                continue;
            }
            long key = ((long) Math.floor(x / cellPixels) << 32) ^ ((long) Math.floor(y / cellPixels) & 0xffffffffL);
            cells.computeIfAbsent(key, k -> new Builder()).add(marker, x, y);
        }
        if (cellPixels <= 0) {
            return singles;
        }
        List<Cluster> clusters = new ArrayList<>(cells.size());
        for (Builder builder : cells.values()) {
            clusters.add(builder.build());
        }
        return clusters;
    }

    private static final class Builder {
        private final List<MapMarker> members = new ArrayList<>(2);
        private double sumX;
        private double sumY;
        private int overdue;

        void add(MapMarker marker, double x, double y) {
            members.add(marker);
            sumX += x;
            sumY += y;
            if (marker.overdue()) {
                overdue++;
            }
        }

        Cluster build() {
            return new Cluster(sumX / members.size(), sumY / members.size(), List.copyOf(members), overdue);
        }
    }
}
