package cn.zongzhi.gridmap;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The map's arithmetic: projection, viewport, clustering, label placement and colour classes. */
class MapGeometryTest {

    @Test
    void webMercatorRoundTripsAndStretchesWithLatitude() {
        double x = WebMercator.x(113.3245);
        double y = WebMercator.y(23.1064);
        assertThat(WebMercator.longitude(x)).isCloseTo(113.3245, within(1e-9));
        assertThat(WebMercator.latitude(y)).isCloseTo(23.1064, within(1e-9));
        // One degree of longitude at the equator is 111.32 km in EPSG:3857.
        assertThat(WebMercator.x(1) - WebMercator.x(0)).isCloseTo(111_319.49, within(0.01));
        assertThat(WebMercator.groundScale(60)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void zoomingKeepsThePointUnderThePointerAndPanningMovesWithIt() {
        MapViewport viewport = new MapViewport();
        viewport.resize(1000, 600);
        viewport.centreOn(1_000_000, 2_000_000);
        viewport.setMetresPerPixel(10);
        double worldX = viewport.worldX(200);
        double worldY = viewport.worldY(150);
        viewport.zoomAt(2, 200, 150);
        assertThat(viewport.metresPerPixel()).isEqualTo(5);
        assertThat(viewport.screenX(worldX)).isCloseTo(200, within(1e-6));
        assertThat(viewport.screenY(worldY)).isCloseTo(150, within(1e-6));
        viewport.panBy(30, -20);
        assertThat(viewport.screenX(worldX)).isCloseTo(230, within(1e-6));
        assertThat(viewport.screenY(worldY)).isCloseTo(130, within(1e-6));
        viewport.zoomAt(1e9, 0, 0);
        assertThat(viewport.metresPerPixel()).isEqualTo(MapViewport.MIN_METRES_PER_PIXEL);
    }

    @Test
    void fittingShowsTheWholeEnvelopeAndWebZoomLevelsMatchGoogle() {
        MapViewport viewport = new MapViewport();
        viewport.resize(800, 600);
        Envelope district = new Envelope(12_600_000, 12_630_000, 2_640_000, 2_660_000);
        viewport.fit(district, 0.05);
        assertThat(viewport.visibleWorld(0).contains(district)).isTrue();
        assertThat(viewport.metresPerPixel()).isCloseTo(30_000 / 720.0, within(1e-6));
        // Zoom 0 is the world in 256 pixels: 156,543 m per pixel.
        viewport.setWebZoomLevel(0);
        assertThat(viewport.metresPerPixel()).isEqualTo(MapViewport.MAX_METRES_PER_PIXEL);
        viewport.setWebZoomLevel(12);
        assertThat(viewport.metresPerPixel()).isCloseTo(38.2185, within(1e-3));
        assertThat(viewport.webZoomLevel()).isEqualTo(12);
    }

    @Test
    void markersOnTheSameSpotClusterAndDistantOnesStandAlone() {
        MapViewport viewport = new MapViewport();
        viewport.resize(400, 400);
        viewport.centreOn(0, 0);
        viewport.setMetresPerPixel(1);
        List<MapMarker> markers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            markers.add(marker(-150 + i, 150, i == 0));
        }
        markers.add(marker(100, -100, false));
        markers.add(marker(10_000, 0, false)); // off screen
        List<MarkerClusters.Cluster> clusters = MarkerClusters.group(markers, viewport, 30, 10);
        assertThat(clusters).hasSize(2);
        MarkerClusters.Cluster five = clusters.stream().filter(cluster -> !cluster.single()).findFirst().orElseThrow();
        assertThat(five.members()).hasSize(5);
        assertThat(five.overdue()).isEqualTo(1);
        assertThat(five.screenX()).isCloseTo(52, within(1e-9));
        assertThat(five.screenY()).isCloseTo(50, within(1e-9));
        assertThat(MarkerClusters.group(markers, viewport, 0, 10)).hasSize(6);
    }

    @Test
    void labelsThatWouldOverlapAreLeftOut() {
        LabelPlacer placer = new LabelPlacer(2);
        assertThat(placer.tryPlace(100, 100, 60, 14)).isTrue();
        assertThat(placer.tryPlace(130, 105, 60, 14)).as("overlaps the first").isFalse();
        assertThat(placer.tryPlace(100, 120, 60, 14)).as("just below, clear of padding").isTrue();
        assertThat(placer.tryPlace(300, 100, 60, 14)).isTrue();
        assertThat(placer.tryPlace(-10, -10, 30, 14)).as("negative cells work too").isTrue();
        assertThat(placer.tryPlace(0, -5, 30, 14)).isFalse();
    }

    @Test
    void colourClassesAreQuantilesOfTheNonZeroCounts() {
        int[] counts = {0, 0, 0, 1, 1, 2, 3, 5, 8, 13, 40};
        ChoroplethScale scale = ChoroplethScale.quantiles(counts, 4);
        assertThat(scale.classOf(0)).isZero();
        assertThat(scale.classOf(1)).isEqualTo(1);
        assertThat(scale.classOf(40)).isEqualTo(scale.classes());
        assertThat(scale.classOf(1_000)).as("above the top break stays in the top class").isEqualTo(scale.classes());
        int previous = 0;
        for (int value : new int[] {1, 2, 3, 5, 8, 13, 40}) {
            assertThat(scale.classOf(value)).isGreaterThanOrEqualTo(previous);
            previous = scale.classOf(value);
        }
        assertThat(scale.range(1)[0]).isEqualTo(1);
        assertThat(ChoroplethScale.quantiles(new int[] {0, 0}, 5).classes()).isZero();
        assertThat(ChoroplethScale.quantiles(new int[] {3, 3, 3}, 5).classes()).as("equal counts collapse").isEqualTo(1);
    }

    private static MapMarker marker(double x, double y, boolean overdue) {
        return new MapMarker(UUID.randomUUID(), "C", "t", x, y, MarkerState.WAITING, Instant.EPOCH, overdue, null, null);
    }
}
