package cn.zongzhi.gridmap;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;

/** Reads the outlines and the open incidents the map draws: three queries, streamed, nothing per row. */
public final class MapRepository {
    /** Open incidents: the queue's notion of open work; closed, declined and merged ones are not drawn. */
    static final List<String> OPEN_STATUSES =
            List.of("REPORTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED", "RESOLVED", "VERIFIED");

    /** Still running against their deadline (IncidentStatus.isAgainstDeadline): the statuses that can be overdue. */
    static final List<String> DEADLINE_STATUSES = List.of("ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED");

    /**
     * Overdue on the map, in SQL: not yet resolved and due before {@code now}, as the dashboard's OVERDUE figure and
     * the queue's overdue view count it (decision 0009), suspended (挂账) cases included, a case resolved and waiting
     * for its check not. The map cannot call the queue's own definition (the incident feature depends on the map,
     * not the other way round), so it is stated here once, in SQL and in {@link #overdue(String, Instant, Instant)},
     * for the markers, the grid counts and the panel alike; MapSceneTest holds the list to the incident feature's,
     * GridMapViewModelTest the counts to the dashboard's figures.
     */
    static Condition overdueAt(Instant now) {
        return INCIDENT.STATUS.in(DEADLINE_STATUSES).and(INCIDENT.DUE_AT.lt(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
    }

    /** The same definition for an incident already read: what the map judges its markers by. */
    static boolean overdue(String status, Instant dueAt, Instant now) {
        return DEADLINE_STATUSES.contains(status) && dueAt != null && dueAt.isBefore(now);
    }

    private final DSLContext dsl;

    public MapRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public MapData load(Instant now) {
        List<MapData.Shape> shapes = new ArrayList<>();
        dsl.select(ADMIN_AREA.CODE, ADMIN_AREA.NAME, ADMIN_AREA.LEVEL, ADMIN_AREA.PARENT_CODE, ADMIN_AREA.BOUNDARY_WKT,
                        ADMIN_AREA.CRS)
                .from(ADMIN_AREA)
                .where(ADMIN_AREA.BOUNDARY_WKT.isNotNull().and(ADMIN_AREA.ACTIVE.isTrue())
                        .and(ADMIN_AREA.LEVEL.in("DISTRICT", "TOWN", "COMMUNITY")))
                .orderBy(ADMIN_AREA.CODE)
                .fetchSize(500)
                .forEach(row -> shapes.add(new MapData.Shape(FeatureKind.valueOf(row.value3()), null, row.value1().trim(),
                        row.value2(), row.value1().trim(), null, row.value5(), row.value6(), 0, 0)));
        dsl.select(GRID.ID, GRID.CODE, GRID.NAME, GRID.LEVEL, GRID.AREA_CODE, GRID.PARENT_GRID_ID, GRID.BOUNDARY_WKT,
                        GRID.CRS, GRID.HOUSEHOLDS, GRID.POPULATION)
                .from(GRID)
                .where(GRID.ACTIVE.isTrue().and(GRID.BOUNDARY_WKT.isNotNull()))
                .orderBy(GRID.CODE)
                .fetchSize(500)
                .forEach(row -> shapes.add(new MapData.Shape(
                        "MICRO".equals(row.value4()) ? FeatureKind.MICRO_GRID : FeatureKind.GRID, row.value1(), row.value2(),
                        row.value3(), row.value5().trim(), row.value6(), row.value7(), row.value8(),
                        row.value9() == null ? 0 : row.value9(), row.value10() == null ? 0 : row.value10())));
        MapData.Open open = openIncidents();
        return new MapData(shapes, open.markers(), open.unpinned(), now);
    }

    /**
     * The open incidents, those with coordinates as markers and the rest as counts only, for a refresh of the
     * markers alone. One read of the open incidents: a few tens of thousands of rows in a district.
     */
    public MapData.Open openIncidents() {
        List<MapData.Marker> markers = new ArrayList<>();
        List<MapData.Unpinned> unpinned = new ArrayList<>();
        dsl.select(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.TITLE, INCIDENT.LONGITUDE, INCIDENT.LATITUDE, INCIDENT.CRS,
                        INCIDENT.STATUS, INCIDENT.DUE_AT, INCIDENT.RISK_LEVEL, INCIDENT.GRID_ID, INCIDENT.AREA_CODE)
                .from(INCIDENT)
                .where(INCIDENT.VOIDED.isFalse().and(INCIDENT.STATUS.in(OPEN_STATUSES)))
                .fetchSize(2_000)
                .forEach(row -> {
                    Instant due = row.value8() == null ? null : row.value8().toInstant();
                    String area = row.value11() == null ? null : row.value11().trim();
                    if (row.value4() != null && row.value5() != null) {
                        markers.add(new MapData.Marker(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                                row.value6(), row.value7(), due, row.value9(), row.value10(), area));
                    } else {
                        unpinned.add(new MapData.Unpinned(row.value1(), row.value7(), due, row.value10(), area));
                    }
                });
        return new MapData.Open(markers, unpinned);
    }

    /** Every area with its outline if it has one, for the place locator. */
    public List<PlaceLocator.AreaInfo> areaRows() {
        return dsl.select(ADMIN_AREA.CODE, ADMIN_AREA.NAME, ADMIN_AREA.LEVEL, ADMIN_AREA.PARENT_CODE, ADMIN_AREA.BOUNDARY_WKT,
                        ADMIN_AREA.CRS)
                .from(ADMIN_AREA).where(ADMIN_AREA.ACTIVE.isTrue())
                .fetch(row -> new PlaceLocator.AreaInfo(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6()));
    }

    /** Rises with every write of an incident (see IncidentChangeMark): polled to see if markers moved. */
    public long latestChange() {
        return cn.zongzhi.db.IncidentChangeMark.read(dsl);
    }
}
