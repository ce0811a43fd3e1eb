package cn.zongzhi.sync;

import cn.zongzhi.calendar.CalendarRepository;
import cn.zongzhi.sync.protocol.ReferenceItem;
import cn.zongzhi.sync.protocol.ReferenceKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.CALENDAR_DAY;
import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;

/**
 * The console's reference tables as the city publishes them (decision 0016): read whole for publishing from the
 * city's console, and written item by item when an office applies what the city published. Each kind is described
 * once ({@link Shape}: its table, key and columns with their JSON names), so reading and writing cannot drift apart.
 */
public final class ReferenceDataRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceDataRepository.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The calendar rows the city's publication wrote, so a later publication of that year replaces exactly them. */
    static final String CITY_SOURCE = "city";

    private final DSLContext dsl;

    public ReferenceDataRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A column travelling under a JSON name, with the value a missing one takes (for NOT NULL columns). */
    private record Column<T>(String json, TableField<? extends Record, T> field, T absent) {
        static <T> Column<T> of(String json, TableField<? extends Record, T> field) {
            return new Column<>(json, field, null);
        }
    }

    /** A foreign code inside an item, which must exist locally or is left empty ({@code required}: the item waits). */
    private record Reference(String json, TableField<? extends Record, String> field, ReferenceKind target, boolean required) {
    }

    private record Shape(ReferenceKind kind, Table<? extends Record> table, TableField<? extends Record, String> key,
                         List<Column<?>> columns, List<Reference> references,
                         TableField<? extends Record, Long> serverVersion) {
    }

    private static final Column<Boolean> AREA_ACTIVE = new Column<>("active", ADMIN_AREA.ACTIVE, true);

    private static final Shape AREA = new Shape(ReferenceKind.AREA, ADMIN_AREA, ADMIN_AREA.CODE, List.of(
            Column.of("name", ADMIN_AREA.NAME), Column.of("level", ADMIN_AREA.LEVEL), AREA_ACTIVE,
            Column.of("boundaryWkt", ADMIN_AREA.BOUNDARY_WKT), new Column<>("crs", ADMIN_AREA.CRS, "WGS84"),
            Column.of("minLon", ADMIN_AREA.MIN_LON), Column.of("minLat", ADMIN_AREA.MIN_LAT),
            Column.of("maxLon", ADMIN_AREA.MAX_LON), Column.of("maxLat", ADMIN_AREA.MAX_LAT)),
            List.of(new Reference("parentCode", ADMIN_AREA.PARENT_CODE, ReferenceKind.AREA, false)),
            ADMIN_AREA.SERVER_VERSION);

    private static final Shape DEPARTMENT_SHAPE = new Shape(ReferenceKind.DEPARTMENT, DEPARTMENT, DEPARTMENT.CODE, List.of(
            Column.of("name", DEPARTMENT.NAME), Column.of("phone", DEPARTMENT.PHONE),
            new Column<>("active", DEPARTMENT.ACTIVE, true)),
            List.of(new Reference("areaCode", DEPARTMENT.AREA_CODE, ReferenceKind.AREA, false)),
            DEPARTMENT.SERVER_VERSION);

    private static final Shape CATEGORY = new Shape(ReferenceKind.CATEGORY, INCIDENT_CATEGORY, INCIDENT_CATEGORY.CODE, List.of(
            Column.of("name", INCIDENT_CATEGORY.NAME), Column.of("pinyinInitials", INCIDENT_CATEGORY.PINYIN_INITIALS),
            Column.of("timeLimit", INCIDENT_CATEGORY.TIME_LIMIT), Column.of("timeLimitUnit", INCIDENT_CATEGORY.TIME_LIMIT_UNIT),
            new Column<>("emergency", INCIDENT_CATEGORY.EMERGENCY, false),
            new Column<>("active", INCIDENT_CATEGORY.ACTIVE, true)),
            List.of(new Reference("parentCode", INCIDENT_CATEGORY.PARENT_CODE, ReferenceKind.CATEGORY, false),
                    new Reference("defaultDepartmentCode", INCIDENT_CATEGORY.DEFAULT_DEPARTMENT_CODE, ReferenceKind.DEPARTMENT, false),
                    new Reference("fallbackDepartmentCode", INCIDENT_CATEGORY.FALLBACK_DEPARTMENT_CODE, ReferenceKind.DEPARTMENT, false)),
            INCIDENT_CATEGORY.SERVER_VERSION);

    /** Grids are keyed by code here; their uuid and parent (a uuid locally, a code on the wire) are handled apart. */
    private static final Shape GRID_SHAPE = new Shape(ReferenceKind.GRID, GRID, GRID.CODE, List.of(
            Column.of("name", GRID.NAME), Column.of("level", GRID.LEVEL),
            Column.of("boundaryWkt", GRID.BOUNDARY_WKT), new Column<>("crs", GRID.CRS, "WGS84"),
            Column.of("minLon", GRID.MIN_LON), Column.of("minLat", GRID.MIN_LAT),
            Column.of("maxLon", GRID.MAX_LON), Column.of("maxLat", GRID.MAX_LAT),
            Column.of("households", GRID.HOUSEHOLDS), Column.of("population", GRID.POPULATION),
            new Column<>("active", GRID.ACTIVE, true)),
            List.of(new Reference("areaCode", GRID.AREA_CODE, ReferenceKind.AREA, true)),
            GRID.SERVER_VERSION);

    private static final Shape MEDIATOR_SHAPE = new Shape(ReferenceKind.MEDIATOR, MEDIATOR, MEDIATOR.CODE, List.of(
            Column.of("name", MEDIATOR.NAME), Column.of("kind", MEDIATOR.KIND), Column.of("specialties", MEDIATOR.SPECIALTIES),
            Column.of("studioName", MEDIATOR.STUDIO_NAME), Column.of("phone", MEDIATOR.PHONE),
            new Column<>("active", MEDIATOR.ACTIVE, true)),
            List.of(), MEDIATOR.SERVER_VERSION);

    private static final List<Shape> SHAPES = List.of(AREA, DEPARTMENT_SHAPE, CATEGORY, GRID_SHAPE, MEDIATOR_SHAPE);

    private static Shape shape(ReferenceKind kind) {
        return SHAPES.stream().filter(shape -> shape.kind() == kind).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------------------------------------- publishing

    /**
     * Everything this console holds, as items in the order an office applies them: areas from the province down,
     * departments, categories parents first, comprehensive grids before the micro grids inside them, mediators,
     * then each year of the holiday calendar.
     */
    public List<ReferenceItem> everything() {
        List<ReferenceItem> items = new ArrayList<>();
        Map<UUID, String> gridCodes = new HashMap<>();
        dsl.select(GRID.ID, GRID.CODE).from(GRID).forEach(row -> gridCodes.put(row.get(GRID.ID), row.get(GRID.CODE)));
        for (Shape shape : SHAPES) {
            List<ReferenceItem> ofKind = new ArrayList<>();
            for (Record row : dsl.selectFrom(shape.table()).fetch()) {
                ObjectNode data = NODES.objectNode();
                for (Column<?> column : shape.columns()) {
                    data.set(column.json(), toJson(row.get(column.field())));
                }
                for (Reference reference : shape.references()) {
                    data.set(reference.json(), toJson(trimmed(row.get(reference.field()))));
                }
                if (shape == GRID_SHAPE) {
                    data.put("id", row.get(GRID.ID).toString());
                    UUID parent = row.get(GRID.PARENT_GRID_ID);
                    data.set("parentCode", toJson(parent == null ? null : gridCodes.get(parent)));
                }
                ofKind.add(new ReferenceItem(shape.kind(), trimmed(row.get(shape.key())), 0, data));
            }
            ofKind.sort(Comparator.comparingInt(ReferenceDataRepository::depth)
                    .thenComparing(ReferenceItem::code));
            items.addAll(ofKind);
        }
        items.addAll(holidayYears());
        return items;
    }

    /** Parents before children: an area's level, a category's code length, a comprehensive grid before a micro one. */
    private static int depth(ReferenceItem item) {
        return switch (item.kind()) {
            case AREA -> List.of("PROVINCE", "CITY", "DISTRICT", "TOWN", "COMMUNITY").indexOf(item.data().path("level").asText());
            case CATEGORY -> item.code().length();
            case GRID -> "COMPREHENSIVE".equals(item.data().path("level").asText()) ? 0 : 1;
            default -> 0;
        };
    }

    private List<ReferenceItem> holidayYears() {
        Map<Integer, ArrayNode> years = new TreeMap<>();
        for (String year : new CalendarRepository(dsl).coveredYears().split(",")) {
            if (year.trim().matches("\\d{4}")) {
                years.put(Integer.parseInt(year.trim()), NODES.arrayNode());
            }
        }
        for (Record row : dsl.selectFrom(CALENDAR_DAY).orderBy(CALENDAR_DAY.CALENDAR_DATE).fetch()) {
            LocalDate date = row.get(CALENDAR_DAY.CALENDAR_DATE);
            ObjectNode day = NODES.objectNode();
            day.put("date", date.toString());
            day.put("offDay", row.get(CALENDAR_DAY.OFF_DAY));
            day.put("name", row.get(CALENDAR_DAY.NAME));
            years.computeIfAbsent(date.getYear(), year -> NODES.arrayNode()).add(day);
        }
        List<ReferenceItem> items = new ArrayList<>();
        years.forEach((year, days) -> {
            ObjectNode data = NODES.objectNode();
            data.set("days", days);
            items.add(new ReferenceItem(ReferenceKind.HOLIDAY_YEAR, String.valueOf(year), 0, data));
        });
        return items;
    }

    private static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        return NODES.textNode(value.toString());
    }

    private static String trimmed(String code) {
        return code == null ? null : code.trim();
    }

    // ------------------------------------------------------------------------------------------------ applying

    /**
     * What applying a page did: items written, items passed over (with the reason logged), and the items that named
     * a code this console did not have yet (a parent, a department, a grid's area) — written without that link, or
     * not at all for a grid — to be applied again once the rest of the publication is in.
     */
    public record Applied(int written, int passedOver, List<ReferenceItem> waiting) {
    }

    public long referenceVersion() {
        return dsl.select(SYNC_STATUS.REFERENCE_VERSION).from(SYNC_STATUS).where(SYNC_STATUS.ID.eq(1))
                .fetchOne(SYNC_STATUS.REFERENCE_VERSION);
    }

    public void moveReferenceCursor(long version) {
        dsl.update(SYNC_STATUS).set(SYNC_STATUS.REFERENCE_VERSION, version).where(SYNC_STATUS.ID.eq(1)).execute();
    }

    /**
     * Writes the city's items over the local rows of the same key; rows the city never published stay. An item
     * that cannot be written (its grid's area unknown here, a value the table refuses) is passed over alone and
     * logged, inside a savepoint, so one bad item never stops the page. Call inside the page's transaction.
     */
    public Applied apply(List<ReferenceItem> items) {
        Known known = new Known();
        List<ReferenceItem> ordered = new ArrayList<>(items);
        // Kinds in dependency order; within a kind the server's (= the publisher's) order, parents first.
        ordered.sort(Comparator.comparingInt((ReferenceItem item) ->
                (item.kind() == null ? ReferenceKind.UNKNOWN : item.kind()).ordinal()));
        int written = 0;
        int passedOver = 0;
        List<Runnable> parentsLater = new ArrayList<>();
        List<ReferenceItem> waiting = new ArrayList<>();
        for (ReferenceItem item : ordered) {
            String problem;
            try {
                problem = dsl.transactionResult(savepoint -> applyOne(savepoint.dsl(), item, known, parentsLater, waiting));
            } catch (RuntimeException refused) {
                problem = refused.getClass().getSimpleName() + ": " + refused.getMessage();
            }
            if (problem == null) {
                written++;
            } else {
                passedOver++;
                LOG.warn("reference item {} {} (version {}) not applied: {}", item.kind(), item.code(), item.version(), problem);
            }
        }
        // A parent that came later in the page than its child (or in no page yet) is linked once it exists.
        parentsLater.forEach(Runnable::run);
        return new Applied(written, passedOver, waiting);
    }

    /** The codes this console has, kept up to date as a page is applied. */
    private final class Known {
        private final Map<ReferenceKind, Set<String>> codes = new HashMap<>();
        private Map<String, UUID> grids;

        boolean has(ReferenceKind kind, String code) {
            return codes(kind).contains(code);
        }

        Set<String> codes(ReferenceKind kind) {
            return codes.computeIfAbsent(kind, ReferenceDataRepository.this::codesOf);
        }

        Map<String, UUID> grids() {
            if (grids == null) {
                grids = gridIdsByCode();
            }
            return grids;
        }
    }

    private Set<String> codesOf(ReferenceKind kind) {
        Shape shape = shape(kind);
        Set<String> found = new HashSet<>();
        dsl.select(shape.key()).from(shape.table()).fetch(shape.key()).forEach(code -> found.add(code.trim()));
        return found;
    }

    private Map<String, UUID> gridIdsByCode() {
        Map<String, UUID> ids = new HashMap<>();
        dsl.select(GRID.CODE, GRID.ID).from(GRID).forEach(row -> ids.put(row.get(GRID.CODE), row.get(GRID.ID)));
        return ids;
    }

    private String applyOne(DSLContext tx, ReferenceItem item, Known known, List<Runnable> parentsLater,
                            List<ReferenceItem> waiting) {
        if (item.kind() == ReferenceKind.HOLIDAY_YEAR) {
            return applyHolidayYear(tx, item);
        }
        Shape shape = shape(item.kind());
        if (shape == null || item.code() == null || item.data() == null) {
            return "a kind this console does not know";
        }
        ObjectNode data = item.data();
        Map<TableField<? extends Record, ?>, Object> values = new LinkedHashMap<>();
        for (Column<?> column : shape.columns()) {
            values.put(column.field(), fromJson(data.get(column.json()), column));
        }
        for (Reference reference : shape.references()) {
            String code = text(data.get(reference.json()));
            boolean selfReference = reference.target() == item.kind();
            if (code != null && !known.has(reference.target(), code)) {
                waiting.add(item);
                if (reference.required()) {
                    return reference.json() + " " + code + " is not known here";
                }
                if (selfReference) {
                    String parent = code;
                    parentsLater.add(() -> {
                        if (known.has(reference.target(), parent)) {
                            dsl.update(shape.table()).set(reference.field(), parent).where(shape.key().eq(item.code())).execute();
                        }
                    });
                }
                code = null;
            }
            values.put(reference.field(), code);
        }
        values.put(shape.serverVersion(), item.version());
        boolean exists = known.has(item.kind(), item.code());
        if (shape == GRID_SHAPE) {
            applyGridParent(tx, item, known, values, parentsLater, waiting);
            if (!exists) {
                values.put(GRID.ID, newGridId(data, known));
            }
        }
        if (exists) {
            tx.update(shape.table()).set(values).where(shape.key().eq(item.code())).execute();
        } else {
            values.put(shape.key(), item.code());
            tx.insertInto(shape.table()).set(values).execute();
            known.codes(item.kind()).add(item.code());
            if (shape == GRID_SHAPE) {
                known.grids().put(item.code(), (UUID) values.get(GRID.ID));
            }
        }
        return null;
    }

    private void applyGridParent(DSLContext tx, ReferenceItem item, Known known,
                                 Map<TableField<? extends Record, ?>, Object> values, List<Runnable> parentsLater,
                                 List<ReferenceItem> waiting) {
        String parentCode = text(item.data().get("parentCode"));
        UUID parent = parentCode == null ? null : known.grids().get(parentCode);
        if (parentCode != null && parent == null) {
            waiting.add(item);
            parentsLater.add(() -> {
                UUID later = known.grids().get(parentCode);
                if (later != null) {
                    dsl.update(GRID).set(GRID.PARENT_GRID_ID, later).where(GRID.CODE.eq(item.code())).execute();
                }
            });
        }
        values.put(GRID.PARENT_GRID_ID, parent);
    }

    /** The city's id for a new grid, unless this console already uses it for another grid. */
    private static UUID newGridId(ObjectNode data, Known known) {
        try {
            UUID id = UUID.fromString(data.path("id").asText(""));
            return known.grids().containsValue(id) ? UUID.randomUUID() : id;
        } catch (IllegalArgumentException notAnId) {
            return UUID.randomUUID();
        }
    }

    /** A year arrives whole: the rows an earlier publication wrote for it are replaced, and the year is covered. */
    private static String applyHolidayYear(DSLContext tx, ReferenceItem item) {
        if (item.code() == null || !item.code().matches("\\d{4}")) {
            return "not a year";
        }
        int year = Integer.parseInt(item.code());
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        Map<LocalDate, JsonNode> days = new TreeMap<>();
        for (JsonNode day : item.data().path("days")) {
            try {
                LocalDate date = LocalDate.parse(day.path("date").asText());
                if (date.getYear() != year || !day.path("offDay").isBoolean() || day.path("name").asText("").isBlank()) {
                    return "day " + day + " is not a day of " + year + " with offDay and name";
                }
                days.put(date, day);
            } catch (DateTimeParseException notADate) {
                return "day " + day + " has no date";
            }
        }
        // The city's word replaces the year's exceptions, whatever file they came from.
        tx.deleteFrom(CALENDAR_DAY).where(CALENDAR_DAY.CALENDAR_DATE.between(first, last)).execute();
        for (var day : days.entrySet()) {
            tx.insertInto(CALENDAR_DAY, CALENDAR_DAY.CALENDAR_DATE, CALENDAR_DAY.OFF_DAY, CALENDAR_DAY.NAME, CALENDAR_DAY.SOURCE)
                    .values(day.getKey(), day.getValue().path("offDay").asBoolean(), day.getValue().path("name").asText(), CITY_SOURCE)
                    .execute();
        }
        Set<String> covered = new TreeSet<>();
        CalendarRepository calendar = new CalendarRepository(tx);
        for (String each : calendar.coveredYears().split(",")) {
            if (!each.isBlank()) {
                covered.add(each.trim());
            }
        }
        covered.add(item.code());
        calendar.saveCoveredYears(String.join(",", covered));
        return null;
    }

    private static Object fromJson(JsonNode node, Column<?> column) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return column.absent();
        }
        Class<?> type = column.field().getType();
        // A value of the wrong type passes the item over (the caller's savepoint) rather than being guessed at.
        if (type == Boolean.class && node.isBoolean()) {
            return node.asBoolean();
        }
        if (type == Integer.class && node.isIntegralNumber() && node.canConvertToInt()) {
            return node.asInt();
        }
        if (type == Long.class && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (type == Double.class && node.isNumber()) {
            return node.asDouble();
        }
        if (type == String.class && node.isTextual()) {
            return node.asText();
        }
        throw new IllegalArgumentException(column.json() + ": " + node + " is not a " + type.getSimpleName());
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText().trim();
    }
}
