package cn.zongzhi.gridmap;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.GRID_STAFF;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;

/** The figures of one grid or area for the map's panel: a handful of aggregate queries on indexed columns. */
public final class PlacePanelRepository {
    private static final List<String> OPEN = MapRepository.OPEN_STATUSES;

    private final DSLContext dsl;

    public PlacePanelRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A grid's panel; a comprehensive grid's figures include the incidents of its micro grids. */
    public PlacePanel grid(UUID gridId, Instant monthStart, Instant now) {
        var grid = dsl.select(GRID.CODE, GRID.NAME, GRID.LEVEL, GRID.HOUSEHOLDS, GRID.POPULATION, ADMIN_AREA.NAME)
                .from(GRID).leftJoin(ADMIN_AREA).on(ADMIN_AREA.CODE.eq(GRID.AREA_CODE))
                .where(GRID.ID.eq(gridId)).fetchOne();
        if (grid == null) {
            return null;
        }
        List<PlacePanel.Staff> staff = dsl.select(GRID_STAFF.NAME, GRID_STAFF.ROLE, GRID_STAFF.PHONE)
                .from(GRID_STAFF).where(GRID_STAFF.GRID_ID.eq(gridId).and(GRID_STAFF.ACTIVE.isTrue()))
                .orderBy(DSL.when(GRID_STAFF.ROLE.eq("LEADER"), 0).otherwise(1), GRID_STAFF.NAME)
                .fetch(row -> new PlacePanel.Staff(row.value1(), row.value2(), row.value3()));
        Condition inGrid = INCIDENT.GRID_ID.in(DSL.select(GRID.ID).from(GRID)
                .where(GRID.ID.eq(gridId).or(GRID.PARENT_GRID_ID.eq(gridId))));
        Figures figures = figures(inGrid, monthStart, now);
        return new PlacePanel("MICRO".equals(grid.value3()) ? FeatureKind.MICRO_GRID : FeatureKind.GRID, gridId,
                grid.value1(), grid.value2(), grid.value6(), nullToZero(grid.value4()), nullToZero(grid.value5()), staff,
                figures.open, figures.overdue, figures.closedThisMonth, figures.completionRate(), true);
    }

    /** An area's panel (town, community…): households and population summed over its grids. */
    public PlacePanel area(String code, Instant monthStart, Instant now) {
        var area = dsl.select(ADMIN_AREA.NAME, ADMIN_AREA.LEVEL, ADMIN_AREA.PARENT_CODE).from(ADMIN_AREA)
                .where(ADMIN_AREA.CODE.eq(cn.zongzhi.areas.AdminArea.padded(code))).fetchOne();
        if (area == null) {
            return null;
        }
        FeatureKind kind = FeatureKind.valueOf(area.value2());
        String prefix = cn.zongzhi.areas.AdminArea.padded(code).substring(0, cn.zongzhi.areas.AreaLevel.valueOf(area.value2()).digits());
        Condition inArea = INCIDENT.AREA_CODE.between(cn.zongzhi.areas.AdminArea.padded(prefix), (prefix + "999999999999").substring(0, 12));
        var people = dsl.select(DSL.sum(GRID.HOUSEHOLDS), DSL.sum(GRID.POPULATION)).from(GRID)
                .where(GRID.LEVEL.eq("COMPREHENSIVE").and(GRID.AREA_CODE.between(cn.zongzhi.areas.AdminArea.padded(prefix),
                        (prefix + "999999999999").substring(0, 12)))).fetchOne();
        String parentName = area.value3() == null ? null : dsl.select(ADMIN_AREA.NAME).from(ADMIN_AREA)
                .where(ADMIN_AREA.CODE.eq(area.value3())).fetchOne(ADMIN_AREA.NAME);
        Figures figures = figures(inArea, monthStart, now);
        return new PlacePanel(kind, null, code, area.value1(), parentName,
                people == null || people.value1() == null ? 0 : people.value1().intValue(),
                people == null || people.value2() == null ? 0 : people.value2().intValue(), List.of(),
                figures.open, figures.overdue, figures.closedThisMonth, figures.completionRate(), true);
    }

    private record Figures(int open, int overdue, int closedThisMonth, int closed) {
        Double completionRate() {
            return open + closed == 0 ? null : closed / (double) (open + closed);
        }
    }

    private Figures figures(Condition place, Instant monthStart, Instant now) {
        OffsetDateTime month = OffsetDateTime.ofInstant(monthStart, ZoneOffset.UTC);
        var row = dsl.select(
                        DSL.count().filterWhere(INCIDENT.STATUS.in(OPEN)),
                        DSL.count().filterWhere(MapRepository.overdueAt(now)),
                        DSL.count().filterWhere(INCIDENT.STATUS.eq("CLOSED").and(INCIDENT.CLOSED_AT.ge(month))),
                        DSL.count().filterWhere(INCIDENT.STATUS.eq("CLOSED")))
                .from(INCIDENT)
                .where(place.and(INCIDENT.VOIDED.isFalse()))
                .fetchOne();
        return new Figures(row.value1(), row.value2(), row.value3(), row.value4());
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }
}
