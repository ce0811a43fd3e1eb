package cn.zongzhi.reports;

import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import cn.zongzhi.incidents.IncidentStatus;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;

/** The monthly report's breakdowns, grouped in the database with the figures' own filters. */
final class MonthlyReportRepository {
    private final DSLContext dsl;

    MonthlyReportRepository(DSLContext dsl) {
        this.dsl = DSL.using(dsl.configuration().derive(dsl.settings().withStatementType(StatementType.STATIC_STATEMENT)));
    }

    /**
     * Per office-time day: incidents taken in (by the moment they were taken in) and incidents closed (by their
     * closing time, whenever taken in) between {@code start} and {@code end}.
     */
    Map<LocalDate, int[]> days(IncidentFilter takenIn, String areaCodePrefix, Instant start, Instant end, ZoneOffset offset) {
        Map<LocalDate, int[]> days = new TreeMap<>();
        // The moments travel and are counted into office days here: H2's EXTRACT per row in a GROUP BY costs about
        // a second for a month of a million-incident table, reading the two columns from the covering index a tenth.
        long shift = offset.getTotalSeconds();
        dsl.select(INCIDENT.TAKEN_IN_AT).from(INCIDENT)
                .where(IncidentQueueRepository.narrowestFirst(takenIn))
                .fetchSize(2_000)
                .forEach(row -> days.computeIfAbsent(officeDay(row.value1(), shift), day -> new int[2])[0]++);
        Condition closedInWindow = INCIDENT.STATUS.eq(IncidentStatus.CLOSED.name())
                .and(INCIDENT.CLOSED_AT.ge(at(start))).and(INCIDENT.CLOSED_AT.lt(at(end)));
        dsl.select(INCIDENT.CLOSED_AT).from(INCIDENT)
                // Through the closing-time index alone (it covers these columns); the rest tested on its rows.
                .where(INCIDENT.CLOSED_AT.ge(at(start)).and(INCIDENT.CLOSED_AT.lt(at(end)))
                        .and(IncidentQueueRepository.testedRowByRow(closedInWindow.and(
                                IncidentQueueRepository.condition(IncidentFilter.any().withAreaCodePrefix(areaCodePrefix))))))
                .fetchSize(2_000)
                .forEach(row -> days.computeIfAbsent(officeDay(row.value1(), shift), day -> new int[2])[1]++);
        return days;
    }

    /** Taken in and closed per top-level category (a leaf counts for its parent); uncategorised under "". */
    List<MonthlyReport.Group> byCategory(IncidentFilter takenIn, IncidentFilter closed) {
        var leaf = INCIDENT_CATEGORY.as("leaf");
        var top = INCIDENT_CATEGORY.as("top");
        Field<String> topCode = DSL.coalesce(top.CODE, DSL.inline(""));
        Field<Integer> taken = DSL.count();
        Field<Integer> done = DSL.count().filterWhere(IncidentQueueRepository.condition(closed));
        return dsl.select(topCode, top.NAME, taken, done)
                .from(INCIDENT)
                .leftJoin(leaf).on(leaf.CODE.eq(INCIDENT.CATEGORY_CODE))
                .leftJoin(top).on(top.CODE.eq(DSL.coalesce(leaf.PARENT_CODE, leaf.CODE)))
                .where(IncidentQueueRepository.narrowestFirst(takenIn))
                .groupBy(topCode, top.NAME)
                .orderBy(taken.desc(), topCode)
                .fetch(row -> new MonthlyReport.Group(row.value1(), row.value2(), row.value3(), row.value4()));
    }

    /** Taken in and closed per channel; labels are the caller's. */
    List<MonthlyReport.Group> byChannel(IncidentFilter takenIn, IncidentFilter closed) {
        Field<Integer> taken = DSL.count();
        Field<Integer> done = DSL.count().filterWhere(IncidentQueueRepository.condition(closed));
        return dsl.select(INCIDENT.CHANNEL, taken, done)
                .from(INCIDENT)
                .where(IncidentQueueRepository.narrowestFirst(takenIn))
                .groupBy(INCIDENT.CHANNEL)
                .orderBy(taken.desc(), INCIDENT.CHANNEL)
                .fetch(row -> new MonthlyReport.Group(row.value1(), null, row.value2(), row.value3()));
    }

    /**
     * The comprehensive grids (micro grids counted with their parent) with the most open work, then the most
     * overdue; incidents without a grid are left out. Each cohort's grid ids are read a part at a time through
     * its covering index and counted here, then named from the grid table: asked to group or join, H2 prefers the
     * grid index for its order and looks up every incident of every grid in the table.
     */
    List<MonthlyReport.GridLoad> busiestGrids(IncidentFilter open, IncidentFilter overdue, int limit) {
        Map<java.util.UUID, int[]> perGrid = new HashMap<>();
        countPerGrid(perGrid, open, 0);
        countPerGrid(perGrid, overdue, 1);
        var micro = GRID.as("micro");
        var comprehensive = GRID.as("comprehensive");
        Map<String, MonthlyReport.GridLoad> loads = new HashMap<>();
        dsl.select(micro.ID, comprehensive.CODE, comprehensive.NAME, ADMIN_AREA.NAME)
                .from(micro)
                .join(comprehensive).on(comprehensive.ID.eq(DSL.coalesce(micro.PARENT_GRID_ID, micro.ID)))
                .leftJoin(ADMIN_AREA).on(ADMIN_AREA.CODE.eq(comprehensive.AREA_CODE))
                .forEach(row -> {
                    int[] counts = perGrid.get(row.value1());
                    if (counts != null) {
                        loads.merge(row.value2(), new MonthlyReport.GridLoad(row.value2(), row.value3(), row.value4(),
                                counts[0], counts[1]), (a, b) -> new MonthlyReport.GridLoad(a.code(), a.name(),
                                a.community(), a.open() + b.open(), a.overdue() + b.overdue()));
                    }
                });
        return loads.values().stream()
                .sorted(Comparator.comparingInt(MonthlyReport.GridLoad::open).reversed()
                        .thenComparing(Comparator.comparingInt(MonthlyReport.GridLoad::overdue).reversed())
                        .thenComparing(MonthlyReport.GridLoad::code))
                .limit(limit)
                .toList();
    }

    private void countPerGrid(Map<java.util.UUID, int[]> perGrid, IncidentFilter cohort, int slot) {
        for (Condition part : IncidentQueueRepository.disjointParts(cohort)) {
            dsl.select(INCIDENT.GRID_ID).from(INCIDENT).where(part).fetchSize(2_000).forEach(row -> {
                if (row.value1() != null) {
                    perGrid.computeIfAbsent(row.value1(), id -> new int[2])[slot]++;
                }
            });
        }
    }

    private static LocalDate officeDay(OffsetDateTime moment, long offsetSeconds) {
        return LocalDate.ofEpochDay(Math.floorDiv(moment.toEpochSecond() + offsetSeconds, 86_400L));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
