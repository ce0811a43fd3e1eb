package cn.zongzhi.gridmap;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;

/** Counts per town/street for the district overview: a few grouped queries, no row is loaded one by one. */
public final class DistrictOverviewRepository {
    private static final int TOWN_CODE_DIGITS = 9;

    private final DSLContext dsl;

    public DistrictOverviewRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public DistrictOverview load() {
        var district = dsl.select(ADMIN_AREA.CODE, ADMIN_AREA.NAME)
                .from(ADMIN_AREA)
                .where(ADMIN_AREA.LEVEL.eq("DISTRICT"))
                .orderBy(ADMIN_AREA.CODE)
                .limit(1)
                .fetchOne();
        Map<String, Integer> communities = countByTown(dsl.select(townOf(ADMIN_AREA.CODE), DSL.count())
                .from(ADMIN_AREA).where(ADMIN_AREA.LEVEL.eq("COMMUNITY")).groupBy(townOf(ADMIN_AREA.CODE)).fetch());
        Map<String, Integer> comprehensive = countByTown(dsl.select(townOf(GRID.AREA_CODE), DSL.count())
                .from(GRID).where(GRID.LEVEL.eq("COMPREHENSIVE")).groupBy(townOf(GRID.AREA_CODE)).fetch());
        Map<String, Integer> micro = countByTown(dsl.select(townOf(GRID.AREA_CODE), DSL.count())
                .from(GRID).where(GRID.LEVEL.eq("MICRO")).groupBy(townOf(GRID.AREA_CODE)).fetch());
        Map<String, Integer> incidents = countByTown(dsl.select(townOf(INCIDENT.AREA_CODE), DSL.count())
                .from(INCIDENT).where(INCIDENT.VOIDED.isFalse()).groupBy(townOf(INCIDENT.AREA_CODE)).fetch());

        List<TownSummary> towns = new ArrayList<>();
        for (var town : dsl.select(ADMIN_AREA.CODE, ADMIN_AREA.NAME).from(ADMIN_AREA)
                .where(ADMIN_AREA.LEVEL.eq("TOWN")).orderBy(ADMIN_AREA.CODE).fetch()) {
            String prefix = town.value1().substring(0, TOWN_CODE_DIGITS);
            towns.add(new TownSummary(town.value1().trim(), town.value2(),
                    communities.getOrDefault(prefix, 0), comprehensive.getOrDefault(prefix, 0),
                    micro.getOrDefault(prefix, 0), incidents.getOrDefault(prefix, 0)));
        }
        int totalIncidents = dsl.fetchCount(INCIDENT, INCIDENT.VOIDED.isFalse());
        return new DistrictOverview(district == null ? null : district.value1().trim(),
                district == null ? null : district.value2(), towns, totalIncidents);
    }

    private static Field<String> townOf(Field<String> areaCode) {
        // Inlined, not bound: H2 matches GROUP BY expressions textually, and two bind markers never match.
        return DSL.substring(areaCode, DSL.inline(1), DSL.inline(TOWN_CODE_DIGITS));
    }

    private static Map<String, Integer> countByTown(org.jooq.Result<org.jooq.Record2<String, Integer>> rows) {
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(row -> {
            if (row.value1() != null) {
                counts.put(row.value1(), row.value2());
            }
        });
        return counts;
    }
}
