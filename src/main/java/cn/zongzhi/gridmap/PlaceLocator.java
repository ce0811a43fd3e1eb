package cn.zongzhi.gridmap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers "where is this point": the areas (by their outlines, or by the chain above the grid when areas
 * have none) and the grids that contain it, outermost first, and whether it lies so close to a boundary that
 * a GPS error could put it on the other side. Everything is compared in WGS-84.
 */
public final class PlaceLocator {
    /** Phone positions are good to some tens of metres; closer than this to an edge, the answer may be wrong. */
    public static final double NEAR_BOUNDARY_METRES = 50;

    private static final GeometryFactory GEOMETRY = new GeometryFactory();
    private static final List<String> LEVEL_ORDER = List.of("PROVINCE", "CITY", "DISTRICT", "TOWN", "COMMUNITY");

    private final Map<String, AreaInfo> areas = new HashMap<>();
    private final STRtree areaIndex = new STRtree();
    private final List<AreaShape> areaShapes = new ArrayList<>();
    private final GridLocator grids;

    /** An area as the table knows it; the outline is optional. */
    public record AreaInfo(String code, String name, String level, String parentCode, String boundaryWkt, String crs) {
    }

    /** One line of the answer. {@code level}: province, city, district, town, community, grid, microgrid. */
    public record Place(String code, String name, String level) {
    }

    /** @param nearBoundary null unless the point is within 50 m of the innermost outline's edge */
    public record Answer(List<Place> places, BoundaryNote nearBoundary) {
    }

    /** How far inside the edge of {@code place} the point is, and the neighbour across that edge, if any. */
    public record BoundaryNote(Place place, double metres, Place neighbour) {
    }

    private record AreaShape(AreaInfo area, Geometry outline, PreparedGeometry prepared) {
    }

    public PlaceLocator(List<AreaInfo> areaRows, List<GridShape> gridShapes) {
        WKTReader reader = new WKTReader(GEOMETRY);
        for (AreaInfo area : areaRows) {
            areas.put(area.code(), area);
            if (area.boundaryWkt() == null) {
                continue;
            }
            try {
                Geometry outline = reader.read(area.boundaryWkt());
                if ("GCJ02".equals(area.crs())) {
                    ChinaCoordinates.gcj02ToWgs84(outline);
                }
                AreaShape shape = new AreaShape(area, outline, PreparedGeometryFactory.prepare(outline));
                areaShapes.add(shape);
                areaIndex.insert(outline.getEnvelopeInternal(), shape);
            } catch (ParseException unreadable) {
                // An outline that cannot be read locates nothing; the import refuses such outlines anyway.
            }
        }
        areaIndex.build();
        grids = new GridLocator(gridShapes);
        for (GridShape grid : gridShapes) {
            gridsByCode.put(grid.code(), grid);
        }
    }

    private final Map<String, GridShape> gridsByCode = new HashMap<>();

    public Answer locate(double longitude, double latitude) {
        Point point = GEOMETRY.createPoint(new Coordinate(longitude, latitude));
        @SuppressWarnings("unchecked")
        List<AreaShape> candidates = areaIndex.query(point.getEnvelopeInternal());
        List<AreaShape> containing = candidates.stream().filter(shape -> shape.prepared().covers(point))
                .sorted(Comparator.comparingInt((AreaShape shape) -> LEVEL_ORDER.indexOf(shape.area().level())))
                .toList();
        List<GridShape> gridHits = grids.locateAll(longitude, latitude);

        List<Place> places = new ArrayList<>();
        String innermostArea = !containing.isEmpty() ? containing.get(containing.size() - 1).area().code()
                : gridHits.isEmpty() ? null : cn.zongzhi.areas.AdminArea.padded(gridHits.get(0).areaCode());
        if (innermostArea != null) {
            // The chain above the innermost area contains the point by definition, outline or not.
            List<Place> chain = new ArrayList<>();
            for (AreaInfo area = areas.get(innermostArea); area != null; area = area.parentCode() == null ? null : areas.get(area.parentCode())) {
                chain.add(0, new Place(area.code().trim(), area.name(), area.level().toLowerCase(Locale.ROOT)));
            }
            places.addAll(chain);
        }
        for (GridShape grid : gridHits) {
            places.add(new Place(grid.code(), grid.name(), "MICRO".equals(grid.level()) ? "microgrid" : "grid"));
        }
        return new Answer(places, nearBoundary(point, containing, gridHits));
    }

    private BoundaryNote nearBoundary(Point point, List<AreaShape> containing, List<GridShape> gridHits) {
        Geometry innermost;
        Place place;
        String level;
        if (!gridHits.isEmpty()) {
            GridShape grid = gridHits.get(gridHits.size() - 1);
            innermost = grids.boundaryOf(grid.code());
            place = new Place(grid.code(), grid.name(), "MICRO".equals(grid.level()) ? "microgrid" : "grid");
            level = grid.level();
        } else if (!containing.isEmpty()) {
            AreaShape shape = containing.get(containing.size() - 1);
            innermost = shape.outline();
            place = new Place(shape.area().code().trim(), shape.area().name(), shape.area().level().toLowerCase(Locale.ROOT));
            level = shape.area().level();
        } else {
            return null;
        }
        if (innermost == null) {
            return null;
        }
        double metres = metresToEdge(point, innermost);
        if (metres >= NEAR_BOUNDARY_METRES) {
            return null;
        }
        return new BoundaryNote(place, metres, neighbour(point, place.code(), level).orElse(null));
    }

    private Optional<Place> neighbour(Point point, String ownCode, String level) {
        double degrees = NEAR_BOUNDARY_METRES / 100_000.0;
        Envelope around = new Envelope(point.getCoordinate());
        around.expandBy(degrees);
        Place best = null;
        double bestMetres = Double.MAX_VALUE;
        if (level.equals("COMPREHENSIVE") || level.equals("MICRO")) {
            for (GridShape other : grids.near(around)) {
                if (other.code().equals(ownCode) || !other.level().equals(level)) {
                    continue;
                }
                double metres = metresToEdge(point, grids.boundaryOf(other.code()));
                if (metres < NEAR_BOUNDARY_METRES && metres < bestMetres) {
                    bestMetres = metres;
                    best = new Place(other.code(), other.name(), "MICRO".equals(level) ? "microgrid" : "grid");
                }
            }
        } else {
            @SuppressWarnings("unchecked")
            List<AreaShape> near = areaIndex.query(around);
            for (AreaShape other : near) {
                if (other.area().code().trim().equals(ownCode) || !other.area().level().equals(level)) {
                    continue;
                }
                double metres = metresToEdge(point, other.outline());
                if (metres < NEAR_BOUNDARY_METRES && metres < bestMetres) {
                    bestMetres = metres;
                    best = new Place(other.area().code().trim(), other.area().name(), level.toLowerCase(Locale.ROOT));
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Metres from the point to the outline's edge, in a local flat frame centred on the point. */
    static double metresToEdge(Point point, Geometry outline) {
        double longitude = point.getX();
        double latitude = point.getY();
        double metresPerDegreeX = 111_320 * Math.cos(Math.toRadians(latitude));
        double metresPerDegreeY = 110_574;
        Geometry local = outline.getBoundary().copy();
        local.apply((CoordinateFilter) coordinate -> {
            coordinate.x = (coordinate.x - longitude) * metresPerDegreeX;
            coordinate.y = (coordinate.y - latitude) * metresPerDegreeY;
        });
        local.geometryChanged();
        return local.distance(GEOMETRY.createPoint(new Coordinate(0, 0)));
    }

    /** Grid-locator access for the benchmark: one point lookup. */
    public Optional<GridShape> grid(double longitude, double latitude) {
        return grids.locate(longitude, latitude);
    }
}
