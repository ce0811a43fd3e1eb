package cn.zongzhi.gridmap;

import cn.zongzhi.common.Progress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MapSceneTest {
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    private static final UUID GRID = UUID.randomUUID();
    private static final UUID MICRO = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();

    private static MapData data() {
        List<MapData.Shape> shapes = List.of(
                new MapData.Shape(FeatureKind.TOWN, null, "440111002000", "三元里街道", "440111002000", null,
                        "POLYGON ((113.0 23.0, 113.2 23.0, 113.2 23.2, 113.0 23.2, 113.0 23.0))", "WGS84", 0, 0),
                new MapData.Shape(FeatureKind.GRID, GRID, "G1", "松柏社区第1网格", "440111002001", null,
                        "POLYGON ((113.0 23.0, 113.1 23.0, 113.1 23.1, 113.0 23.1, 113.0 23.0))", "WGS84", 400, 1000),
                new MapData.Shape(FeatureKind.MICRO_GRID, MICRO, "G101", "松柏社区第1网格2号微网格", "440111002001", GRID,
                        "POLYGON ((113.0 23.0, 113.05 23.0, 113.05 23.05, 113.0 23.05, 113.0 23.0))", "WGS84", 80, 200),
                new MapData.Shape(FeatureKind.GRID, OTHER, "G2", "松柏社区第2网格", "440111002001", null,
                        // Stored in GCJ-02: the scene shifts it back to WGS-84 before projecting.
                        "POLYGON ((113.1 23.0, 113.2 23.0, 113.2 23.1, 113.1 23.1, 113.1 23.0))", "GCJ02", 0, 0),
                new MapData.Shape(FeatureKind.GRID, UUID.randomUUID(), "BAD", "坏数据", "440111002001", null,
                        "POLYGON ((113.1 23.0, 113.2", "WGS84", 0, 0));
        List<MapData.Marker> markers = List.of(
                new MapData.Marker(UUID.randomUUID(), "A1", "井盖缺失", 113.01, 23.01, "WGS84", "DISPATCHED",
                        NOW.minusSeconds(3600), "RED", MICRO, "440111002001"),
                new MapData.Marker(UUID.randomUUID(), "A2", "占道经营", 113.08, 23.08, "WGS84", "REPORTED", null, null, GRID,
                        "440111002001"),
                new MapData.Marker(UUID.randomUUID(), "A3", "挂账件", 113.08, 23.08, "WGS84", "SUSPENDED",
                        NOW.minusSeconds(3600), null, GRID, "440111002001"),
                new MapData.Marker(UUID.randomUUID(), "A4", "已结案", 113.08, 23.08, "WGS84", "CLOSED", null, null, GRID,
                        "440111002001"));
        return new MapData(shapes, markers, NOW);
    }

    @Test
    void buildsOutlinesCountsAndLabels() {
        MapScene scene = MapScene.build(data(), Progress.NONE);
        assertThat(scene.featureCount()).isEqualTo(4);
        assertThat(scene.unreadableShapes()).containsExactly("BAD");
        assertThat(scene.markers()).as("closed incidents have no marker").hasSize(3);
        assertThat(scene.markers()).filteredOn(MapMarker::overdue).extracting(MapMarker::caseNo)
                .as("overdue: open and past due, a suspended case too, as the dashboard counts it").containsExactly("A1", "A3");
        // The comprehensive grid's counts include its micro grid's incident.
        assertThat(scene.counts(GRID)).isEqualTo(new MapScene.GridCounts(3, 2));
        assertThat(scene.counts(MICRO)).isEqualTo(new MapScene.GridCounts(1, 1));
        MapFeature micro = scene.byCode("G101").orElseThrow();
        assertThat(scene.label(micro)).isEqualTo("2号微网格");
        assertThat(scene.label(scene.byCode("G1").orElseThrow())).isEqualTo("松柏社区第1网格");
        MapFeature gcj = scene.byCode("G2").orElseThrow();
        assertThat(WebMercator.longitude(gcj.bounds().getMinX())).as("shifted west by the GCJ-02 offset")
                .isCloseTo(113.1 - 0.0052, within(0.0015));
    }

    @Test
    void findsTheInnermostDrawnOutlineAndSearchesByNameOrCode() {
        MapScene scene = MapScene.build(data(), Progress.NONE);
        double x = WebMercator.x(113.02);
        double y = WebMercator.y(23.02);
        assertThat(scene.featureAt(x, y, List.of(FeatureKind.values())).orElseThrow().code()).isEqualTo("G101");
        assertThat(scene.featureAt(x, y, List.of(FeatureKind.TOWN, FeatureKind.GRID)).orElseThrow().code()).isEqualTo("G1");
        assertThat(scene.featureAt(WebMercator.x(114), y, List.of(FeatureKind.values()))).isEmpty();

        assertThat(scene.search("松柏社区第1网格", 10)).extracting(MapFeature::code).startsWith("G1", "G101");
        assertThat(scene.search("４４０１１１", 10)).as("full-width digits fold").extracting(MapFeature::code)
                .containsExactly("440111002000");
        assertThat(scene.search("  ", 10)).isEmpty();
    }

    @Test
    void theMapsOpenWorkIsTheQueues() {
        // The map states overdue as "open and past due" over its own list of open statuses (it cannot call the
        // incident feature): the list must stay the queue's.
        assertThat(MapRepository.OPEN_STATUSES).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(cn.zongzhi.incidents.IncidentStatus.values())
                        .filter(cn.zongzhi.incidents.IncidentStatus::isOpen).map(Enum::name).toList());
        assertThat(MapRepository.DEADLINE_STATUSES).as("and the statuses that can be overdue, the queue's")
                .containsExactlyInAnyOrderElementsOf(cn.zongzhi.incidents.IncidentQueueRepository.deadlineStatuses());
    }

    @Test
    void findsGridCodesWithLettersWhateverTheCaseTheCodeFirst() {
        String square = "POLYGON ((113.7 23.0, 113.71 23.0, 113.71 23.01, 113.7 23.01, 113.7 23.0))";
        List<MapData.Shape> shapes = List.of(
                new MapData.Shape(FeatureKind.GRID, UUID.randomUUID(), "DG-NC-0012", "南城十二网格", "441900003001", null,
                        square, "WGS84", 0, 0),
                new MapData.Shape(FeatureKind.MICRO_GRID, UUID.randomUUID(), "DG-NC-001", "南城一号微网格", "441900003001", null,
                        square, "WGS84", 0, 0),
                new MapData.Shape(FeatureKind.GRID, UUID.randomUUID(), "dg-nc-002", "南城二网格", "441900003001", null,
                        square, "WGS84", 0, 0));
        MapScene scene = MapScene.build(new MapData(shapes, List.of(), NOW), Progress.NONE);

        for (String typed : List.of("DG-NC-001", "dg-nc-001", "Dg-Nc-001", "ＤＧ－ＮＣ－００１")) {
            assertThat(scene.search(typed, 10)).as(typed).extracting(MapFeature::code).containsExactly("DG-NC-001", "DG-NC-0012");
        }
        assertThat(scene.search("DG-NC-002", 10)).as("a code stored in lower case").extracting(MapFeature::code)
                .containsExactly("dg-nc-002");
        assertThat(scene.search("DG-NC-001", 1)).as("the hot spot's grid within the limit").extracting(MapFeature::code)
                .containsExactly("DG-NC-001");
    }

    @Test
    void incidentsWithoutCoordinatesCountInTheirGridAndInTheTotals() {
        MapData base = data();
        List<MapData.Unpinned> unpinned = List.of(
                // Located by address to the micro grid, past its deadline.
                new MapData.Unpinned(UUID.randomUUID(), "DISPATCHED", NOW.minusSeconds(60), MICRO, "440111002001"),
                // Imported with its community only, due in an hour.
                new MapData.Unpinned(UUID.randomUUID(), "ACCEPTED", NOW.plusSeconds(3600), null, "440111002001"),
                // No place at all.
                new MapData.Unpinned(UUID.randomUUID(), "REPORTED", null, null, null),
                new MapData.Unpinned(UUID.randomUUID(), "CLOSED", null, GRID, "440111002001"));
        MapScene scene = MapScene.build(new MapData(base.shapes(), base.markers(), unpinned, NOW), Progress.NONE);
        assertThat(scene.markers()).as("only what has coordinates is drawn").hasSize(3);
        assertThat(scene.counts(MICRO)).isEqualTo(new MapScene.GridCounts(2, 2));
        assertThat(scene.counts(GRID)).as("rolled up from the micro grid").isEqualTo(new MapScene.GridCounts(4, 3));
        assertThat(scene.totals()).isEqualTo(new MapScene.Totals(6, 3, 3, 1));
        // A point the locator placed in no grid, so without an area: drawn where it is, and not located, as the
        // queue's 未定位 view lists it.
        MapData.Marker outside = new MapData.Marker(UUID.randomUUID(), "A5", "界外", 100.0, 30.0, "WGS84", "REPORTED", null,
                null, null, null);
        List<MapData.Marker> withOutside = new java.util.ArrayList<>(base.markers());
        withOutside.add(outside);
        MapScene drawn = MapScene.build(new MapData(base.shapes(), withOutside, unpinned, NOW), Progress.NONE);
        assertThat(drawn.markers()).extracting(MapMarker::id).contains(outside.id());
        assertThat(drawn.totals()).isEqualTo(new MapScene.Totals(7, 3, 4, 2));

        MapScene later = scene.judgedAt(NOW.plusSeconds(7200));
        assertThat(later).as("the community's case fell due").isNotSameAs(scene);
        assertThat(later.totals()).isEqualTo(new MapScene.Totals(6, 4, 3, 1));
        assertThat(scene.withMarkers(List.of(), NOW).totals()).isEqualTo(new MapScene.Totals(0, 0, 0, 0));
    }

    @Test
    void freshMarkersKeepTheOutlinesAndCancelStopsTheBuild() {
        MapScene scene = MapScene.build(data(), Progress.NONE);
        MapScene refreshed = scene.withMarkers(List.of(), NOW);
        assertThat(refreshed.featureCount()).isEqualTo(scene.featureCount());
        assertThat(refreshed.markers()).isEmpty();
        assertThat(refreshed.counts(GRID)).isEqualTo(new MapScene.GridCounts(0, 0));
        assertThat(scene.markers()).as("the old scene is untouched").hasSize(3);

        Progress cancelled = new Progress() {
            @Override
            public void step(long done, long total, String message) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> MapScene.build(data(), cancelled)).isInstanceOf(Progress.CancelledException.class);
    }
}
