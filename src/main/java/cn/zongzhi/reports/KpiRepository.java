package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.db.OfficeDays;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record5;
import org.jooq.ResultQuery;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;

/**
 * The aggregates behind the figures, computed in the database: counts of many queue filters in one pass over the
 * incidents, and the day groups the working-time average is summed from. Nothing here reads incidents one by one.
 * Portable SQL only (jOOQ DSL, standard functions): the city server will run the same queries on PostgreSQL.
 */
final class KpiRepository {
    private final DSLContext dsl;

    KpiRepository(DSLContext dsl) {
        // Values inlined, as in the incident queue: H2 plans a prepared statement before it sees the values and
        // then picks worse indexes for range conditions (docs/decisions/0004).
        this.dsl = DSL.using(dsl.configuration().derive(dsl.settings().withStatementType(StatementType.STATIC_STATEMENT)));
    }

    /**
     * How many incidents each filter selects, one query per cohort. Every filter listed under a cohort selects
     * only incidents of that cohort (the window's intake, the open, the overdue), so the cohort's own condition,
     * which an index serves, picks the rows before the filters are tried on them: a month of a million incidents
     * reads its month, not the million.
     */
    Map<IncidentFilter, Integer> counts(Map<IncidentFilter, ? extends Collection<IncidentFilter>> byCohort) {
        Map<IncidentFilter, Integer> result = new LinkedHashMap<>();
        byCohort.forEach((cohort, filters) -> {
            List<IncidentFilter> distinct = new ArrayList<>(new LinkedHashSet<>(filters));
            for (ResultQuery<Record> part : countsQueries(cohort, distinct)) {
                var row = part.fetchOne();
                for (int i = 0; i < distinct.size(); i++) {
                    result.merge(distinct.get(i), row.get(i, Integer.class), Integer::sum);
                }
            }
        });
        return result;
    }

    /** The SQL of {@link #counts} for one cohort (a statement per disjoint part of it), values inlined. */
    List<String> countsSql(IncidentFilter cohort, Collection<IncidentFilter> filters) {
        return countsQueries(cohort, new ArrayList<>(new LinkedHashSet<>(filters))).stream().map(dsl::renderInlined).toList();
    }

    private List<ResultQuery<Record>> countsQueries(IncidentFilter cohort, List<IncidentFilter> distinct) {
        // A filter equal to its cohort is the count of the rows read.
        List<Field<Integer>> counts = distinct.stream()
                .map(filter -> filter.equals(cohort) ? DSL.count()
                        : (Field<Integer>) DSL.count().filterWhere(IncidentQueueRepository.condition(filter)))
                .toList();
        return IncidentQueueRepository.disjointParts(cohort).stream()
                .map(part -> (ResultQuery<Record>) dsl.select(counts).from(INCIDENT).where(part))
                .toList();
    }

    /**
     * The day groups of dispatch (start) and resolution (end) of the incidents of a filter, from one pass: grouped
     * by the pair of days, then split. The filter keeps within the cohort, whose condition picks the rows read.
     */
    Handling handlingDays(IncidentFilter cohort, IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        Map<LocalDate, double[]> starts = new TreeMap<>();
        Map<LocalDate, double[]> ends = new TreeMap<>();
        handlingQuery(cohort, filter, offset, periods).forEach(row -> {
            // A closed case always carries its dispatch and resolution times; a row without is not counted.
            if (row.value1() != null && row.value2() != null) {
                add(starts, LocalDate.ofEpochDay(row.value1()), row.value3(), row.value4());
                add(ends, LocalDate.ofEpochDay(row.value2()), row.value3(), row.value5());
            }
        });
        return new Handling(groups(starts), groups(ends));
    }

    /** The SQL of {@link #handlingDays}, values inlined. */
    String handlingSql(IncidentFilter cohort, IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        return dsl.renderInlined(handlingQuery(cohort, filter, offset, periods));
    }

    private ResultQuery<Record5<Long, Long, Integer, BigDecimal, BigDecimal>> handlingQuery(
            IncidentFilter cohort, IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        // Three steps so that each row's costly EXTRACT runs once: moments in office seconds, then their days, then
        // the groups with the working seconds of each day before the moment.
        var moments = dsl.select(OfficeDays.localSeconds(INCIDENT.DISPATCHED_AT, offset).as("dispatched"),
                        OfficeDays.localSeconds(INCIDENT.RESOLVED_AT, offset).as("resolved"))
                .from(INCIDENT)
                .where(IncidentQueueRepository.condition(cohort).and(rowByRow(IncidentQueueRepository.condition(filter))))
                .asTable("moments");
        Field<Long> dispatched = moments.field("dispatched", Long.class);
        Field<Long> resolved = moments.field("resolved", Long.class);
        var days = dsl.select(dispatched, resolved, OfficeDays.epochDay(dispatched).as("dispatch_day"),
                        OfficeDays.epochDay(resolved).as("resolve_day"))
                .from(moments)
                .asTable("days");
        Field<Long> dispatchDay = days.field("dispatch_day", Long.class);
        Field<Long> resolveDay = days.field("resolve_day", Long.class);
        Field<Long> dispatchedAt = days.field("dispatched", Long.class);
        Field<Long> resolvedAt = days.field("resolved", Long.class);
        return dsl.select(dispatchDay, resolveDay, DSL.count(),
                        DSL.sum(workedBy(OfficeDays.secondOfDay(dispatchedAt, dispatchDay), periods)),
                        DSL.sum(workedBy(OfficeDays.secondOfDay(resolvedAt, resolveDay), periods)))
                .from(days)
                .groupBy(dispatchDay, resolveDay);
    }

    private static void add(Map<LocalDate, double[]> groups, LocalDate day, int cases, BigDecimal worked) {
        double[] group = groups.computeIfAbsent(day, key -> new double[2]);
        group[0] += cases;
        group[1] += worked == null ? 0 : worked.doubleValue();
    }

    private static List<WorkingTime.DayGroup> groups(Map<LocalDate, double[]> byDay) {
        List<WorkingTime.DayGroup> groups = new ArrayList<>();
        byDay.forEach((day, group) -> groups.add(new WorkingTime.DayGroup(day, (long) group[0], group[1])));
        return groups;
    }

    /** Per office-time day, the cases dispatched (starts) or resolved (ends) on it; see {@link WorkingTime}. */
    record Handling(List<WorkingTime.DayGroup> starts, List<WorkingTime.DayGroup> ends) {
    }

    /**
     * The condition tested row by row on the rows the cohort picked. Given a plain "status = 'CLOSED'" H2 would walk
     * the status index, which holds most of the table, instead of the cohort's index (measured 2–3× slower).
     */
    private static Condition rowByRow(Condition condition) {
        return DSL.condition(DSL.when(condition, DSL.inline(true)).otherwise(DSL.inline(false)));
    }

    /** Seconds of the working periods before a time of day, as {@link WorkingTime#workedBy} counts them. */
    private static Field<Long> workedBy(Field<Long> secondOfDay, List<WorkingHours.Period> periods) {
        Field<Long> worked = null;
        for (WorkingHours.Period period : periods) {
            Field<Long> start = DSL.inline((long) period.start().toSecondOfDay());
            Field<Long> end = DSL.inline((long) period.end().toSecondOfDay());
            Field<Long> part = DSL.greatest(DSL.least(secondOfDay, end), start).minus(start);
            worked = worked == null ? part : worked.plus(part);
        }
        return worked;
    }
}
