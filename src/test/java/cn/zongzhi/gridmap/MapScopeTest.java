package cn.zongzhi.gridmap;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A town's account sees every outline but only its own town's incidents on the map, and those without an area (未定位),
 * which are every account's, as the queue's 未定位 view lists them for any account.
 */
class MapScopeTest {
    @Test
    void incidentsOutsideTheSubtreeAreLeftOffTheMap() {
        UUID ours = UUID.randomUUID();
        UUID theirs = UUID.randomUUID();
        List<MapData.Shape> shapes = List.of(
                new MapData.Shape(FeatureKind.GRID, ours, "G1", "我们的网格", "440111004001", null, "POLYGON EMPTY", "WGS84", 0, 0),
                new MapData.Shape(FeatureKind.GRID, theirs, "G2", "别人的网格", "440111005001", null, "POLYGON EMPTY", "WGS84", 0, 0));
        List<MapData.Marker> markers = List.of(marker(ours, "440111004001", "A"), marker(theirs, "440111005001", "B"),
                marker(null, null, "C"));
        MapData data = new MapData(shapes, markers, Instant.now());

        // C has no area: not located, every account's to place.
        assertThat(data.withinScope("440111004").markers()).extracting(MapData.Marker::caseNo).containsExactly("A", "C");
        assertThat(data.withinScope("440111004").shapes()).as("outlines are reference data").hasSize(2);
        assertThat(data.withinScope(null).markers()).hasSize(3);
        assertThat(data.withinScope("440111").markers()).extracting(MapData.Marker::caseNo).containsExactly("A", "B", "C");
    }

    @Test
    void anIncidentFiledUnderTheAreaIsTheAreasWithOrWithoutAGrid() {
        UUID ours = UUID.randomUUID();
        List<MapData.Shape> shapes = List.of(
                new MapData.Shape(FeatureKind.GRID, ours, "G1", "我们的网格", "440111004001", null, "POLYGON EMPTY", "WGS84", 0, 0));
        List<MapData.Marker> markers = List.of(
                new MapData.Marker(UUID.randomUUID(), "A", "t", 113.3, 23.2, "WGS84", "DISPATCHED", null, "YELLOW", null, "440111004001"),
                new MapData.Marker(UUID.randomUUID(), "B", "t", 113.3, 23.2, "WGS84", "DISPATCHED", null, "YELLOW", null, "440111005001"),
                new MapData.Marker(UUID.randomUUID(), "C", "t", 100.0, 30.0, "WGS84", "DISPATCHED", null, "YELLOW", null, null));
        List<MapData.Unpinned> unpinned = List.of(
                new MapData.Unpinned(UUID.randomUUID(), "ACCEPTED", null, null, "440111004001"),
                new MapData.Unpinned(UUID.randomUUID(), "ACCEPTED", null, ours, null),
                new MapData.Unpinned(UUID.randomUUID(), "ACCEPTED", null, null, "440111005001"),
                new MapData.Unpinned(UUID.randomUUID(), "ACCEPTED", null, null, null));
        MapData scoped = new MapData(shapes, markers, unpinned, Instant.now()).withinScope("440111004");
        // As the queue's area filter selects them: by the area the incident is filed under.
        // And those without an area (未定位), which are every account's to find: the point in no grid is drawn.
        assertThat(scoped.markers()).extracting(MapData.Marker::caseNo).containsExactly("A", "C");
        assertThat(scoped.unpinned()).hasSize(3).filteredOn(MapData.Unpinned::notLocated).hasSize(2);
        assertThat(new MapData(shapes, markers, unpinned, Instant.now()).withinScope(null).unpinned()).hasSize(4);
    }

    private static MapData.Marker marker(UUID grid, String area, String caseNo) {
        return new MapData.Marker(UUID.randomUUID(), caseNo, "t", 113.3, 23.2, "WGS84", "DISPATCHED", null, "YELLOW", grid,
                area);
    }
}
