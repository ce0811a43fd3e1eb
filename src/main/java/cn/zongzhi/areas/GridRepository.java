package cn.zongzhi.areas;

import org.jooq.DSLContext;

import java.util.List;

import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.GRID_STAFF;

public final class GridRepository {
    private final DSLContext dsl;

    public GridRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public void insert(List<GridRow> grids) {
        if (grids.isEmpty()) {
            return;
        }
        var batch = dsl.batch(dsl.insertInto(GRID, GRID.ID, GRID.CODE, GRID.NAME, GRID.LEVEL, GRID.AREA_CODE,
                        GRID.PARENT_GRID_ID, GRID.BOUNDARY_WKT, GRID.CRS, GRID.MIN_LON, GRID.MIN_LAT, GRID.MAX_LON,
                        GRID.MAX_LAT, GRID.HOUSEHOLDS, GRID.POPULATION)
                .values((java.util.UUID) null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        for (GridRow grid : grids) {
            batch.bind(grid.id(), grid.code(), grid.name(), grid.level(), grid.areaCode(), grid.parentGridId(),
                    grid.boundaryWkt(), grid.crs(), grid.minLon(), grid.minLat(), grid.maxLon(), grid.maxLat(),
                    grid.households(), grid.population());
        }
        batch.execute();
    }

    public void insertStaff(List<GridStaffRow> staff) {
        if (staff.isEmpty()) {
            return;
        }
        var batch = dsl.batch(dsl.insertInto(GRID_STAFF, GRID_STAFF.ID, GRID_STAFF.GRID_ID, GRID_STAFF.NAME,
                GRID_STAFF.ROLE, GRID_STAFF.PHONE).values((java.util.UUID) null, null, null, null, null));
        for (GridStaffRow person : staff) {
            batch.bind(person.id(), person.gridId(), person.name(), person.role(), person.phone());
        }
        batch.execute();
    }

    public int count(String level) {
        return dsl.fetchCount(GRID, GRID.LEVEL.eq(level));
    }

    public int countStaff() {
        return dsl.fetchCount(GRID_STAFF);
    }

    /** Every active grid's shape, for the point locator and the map. */
    public List<cn.zongzhi.areas.GridRow> allShapes() {
        return dsl.selectFrom(GRID).where(GRID.ACTIVE.isTrue()).orderBy(GRID.CODE)
                .fetch(row -> new GridRow(row.getId(), row.getCode(), row.getName(), row.getLevel(), row.getAreaCode().trim(),
                        row.getParentGridId(), row.getBoundaryWkt(), row.getCrs(),
                        row.getMinLon() == null ? 0 : row.getMinLon(), row.getMinLat() == null ? 0 : row.getMinLat(),
                        row.getMaxLon() == null ? 0 : row.getMaxLon(), row.getMaxLat() == null ? 0 : row.getMaxLat(),
                        row.getHouseholds() == null ? 0 : row.getHouseholds(),
                        row.getPopulation() == null ? 0 : row.getPopulation()));
    }
}
