package cn.zongzhi.gridmap;

import cn.zongzhi.areas.GridRepository;
import org.jooq.DSLContext;

/** Builds the point locator from the grids in the database. */
public final class GridLocators {
    private GridLocators() {
    }

    public static GridLocator fromDatabase(DSLContext dsl) {
        return new GridLocator(new GridRepository(dsl).allShapes().stream()
                .map(row -> new GridShape(row.id(), row.code(), row.name(), row.level(), row.areaCode(), row.boundaryWkt(),
                        row.crs()))
                .toList());
    }
}
