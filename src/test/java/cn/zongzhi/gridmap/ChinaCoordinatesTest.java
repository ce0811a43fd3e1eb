package cn.zongzhi.gridmap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChinaCoordinatesTest {

    /** Published pairs from the test suite of the eviltransform project (googollee/eviltransform): lat, lng order there. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "Shanghai, 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215",
            "Shenzhen, 22.543847, 113.912316, 22.540796131694766, 113.9171764808363",
            "Beijing, 39.911954, 116.377817, 39.91334545536069, 116.38404722455657",
    })
    void convertsKnownPointsBothWays(String place, double wgsLat, double wgsLng, double gcjLat, double gcjLng) {
        double[] gcj = ChinaCoordinates.wgs84ToGcj02(wgsLng, wgsLat);
        assertThat(gcj[0]).isCloseTo(gcjLng, within(1e-7));
        assertThat(gcj[1]).isCloseTo(gcjLat, within(1e-7));

        double[] back = ChinaCoordinates.gcj02ToWgs84(gcjLng, gcjLat);
        // 1e-7 degree is about a centimetre: the inverse is exact for any use the console has.
        assertThat(back[0]).isCloseTo(wgsLng, within(1e-7));
        assertThat(back[1]).isCloseTo(wgsLat, within(1e-7));
    }

    /** gcoord's (hujiulong/gcoord) test of the inverse at 123 E 45 N. */
    @Test
    void inverseMatchesAnIndependentImplementation() {
        double[] wgs = ChinaCoordinates.gcj02ToWgs84(123, 45);
        assertThat(wgs[0]).isCloseTo(122.99395597, within(1e-5));
        assertThat(wgs[1]).isCloseTo(44.99804071, within(1e-5));
    }

    @Test
    void theShiftInGuangzhouIsHundredsOfMetres() {
        double[] gcj = ChinaCoordinates.wgs84ToGcj02(113.3245, 23.1064);
        double metres = Math.hypot((gcj[0] - 113.3245) * 111_320 * Math.cos(Math.toRadians(23.1)), (gcj[1] - 23.1064) * 110_574);
        assertThat(metres).isBetween(300.0, 800.0);
    }

    @Test
    void leavesPointsOutsideChinaAlone() {
        assertThat(ChinaCoordinates.wgs84ToGcj02(-0.1276, 51.5072)).containsExactly(-0.1276, 51.5072);
        assertThat(ChinaCoordinates.gcj02ToWgs84(183, 45)).containsExactly(183, 45);
    }

    @Test
    void readsCoordinateSystemNames() {
        assertThat(CoordinateSystem.parse("gcj-02")).isEqualTo(CoordinateSystem.GCJ02);
        assertThat(CoordinateSystem.parse("WGS84")).isEqualTo(CoordinateSystem.WGS84);
        assertThat(CoordinateSystem.parse("bd09")).isNull();
    }
}
