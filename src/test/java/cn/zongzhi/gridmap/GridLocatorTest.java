package cn.zongzhi.gridmap;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class GridLocatorTest {
    private static GridShape grid(String code, String level, String wkt) {
        return new GridShape(UUID.randomUUID(), code, code, level, "440111001001", wkt);
    }

    private final GridShape west = grid("W", "COMPREHENSIVE", "POLYGON ((113.0 23.0, 113.1 23.0, 113.1 23.1, 113.0 23.1, 113.0 23.0))");
    private final GridShape westMicro = grid("W-1", "MICRO", "POLYGON ((113.0 23.0, 113.05 23.0, 113.05 23.05, 113.0 23.05, 113.0 23.0))");
    // An L-shaped grid: its bounding box covers the notch, its polygon does not.
    private final GridShape east = grid("E", "COMPREHENSIVE",
            "POLYGON ((113.1 23.0, 113.3 23.0, 113.3 23.05, 113.2 23.05, 113.2 23.1, 113.1 23.1, 113.1 23.0))");
    private final GridLocator locator = new GridLocator(List.of(west, westMicro, east,
            grid("BROKEN", "MICRO", "POLYGON ((1 2, 3"), grid("EMPTY", "MICRO", null)));

    @Test
    void findsTheInnermostGridContainingAPoint() {
        assertThat(locator.locate(113.02, 23.02)).contains(westMicro);
        assertThat(locator.locate(113.08, 23.08)).contains(west);
        assertThat(locator.locateAll(113.02, 23.02)).containsExactly(west, westMicro);
    }

    @Test
    void usesThePolygonNotItsBoundingBox() {
        assertThat(locator.locate(113.15, 23.08)).contains(east);
        assertThat(locator.locate(113.25, 23.08)).isEmpty();
    }

    @Test
    void aPointOutsideEveryGridFindsNothingAndBrokenBoundariesAreReported() {
        assertThat(locator.locate(114.0, 22.5)).isEmpty();
        assertThat(locator.unreadableGrids()).containsExactly("BROKEN");
    }
}
