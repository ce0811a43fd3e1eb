package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingHours;
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
     * How many incidents each filter selects, all in one query. {@code covering} are filters whose union holds every
     * incident any of the counted filters selects: only those rows are tested against every filter.
     */
    Map<IncidentFilter, Integer> counts(Collection<IncidentFilter> filters, Collection<IncidentFilter> covering) {
        List<IncidentFilter> distinct = new ArrayList<>(new LinkedHashSet<>(filters));
        var row = countsQuery(distinct, covering).fetchOne();
        Map<IncidentFilter, Integer> result = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            result.put(distinct.get(i), row.get(i, Integer.class));
        }
        return result;
    }

    /** The SQL of {@link #counts}, values inlined. */
    String countsSql(Collection<IncidentFilter> filters, Collection<IncidentFilter> covering) {
        return dsl.renderInlined(countsQuery(new ArrayList<>(new LinkedHashSet<>(filters)), covering));
    }

    private ResultQuery<Record> countsQuery(List<IncidentFilter> distinct, Collection<IncidentFilter> covering) {
        List<Field<Integer>> counts = distinct.stream()
                .map(filter -> (Field<Integer>) DSL.count().filterWhere(IncidentQueueRepository.condition(filter)))
                .toList();
        // Most rows of a year-old database are neither taken in during a month, nor open, nor overdue: the few
        // tests of the covering filters turn them away before the dozen filters are tried on each.
        Condition anyCovering = DSL.or(covering.stream().map(IncidentQueueRepository::condition).toList());
        return dsl.select(counts).from(INCIDENT)
                .where(INCIDENT.VOIDED.isFalse().and(sharedArea(distinct)).and(rowByRow(anyCovering)));
    }

    /**
     * The day groups of dispatch (start) and resolution (end) of the incidents of a filter, from one pass: grouped
     * by the pair of days, then split.
     */
    Handling handlingDays(IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        Map<LocalDate, double[]> starts = new TreeMap<>();
        Map<LocalDate, double[]> ends = new TreeMap<>();
        handlingQuery(filter, offset, periods).forEach(row -> {
            // A closed case always carries its dispatch and resolution times; a row without is not counted.
            if (row.value1() != null && row.value2() != null) {
                add(starts, LocalDate.ofEpochDay(row.value1()), row.value3(), row.value4());
                add(ends, LocalDate.ofEpochDay(row.value2()), row.value3(), row.value5());
            }
        });
        return new Handling(groups(starts), groups(ends));
    }

    /** The SQL of {@link #handlingDays}, values inlined. */
    String handlingSql(IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        return dsl.renderInlined(handlingQuery(filter, offset, periods));
    }

    private ResultQuery<Record5<Long, Long, Integer, BigDecimal, BigDecimal>> handlingQuery(
            IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        // Three steps so that each row's costly EXTRACT runs once: moments in office seconds, then their days, then
        // the groups with the working seconds of each day before the moment.
        var moments = dsl.select(OfficeDays.localSeconds(INCIDENT.DISPATCHED_AT, offset).as("dispatched"),
                        OfficeDays.localSeconds(INCIDENT.RESOLVED_AT, offset).as("resolved"))
                .from(INCIDENT)
                .where(INCIDENT.VOIDED.isFalse().and(sharedArea(List.of(filter)))
                        .and(rowByRow(IncidentQueueRepository.condition(filter))))
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
     * The area subtree every filter keeps to, as a condition the area index serves (a street is a few percent of a
     * district's rows); none when they differ.
     */
    private static Condition sharedArea(Collection<IncidentFilter> filters) {
        var prefixes = filters.stream().map(IncidentFilter::areaCodePrefix).distinct().toList();
        if (prefixes.size() != 1 || prefixes.get(0) == null) {
            return DSL.noCondition();
        }
        return IncidentQueueRepository.condition(IncidentFilter.any().withAreaCodePrefix(prefixes.get(0)));
    }

    /**
     * The condition tested row by row while scanning. The figures' cohorts are most of the table, and given a
     * plain "status = 'CLOSED'" H2 walks the status index row by row instead, two to three times slower (measured).
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
