package cn.zongzhi.reports;

import cn.zongzhi.db.OfficeDays;
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
        // On a copy of the settings, which are shared: see IncidentQueueRepository's constructor.
        this.dsl = DSL.using(dsl.configuration().derive(org.jooq.conf.SettingsTools.clone(dsl.settings())
                .withStatementType(StatementType.STATIC_STATEMENT)));
    }

    /**
     * The window's intake read once through its covering index, each row's moment, category, channel and whether
     * it counts as closed, and folded here into intake per office day, per top-level category (a leaf counts for
     * its parent; uncategorised under "") and per channel. Three grouped statements read the same rows three times
     * (and H2's EXTRACT per row for the day cost a second a month on a million incidents).
     *
     * @param handled the cases of the intake whose handling time the figures average, folded into {@code tally} from
     *                the same rows (the figure's own pass read them again: about 100 ms a month of a million
     *                incidents); null when no one asks
     */
    Intake intake(IncidentFilter takenIn, IncidentFilter closed, IncidentFilter handled, HandlingTally tally,
                  ZoneOffset offset) {
        Map<String, String[]> categories = new HashMap<>();
        dsl.select(INCIDENT_CATEGORY.CODE, INCIDENT_CATEGORY.PARENT_CODE, INCIDENT_CATEGORY.NAME).from(INCIDENT_CATEGORY)
                .forEach(row -> categories.put(row.value1(), new String[] {row.value2(), row.value3()}));
        Map<LocalDate, Integer> days = new TreeMap<>();
        Map<String, int[]> byCategory = new HashMap<>();
        Map<String, int[]> byChannel = new HashMap<>();
        // Every row read is the window's intake, which the closed cases are part of: only what sets them apart is tested.
        Field<Integer> isClosed = DSL.when(IncidentQueueRepository.conditionWithin(closed, takenIn), DSL.inline(1))
                .otherwise(DSL.inline(0));
        List<Field<?>> columns = new java.util.ArrayList<>(List.of(INCIDENT.TAKEN_IN_AT, INCIDENT.CATEGORY_CODE,
                INCIDENT.CHANNEL, isClosed));
        if (handled != null) {
            // The two moments travel only for the handled cases; the rest read as nulls, which the tally skips.
            Condition isHandled = IncidentQueueRepository.conditionWithin(handled, takenIn);
            columns.add(DSL.when(isHandled, INCIDENT.DISPATCHED_AT));
            columns.add(DSL.when(isHandled, INCIDENT.RESOLVED_AT));
        }
        PlainRows.forEach(dsl.select(columns).from(INCIDENT)
                .where(IncidentQueueRepository.narrowestFirst(takenIn)), row -> {
                    if (handled != null) {
                        tally.add(PlainRows.moment(row, 5), PlainRows.moment(row, 6));
                    }
                    days.merge(OfficeDays.day(OfficeDays.localSeconds(PlainRows.moment(row, 1), offset)), 1, Integer::sum);
                    int done = row.getInt(4);
                    int[] category = byCategory.computeIfAbsent(topCategory(row.getString(2), categories), key -> new int[2]);
                    category[0]++;
                    category[1] += done;
                    int[] channel = byChannel.computeIfAbsent(row.getString(3), key -> new int[2]);
                    channel[0]++;
                    channel[1] += done;
                });
        return new Intake(days, groups(byCategory, code -> code.isEmpty() ? null : categories.get(code)[1]),
                groups(byChannel, code -> null));
    }

    /** The intake of a window per office day, per top-level category and per channel (labels: the caller's, for channels). */
    record Intake(Map<LocalDate, Integer> days, List<MonthlyReport.Group> categories, List<MonthlyReport.Group> channels) {
    }

    private static String topCategory(String code, Map<String, String[]> categories) {
        if (code == null || !categories.containsKey(code)) {
            return "";
        }
        String parent = categories.get(code)[0];
        return parent != null && categories.containsKey(parent) ? parent : code;
    }

    /** Busiest first, then by code, as the grouped statements ordered them. */
    private static List<MonthlyReport.Group> groups(Map<String, int[]> counts, java.util.function.Function<String, String> label) {
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(entry -> entry.getValue()[0]).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(entry -> new MonthlyReport.Group(entry.getKey(), label.apply(entry.getKey()), entry.getValue()[0],
                        entry.getValue()[1]))
                .toList();
    }

    /** Per office-time day, the incidents closed (by their closing time, whenever taken in) between start and end. */
    Map<LocalDate, Integer> closedPerDay(String areaCodePrefix, Instant start, Instant end, ZoneOffset offset) {
        Map<LocalDate, Integer> days = new TreeMap<>();
        // Through the closing-time index alone (it covers these columns); the rest tested on the rows of its range.
        Condition closedInArea = INCIDENT.STATUS.eq(IncidentStatus.CLOSED.name())
                .and(IncidentQueueRepository.condition(IncidentFilter.any().withAreaCodePrefix(areaCodePrefix)));
        PlainRows.forEach(dsl.select(INCIDENT.CLOSED_AT).from(INCIDENT)
                        .where(INCIDENT.CLOSED_AT.ge(at(start)).and(INCIDENT.CLOSED_AT.lt(at(end)))
                                .and(IncidentQueueRepository.testedRowByRow(closedInArea))),
                row -> days.merge(OfficeDays.day(OfficeDays.localSeconds(PlainRows.moment(row, 1), offset)), 1, Integer::sum));
        return days;
    }

    /**
     * The comprehensive grids (micro grids counted with their parent) with the most open work, then the most
     * overdue; incidents without a grid are left out. Each cohort's grid ids are read a part at a time through
     * its covering index and counted here, then named from the grid table: asked to group or join, H2 prefers the
     * grid index for its order and looks up every incident of every grid in the table. Only the leaders are named:
     * joining every grid to its parent and area to name ten of them cost 0.2–0.5 s a refresh.
     */
    List<MonthlyReport.GridLoad> busiestGrids(IncidentFilter open, IncidentFilter overdue, int limit) {
        Map<java.util.UUID, int[]> perGrid = new HashMap<>();
        countPerGrid(perGrid, open, 0);
        countPerGrid(perGrid, overdue, 1);
        Map<java.util.UUID, int[]> perComprehensive = new HashMap<>();
        dsl.select(GRID.ID, GRID.PARENT_GRID_ID).from(GRID).forEach(row -> {
            int[] counts = perGrid.get(row.value1());
            if (counts != null) {
                int[] total = perComprehensive.computeIfAbsent(row.value2() != null ? row.value2() : row.value1(),
                        id -> new int[2]);
                total[0] += counts[0];
                total[1] += counts[1];
            }
        });
        Comparator<int[]> busier = Comparator.<int[]>comparingInt(counts -> counts[0]).reversed()
                .thenComparing(Comparator.<int[]>comparingInt(counts -> counts[1]).reversed());
        List<int[]> ranked = perComprehensive.values().stream().sorted(busier).toList();
        if (ranked.isEmpty() || limit <= 0) {
            return List.of();
        }
        // Every grid as busy as the last one shown, so that the code decides ties as before.
        int[] last = ranked.get(Math.min(limit, ranked.size()) - 1);
        List<java.util.UUID> leaders = perComprehensive.entrySet().stream()
                .filter(entry -> busier.compare(entry.getValue(), last) <= 0).map(Map.Entry::getKey).toList();
        return dsl.select(GRID.ID, GRID.CODE, GRID.NAME, ADMIN_AREA.NAME)
                .from(GRID)
                .leftJoin(ADMIN_AREA).on(ADMIN_AREA.CODE.eq(GRID.AREA_CODE))
                .where(GRID.ID.in(leaders))
                .fetch(row -> new MonthlyReport.GridLoad(row.value2(), row.value3(), row.value4(),
                        perComprehensive.get(row.value1())[0], perComprehensive.get(row.value1())[1]))
                .stream()
                .sorted(Comparator.comparingInt(MonthlyReport.GridLoad::open).reversed()
                        .thenComparing(Comparator.comparingInt(MonthlyReport.GridLoad::overdue).reversed())
                        .thenComparing(MonthlyReport.GridLoad::code))
                .limit(limit)
                .toList();
    }

    private void countPerGrid(Map<java.util.UUID, int[]> perGrid, IncidentFilter cohort, int slot) {
        for (Condition part : IncidentQueueRepository.disjointParts(cohort)) {
            PlainRows.forEach(dsl.select(INCIDENT.GRID_ID).from(INCIDENT).where(part), row -> {
                java.util.UUID grid = row.getObject(1, java.util.UUID.class);
                if (grid != null) {
                    perGrid.computeIfAbsent(grid, id -> new int[2])[slot]++;
                }
            });
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
