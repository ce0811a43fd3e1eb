package cn.zongzhi.gridmap;

import cn.zongzhi.common.Progress;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the offline map draws, projected once when the map opens: outlines per level with a spatial
 * index each, incident markers, and open / overdue counts per grid. Immutable after {@link #build}, so the
 * FX thread can draw it while the next one is built in the background.
 */
public final class MapScene {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final Map<FeatureKind, List<MapFeature>> features = new EnumMap<>(FeatureKind.class);
    private final Map<FeatureKind, STRtree> indexes = new EnumMap<>(FeatureKind.class);
    private final Map<String, MapFeature> byCode = new HashMap<>();
    private final Map<UUID, MapFeature> byGridId = new HashMap<>();
    private List<MapMarker> markers;
    private Map<UUID, GridCounts> counts;
    private List<MapData.Marker> markerSource = List.of();
    private List<MapData.Unpinned> unpinnedSource = List.of();
    private Totals totals = new Totals(0, 0, 0, 0);
    /** The earliest deadline among the markers not yet overdue: when the next one falls due; null if none will. */
    private java.time.Instant nextDeadline;
    private final Envelope bounds = new Envelope();
    private final List<String> unreadable = new ArrayList<>();
    private final Map<MapFeature, String> labels = new java.util.IdentityHashMap<>();

    /**
     * The open incidents the scene holds (the account's), drawn or not: {@code pinned} have coordinates and a
     * marker; {@code notLocated} have no area (drawn at their point if they have one, a point outside every grid),
     * the set the queue's 未定位 view lists, where the status line's link leads.
     */
    public record Totals(int open, int overdue, int pinned, int notLocated) {
    }

    /**
     * Open and overdue incidents in a grid, with or without coordinates (as the queue lists the grid's incidents);
     * a comprehensive grid's figures include its micro grids.
     */
    public record GridCounts(int open, int overdue) {
        GridCounts plus(GridCounts other) {
            return new GridCounts(open + other.open, overdue + other.overdue);
        }
    }

    private MapScene(List<MapMarker> markers, Map<UUID, GridCounts> counts) {
        this.markers = markers;
        this.counts = counts;
    }

    public static MapScene empty() {
        return build(new MapData(List.of(), List.of(), java.time.Instant.EPOCH), Progress.NONE);
    }

    /** Parses, converts to WGS-84 where a dataset is in GCJ-02, projects and indexes. Cancellable between shapes. */
    public static MapScene build(MapData data, Progress progress) {
        WKTReader reader = new WKTReader(GEOMETRY);
        MapScene scene = new MapScene(List.of(), Map.of());
        int done = 0;
        for (MapData.Shape shape : data.shapes()) {
            if (progress.cancelled()) {
                throw new Progress.CancelledException();
            }
            scene.add(shape, reader);
            if (++done % 500 == 0) {
                progress.step(done, data.shapes().size(), null);
            }
        }
        scene.indexes.values().forEach(STRtree::build);
        scene.shortenLabels();
        scene.placeMarkers(data.markers(), data.unpinned(), data.readAt());
        progress.step(done, data.shapes().size(), null);
        return scene;
    }

    /**
     * The same outlines with a fresh set of markers: new incidents land on the map without parsing every
     * outline again. The outlines are shared, not copied; both scenes stay immutable.
     */
    public MapScene withMarkers(List<MapData.Marker> fresh, java.time.Instant readAt) {
        return withMarkers(fresh, List.of(), readAt);
    }

    /** The same, with the open incidents that have no coordinates, counted in their grids and in the totals. */
    public MapScene withMarkers(List<MapData.Marker> fresh, List<MapData.Unpinned> unpinned, java.time.Instant readAt) {
        MapScene scene = new MapScene(List.of(), Map.of());
        scene.features.putAll(features);
        scene.indexes.putAll(indexes);
        scene.byCode.putAll(byCode);
        scene.byGridId.putAll(byGridId);
        scene.bounds.expandToInclude(bounds);
        scene.unreadable.addAll(unreadable);
        scene.labels.putAll(labels);
        scene.placeMarkers(fresh, unpinned, readAt);
        return scene;
    }

    /**
     * The scene with overdue judged again at {@code now}, from the markers it holds (no database): this scene itself
     * while no marker's deadline has passed since it was judged. A deadline passes while the map is open without
     * any incident changing, and nothing else would read the markers again.
     */
    public MapScene judgedAt(java.time.Instant now) {
        return nextDeadline == null || !now.isAfter(nextDeadline) ? this : withMarkers(markerSource, unpinnedSource, now);
    }

    private void placeMarkers(List<MapData.Marker> source, List<MapData.Unpinned> unpinned, java.time.Instant readAt) {
        List<MapMarker> placed = new ArrayList<>(source.size());
        Map<UUID, GridCounts> perGrid = new HashMap<>();
        int notLocated = 0;
        java.time.Instant next = null;
        for (MapData.Marker marker : source) {
            MarkerState state = MarkerState.ofStatus(marker.status());
            if (state == null) {
                continue;
            }
            double[] wgs84 = CoordinateSystem.stored(marker.crs()).toWgs84(marker.longitude(), marker.latitude());
            boolean overdue = MapRepository.overdue(marker.status(), marker.dueAt(), readAt);
            next = sooner(next, marker.status(), marker.dueAt(), overdue);
            placed.add(new MapMarker(marker.id(), marker.caseNo(), marker.title(), WebMercator.x(wgs84[0]),
                    WebMercator.y(wgs84[1]), state, marker.dueAt(), overdue, marker.riskLevel(), marker.gridId()));
            if (marker.gridId() != null) {
                perGrid.merge(marker.gridId(), new GridCounts(1, overdue ? 1 : 0), GridCounts::plus);
            }
            notLocated += marker.notLocated() ? 1 : 0;
        }
        int open = placed.size();
        int overdueCount = (int) placed.stream().filter(MapMarker::overdue).count();
        for (MapData.Unpinned incident : unpinned) {
            if (MarkerState.ofStatus(incident.status()) == null) {
                continue;
            }
            boolean overdue = MapRepository.overdue(incident.status(), incident.dueAt(), readAt);
            next = sooner(next, incident.status(), incident.dueAt(), overdue);
            open++;
            overdueCount += overdue ? 1 : 0;
            if (incident.gridId() != null) {
                perGrid.merge(incident.gridId(), new GridCounts(1, overdue ? 1 : 0), GridCounts::plus);
            }
            notLocated += incident.notLocated() ? 1 : 0;
        }
        markers = Collections.unmodifiableList(placed);
        markerSource = source;
        unpinnedSource = unpinned;
        totals = new Totals(open, overdueCount, placed.size(), notLocated);
        nextDeadline = next;
        counts = perGrid;
        rollUpCounts();
    }

    /** The next moment an incident turns overdue: a resolved case's deadline passing changes nothing. */
    private static java.time.Instant sooner(java.time.Instant next, String status, java.time.Instant dueAt, boolean overdue) {
        boolean canTurnOverdue = !overdue && dueAt != null && MapRepository.DEADLINE_STATUSES.contains(status);
        return canTurnOverdue && (next == null || dueAt.isBefore(next)) ? dueAt : next;
    }

    private void add(MapData.Shape shape, WKTReader reader) {
        if (shape.boundaryWkt() == null) {
            return;
        }
        Geometry geometry;
        try {
            geometry = reader.read(shape.boundaryWkt());
        } catch (ParseException | IllegalArgumentException e) {
            unreadable.add(shape.code());
            return;
        }
        if (geometry.isEmpty()) {
            return;
        }
        CoordinateSystem crs = CoordinateSystem.stored(shape.crs());
        geometry.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence sequence, int i) {
                double[] wgs84 = crs.toWgs84(sequence.getX(i), sequence.getY(i));
                sequence.setOrdinate(i, 0, WebMercator.x(wgs84[0]));
                sequence.setOrdinate(i, 1, WebMercator.y(wgs84[1]));
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        List<double[]> rings = new ArrayList<>();
        for (int p = 0; p < geometry.getNumGeometries(); p++) {
            if (geometry.getGeometryN(p) instanceof Polygon polygon) {
                rings.add(flatten(polygon.getExteriorRing()));
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    rings.add(flatten(polygon.getInteriorRingN(h)));
                }
            }
        }
        Coordinate label = labelPoint(geometry);
        MapFeature feature = new MapFeature(shape.kind(), shape.gridId(), shape.code(), shape.name(), shape.areaCode(),
                shape.parentGridId(), rings.toArray(double[][]::new), geometry.getEnvelopeInternal(), label.x, label.y,
                geometry, shape.households(), shape.population());
        features.computeIfAbsent(shape.kind(), kind -> new ArrayList<>()).add(feature);
        indexes.computeIfAbsent(shape.kind(), kind -> new STRtree()).insert(feature.bounds(), feature);
        byCode.putIfAbsent(shape.code(), feature);
        if (shape.gridId() != null) {
            byGridId.put(shape.gridId(), feature);
        }
        bounds.expandToInclude(feature.bounds());
    }

    private static Coordinate labelPoint(Geometry geometry) {
        try {
            // A polygon's centroid can fall outside it (an L-shaped grid); the interior point never does.
            Coordinate inside = InteriorPointArea.getInteriorPoint(geometry);
            return inside != null ? inside : geometry.getEnvelopeInternal().centre();
        } catch (RuntimeException invalidGeometry) {
            return geometry.getEnvelopeInternal().centre();
        }
    }

    private static double[] flatten(LinearRing ring) {
        CoordinateSequence sequence = ring.getCoordinateSequence();
        double[] flat = new double[sequence.size() * 2];
        for (int i = 0; i < sequence.size(); i++) {
            flat[2 * i] = sequence.getX(i);
            flat[2 * i + 1] = sequence.getY(i);
        }
        return flat;
    }

    /**
     * A micro grid's name usually repeats its grid's ("…第1网格2号微网格"); on the map, where the grid's own
     * label is near, the remainder ("2号微网格") is enough and collides less.
     */
    private void shortenLabels() {
        for (MapFeature micro : features(FeatureKind.MICRO_GRID)) {
            MapFeature parent = micro.parentGridId() == null ? null : byGridId.get(micro.parentGridId());
            if (parent != null && micro.name().startsWith(parent.name()) && micro.name().length() > parent.name().length()) {
                labels.put(micro, micro.name().substring(parent.name().length()));
            }
        }
    }

    /** The text drawn on the map for an outline. */
    public String label(MapFeature feature) {
        return labels.getOrDefault(feature, feature.name());
    }

    private void rollUpCounts() {
        Map<UUID, GridCounts> rolledUp = new HashMap<>();
        counts.forEach((gridId, count) -> {
            MapFeature grid = byGridId.get(gridId);
            if (grid != null && grid.parentGridId() != null) {
                rolledUp.merge(grid.parentGridId(), count, GridCounts::plus);
            }
        });
        rolledUp.forEach((gridId, count) -> counts.merge(gridId, count, GridCounts::plus));
    }

    /** The outlines of one level whose boxes meet the envelope, in no particular order. */
    @SuppressWarnings("unchecked")
    public List<MapFeature> visible(FeatureKind kind, Envelope world) {
        STRtree index = indexes.get(kind);
        return index == null ? List.of() : index.query(world);
    }

    public List<MapFeature> features(FeatureKind kind) {
        return features.getOrDefault(kind, List.of());
    }

    /** The innermost outline among the given levels that contains the projected point. */
    public Optional<MapFeature> featureAt(double x, double y, List<FeatureKind> kinds) {
        var point = GEOMETRY.createPoint(new Coordinate(x, y));
        Envelope probe = new Envelope(x, x, y, y);
        MapFeature best = null;
        for (FeatureKind kind : kinds) {
            for (MapFeature feature : visible(kind, probe)) {
                if (feature.geometry().covers(point)
                        && (best == null || feature.kind().ordinal() > best.kind().ordinal()
                        || feature.kind() == best.kind() && feature.bounds().getArea() < best.bounds().getArea())) {
                    best = feature;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Areas and grids whose code starts with the text or whose name contains it (both sides full-width and case
     * folded: grid codes such as "DG-NC-001" carry letters), the matching code first, then grids and small areas,
     * at most {@code limit}.
     */
    public List<MapFeature> search(String text, int limit) {
        return search(text, limit, feature -> true);
    }

    /** The same, among the outlines the filter lets through (before the limit is applied). */
    public List<MapFeature> search(String text, int limit, java.util.function.Predicate<MapFeature> among) {
        String wanted = fold(text);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<MapFeature> found = new ArrayList<>();
        for (FeatureKind kind : FeatureKind.values()) {
            for (MapFeature feature : features(kind)) {
                if (among.test(feature) && (fold(feature.code()).startsWith(wanted) || fold(feature.name()).contains(wanted))) {
                    found.add(feature);
                }
            }
        }
        // The code itself first: a hot spot on the dashboard finds its grid by code among those it prefixes.
        found.sort(Comparator.comparing((MapFeature feature) -> !fold(feature.code()).equals(wanted))
                .thenComparing(feature -> !fold(feature.name()).equals(wanted))
                .thenComparing(feature -> !fold(feature.name()).startsWith(wanted))
                .thenComparing(feature -> feature.kind().ordinal())
                .thenComparing(MapFeature::code));
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : List.copyOf(found);
    }

    private static String fold(String text) {
        return text == null ? "" : Normalizer.normalize(text.trim(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    public Optional<MapFeature> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Optional<MapFeature> byGridId(UUID gridId) {
        return Optional.ofNullable(byGridId.get(gridId));
    }

    public List<MapMarker> markers() {
        return markers;
    }

    public Totals totals() {
        return totals;
    }

    public GridCounts counts(UUID gridId) {
        return counts.getOrDefault(gridId, new GridCounts(0, 0));
    }

    /** The box around every outline (or every marker when there are no outlines); null-envelope when empty. */
    public Envelope bounds() {
        if (bounds.isNull() && !markers.isEmpty()) {
            Envelope around = new Envelope();
            markers.forEach(marker -> around.expandToInclude(marker.x(), marker.y()));
            return around;
        }
        return new Envelope(bounds);
    }

    public int featureCount() {
        return features.values().stream().mapToInt(List::size).sum();
    }

    public List<String> unreadableShapes() {
        return List.copyOf(unreadable);
    }
}
