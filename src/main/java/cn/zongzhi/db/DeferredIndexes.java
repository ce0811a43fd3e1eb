package cn.zongzhi.db;

import cn.zongzhi.db.jooq.Indexes;
import org.jooq.DSLContext;
import org.jooq.Index;
import org.jooq.Table;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bulk loads with the secondary indexes of the loaded tables dropped, and built again once at the end.
 *
 * <p>Why: every row written into {@code incident} and its history costs about two dozen B-tree inserts, which
 * is where a million-row load spends its time (docs/benchmarks.md); building an index over rows already there
 * sorts them once. Unique indexes, and those a foreign key relies on, are never dropped: they are what keeps an import from writing a duplicate.
 * The definitions come from the code generated from the migrations, so there is no second copy of the DDL.
 *
 * <p>A load that dies between the drop and the rebuild leaves indexes missing; {@link #restoreMissing} builds
 * any index the migrations define that the database lacks, and {@link Database#open} calls it every time.
 */
public final class DeferredIndexes implements AutoCloseable {
    private final DSLContext dsl;
    private final List<Index> dropped;
    private final BulkLoadGate.Hold hold;

    private DeferredIndexes(DSLContext dsl, List<Index> dropped, BulkLoadGate.Hold hold) {
        this.dsl = dsl;
        this.dropped = dropped;
        this.hold = hold;
    }

    /**
     * Drops the non-unique indexes of these tables; closing the result builds them again. Sync rounds are kept out
     * from before the drop until after the build ({@link BulkLoadGate}): a running one stops at its next safe point.
     */
    public static DeferredIndexes dropFor(DSLContext dsl, Table<?>... tables) {
        BulkLoadGate.Hold hold = BulkLoadGate.of(dsl).holdForLoad();
        try {
            return new DeferredIndexes(dsl, drop(dsl, tables), hold);
        } catch (RuntimeException e) {
            // Whatever was dropped before the failure is built again by restoreMissing at the next start.
            hold.close();
            throw e;
        }
    }

    private static List<Index> drop(DSLContext dsl, Table<?>... tables) {
        Set<String> names = new HashSet<>();
        for (Table<?> table : tables) {
            names.add(table.getName().toUpperCase(Locale.ROOT));
        }
        Set<String> present = presentIndexNames(dsl);
        Set<String> underConstraints = constraintIndexNames(dsl);
        List<Index> dropped = new ArrayList<>();
        for (Index index : allDefined()) {
            String name = index.getName().toUpperCase(Locale.ROOT);
            if (!index.getUnique() && names.contains(index.getTable().getName().toUpperCase(Locale.ROOT))
                    && present.contains(name) && !underConstraints.contains(name)) {
                dsl.dropIndex(index.getName()).execute();
                dropped.add(index);
            }
        }
        return dropped;
    }

    /** Builds every index the migrations define that the database lacks; returns how many were built. */
    public static int restoreMissing(DSLContext dsl) {
        Set<String> present = presentIndexNames(dsl);
        int built = 0;
        for (Index index : allDefined()) {
            if (!present.contains(index.getName().toUpperCase(Locale.ROOT))) {
                create(dsl, index);
                built++;
            }
        }
        return built;
    }

    public int droppedCount() {
        return dropped.size();
    }

    @Override
    public void close() {
        try {
            Set<String> present = presentIndexNames(dsl);
            for (Index index : dropped) {
                if (!present.contains(index.getName().toUpperCase(Locale.ROOT))) {
                    create(dsl, index);
                }
            }
        } finally {
            hold.close();
        }
    }

    private static void create(DSLContext dsl, Index index) {
        var statement = index.getUnique() ? dsl.createUniqueIndex(index.getName()) : dsl.createIndex(index.getName());
        statement.on(index.getTable(), index.getFields()).execute();
    }

    private static Set<String> presentIndexNames(DSLContext dsl) {
        Set<String> names = new HashSet<>();
        for (var row : dsl.resultQuery("select index_name from information_schema.indexes where table_schema = current_schema")) {
            names.add(row.get(0, String.class).toUpperCase(Locale.ROOT));
        }
        return names;
    }

    /** Indexes a foreign key relies on: H2 refuses to drop them, and they stay. */
    private static Set<String> constraintIndexNames(DSLContext dsl) {
        Set<String> names = new HashSet<>();
        for (var row : dsl.resultQuery("select index_name from information_schema.table_constraints"
                + " where table_schema = current_schema and index_name is not null")) {
            names.add(row.get(0, String.class).toUpperCase(Locale.ROOT));
        }
        return names;
    }

    private static List<Index> allDefined() {
        List<Index> indexes = new ArrayList<>();
        for (Field field : Indexes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Index.class.isAssignableFrom(field.getType())) {
                try {
                    indexes.add((Index) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("generated index " + field.getName() + " not readable", e);
                }
            }
        }
        return indexes;
    }
}
