package cn.zongzhi.demo;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.precision.GeometryPrecisionReducer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plausible synthetic boundaries: a district outline, split into cells by seeded Voronoi diagrams, each cell
 * clipped to its parent so that the cells of one level tile their parent without gaps or overlaps.
 */
final class DemoGeometry {
    static final GeometryFactory GEOMETRY = new GeometryFactory();
    // About 0.1 m at this latitude: enough for grids, and it keeps the WKT short.
    private static final PrecisionModel SIX_DECIMALS = new PrecisionModel(1_000_000);

    private DemoGeometry() {
    }

    /** An irregular outline around Baiyun district (WGS-84), roughly 113.16–113.48 E, 23.13–23.44 N. */
    static Polygon districtOutline(SplittableRandom random) {
        double centreLon = 113.32;
        double centreLat = 23.285;
        int points = 48;
        Coordinate[] ring = new Coordinate[points + 1];
        for (int i = 0; i < points; i++) {
            double angle = 2 * Math.PI * i / points;
            double wobble = 0.85 + 0.25 * random.nextDouble();
            ring[i] = new Coordinate(centreLon + 0.155 * wobble * Math.cos(angle), centreLat + 0.15 * wobble * Math.sin(angle));
        }
        ring[points] = ring[0];
        return (Polygon) reduce(GEOMETRY.createPolygon(ring));
    }

    /** Splits {@code parent} into {@code count} cells; fewer when the parent is too small to seed them apart. */
    static List<Geometry> split(Geometry parent, int count, SplittableRandom random) {
        if (count <= 1) {
            return List.of(parent);
        }
        List<Coordinate> seeds = new ArrayList<>();
        PreparedGeometry inside = PreparedGeometryFactory.prepare(parent);
        Envelope box = parent.getEnvelopeInternal();
        int attempts = 0;
        while (seeds.size() < count && attempts < count * 200) {
            attempts++;
            Coordinate candidate = new Coordinate(box.getMinX() + random.nextDouble() * box.getWidth(),
                    box.getMinY() + random.nextDouble() * box.getHeight());
            if (inside.contains(GEOMETRY.createPoint(candidate))) {
                seeds.add(candidate);
            }
        }
        if (seeds.size() < 2) {
            return List.of(parent);
        }
        VoronoiDiagramBuilder voronoi = new VoronoiDiagramBuilder();
        voronoi.setSites(seeds);
        Envelope clip = new Envelope(box);
        clip.expandBy(box.getWidth() + box.getHeight());
        voronoi.setClipEnvelope(clip);
        Geometry diagram = voronoi.getDiagram(GEOMETRY);
        List<Geometry> cells = new ArrayList<>();
        for (int i = 0; i < diagram.getNumGeometries(); i++) {
            Geometry cell = reduce(diagram.getGeometryN(i).intersection(parent));
            if (!cell.isEmpty() && cell.getArea() > 0) {
                cells.add(cell);
            }
        }
        // A stable order (north-west first) so that names and codes follow the map, not the diagram's internals.
        cells.sort(Comparator.<Geometry>comparingDouble(cell -> -round(cell.getCentroid().getY()))
                .thenComparingDouble(cell -> cell.getCentroid().getX()));
        return cells;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** A random point inside the geometry. */
    static Point pointIn(Geometry area, SplittableRandom random) {
        Envelope box = area.getEnvelopeInternal();
        PreparedGeometry inside = PreparedGeometryFactory.prepare(area);
        for (int attempt = 0; attempt < 500; attempt++) {
            Point candidate = GEOMETRY.createPoint(new Coordinate(box.getMinX() + random.nextDouble() * box.getWidth(),
                    box.getMinY() + random.nextDouble() * box.getHeight()));
            if (inside.contains(candidate)) {
                return candidate;
            }
        }
        return area.getInteriorPoint();
    }

    private static Geometry reduce(Geometry geometry) {
        Geometry reduced = GeometryPrecisionReducer.reduce(geometry, SIX_DECIMALS);
        return reduced.isValid() ? reduced : reduced.buffer(0);
    }
}
