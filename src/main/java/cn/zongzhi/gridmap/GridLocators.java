package cn.zongzhi.gridmap;

import cn.zongzhi.areas.GridRepository;
import org.jooq.DSLContext;

/** Builds the point locator from the grids in the database. */
public final class GridLocators {
    private GridLocators() {
    }

    public static GridLocator fromDatabase(DSLContext dsl) {
        return new GridLocator(shapes(dsl));
    }

    /** Every area and grid, ready for "where is this point". */
    public static PlaceLocator placesFromDatabase(DSLContext dsl) {
        return new PlaceLocator(new MapRepository(dsl).areaRows(), shapes(dsl));
    }

    static java.util.List<GridShape> shapes(DSLContext dsl) {
        return new GridRepository(dsl).allShapes().stream()
                .map(row -> new GridShape(row.id(), row.code(), row.name(), row.level(), row.areaCode(), row.boundaryWkt(),
                        row.crs()))
                .toList();
    }
}
