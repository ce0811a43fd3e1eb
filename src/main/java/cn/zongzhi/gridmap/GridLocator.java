package cn.zongzhi.gridmap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the grid that contains a point: an STR-tree over the grids' bounding boxes narrows the candidates,
 * prepared geometries answer the exact test. Built once from the grids, then read-only and thread-safe.
 */
public final class GridLocator {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final STRtree index = new STRtree();
    private final List<String> unreadable = new ArrayList<>();
    private final java.util.Map<String, Entry> byCode = new java.util.HashMap<>();

    public GridLocator(List<GridShape> grids) {
        WKTReader reader = new WKTReader(GEOMETRY);
        for (GridShape grid : grids) {
            if (grid.boundaryWkt() == null) {
                continue;
            }
            try {
                Geometry boundary = reader.read(grid.boundaryWkt());
                if ("GCJ02".equals(grid.crs())) {
                    // Everything is compared in WGS-84, the system phones report incidents in.
                    ChinaCoordinates.gcj02ToWgs84(boundary);
                }
                Entry entry = new Entry(grid, PreparedGeometryFactory.prepare(boundary), boundary.getArea(), boundary);
                index.insert(boundary.getEnvelopeInternal(), entry);
                byCode.put(grid.code(), entry);
            } catch (ParseException e) {
                unreadable.add(grid.code());
            }
        }
        index.build();
    }

    /**
     * The innermost grid at (longitude, latitude): of several containing grids (a micro grid inside its
     * comprehensive grid), the smallest.
     */
    public Optional<GridShape> locate(double longitude, double latitude) {
        List<GridShape> containing = locateAll(longitude, latitude);
        return containing.isEmpty() ? Optional.empty() : Optional.of(containing.get(containing.size() - 1));
    }

    /** All grids containing the point, outermost first. */
    public List<GridShape> locateAll(double longitude, double latitude) {
        Point point = GEOMETRY.createPoint(new Coordinate(longitude, latitude));
        @SuppressWarnings("unchecked")
        List<Entry> candidates = index.query(point.getEnvelopeInternal());
        return candidates.stream()
                .filter(entry -> entry.boundary().covers(point))
                .sorted(Comparator.comparingDouble(Entry::area).reversed())
                .map(Entry::grid)
                .toList();
    }

    /** A grid's outline in WGS-84 (for distances to its edge); null for an unknown code. */
    public Geometry boundaryOf(String code) {
        Entry entry = byCode.get(code);
        return entry == null ? null : entry.outline();
    }

    /** Grids whose boxes meet the envelope. */
    @SuppressWarnings("unchecked")
    public List<GridShape> near(org.locationtech.jts.geom.Envelope around) {
        return ((List<Entry>) index.query(around)).stream().map(Entry::grid).toList();
    }

    /** Codes of grids whose boundary could not be read; they are left out of lookups. */
    public List<String> unreadableGrids() {
        return List.copyOf(unreadable);
    }

    private record Entry(GridShape grid, PreparedGeometry boundary, double area, Geometry outline) {
    }
}
