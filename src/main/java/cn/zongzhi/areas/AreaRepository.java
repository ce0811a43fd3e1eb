package cn.zongzhi.areas;

import org.jooq.DSLContext;
import org.jooq.Record4;
import org.jooq.SelectJoinStep;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;

public final class AreaRepository {
    private final DSLContext dsl;

    public AreaRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Inserts new areas and updates the name, level and parent of known ones, in one batch. */
    public void upsert(Collection<AdminArea> areas) {
        if (areas.isEmpty()) {
            return;
        }
        var batch = dsl.batch(dsl.mergeInto(ADMIN_AREA, ADMIN_AREA.CODE, ADMIN_AREA.NAME, ADMIN_AREA.LEVEL, ADMIN_AREA.PARENT_CODE)
                .key(ADMIN_AREA.CODE)
                .values((String) null, null, null, null));
        for (AdminArea area : areas) {
            batch.bind(area.code(), area.name(), area.level().name(), area.parentCode());
        }
        batch.execute();
    }

    /** An area's outline as WKT in the named coordinate system, with its box. */
    public record Boundary(String code, String wkt, String crs, double minLon, double minLat, double maxLon, double maxLat) {
    }

    /** Sets the outlines of known areas; codes not in the table are left alone. */
    public void updateBoundaries(Collection<Boundary> boundaries) {
        if (boundaries.isEmpty()) {
            return;
        }
        var batch = dsl.batch(dsl.update(ADMIN_AREA)
                .set(ADMIN_AREA.BOUNDARY_WKT, (String) null).set(ADMIN_AREA.CRS, (String) null)
                .set(ADMIN_AREA.MIN_LON, (Double) null).set(ADMIN_AREA.MIN_LAT, (Double) null)
                .set(ADMIN_AREA.MAX_LON, (Double) null).set(ADMIN_AREA.MAX_LAT, (Double) null)
                .where(ADMIN_AREA.CODE.eq((String) null)));
        for (Boundary boundary : boundaries) {
            batch.bind(boundary.wkt(), boundary.crs(), boundary.minLon(), boundary.minLat(), boundary.maxLon(),
                    boundary.maxLat(), AdminArea.padded(boundary.code()));
        }
        batch.execute();
    }

    public Set<String> existingCodes(Collection<String> codes) {
        Set<String> found = new HashSet<>();
        dsl.select(ADMIN_AREA.CODE).from(ADMIN_AREA).where(ADMIN_AREA.CODE.in(codes))
                .forEach(row -> found.add(row.value1().trim()));
        return found;
    }

    public Optional<AdminArea> find(String code) {
        return selectArea().where(ADMIN_AREA.CODE.eq(AdminArea.padded(code))).fetchOptional(AreaRepository::area);
    }

    public List<AdminArea> children(String code) {
        return selectArea().where(ADMIN_AREA.PARENT_CODE.eq(AdminArea.padded(code))).orderBy(ADMIN_AREA.CODE)
                .fetch(AreaRepository::area);
    }

    public List<AdminArea> byLevel(AreaLevel level) {
        return selectArea().where(ADMIN_AREA.LEVEL.eq(level.name()).and(ADMIN_AREA.ACTIVE.isTrue())).orderBy(ADMIN_AREA.CODE)
                .fetch(AreaRepository::area);
    }

    /**
     * The columns an {@link AdminArea} holds, never the outline: a town's outline is a large CLOB, and reading it
     * to fill a list of names would pull every town's shape through H2's LOB store for nothing.
     */
    private SelectJoinStep<Record4<String, String, String, String>> selectArea() {
        return dsl.select(ADMIN_AREA.CODE, ADMIN_AREA.NAME, ADMIN_AREA.LEVEL, ADMIN_AREA.PARENT_CODE).from(ADMIN_AREA);
    }

    private static AdminArea area(Record4<String, String, String, String> row) {
        return new AdminArea(row.value1().trim(), row.value2(), AreaLevel.valueOf(row.value3()),
                row.value4() == null ? null : row.value4().trim());
    }

    public int count(AreaLevel level) {
        return dsl.fetchCount(ADMIN_AREA, ADMIN_AREA.LEVEL.eq(level.name()));
    }
}
