package cn.zongzhi.gridmap;

import cn.zongzhi.common.Ids;
import cn.zongzhi.common.Progress;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Imports area or grid outlines from a GeoJSON FeatureCollection. Features are streamed one at a time; a
 * feature with a broken geometry, no code or no name is rejected with its code and the reason, the valid
 * ones are kept. Overlaps between features of the file and holes left between them are reported as warnings
 * (the data may be right; the operator decides). Re-importing a code updates it. Geometry is stored as given,
 * with its coordinate system; checks that measure area work in WGS-84.
 */
public final class GridImportService {
    /** Overlaps and gaps smaller than this are digitising noise, not worth a line in the report. */
    static final double TOLERANCE_SQUARE_METRES = 1_000;
    private static final int MAX_REPORTED_NEIGHBOURS = 12;

    private final GridImportRepository repository;
    private final GeometryFactory geometry = new GeometryFactory();

    public GridImportService(GridImportRepository repository) {
        this.repository = repository;
    }

    /**
     * @param level          what the features are: an area level or a grid level
     * @param crs            the coordinate system of the file
     * @param codeProperty   property holding the code ("code"; "adcode" is tried when absent)
     * @param parentProperty property holding the parent's code: an area for areas and grids, a grid for micro grids;
     *                       null: derived from the code (areas) or found by location (grids)
     */
    public record Options(FeatureKind level, CoordinateSystem crs, String codeProperty, String nameProperty,
                          String parentProperty) {
    }

    /** A rejected feature or a warning: its position in the file (1-based), its code and what is wrong. */
    public record Problem(int feature, String code, String problem, String detail) {
    }

    public record Summary(int read, int inserted, int updated, List<Problem> rejects, List<Problem> warnings) {
    }

    /** One feature that passed the checks, its geometry in the file's system and in WGS-84. */
    private record Accepted(int index, String code, String name, String parent, Geometry original, Geometry wgs84,
                            Integer households, Integer population) {
    }

    public Summary importFile(Path file, Options options, Progress progress) {
        List<Problem> rejects = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new GridImportException("cannot read " + file.getFileName() + ": " + e.getMessage());
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonFactory factory = JsonFactory.builder()
                // A district outline runs to megabytes of numbers in one string-free array: raise the document
                // limits Jackson guards against, keep the nesting limit (deep JSON is an attack, not a map).
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                        .maxStringLength(5_000_000).maxNumberLength(64).build())
                .build();
        GeoJsonReader reader = new GeoJsonReader(geometry);
        int index = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser parser = factory.createParser(in)) {
            parser.setCodec(mapper);
            if (!seekFeatures(parser)) {
                throw new GridImportException(file.getFileName() + " is not a GeoJSON FeatureCollection (no \"features\" array)");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new GridImportException(file.getFileName() + ": the file ends inside the feature list");
                }
                if (progress.cancelled()) {
                    throw new Progress.CancelledException();
                }
                index++;
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    rejects.add(new Problem(index, "", "NOT_A_FEATURE", "expected a Feature object, found " + token));
                    continue;
                }
                JsonNode feature = parser.readValueAsTree();
                Accepted valid = check(index, feature, options, reader, seen, rejects);
                if (valid != null) {
                    accepted.add(valid);
                }
                if (index % 200 == 0) {
                    progress.step(parser.currentLocation().getByteOffset(), size, null);
                }
            }
        } catch (IOException e) {
            throw new GridImportException(file.getFileName() + ": not valid JSON near feature " + (index + 1)
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        List<Problem> warnings = new ArrayList<>();
        warnings.addAll(overlaps(accepted));
        warnings.addAll(gaps(accepted));
        progress.checkCancelled();
        GridImportRepository.Written written = write(accepted, options, rejects, warnings);
        progress.step(size, size, null);
        return new Summary(index, written.inserted(), written.updated(), rejects, warnings);
    }

    private static boolean seekFeatures(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("features".equals(field) && value == JsonToken.START_ARRAY) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }

    private Accepted check(int index, JsonNode feature, Options options, GeoJsonReader reader, Set<String> seen,
                           List<Problem> rejects) {
        JsonNode properties = feature.path("properties");
        String code = text(properties.get(options.codeProperty()));
        if (code == null && "code".equals(options.codeProperty())) {
            code = text(properties.get("adcode"));
        }
        String name = text(properties.get(options.nameProperty()));
        if (code == null) {
            rejects.add(new Problem(index, "", "MISSING_CODE", "property '" + options.codeProperty() + "' is empty"));
            return null;
        }
        if (!options.level().isGrid() && !code.matches("\\d{6}|\\d{9}|\\d{12}")) {
            rejects.add(new Problem(index, code, "BAD_CODE", "an area code has 6, 9 or 12 digits"));
            return null;
        }
        if (name == null) {
            rejects.add(new Problem(index, code, "MISSING_NAME", "property '" + options.nameProperty() + "' is empty"));
            return null;
        }
        if (!seen.add(code)) {
            rejects.add(new Problem(index, code, "DUPLICATE_CODE", "the code appears earlier in the file"));
            return null;
        }
        JsonNode geometryNode = feature.get("geometry");
        if (geometryNode == null || geometryNode.isNull()) {
            rejects.add(new Problem(index, code, "NO_GEOMETRY", "the feature has no geometry"));
            return null;
        }
        Geometry shape;
        try {
            shape = reader.read(geometryNode.toString());
        } catch (org.locationtech.jts.io.ParseException | RuntimeException broken) {
            rejects.add(new Problem(index, code, "BROKEN_GEOMETRY", describe(broken)));
            return null;
        }
        if (!(shape instanceof Polygonal) || shape.isEmpty()) {
            rejects.add(new Problem(index, code, "NOT_A_POLYGON", shape.getGeometryType()));
            return null;
        }
        IsValidOp validity = new IsValidOp(shape);
        TopologyValidationError error = validity.getValidationError();
        if (error != null) {
            Coordinate at = error.getCoordinate();
            rejects.add(new Problem(index, code, "INVALID_GEOMETRY", error.getMessage()
                    + (at == null ? "" : String.format(java.util.Locale.ROOT, " at %.6f %.6f", at.x, at.y))));
            return null;
        }
        Geometry wgs84 = options.crs() == CoordinateSystem.GCJ02 ? toWgs84(shape) : shape;
        return new Accepted(index, code, name, text(options.parentProperty() == null ? null : parentValue(properties.get(options.parentProperty()))),
                shape, wgs84, integer(properties.get("households")), integer(properties.get("population")));
    }

    private static String describe(Exception broken) {
        Throwable root = broken;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (message.contains("closed linestring")) {
            return "unclosed ring (first and last point differ)";
        }
        if (message.contains("Invalid number of points")) {
            return "a ring needs at least 4 points";
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private static JsonNode parentValue(JsonNode value) {
        // DataV-style files carry the parent as {"adcode": 440100}.
        if (value != null && value.isObject()) {
            return value.has("adcode") ? value.get("adcode") : value.get("code");
        }
        return value;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static Integer integer(JsonNode value) {
        return value != null && value.canConvertToInt() ? value.asInt() : null;
    }

    private static Geometry toWgs84(Geometry shape) {
        Geometry copy = shape.copy();
        ChinaCoordinates.gcj02ToWgs84(copy);
        return copy;
    }

    /** Square metres of a WGS-84 area at its latitude (good to a fraction of a percent over a district). */
    static double squareMetres(Geometry wgs84) {
        double latitude = wgs84.getEnvelopeInternal().centre().y;
        return wgs84.getArea() * 111_320 * Math.cos(Math.toRadians(latitude)) * 110_574;
    }

    private List<Problem> overlaps(List<Accepted> accepted) {
        STRtree index = new STRtree();
        for (Accepted feature : accepted) {
            index.insert(feature.wgs84().getEnvelopeInternal(), feature);
        }
        List<Problem> warnings = new ArrayList<>();
        for (Accepted feature : accepted) {
            var prepared = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(feature.wgs84());
            @SuppressWarnings("unchecked")
            List<Accepted> candidates = index.query(feature.wgs84().getEnvelopeInternal());
            for (Accepted other : candidates) {
                // Each pair once, and only pairs whose shapes meet at all.
                if (other.index() <= feature.index() || !prepared.intersects(other.wgs84())) {
                    continue;
                }
                double shared = squareMetres(feature.wgs84().intersection(other.wgs84()));
                if (shared > TOLERANCE_SQUARE_METRES) {
                    warnings.add(new Problem(feature.index(), feature.code(), "OVERLAP",
                            String.format(java.util.Locale.ROOT, "overlaps %s by %.0f m²", other.code(), shared)));
                }
            }
        }
        return warnings;
    }

    private List<Problem> gaps(List<Accepted> accepted) {
        if (accepted.size() < 2) {
            return List.of();
        }
        List<Geometry> shapes = accepted.stream().map(Accepted::wgs84).toList();
        Geometry union;
        try {
            union = geometry.buildGeometry(shapes).union();
        } catch (RuntimeException topologyFailure) {
            return List.of(new Problem(0, "", "GAP_CHECK_FAILED", topologyFailure.getClass().getSimpleName()));
        }
        STRtree index = new STRtree();
        accepted.forEach(feature -> index.insert(feature.wgs84().getEnvelopeInternal(), feature));
        List<Problem> warnings = new ArrayList<>();
        for (int p = 0; p < union.getNumGeometries(); p++) {
            Polygon part = (Polygon) union.getGeometryN(p);
            for (int h = 0; h < part.getNumInteriorRing(); h++) {
                Polygon hole = geometry.createPolygon(part.getInteriorRingN(h).getCoordinates());
                double area = squareMetres(hole);
                if (area <= TOLERANCE_SQUARE_METRES) {
                    continue;
                }
                Envelope around = hole.getEnvelopeInternal();
                @SuppressWarnings("unchecked")
                List<Accepted> near = index.query(around);
                Set<String> touching = new TreeSet<>();
                for (Accepted feature : near) {
                    if (feature.wgs84().intersects(hole) && touching.size() < MAX_REPORTED_NEIGHBOURS) {
                        touching.add(feature.code());
                    }
                }
                Coordinate inside = hole.getInteriorPoint().getCoordinate();
                warnings.add(new Problem(0, String.join(" ", touching), "GAP", String.format(java.util.Locale.ROOT,
                        "a gap of %.0f m² at %.6f %.6f between %s", area, inside.x, inside.y, String.join(", ", touching))));
            }
        }
        return warnings;
    }

    private GridImportRepository.Written write(List<Accepted> accepted, Options options, List<Problem> rejects,
                                               List<Problem> warnings) {
        WKTWriter wkt = new WKTWriter();
        if (!options.level().isGrid()) {
            List<GridImportRepository.AreaOutline> areas = new ArrayList<>();
            Set<String> codes = new HashSet<>();
            accepted.forEach(feature -> codes.add(padded(feature.code())));
            Set<String> known = repository.existingAreaCodes();
            for (Accepted feature : accepted) {
                String parent = feature.parent() != null ? padded(feature.parent()) : derivedParent(feature.code());
                if (parent != null && !known.contains(parent) && !codes.contains(parent)) {
                    warnings.add(new Problem(feature.index(), feature.code(), "UNKNOWN_PARENT",
                            "parent area " + parent.trim() + " is not in the database; imported without a parent"));
                    parent = null;
                }
                Envelope box = feature.original().getEnvelopeInternal();
                areas.add(new GridImportRepository.AreaOutline(padded(feature.code()), feature.name(),
                        options.level().name(), parent, wkt.write(feature.original()), options.crs().name(),
                        box.getMinX(), box.getMinY(), box.getMaxX(), box.getMaxY()));
            }
            // Parents before children, so the foreign key holds within one file of several levels.
            areas.sort(java.util.Comparator.comparing(GridImportRepository.AreaOutline::code));
            return repository.upsertAreas(areas);
        }
        Map<String, GridImportRepository.KnownGrid> knownGrids = repository.knownGrids();
        Set<String> knownAreas = repository.existingAreaCodes();
        GridLocator comprehensive = options.level() == FeatureKind.MICRO_GRID && options.parentProperty() == null
                ? repository.gridLocator() : null;
        Map<String, GridImportRepository.GridOutline> rows = new LinkedHashMap<>();
        for (Accepted feature : accepted) {
            String areaCode;
            UUID parentGrid = null;
            if (options.level() == FeatureKind.GRID) {
                areaCode = feature.parent() == null ? null : padded(feature.parent());
                if (areaCode == null || !knownAreas.contains(areaCode)) {
                    areaCode = repository.areaContaining(feature.wgs84().getInteriorPoint().getCoordinate(), knownAreas);
                }
            } else {
                GridImportRepository.KnownGrid parent = feature.parent() != null ? knownGrids.get(feature.parent()) : null;
                if (parent == null && comprehensive != null) {
                    Coordinate inside = feature.wgs84().getInteriorPoint().getCoordinate();
                    parent = comprehensive.locateAll(inside.x, inside.y).stream()
                            .filter(grid -> "COMPREHENSIVE".equals(grid.level())).findFirst()
                            .map(grid -> knownGrids.get(grid.code())).orElse(null);
                }
                areaCode = parent == null ? null : parent.areaCode();
                parentGrid = parent == null ? null : parent.id();
            }
            if (areaCode == null) {
                rejects.add(new Problem(feature.index(), feature.code(), "NO_PARENT", options.level() == FeatureKind.GRID
                        ? "no known area for this grid (give --parent-prop, or import the area outlines first)"
                        : "no known comprehensive grid for this micro grid (give --parent-prop, or import the grids first)"));
                continue;
            }
            GridImportRepository.KnownGrid existing = knownGrids.get(feature.code());
            Envelope box = feature.original().getEnvelopeInternal();
            rows.put(feature.code(), new GridImportRepository.GridOutline(existing != null ? existing.id() : Ids.newId(),
                    existing != null, feature.code(), feature.name(),
                    options.level() == FeatureKind.GRID ? "COMPREHENSIVE" : "MICRO", areaCode, parentGrid,
                    wkt.write(feature.original()), options.crs().name(), box.getMinX(), box.getMinY(), box.getMaxX(),
                    box.getMaxY(), feature.households(), feature.population()));
        }
        return repository.upsertGrids(new ArrayList<>(rows.values()));
    }

    private static String padded(String code) {
        return cn.zongzhi.areas.AdminArea.padded(code);
    }

    /** 440103 → 440100 (city); 440111002 → 440111 (district); 440111002001 → 440111002 (town). */
    private static String derivedParent(String code) {
        String trimmed = code.trim();
        return switch (trimmed.length()) {
            case 6 -> padded(trimmed.substring(0, 4));
            case 9 -> padded(trimmed.substring(0, 6));
            case 12 -> trimmed.endsWith("000000") ? padded(trimmed.substring(0, 4))
                    : trimmed.endsWith("000") ? padded(trimmed.substring(0, 6)) : padded(trimmed.substring(0, 9));
            default -> null;
        };
    }

    static Map<String, Integer> countByProblem(List<Problem> problems) {
        Map<String, Integer> counts = new HashMap<>();
        problems.forEach(problem -> counts.merge(problem.problem(), 1, Integer::sum));
        return counts;
    }
}
