package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.gridmap.GridLocator;
import cn.zongzhi.gridmap.GridLocators;
import org.jooq.Record3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incidents without an area (未定位: imported without coordinates or community, or a point the locator could not
 * place) belong to whoever may act on them (Access.covers): an area-scoped account finds them in the queue's
 * "未定位" view, and a correction of the coordinates places them in a grid and area, which takes them off that list.
 */
class UnlocatedIncidentsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path folder;

    private Database database;
    private IncidentService service;
    private GridLocator grids;
    /** The open incidents whose place was taken away, with the coordinates they had. */
    private org.jooq.Result<Record3<UUID, Double, Double>> unplaced;

    private final Operator districtSeat = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO",
            "440111000000");
    private final Operator streetSeat = new Operator(UUID.randomUUID(), "seat2", "周静", Role.SEAT_OPERATOR, "440111-DEMO",
            "440111004000");

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        var dsl = database.dsl();
        new DemoDistrictGenerator(dsl).generate(DemoOptions.defaults(NOW).withIncidents(300).withDisputes(0), Progress.NONE);
        grids = GridLocators.fromDatabase(dsl);
        unplaced = dsl.select(INCIDENT.ID, INCIDENT.LONGITUDE, INCIDENT.LATITUDE).from(INCIDENT)
                .where(INCIDENT.STATUS.in("REPORTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED", "RESOLVED", "VERIFIED"))
                .and(INCIDENT.VOIDED.isFalse())
                .orderBy(INCIDENT.LONGITUDE.isNull(), INCIDENT.CASE_NO).limit(3).fetch();
        assertThat(unplaced).hasSize(3);
        assertThat(unplaced.get(0).value2()).as("the first had a point, to be given back by a correction").isNotNull();
        dsl.update(INCIDENT).setNull(INCIDENT.AREA_CODE).setNull(INCIDENT.GRID_ID).setNull(INCIDENT.LONGITUDE)
                .setNull(INCIDENT.LATITUDE).where(INCIDENT.ID.in(unplaced.map(Record3::value1))).execute();
        // A closed case without an area is no longer anyone's to place: not on the view of open ones.
        dsl.update(INCIDENT).setNull(INCIDENT.AREA_CODE).setNull(INCIDENT.GRID_ID)
                .where(INCIDENT.ID.eq(dsl.select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.STATUS.eq("CLOSED"))
                        .orderBy(INCIDENT.CASE_NO).limit(1).fetchOne(INCIDENT.ID)))
                .execute();
        service = new IncidentService(dsl, (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> grids.locate(lon, lat).map(grid -> new IncidentService.Location(grid.areaCode(), grid.id()))
                        .orElse(IncidentService.Location.UNKNOWN),
                new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC),
                ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static IncidentFilter unlocatedView() {
        return QueueView.UNLOCATED.filter(NOW, null);
    }

    @Test
    void aDistrictOrStreetSeatFindsTheOpenIncidentsWithoutAnAreaInTheirView() {
        List<UUID> expected = unplaced.map(Record3::value1);
        for (Operator seat : List.of(districtSeat, streetSeat)) {
            assertThat(service.count(unlocatedView(), seat)).as(seat.username()).isEqualTo(3);
            for (IncidentSort sort : IncidentSort.values()) {
                List<UUID> listed = service.page(unlocatedView(), sort, 0, 100, seat).stream().map(IncidentSummary::id).toList();
                assertThat(listed).as(seat.username() + " " + sort).containsExactlyInAnyOrderElementsOf(expected);
            }
            List<IncidentSummary> first = service.page(unlocatedView(), IncidentSort.NEWEST_FIRST, 0, 1, seat);
            List<IncidentSummary> rest = service.pageAfter(unlocatedView(), IncidentSort.NEWEST_FIRST, first.get(0), 100, seat);
            assertThat(rest).hasSize(2).extracting(IncidentSummary::id).doesNotContain(first.get(0).id());
        }
    }

    @Test
    void theExportKeepsToTheUnlocatedOnes() {
        IncidentFilter scoped = IncidentService.scoped(unlocatedView(), streetSeat);
        assertThat(scoped.areaCodePrefix()).as("the seat's own area does not hide records that have none").isNull();
        assertThat(scoped.unlocated()).isTrue();
        List<String> exported = new java.util.ArrayList<>();
        new IncidentQueueRepository(database.dsl()).forEachForExport(scoped, row -> exported.add(row.caseNo()));
        assertThat(exported).hasSize(3);
    }

    @Test
    void theUnlocatedViewIsReadThroughTheAreaIndexNotByWalkingEveryOpenIncident() {
        var queue = new IncidentQueueRepository(database.dsl());
        for (IncidentSort sort : IncidentSort.values()) {
            String plan = explain(queue.pageSql(unlocatedView(), sort, 0, 100).first());
            assertThat(plan).as(sort.name()).containsPattern(AREA_INDEX_IS_NULL).doesNotContain("tableScan")
                    .doesNotContain("UNION");
        }
        assertThat(explain(queue.countSql(unlocatedView()))).containsPattern(AREA_INDEX_IS_NULL);
    }

    /** The incident table read through an index on area_code, from its null entries (the FK's or incident_area). */
    private static final String AREA_INDEX_IS_NULL = "FROM \"PUBLIC\"\\.\"INCIDENT\"\\s+/\\* PUBLIC\\.[A-Z0-9_]+: AREA_CODE IS NULL \\*/";

    private String explain(String sql) {
        return database.dsl().fetch("explain " + sql).get(0).get(0, String.class);
    }

    @Test
    void correctingTheCoordinatesPlacesTheIncidentInItsGridAndTakesItOffTheList() {
        Record3<UUID, Double, Double> incident = unplaced.get(0);
        cn.zongzhi.gridmap.GridShape expected = grids.locate(incident.value2(), incident.value3()).orElseThrow();
        Map<EditableField, Object> changes = new EnumMap<>(EditableField.class);
        changes.put(EditableField.LONGITUDE, incident.value2());
        changes.put(EditableField.LATITUDE, incident.value3());

        StoredIncident corrected = service.editFields(incident.value1(), changes, districtSeat);

        assertThat(corrected.areaCode()).isEqualTo(expected.areaCode());
        assertThat(database.dsl().select(INCIDENT.GRID_ID).from(INCIDENT).where(INCIDENT.ID.eq(incident.value1()))
                .fetchOne(INCIDENT.GRID_ID)).isEqualTo(expected.id());
        assertThat(service.count(unlocatedView(), districtSeat)).isEqualTo(2);
        assertThat(service.history(incident.value1()).get(service.history(incident.value1()).size() - 1).note())
                .as("the history names the area the point gave").contains("areaCode");
    }

    @Test
    void settingTheAreaByHandTakesItOffTheListWithoutAPoint() {
        UUID incident = unplaced.get(1).value1();
        String community = database.dsl().select(cn.zongzhi.db.jooq.Tables.ADMIN_AREA.CODE).from(cn.zongzhi.db.jooq.Tables.ADMIN_AREA)
                .where(cn.zongzhi.db.jooq.Tables.ADMIN_AREA.CODE.like("440111004%")).and(cn.zongzhi.db.jooq.Tables.ADMIN_AREA.CODE.notLike("%000"))
                .limit(1).fetchOne(0, String.class);
        service.editFields(incident, Map.of(EditableField.AREA_CODE, community), streetSeat);
        assertThat(service.count(unlocatedView(), streetSeat)).isEqualTo(2);
    }
}
