package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.ReferenceItem;
import cn.zongzhi.sync.protocol.ReferenceKind;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/** The published reference data of V006 through jOOQ by name, on H2 and PostgreSQL alike. */
final class ReferenceRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Table<?> ITEM = table(name("reference_item"));
    private static final Table<?> SEQUENCER = table(name("reference_sequencer"));
    private static final Table<?> LEFT = table(name("reference_area_left"));
    private static final Field<String> KIND = field(name("kind"), String.class);
    private static final Field<String> CODE = field(name("code"), String.class);
    private static final Field<Long> VERSION = field(name("version"), Long.class);
    private static final Field<String> AREA_CODE = field(name("area_code"), String.class);
    private static final Field<String> DATA = field(name("data"), String.class);
    private static final Field<OffsetDateTime> PUBLISHED_AT = field(name("published_at"), OffsetDateTime.class);
    private static final Field<String> PUBLISHED_BY = field(name("published_by"), String.class);
    private static final Field<Integer> SEQUENCER_ID = field(name("id"), Integer.class);
    private static final Field<Long> HIGH_WATER = field(name("high_water"), Long.class);

    private final DSLContext dsl;

    ReferenceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The highest version committed. */
    long highWater() {
        return dsl.select(HIGH_WATER).from(SEQUENCER).where(SEQUENCER_ID.eq(1)).fetchOne(HIGH_WATER);
    }

    /**
     * Stores the items whose content differs from what is held, each with a new version. Must run inside a
     * transaction: the sequencer's row stays locked until it commits, so a later publication waits and takes
     * higher versions, and versions become visible in their order.
     *
     * @return how many items changed, and the high-water mark after them
     */
    Published publish(List<ReferenceItem> items, String officeCode, Instant now) {
        long highWater = dsl.select(HIGH_WATER).from(SEQUENCER).where(SEQUENCER_ID.eq(1)).forUpdate().fetchOne(HIGH_WATER);
        Map<String, ObjectNode> held = held(items);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        var updates = dsl.batch(dsl.update(ITEM).set(VERSION, (Long) null).set(AREA_CODE, (String) null).set(DATA, (String) null)
                .set(PUBLISHED_AT, (OffsetDateTime) null).set(PUBLISHED_BY, (String) null)
                .where(KIND.eq((String) null)).and(CODE.eq((String) null)));
        var inserts = dsl.batch(dsl.insertInto(ITEM, KIND, CODE, VERSION, AREA_CODE, DATA, PUBLISHED_AT, PUBLISHED_BY)
                .values((String) null, null, null, null, null, null, null));
        long next = highWater;
        int changed = 0;
        for (ReferenceItem item : items) {
            String key = key(item.kind().name(), item.code());
            ObjectNode before = held.get(key);
            if (item.data().equals(before)) {
                continue;
            }
            changed++;
            next++;
            String area = item.kind() == ReferenceKind.GRID ? item.data().path("areaCode").asText(null) : null;
            String data = item.data().toString();
            String areaLeft = before == null || item.kind() != ReferenceKind.GRID ? null : before.path("areaCode").asText(null);
            if (areaLeft != null && !areaLeft.equals(area)) {
                // Moved: the offices of the area it left still receive this version and every later one. Checked
                // first, not upserted: the sequencer's lock already makes publications take turns.
                if (!dsl.fetchExists(LEFT, KIND.eq(item.kind().name()).and(CODE.eq(item.code())).and(AREA_CODE.eq(areaLeft)))) {
                    dsl.insertInto(LEFT, KIND, CODE, AREA_CODE).values(item.kind().name(), item.code(), areaLeft).execute();
                }
            }
            if (before != null) {
                updates.bind(next, area, data, at, officeCode, item.kind().name(), item.code());
            } else {
                inserts.bind(item.kind().name(), item.code(), next, area, data, at, officeCode);
            }
        }
        if (changed > 0) {
            if (updates.size() > 0) {
                updates.execute();
            }
            if (inserts.size() > 0) {
                inserts.execute();
            }
            dsl.update(SEQUENCER).set(HIGH_WATER, next).where(SEQUENCER_ID.eq(1)).execute();
        }
        return new Published(changed, next, highWater);
    }

    record Published(int changed, long highWater, long before) {
    }

    private Map<String, ObjectNode> held(List<ReferenceItem> items) {
        Map<String, ObjectNode> held = new HashMap<>();
        Map<ReferenceKind, List<String>> codesByKind = new java.util.EnumMap<>(ReferenceKind.class);
        for (ReferenceItem item : items) {
            codesByKind.computeIfAbsent(item.kind(), kind -> new ArrayList<>()).add(item.code());
        }
        Condition any = DSL.falseCondition();
        for (var kind : codesByKind.entrySet()) {
            any = any.or(KIND.eq(kind.getKey().name()).and(CODE.in(kind.getValue())));
        }
        for (Record row : dsl.select(KIND, CODE, DATA).from(ITEM).where(any).fetch()) {
            held.put(key(row.get(KIND), row.get(CODE)), parse(row.get(DATA)));
        }
        return held;
    }

    /**
     * Items with a version in (since, upTo], oldest first, at most {@code limit}; grids outside {@code areaPrefixes}
     * left out unless {@code everything}.
     */
    List<ReferenceItem> changedAfter(long since, long upTo, int limit, boolean everything, List<String> areaPrefixes) {
        Condition visible = AREA_CODE.isNull();
        if (everything) {
            visible = DSL.trueCondition();
        } else {
            Condition leftHere = DSL.falseCondition();
            Field<String> leftArea = field(name("reference_area_left", "area_code"), String.class);
            for (String prefix : areaPrefixes) {
                visible = visible.or(AREA_CODE.startsWith(prefix));
                leftHere = leftHere.or(leftArea.startsWith(prefix));
            }
            // A grid moved out of the office's area: it learns of the move, and of every later change, so it can
            // let the grid go instead of keeping it as it was.
            visible = visible.or(DSL.exists(DSL.selectOne().from(LEFT)
                    .where(field(name("reference_area_left", "kind"), String.class).eq(field(name("reference_item", "kind"), String.class)))
                    .and(field(name("reference_area_left", "code"), String.class).eq(field(name("reference_item", "code"), String.class)))
                    .and(leftHere)));
        }
        List<ReferenceItem> items = new ArrayList<>();
        for (Record row : dsl.select(KIND, CODE, VERSION, DATA).from(ITEM)
                .where(VERSION.gt(since)).and(VERSION.le(upTo)).and(visible)
                .orderBy(VERSION).limit(limit).fetch()) {
            items.add(new ReferenceItem(kindOf(row.get(KIND)), row.get(CODE), row.get(VERSION), parse(row.get(DATA))));
        }
        return items;
    }

    private static ReferenceKind kindOf(String stored) {
        try {
            return ReferenceKind.valueOf(stored);
        } catch (IllegalArgumentException unknown) {
            return ReferenceKind.UNKNOWN;
        }
    }

    private static String key(String kind, String code) {
        return kind + '\u0000' + code;
    }

    private static ObjectNode parse(String data) {
        try {
            return (ObjectNode) JSON.readTree(data);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a stored reference item is not a JSON object", e);
        }
    }
}
