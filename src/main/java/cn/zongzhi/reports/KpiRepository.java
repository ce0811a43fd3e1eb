package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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
        // On a copy of the settings, which are shared: see IncidentQueueRepository's constructor.
        this.dsl = DSL.using(dsl.configuration().derive(org.jooq.conf.SettingsTools.clone(dsl.settings())
                .withStatementType(StatementType.STATIC_STATEMENT)));
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
                        : (Field<Integer>) DSL.count().filterWhere(IncidentQueueRepository.conditionWithin(filter, cohort)))
                .toList();
        return IncidentQueueRepository.disjointParts(cohort).stream()
                .map(part -> (ResultQuery<Record>) dsl.select(counts).from(INCIDENT).where(part))
                .toList();
    }

    /**
     * The day groups of dispatch (start) and resolution (end) of the incidents of a filter. The filter keeps within
     * the cohort, whose covering index the rows are read from. Only the two instants of each case travel, and the
     * office day and the working seconds before each moment are worked out here: the same arithmetic in SQL (as
     * {@link #handlingSql} renders it) spends a microsecond-scale EXTRACT per row in H2, about a second for a
     * month of a million-incident table (docs/benchmarks.md).
     */
    Handling handlingDays(IncidentFilter cohort, IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        HandlingTally tally = new HandlingTally(offset, periods);
        PlainRows.forEach(dsl.select(INCIDENT.DISPATCHED_AT, INCIDENT.RESOLVED_AT).from(INCIDENT)
                .where(IncidentQueueRepository.narrowestFirst(cohort)
                        .and(IncidentQueueRepository.testedRowByRow(IncidentQueueRepository.conditionWithin(filter, cohort)))),
                row -> tally.add(PlainRows.moment(row, 1), PlainRows.moment(row, 2)));
        return tally.result();
    }

    /** Per office-time day, the cases dispatched (starts) or resolved (ends) on it; see {@link WorkingTime}. */
    record Handling(List<WorkingTime.DayGroup> starts, List<WorkingTime.DayGroup> ends) {
    }

}
