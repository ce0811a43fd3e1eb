package cn.zongzhi.gridmap;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The map's non-drawing figures for docs/benchmarks.md: point-to-grid lookup against a linear scan, polygon
 * import against bare JDBC inserts of the same rows, and how long the map's scene takes to build.
 */
public final class GridMapBenchmark {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private GridMapBenchmark() {
    }

    /** Sorted nanoseconds per call. */
    public record Timings(long[] sorted) {
        public double micros(int percentile) {
            return cn.zongzhi.common.Percentiles.nanos(sorted, percentile) / 1e3;
        }

        public double meanMicros() {
            return Arrays.stream(sorted).average().orElse(0) / 1e3;
        }
    }

    /** Random points inside the grids' box, each located with the STR-tree locator. */
    public static Timings lookups(GridLocator locator, Envelope box, int points, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] nanos = new long[points];
        for (int i = 0; i < points; i++) {
            double longitude = box.getMinX() + random.nextDouble() * box.getWidth();
            double latitude = box.getMinY() + random.nextDouble() * box.getHeight();
            long started = System.nanoTime();
            locator.locate(longitude, latitude);
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        return new Timings(nanos);
    }

    /** The baseline: every grid tested in turn, no index (prepared geometries, so only the index differs). */
    public static Timings linearScan(List<GridShape> grids, Envelope box, int points, long seed) {
        WKTReader reader = new WKTReader(GEOMETRY);
        List<PreparedGeometry> prepared = new ArrayList<>();
        for (GridShape grid : grids) {
            try {
                prepared.add(PreparedGeometryFactory.prepare(reader.read(grid.boundaryWkt())));
            } catch (org.locationtech.jts.io.ParseException skipped) {
                // The locator skips these too.
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] nanos = new long[points];
        for (int i = 0; i < points; i++) {
            var point = GEOMETRY.createPoint(new Coordinate(box.getMinX() + random.nextDouble() * box.getWidth(),
                    box.getMinY() + random.nextDouble() * box.getHeight()));
            long started = System.nanoTime();
            for (PreparedGeometry grid : prepared) {
                if (grid.covers(point)) {
                    break;
                }
            }
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        return new Timings(nanos);
    }

    /** A Voronoi tiling of {@code count} cells over a 30 km square near Guangzhou, as GeoJSON features. */
    public static List<Polygon> tiling(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Envelope area = new Envelope(113.16, 113.46, 23.13, 23.43);
        List<Coordinate> sites = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sites.add(new Coordinate(area.getMinX() + random.nextDouble() * area.getWidth(),
                    area.getMinY() + random.nextDouble() * area.getHeight()));
        }
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(sites);
        builder.setClipEnvelope(area);
        Geometry cells = builder.getDiagram(GEOMETRY);
        Geometry clip = GEOMETRY.toGeometry(area);
        List<Polygon> polygons = new ArrayList<>(count);
        for (int i = 0; i < cells.getNumGeometries(); i++) {
            Geometry clipped = cells.getGeometryN(i).intersection(clip);
            if (clipped instanceof Polygon polygon && !polygon.isEmpty()) {
                // Six decimals, as real files carry: about 0.1 m.
                polygons.add((Polygon) new org.locationtech.jts.precision.GeometryPrecisionReducer(
                        new org.locationtech.jts.geom.PrecisionModel(1e6)).reduce(polygon));
            }
        }
        return polygons;
    }

    public static void writeGeoJson(List<Polygon> polygons, String parentCode, Path file) {
        try (JsonGenerator out = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeStringField("type", "FeatureCollection");
            out.writeArrayFieldStart("features");
            for (int i = 0; i < polygons.size(); i++) {
                out.writeStartObject();
                out.writeStringField("type", "Feature");
                out.writeObjectFieldStart("properties");
                out.writeStringField("code", "B" + (100000 + i));
                out.writeStringField("name", "基准网格" + (i + 1));
                out.writeStringField("parent", parentCode);
                out.writeEndObject();
                out.writeObjectFieldStart("geometry");
                out.writeStringField("type", "Polygon");
                out.writeArrayFieldStart("coordinates");
                out.writeStartArray();
                for (Coordinate c : polygons.get(i).getExteriorRing().getCoordinates()) {
                    out.writeStartArray();
                    out.writeNumber(c.x);
                    out.writeNumber(c.y);
                    out.writeEndArray();
                }
                out.writeEndArray();
                out.writeEndArray();
                out.writeEndObject();
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds to import the file through the application (validation, overlap and gap checks, merge by code). */
    public static double importSeconds(Path file, Path databaseFile, String parentCode) {
        try (Database database = Database.open(databaseFile)) {
            insertParentArea(database, parentCode);
            long started = System.nanoTime();
            GridImportService.Summary summary = new GridImportService(new GridImportRepository(database.dsl()))
                    .importFile(file, new GridImportService.Options(FeatureKind.GRID, CoordinateSystem.WGS84, "code", "name",
                            "parent"), Progress.NONE);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (summary.inserted() + summary.updated() == 0) {
                throw new IllegalStateException("the benchmark import wrote nothing: " + summary.rejects());
            }
            return seconds;
        }
    }

    /** The baseline: the same rows as WKT, inserted with one JDBC batch and no checks at all. */
    public static double bareJdbcSeconds(List<Polygon> polygons, Path databaseFile, String parentCode) {
        WKTWriter wkt = new WKTWriter();
        try (Database database = Database.open(databaseFile)) {
            insertParentArea(database, parentCode);
            long started = System.nanoTime();
            database.dsl().connection(connection -> insertRaw(connection, polygons, wkt, parentCode));
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static void insertRaw(Connection connection, List<Polygon> polygons, WKTWriter wkt, String parentCode)
            throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("insert into grid (id, code, name, level, area_code, "
                + "boundary_wkt, crs, min_lon, min_lat, max_lon, max_lat) values (?, ?, ?, 'COMPREHENSIVE', ?, ?, 'WGS84', ?, ?, ?, ?)")) {
            for (int i = 0; i < polygons.size(); i++) {
                Envelope box = polygons.get(i).getEnvelopeInternal();
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, "B" + (100000 + i));
                insert.setString(3, "基准网格" + (i + 1));
                insert.setString(4, parentCode);
                insert.setString(5, wkt.write(polygons.get(i)));
                insert.setDouble(6, box.getMinX());
                insert.setDouble(7, box.getMinY());
                insert.setDouble(8, box.getMaxX());
                insert.setDouble(9, box.getMaxY());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        connection.commit();
    }

    private static void insertParentArea(Database database, String code) {
        new cn.zongzhi.areas.AreaRepository(database.dsl()).upsert(List.of(
                new cn.zongzhi.areas.AdminArea(code, "基准社区", cn.zongzhi.areas.AreaLevel.COMMUNITY, null)));
    }

    /** Seconds to read the map's data from the database and build its scene (the work behind opening the map). */
    public static double sceneBuildSeconds(Database database, Instant now) {
        long started = System.nanoTime();
        MapScene.build(new MapRepository(database.dsl()).load(now), Progress.NONE);
        return (System.nanoTime() - started) / 1e9;
    }

    /** Synthetic open incidents spread over the box, for drawing; deterministic by seed. */
    public static List<MapData.Marker> syntheticMarkers(Envelope wgs84Box, int count, long seed, Instant now) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] statuses = {"REPORTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED", "RESOLVED"};
        List<MapData.Marker> markers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            markers.add(new MapData.Marker(new UUID(seed, i), "BENCH-" + i, "基准事件" + i,
                    wgs84Box.getMinX() + random.nextDouble() * wgs84Box.getWidth(),
                    wgs84Box.getMinY() + random.nextDouble() * wgs84Box.getHeight(), "WGS84",
                    statuses[random.nextInt(statuses.length)], now.plusSeconds(random.nextLong(-86_400 * 5, 86_400 * 10)),
                    null, null));
        }
        return markers;
    }
}
