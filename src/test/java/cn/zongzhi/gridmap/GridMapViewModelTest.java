package cn.zongzhi.gridmap;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import com.sun.net.httpserver.HttpServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** The map screen's state over a real demo database, with the background work run in place. */
class GridMapViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    private static final List<String> OPEN = List.of("REPORTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED",
            "RESOLVED", "VERIFIED");

    @TempDir
    static Path folder;
    private static Database database;

    @BeforeAll
    static void demo() {
        database = TestDatabases.fresh(folder);
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(NOW).withIncidents(1500).withDisputes(0),
                Progress.NONE);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private final List<String> navigated = new ArrayList<>();
    private final MapNavigation navigation = new MapNavigation() {
        @Override
        public void showIncidentsOfGrid(UUID gridId, String label) {
            navigated.add("grid " + gridId + " " + label);
        }

        @Override
        public void showIncidentsOfArea(String areaCode, String label) {
            navigated.add("area " + areaCode + " " + label);
        }

        @Override
        public void showIncident(UUID incidentId, String caseNo) {
            navigated.add("incident " + caseNo);
        }

        @Override
        public void showNotLocated() {
            navigated.add("not located");
        }
    };

    private GridMapViewModel viewModel(String key, URI probe) {
        return viewModel(key, probe, null);
    }

    private GridMapViewModel viewModel(String key, URI probe, String scope) {
        GridMapService service = new GridMapService(new MapRepository(database.dsl()), new PlacePanelRepository(database.dsl()),
                new MutableClock(NOW), ZoneId.of("Asia/Shanghai"), scope);
        return new GridMapViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"), navigation, key,
                () -> new GoogleMapsProbe(probe, Duration.ofSeconds(2)));
    }

    @Test
    void aTownAccountSeesNoFiguresStaffOrSearchResultsOfOtherAreas() {
        var openPerTown = database.dsl().select(INCIDENT.TOWN_CODE, DSL.count()).from(INCIDENT)
                .where(INCIDENT.STATUS.in(OPEN).and(INCIDENT.TOWN_CODE.isNotNull())).groupBy(INCIDENT.TOWN_CODE)
                .orderBy(DSL.count().desc()).fetch();
        String town = openPerTown.get(0).value1().trim();
        String busiestOther = openPerTown.get(1).value1().trim();
        GridMapViewModel model = viewModel("", URI.create("http://127.0.0.1:9/"), town);
        model.load();
        MapScene scene = model.sceneProperty().get();

        // A grid of another town with open work: its panel names it and shows nothing else.
        java.util.Map<UUID, Integer> openPerGrid = new java.util.HashMap<>();
        database.dsl().select(DSL.coalesce(GRID.PARENT_GRID_ID, GRID.ID), DSL.count()).from(INCIDENT)
                .join(GRID).on(GRID.ID.eq(INCIDENT.GRID_ID)).where(INCIDENT.STATUS.in(OPEN))
                .groupBy(DSL.coalesce(GRID.PARENT_GRID_ID, GRID.ID))
                .forEach(row -> openPerGrid.put(row.value1(), row.value2()));
        MapFeature foreignGrid = scene.features(FeatureKind.GRID).stream().filter(grid -> grid.areaCode().startsWith(busiestOther))
                .filter(grid -> openPerGrid.getOrDefault(grid.gridId(), 0) > 0).findFirst().orElseThrow();
        model.select(foreignGrid);
        PlacePanel foreign = model.panelProperty().get();
        assertThat(foreign.withinArea()).isFalse();
        assertThat(foreign.name()).isEqualTo(foreignGrid.name());
        assertThat(foreign.staff()).isEmpty();
        assertThat(List.of(foreign.open(), foreign.overdue(), foreign.closedThisMonth(), foreign.households(),
                foreign.population())).containsOnly(0);
        assertThat(foreign.completionRate()).isNull();
        assertThat(model.describe(foreignGrid)).doesNotContain("在办");
        model.openIncidentsOfSelection();
        assertThat(navigated).as("no list of another area's incidents from its panel").isEmpty();

        MapFeature foreignTown = scene.byCode(busiestOther + "000").orElseThrow();
        model.select(foreignTown);
        assertThat(model.panelProperty().get().withinArea()).isFalse();
        assertThat(model.panelProperty().get().open()).isZero();
        MapFeature district = scene.features(FeatureKind.DISTRICT).get(0);
        model.select(district);
        assertThat(model.panelProperty().get().withinArea()).as("the district above is wider than the account").isFalse();

        // Its own town and grids: the figures and the staff, as before.
        MapFeature ownTown = scene.byCode(town + "000").orElseThrow();
        model.select(ownTown);
        assertThat(model.panelProperty().get().withinArea()).isTrue();
        assertThat(model.panelProperty().get().open()).isEqualTo(openPerTown.get(0).value2()).isPositive();
        MapFeature ownGrid = scene.features(FeatureKind.GRID).stream().filter(grid -> grid.areaCode().startsWith(town))
                .findFirst().orElseThrow();
        model.select(ownGrid);
        assertThat(model.panelProperty().get().staff()).isNotEmpty();
        model.openIncidentsOfSelection();
        assertThat(navigated).containsExactly("grid " + ownGrid.gridId() + " " + ownGrid.name());

        model.search("街道");
        assertThat(model.searchResults()).extracting(MapFeature::code).containsExactly(ownTown.code());
        model.search(foreignGrid.name());
        assertThat(model.searchResults()).isEmpty();
        model.search(district.name());
        assertThat(model.searchResults()).as("the district, for orientation").containsExactly(district);
        model.search("网格");
        assertThat(model.searchResults()).isNotEmpty().allMatch(grid -> grid.areaCode().startsWith(town));
    }

    @Test
    void loadsTheDistrictAndFillsAGridPanelWithTheDatabaseFigures() {
        GridMapViewModel model = viewModel("", URI.create("http://127.0.0.1:9/"));
        model.load();
        MapScene scene = model.sceneProperty().get();
        assertThat(scene.features(FeatureKind.GRID)).hasSize(database.dsl().fetchCount(GRID, GRID.LEVEL.eq("COMPREHENSIVE")));
        assertThat(scene.features(FeatureKind.TOWN)).as("demo towns have outlines").hasSize(24);
        int openWithPlace = database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.in(OPEN).and(INCIDENT.LONGITUDE.isNotNull()));
        assertThat(scene.markers()).hasSize(openWithPlace);
        assertThat(model.statusProperty().get()).contains(String.format("%,d 件有坐标标在图上", openWithPlace))
                .as("every incident of the demo has a place").doesNotContain("未定位");
        assertThat(model.loadingProperty().get()).isFalse();

        // The grid with the most open work, counted in SQL here independently of the panel's query.
        var busiest = scene.features(FeatureKind.GRID).stream()
                .max(java.util.Comparator.comparingInt(grid -> scene.counts(grid.gridId()).open())).orElseThrow();
        int open = database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.in(OPEN).and(INCIDENT.GRID_ID.in(
                database.dsl().select(GRID.ID).from(GRID).where(GRID.ID.eq(busiest.gridId()).or(GRID.PARENT_GRID_ID.eq(busiest.gridId()))))));
        int closed = database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("CLOSED").and(INCIDENT.GRID_ID.in(
                database.dsl().select(GRID.ID).from(GRID).where(GRID.ID.eq(busiest.gridId()).or(GRID.PARENT_GRID_ID.eq(busiest.gridId()))))));
        model.select(busiest);
        PlacePanel panel = model.panelProperty().get();
        assertThat(panel.name()).isEqualTo(busiest.name());
        assertThat(panel.open()).isEqualTo(open).isPositive();
        assertThat(panel.completionRate()).isEqualTo(closed / (double) (open + closed));
        assertThat(panel.staff()).extracting(PlacePanel.Staff::role).startsWith("LEADER");
        assertThat(model.staffLine(panel.staff().get(0))).contains("网格长").containsPattern("1\\d\\d\\*\\*\\*\\*\\d{4}");
        assertThat(panel.households()).isPositive();

        model.openIncidentsOfSelection();
        assertThat(navigated).containsExactly("grid " + busiest.gridId() + " " + busiest.name());

        MapFeature town = scene.features(FeatureKind.TOWN).get(0);
        model.select(town);
        assertThat(model.panelProperty().get().kind()).isEqualTo(FeatureKind.TOWN);
        model.openIncidentsOfSelection();
        assertThat(navigated).last().isEqualTo("area " + town.code() + " " + town.name());

        model.openIncident(scene.markers().get(0));
        assertThat(navigated).last().isEqualTo("incident " + scene.markers().get(0).caseNo());

        model.search(busiest.name());
        assertThat(model.searchResults()).first().isEqualTo(busiest);
        model.closePanel();
        assertThat(model.panelProperty().get()).isNull();
    }

    @Test
    void incidentsWithoutCoordinatesCountInTheirGridAndThoseWithNoPlaceAreNamed() {
        var dsl = database.dsl();
        var queue = new cn.zongzhi.incidents.IncidentQueueRepository(dsl);
        var open = cn.zongzhi.incidents.QueueView.OPEN.filter(NOW, null);
        var overdue = cn.zongzhi.incidents.QueueView.OVERDUE.filter(NOW, null);
        var busiest = dsl.select(DSL.coalesce(GRID.PARENT_GRID_ID, GRID.ID), DSL.count()).from(INCIDENT)
                .join(GRID).on(GRID.ID.eq(INCIDENT.GRID_ID)).where(INCIDENT.STATUS.in(OPEN))
                .groupBy(DSL.coalesce(GRID.PARENT_GRID_ID, GRID.ID)).orderBy(DSL.count().desc()).limit(1).fetchOne(0, UUID.class);
        var inBusiest = INCIDENT.GRID_ID.in(DSL.select(GRID.ID).from(GRID).where(GRID.ID.eq(busiest).or(GRID.PARENT_GRID_ID.eq(busiest))));
        // Up to two of its open cases located by address only (an overdue one among them), as an import or a phone
        // call leaves them; one case elsewhere with no place at all.
        var addressOnly = dsl.selectFrom(INCIDENT).where(INCIDENT.STATUS.in(OPEN).and(inBusiest))
                .orderBy(DSL.when(INCIDENT.STATUS.in(MapRepository.DEADLINE_STATUSES), 0).otherwise(1), INCIDENT.ID).limit(2).fetch();
        assertThat(addressOnly.get(0).getStatus()).isIn(MapRepository.DEADLINE_STATUSES);
        var nowhere = dsl.selectFrom(INCIDENT).where(INCIDENT.STATUS.in(OPEN).and(DSL.not(inBusiest))).limit(1).fetchOne();
        try {
            for (var row : addressOnly) {
                dsl.update(INCIDENT).setNull(INCIDENT.LONGITUDE).setNull(INCIDENT.LATITUDE).where(INCIDENT.ID.eq(row.getId())).execute();
            }
            dsl.update(INCIDENT).set(INCIDENT.DUE_AT, NOW.minus(Duration.ofDays(1)).atOffset(java.time.ZoneOffset.UTC))
                    .where(INCIDENT.ID.eq(addressOnly.get(0).getId())).execute();
            dsl.update(INCIDENT).setNull(INCIDENT.LONGITUDE).setNull(INCIDENT.LATITUDE).setNull(INCIDENT.GRID_ID)
                    .setNull(INCIDENT.AREA_CODE).where(INCIDENT.ID.eq(nowhere.getId())).execute();

            GridMapViewModel model = viewModel("", URI.create("http://127.0.0.1:9/"));
            model.load();
            MapScene scene = model.sceneProperty().get();
            MapFeature grid = scene.byGridId(busiest).orElseThrow();
            // What the tooltip and the colouring say is what the queue lists for the grid, and what its panel says.
            assertThat(scene.counts(busiest).open()).isEqualTo(queue.count(open.withGridId(busiest)));
            assertThat(scene.counts(busiest).overdue()).isEqualTo(queue.count(overdue.withGridId(busiest))).isPositive();
            model.select(grid);
            assertThat(model.panelProperty().get().open()).isEqualTo(scene.counts(busiest).open());
            assertThat(model.describe(grid)).contains("在办 " + queue.count(open.withGridId(busiest)) + " 件");
            // A town's panel is the queue filtered to the town.
            MapFeature town = scene.byCode(addressOnly.get(0).getAreaCode().trim().substring(0, 9) + "000").orElseThrow();
            model.select(town);
            assertThat(model.panelProperty().get().open()).isEqualTo(queue.count(open.withAreaCodePrefix(town.code().substring(0, 9))));

            int allOpen = queue.count(open);
            assertThat(scene.totals()).isEqualTo(new MapScene.Totals(allOpen, queue.count(overdue), allOpen - addressOnly.size() - 1, 1));
            assertThat(model.statusProperty().get()).contains(String.format("在办 %,d 件", allOpen))
                    .contains(String.format("%,d 件有坐标标在图上", allOpen - addressOnly.size() - 1)).contains("未定位 1 件");
            // The note leads to the queue's 未定位 view, which lists the same incident.
            assertThat(model.notLocatedProperty().get()).isEqualTo(1);
            assertThat(queue.count(cn.zongzhi.incidents.QueueView.UNLOCATED.filter(NOW, null))).isEqualTo(1);
            model.openNotLocated();
            assertThat(navigated).contains("not located");

            // Still so when the markers are read again after a change.
            model.poll();
            long latest = dsl.select(DSL.max(INCIDENT.HLC)).from(INCIDENT).fetchOne(0, Long.class);
            dsl.update(INCIDENT).setNull(INCIDENT.GRID_ID).setNull(INCIDENT.AREA_CODE).set(INCIDENT.HLC, latest + 1)
                    .where(INCIDENT.ID.eq(addressOnly.get(0).getId())).execute();
            model.poll();
            assertThat(model.sceneProperty().get().totals().notLocated()).isEqualTo(2);
            assertThat(model.sceneProperty().get().counts(busiest).open()).isEqualTo(queue.count(open.withGridId(busiest)));
        } finally {
            for (var row : addressOnly) {
                dsl.update(INCIDENT).set(INCIDENT.LONGITUDE, row.getLongitude()).set(INCIDENT.LATITUDE, row.getLatitude())
                        .set(INCIDENT.GRID_ID, row.getGridId()).set(INCIDENT.AREA_CODE, row.getAreaCode())
                        .set(INCIDENT.DUE_AT, row.getDueAt()).set(INCIDENT.HLC, row.getHlc()).where(INCIDENT.ID.eq(row.getId())).execute();
            }
            dsl.update(INCIDENT).set(INCIDENT.LONGITUDE, nowhere.getLongitude()).set(INCIDENT.LATITUDE, nowhere.getLatitude())
                    .set(INCIDENT.GRID_ID, nowhere.getGridId()).set(INCIDENT.AREA_CODE, nowhere.getAreaCode())
                    .where(INCIDENT.ID.eq(nowhere.getId())).execute();
        }
    }

    @Test
    void aPointInNoGridIsNotLocatedOnTheMapAsInTheQueuesView() {
        var dsl = database.dsl();
        var queue = new cn.zongzhi.incidents.IncidentQueueRepository(dsl);
        // An open case whose point the locator could place in no grid, so it has neither grid nor area: the queue's
        // 未定位 view lists it, and the map's note, whose link opens that view, must count it too.
        double longitude = 100.0;
        double latitude = 30.0;
        assertThat(GridLocators.fromDatabase(dsl).locate(longitude, latitude)).as("outside every grid").isEmpty();
        var outside = dsl.selectFrom(INCIDENT).where(INCIDENT.STATUS.in(OPEN).and(INCIDENT.VOIDED.isFalse())
                .and(INCIDENT.LONGITUDE.isNotNull()).and(INCIDENT.TOWN_CODE.isNotNull())).orderBy(INCIDENT.CASE_NO).limit(1).fetchOne();
        String town = outside.getTownCode().trim();
        try {
            dsl.update(INCIDENT).set(INCIDENT.LONGITUDE, longitude).set(INCIDENT.LATITUDE, latitude)
                    .setNull(INCIDENT.GRID_ID).setNull(INCIDENT.AREA_CODE).where(INCIDENT.ID.eq(outside.getId())).execute();
            int listed = queue.count(cn.zongzhi.incidents.QueueView.UNLOCATED.filter(NOW, null));
            assertThat(listed).as("the queue's 未定位 view lists it").isEqualTo(1);

            GridMapViewModel model = viewModel("", URI.create("http://127.0.0.1:9/"));
            model.load();
            MapScene scene = model.sceneProperty().get();
            assertThat(scene.totals().notLocated()).isEqualTo(listed);
            assertThat(model.notLocatedProperty().get()).isEqualTo(listed);
            assertThat(model.statusProperty().get()).contains("未定位 1 件（无所属区域）");
            // Still drawn where it is.
            assertThat(scene.markers()).extracting(MapMarker::id).contains(outside.getId());

            // A town's account: the queue's view lists it for every account (Access.covers), and so the map counts it.
            GridMapViewModel townModel = viewModel("", URI.create("http://127.0.0.1:9/"), town);
            townModel.load();
            assertThat(townModel.sceneProperty().get().totals().notLocated()).isEqualTo(listed);
            assertThat(townModel.sceneProperty().get().markers()).extracting(MapMarker::id).contains(outside.getId());
        } finally {
            dsl.update(INCIDENT).set(INCIDENT.LONGITUDE, outside.getLongitude()).set(INCIDENT.LATITUDE, outside.getLatitude())
                    .set(INCIDENT.GRID_ID, outside.getGridId())
                    .set(INCIDENT.AREA_CODE, outside.getAreaCode()).where(INCIDENT.ID.eq(outside.getId())).execute();
        }
    }

    @Test
    void theMapCountsOverdueAsTheDashboardDoes() {
        var dsl = database.dsl();
        // A suspended (挂账) case past its deadline in the grid with the most open work: the dashboard counts it
        // overdue, and so must the map.
        var busiest = dsl.select(DSL.coalesce(GRID.PARENT_GRID_ID, GRID.ID), DSL.count()).from(INCIDENT)
                .join(GRID).on(GRID.ID.eq(INCIDENT.GRID_ID)).where(INCIDENT.STATUS.in(OPEN))
                .groupBy(DSL.coalesce(GRID.PARENT_GRID_ID, GRID.ID)).orderBy(DSL.count().desc()).limit(1).fetchOne(0, UUID.class);
        var suspended = dsl.selectFrom(INCIDENT).where(INCIDENT.STATUS.in("DISPATCHED", "IN_PROGRESS", "ACCEPTED")
                .and(INCIDENT.LONGITUDE.isNotNull()).and(INCIDENT.GRID_ID.in(DSL.select(GRID.ID).from(GRID)
                        .where(GRID.ID.eq(busiest).or(GRID.PARENT_GRID_ID.eq(busiest)))))).limit(1).fetchOne();
        try {
            dsl.update(INCIDENT).set(INCIDENT.STATUS, "SUSPENDED").set(INCIDENT.DUE_AT, NOW.minus(Duration.ofDays(3))
                    .atOffset(java.time.ZoneOffset.UTC)).where(INCIDENT.ID.eq(suspended.getId())).execute();
            Messages messages = Messages.forLanguage("zh");
            var kpis = new cn.zongzhi.reports.KpiService(dsl, () -> new cn.zongzhi.calendar.CalendarService(dsl).calendar(),
                    cn.zongzhi.calendar.WorkingHours.standard(), messages);
            var scope = new cn.zongzhi.reports.KpiScope(java.time.LocalDate.of(2026, 11, 1), java.time.LocalDate.of(2026, 11, 23),
                    null, ZoneId.of("Asia/Shanghai"), NOW);
            var overdue = ((cn.zongzhi.reports.CasesBehind.Incidents) kpis.casesBehind(cn.zongzhi.reports.Kpi.OVERDUE, scope)).counted();
            var gridChart = new cn.zongzhi.reports.MonthlyReportService(dsl, kpis, messages).overview(scope).grids();

            GridMapViewModel model = viewModel("", URI.create("http://127.0.0.1:9/"));
            model.load();
            MapScene scene = model.sceneProperty().get();
            assertThat(gridChart).extracting(cn.zongzhi.reports.MonthlyReport.GridLoad::code)
                    .contains(scene.byGridId(busiest).orElseThrow().code());
            for (var load : gridChart) {
                MapFeature grid = scene.byCode(load.code()).orElseThrow();
                model.select(grid);
                assertThat(model.panelProperty().get().overdue()).as("panel of " + load.name()).isEqualTo(load.overdue());
                int inGrid = dsl.fetchCount(INCIDENT, cn.zongzhi.incidents.IncidentQueueRepository.condition(
                        overdue.withGridId(grid.gridId())));
                assertThat(scene.counts(grid.gridId()).overdue()).as("overdue in " + load.name()).isEqualTo(inGrid);
            }
            assertThat(scene.markers()).filteredOn(marker -> marker.id().equals(suspended.getId()))
                    .singleElement().matches(MapMarker::overdue);
        } finally {
            dsl.update(INCIDENT).set(INCIDENT.STATUS, suspended.getStatus()).set(INCIDENT.DUE_AT, suspended.getDueAt())
                    .where(INCIDENT.ID.eq(suspended.getId())).execute();
        }
    }

    @Test
    void aDeadlinePassingWhileTheMapIsOpenRingsItsMarkerAtTheNextTickWithoutReadingTheMarkers() {
        var dsl = database.dsl();
        var handled = dsl.selectFrom(INCIDENT).where(INCIDENT.STATUS.eq("DISPATCHED").and(INCIDENT.LONGITUDE.isNotNull())
                .and(INCIDENT.GRID_ID.isNotNull())).limit(1).fetchOne();
        // Due ten minutes after the map opens; nothing about the incident changes meanwhile.
        dsl.update(INCIDENT).set(INCIDENT.DUE_AT, NOW.plus(Duration.ofMinutes(10)).atOffset(java.time.ZoneOffset.UTC))
                .where(INCIDENT.ID.eq(handled.getId())).execute();
        try {
            List<String> statements = new ArrayList<>();
            var listened = dsl.configuration().derive(new org.jooq.ExecuteListener() {
                @Override
                public void executeStart(org.jooq.ExecuteContext context) {
                    statements.add(context.sql());
                }
            }).dsl();
            MutableClock clock = new MutableClock(NOW);
            GridMapViewModel model = new GridMapViewModel(new GridMapService(new MapRepository(listened),
                    new PlacePanelRepository(listened), clock, ZoneId.of("Asia/Shanghai")), new SameThreadRunner(),
                    Messages.forLanguage("zh"), navigation, "", () -> new GoogleMapsProbe(URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(2)));
            model.load();
            MapScene opened = model.sceneProperty().get();
            java.util.function.Function<MapScene, MapMarker> marker = scene -> scene.markers().stream()
                    .filter(m -> m.id().equals(handled.getId())).findFirst().orElseThrow();
            assertThat(marker.apply(opened).overdue()).isFalse();
            int overdueBefore = (int) opened.markers().stream().filter(MapMarker::overdue).count();
            MapFeature grid = opened.byGridId(handled.getGridId()).orElseThrow();
            MapFeature shown = grid.parentGridId() == null ? grid : opened.byGridId(grid.parentGridId()).orElseThrow();
            model.select(shown);
            int panelOverdueBefore = model.panelProperty().get().overdue();

            clock.advance(Duration.ofMinutes(5));
            statements.clear();
            model.poll();
            assertThat(model.sceneProperty().get()).as("no deadline passed: the same scene").isSameAs(opened);

            clock.advance(Duration.ofMinutes(6));
            statements.clear();
            model.poll();
            MapScene now = model.sceneProperty().get();
            assertThat(marker.apply(now).overdue()).as("its deadline passed on the open map").isTrue();
            assertThat(now.markers().stream().filter(MapMarker::overdue).count()).isEqualTo(overdueBefore + 1);
            assertThat(now.counts(shown.gridId()).overdue()).isEqualTo(opened.counts(shown.gridId()).overdue() + 1);
            assertThat(model.statusProperty().get()).contains("其中 " + (overdueBefore + 1) + " 件超期，");
            assertThat(model.panelProperty().get().overdue()).as("the open panel follows").isEqualTo(panelOverdueBefore + 1);
            assertThat(statements).as("the markers were not read again").noneMatch(sql -> sql.toLowerCase().contains("longitude"));
            assertThat(now.features(FeatureKind.GRID)).as("outlines shared, not parsed again").isSameAs(opened.features(FeatureKind.GRID));
        } finally {
            dsl.update(INCIDENT).set(INCIDENT.DUE_AT, handled.getDueAt()).where(INCIDENT.ID.eq(handled.getId())).execute();
        }
    }

    @Test
    void newIncidentsLandOnTheMapWhenPolled() {
        GridMapViewModel model = viewModel("", URI.create("http://127.0.0.1:9/"));
        model.load();
        int before = model.sceneProperty().get().markers().size();
        model.poll();
        assertThat(model.sceneProperty().get().markers()).as("nothing changed, nothing reloaded").hasSize(before);
        var closedOne = database.dsl().selectFrom(INCIDENT).where(INCIDENT.STATUS.eq("CLOSED").and(INCIDENT.LONGITUDE.isNotNull()))
                .limit(1).fetchOne();
        long latest = database.dsl().select(org.jooq.impl.DSL.max(INCIDENT.HLC)).from(INCIDENT).fetchOne(0, Long.class);
        try {
            database.dsl().update(INCIDENT).set(INCIDENT.STATUS, "ACCEPTED").set(INCIDENT.HLC, latest + 1)
                    .where(INCIDENT.ID.eq(closedOne.getId())).execute();
            model.poll();
            assertThat(model.sceneProperty().get().markers()).hasSize(before + 1);
            // The one more look after a change, taken here so that the next poll has only the mark to go by.
            model.poll();
            assertThat(model.sceneProperty().get().markers()).hasSize(before + 1);
            // An incident pulled from the city keeps the city's stamp, older than the newest here; its write is
            // still seen (through the change notes every incident writer adds), and shown on the next tick.
            var pulled = database.dsl().selectFrom(INCIDENT).where(INCIDENT.STATUS.eq("CLOSED").and(INCIDENT.LONGITUDE.isNotNull()))
                    .and(INCIDENT.ID.ne(closedOne.getId())).limit(1).fetchOne();
            database.dsl().transaction(tx -> {
                tx.dsl().update(INCIDENT).set(INCIDENT.STATUS, "DISPATCHED").set(INCIDENT.HLC, 1L)
                        .where(INCIDENT.ID.eq(pulled.getId())).execute();
                cn.zongzhi.incidents.IncidentSearchRepository.markChanged(tx.dsl(), java.util.List.of(pulled.getId()));
            });
            try {
                model.poll();
                assertThat(model.sceneProperty().get().markers()).hasSize(before + 2);
            } finally {
                database.dsl().update(INCIDENT).set(INCIDENT.STATUS, "CLOSED").set(INCIDENT.HLC, pulled.getHlc())
                        .where(INCIDENT.ID.eq(pulled.getId())).execute();
            }
        } finally {
            database.dsl().update(INCIDENT).set(INCIDENT.STATUS, "CLOSED").where(INCIDENT.ID.eq(closedOne.getId())).execute();
        }
    }

    @Test
    void theBaseMapStaysOfflineWithoutKeyOrNetworkAndSaysWhy() throws Exception {
        GridMapViewModel noKey = viewModel("  ", URI.create("http://127.0.0.1:9/"));
        noKey.chooseBaseMap();
        assertThat(noKey.baseMapProperty().get()).isEqualTo(GridMapViewModel.BaseMap.OFFLINE);
        assertThat(noKey.baseMapNoteProperty().get()).isEqualTo("离线地图（未配置谷歌地图密钥）");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        GridMapViewModel unreachable = viewModel("some-key", URI.create("http://127.0.0.1:" + closedPort + "/maps/api/js"));
        unreachable.chooseBaseMap();
        assertThat(unreachable.baseMapProperty().get()).isEqualTo(GridMapViewModel.BaseMap.OFFLINE);
        assertThat(unreachable.baseMapNoteProperty().get()).startsWith("离线地图：连不上谷歌地图（").doesNotContain("some-key");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            GridMapViewModel reachable = viewModel("some-key",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/maps/api/js"));
            reachable.chooseBaseMap();
            assertThat(reachable.baseMapProperty().get()).isEqualTo(GridMapViewModel.BaseMap.GOOGLE_STARTING);
            reachable.googleFailed("ReferenceError: Can't find variable: google");
            assertThat(reachable.baseMapProperty().get()).isEqualTo(GridMapViewModel.BaseMap.OFFLINE);
            assertThat(reachable.baseMapNoteProperty().get()).isEqualTo(
                    "离线地图：谷歌底图加载失败（ReferenceError: Can't find variable: google）");
        } finally {
            server.stop(0);
        }
    }
}
