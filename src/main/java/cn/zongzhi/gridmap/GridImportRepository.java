package cn.zongzhi.gridmap;

import org.jooq.DSLContext;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.GRID;

/** Writes imported outlines: areas and grids merged by code, all of one file in one transaction. */
public final class GridImportRepository {
    private final DSLContext dsl;

    public GridImportRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record AreaOutline(String code, String name, String level, String parentCode, String wkt, String crs,
                              double minLon, double minLat, double maxLon, double maxLat) {
    }

    public record GridOutline(UUID id, boolean exists, String code, String name, String level, String areaCode,
                              UUID parentGridId, String wkt, String crs, double minLon, double minLat, double maxLon,
                              double maxLat, Integer households, Integer population) {
    }

    public record KnownGrid(UUID id, String areaCode) {
    }

    public record Written(int inserted, int updated) {
    }

    public Set<String> existingAreaCodes() {
        Set<String> codes = new HashSet<>();
        dsl.select(ADMIN_AREA.CODE).from(ADMIN_AREA).forEach(row -> codes.add(row.value1()));
        return codes;
    }

    public Map<String, KnownGrid> knownGrids() {
        Map<String, KnownGrid> grids = new HashMap<>();
        dsl.select(GRID.CODE, GRID.ID, GRID.AREA_CODE).from(GRID)
                .forEach(row -> grids.put(row.value1(), new KnownGrid(row.value2(), row.value3())));
        return grids;
    }

    public GridLocator gridLocator() {
        return GridLocators.fromDatabase(dsl);
    }

    /**
     * The innermost area whose outline contains the WGS-84 point, among the given codes; null when no outline
     * does. Used to place a grid imported without a parent. The outlines are read and parsed once per import.
     */
    public String areaContaining(Coordinate wgs84, Set<String> among) {
        var point = new GeometryFactory().createPoint(wgs84);
        String best = null;
        for (Map.Entry<String, org.locationtech.jts.geom.prep.PreparedGeometry> area : areaOutlines().entrySet()) {
            if (among.contains(area.getKey()) && area.getValue().covers(point)
                    && (best == null || significant(area.getKey()) > significant(best))) {
                // Longer significant codes are deeper: a community beats its town.
                best = area.getKey();
            }
        }
        return best;
    }

    private Map<String, org.locationtech.jts.geom.prep.PreparedGeometry> outlines;

    /** Every area outline in WGS-84, by code; unreadable outlines place nothing. */
    private Map<String, org.locationtech.jts.geom.prep.PreparedGeometry> areaOutlines() {
        if (outlines == null) {
            outlines = new HashMap<>();
            WKTReader reader = new WKTReader(new GeometryFactory());
            for (var row : dsl.select(ADMIN_AREA.CODE, ADMIN_AREA.BOUNDARY_WKT, ADMIN_AREA.CRS).from(ADMIN_AREA)
                    .where(ADMIN_AREA.BOUNDARY_WKT.isNotNull()).fetch()) {
                try {
                    Geometry outline = reader.read(row.value2());
                    if ("GCJ02".equals(row.value3())) {
                        ChinaCoordinates.gcj02ToWgs84(outline);
                    }
                    outlines.put(row.value1(), org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(outline));
                } catch (ParseException unreadable) {
                    // skipped
                }
            }
        }
        return outlines;
    }

    private static int significant(String code) {
        String trimmed = code.trim();
        int end = trimmed.length();
        while (end > 6 && trimmed.startsWith("000", end - 3)) {
            end -= 3;
        }
        return end;
    }

    public Written upsertAreas(Collection<AreaOutline> areas) {
        Set<String> known = existingAreaCodes();
        int[] counts = new int[2];
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            for (AreaOutline area : areas) {
                if (known.contains(area.code())) {
                    tx.update(ADMIN_AREA).set(ADMIN_AREA.NAME, area.name()).set(ADMIN_AREA.LEVEL, area.level())
                            .set(ADMIN_AREA.PARENT_CODE, area.parentCode()).set(ADMIN_AREA.BOUNDARY_WKT, area.wkt())
                            .set(ADMIN_AREA.CRS, area.crs()).set(ADMIN_AREA.MIN_LON, area.minLon())
                            .set(ADMIN_AREA.MIN_LAT, area.minLat()).set(ADMIN_AREA.MAX_LON, area.maxLon())
                            .set(ADMIN_AREA.MAX_LAT, area.maxLat()).set(ADMIN_AREA.ACTIVE, true)
                            .where(ADMIN_AREA.CODE.eq(area.code())).execute();
                    counts[1]++;
                } else {
                    tx.insertInto(ADMIN_AREA).set(ADMIN_AREA.CODE, area.code()).set(ADMIN_AREA.NAME, area.name())
                            .set(ADMIN_AREA.LEVEL, area.level()).set(ADMIN_AREA.PARENT_CODE, area.parentCode())
                            .set(ADMIN_AREA.BOUNDARY_WKT, area.wkt()).set(ADMIN_AREA.CRS, area.crs())
                            .set(ADMIN_AREA.MIN_LON, area.minLon()).set(ADMIN_AREA.MIN_LAT, area.minLat())
                            .set(ADMIN_AREA.MAX_LON, area.maxLon()).set(ADMIN_AREA.MAX_LAT, area.maxLat()).execute();
                    known.add(area.code());
                    counts[0]++;
                }
            }
        });
        return new Written(counts[0], counts[1]);
    }

    public Written upsertGrids(List<GridOutline> grids) {
        int[] counts = new int[2];
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            var inserts = tx.batch(tx.insertInto(GRID, GRID.ID, GRID.CODE, GRID.NAME, GRID.LEVEL, GRID.AREA_CODE,
                            GRID.PARENT_GRID_ID, GRID.BOUNDARY_WKT, GRID.CRS, GRID.MIN_LON, GRID.MIN_LAT, GRID.MAX_LON,
                            GRID.MAX_LAT, GRID.HOUSEHOLDS, GRID.POPULATION)
                    .values((UUID) null, null, null, null, null, null, null, null, null, null, null, null, null, null));
            var updates = tx.batch(tx.update(GRID).set(GRID.NAME, (String) null).set(GRID.LEVEL, (String) null)
                    .set(GRID.AREA_CODE, (String) null).set(GRID.PARENT_GRID_ID, (UUID) null)
                    .set(GRID.BOUNDARY_WKT, (String) null).set(GRID.CRS, (String) null)
                    .set(GRID.MIN_LON, (Double) null).set(GRID.MIN_LAT, (Double) null)
                    .set(GRID.MAX_LON, (Double) null).set(GRID.MAX_LAT, (Double) null)
                    .set(GRID.HOUSEHOLDS, DSL_COALESCE_HOUSEHOLDS).set(GRID.POPULATION, DSL_COALESCE_POPULATION)
                    // Inlined: a bind value here would shift every batch binding after it by one.
                    .set(GRID.ACTIVE, org.jooq.impl.DSL.inline(true))
                    .where(GRID.ID.eq((UUID) null)));
            for (GridOutline grid : grids) {
                if (grid.exists()) {
                    updates.bind(grid.name(), grid.level(), grid.areaCode(), grid.parentGridId(), grid.wkt(), grid.crs(),
                            grid.minLon(), grid.minLat(), grid.maxLon(), grid.maxLat(), grid.households(),
                            grid.population(), grid.id());
                    counts[1]++;
                } else {
                    inserts.bind(grid.id(), grid.code(), grid.name(), grid.level(), grid.areaCode(), grid.parentGridId(),
                            grid.wkt(), grid.crs(), grid.minLon(), grid.minLat(), grid.maxLon(), grid.maxLat(),
                            grid.households(), grid.population());
                    counts[0]++;
                }
            }
            if (counts[0] > 0) {
                inserts.execute();
            }
            if (counts[1] > 0) {
                updates.execute();
            }
        });
        return new Written(counts[0], counts[1]);
    }

    // Re-import without figures keeps the figures already there.
    private static final org.jooq.Field<Integer> DSL_COALESCE_HOUSEHOLDS =
            org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.val((Integer) null), GRID.HOUSEHOLDS);
    private static final org.jooq.Field<Integer> DSL_COALESCE_POPULATION =
            org.jooq.impl.DSL.coalesce(org.jooq.impl.DSL.val((Integer) null), GRID.POPULATION);
}
