package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentQueueRepository;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
        this.dsl = DSL.using(dsl.configuration().derive(dsl.settings().withStatementType(StatementType.STATIC_STATEMENT)));
    }

    /** How many incidents each filter selects, all in one query. */
    Map<IncidentFilter, Integer> counts(Collection<IncidentFilter> filters) {
        List<IncidentFilter> distinct = new ArrayList<>(new LinkedHashSet<>(filters));
        List<Field<Integer>> counts = distinct.stream()
                .map(filter -> (Field<Integer>) DSL.count().filterWhere(IncidentQueueRepository.condition(filter)))
                .toList();
        var row = dsl.select(counts).from(INCIDENT).where(INCIDENT.VOIDED.isFalse()).fetchOne();
        Map<IncidentFilter, Integer> result = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            result.put(distinct.get(i), row.get(i, Integer.class));
        }
        return result;
    }

    /** The SQL of {@link #counts}, values inlined: the benchmark compares it with hand-written SQL. */
    String countsSql(Collection<IncidentFilter> filters) {
        List<Field<Integer>> counts = new LinkedHashSet<>(filters).stream()
                .map(filter -> (Field<Integer>) DSL.count().filterWhere(IncidentQueueRepository.condition(filter)))
                .toList();
        return dsl.renderInlined(dsl.select(counts).from(INCIDENT).where(INCIDENT.VOIDED.isFalse()));
    }

    /** The day groups of dispatch (start) and resolution (end) of the incidents of a filter. */
    Handling handlingDays(IncidentFilter filter, ZoneOffset offset, List<WorkingHours.Period> periods) {
        return new Handling(dayGroups(filter, INCIDENT.DISPATCHED_AT, offset, periods),
                dayGroups(filter, INCIDENT.RESOLVED_AT, offset, periods));
    }

    /** Per office-time day, the cases dispatched (starts) or resolved (ends) on it; see {@link WorkingTime}. */
    record Handling(List<WorkingTime.DayGroup> starts, List<WorkingTime.DayGroup> ends) {
    }

    /**
     * For the incidents of a filter, grouped by the office-time day a moment fell on: how many, and their summed
     * working seconds of that day before the moment.
     */
    private List<WorkingTime.DayGroup> dayGroups(IncidentFilter filter, Field<OffsetDateTime> moment, ZoneOffset offset,
                                                 List<WorkingHours.Period> periods) {
        Field<BigDecimal> day = OfficeDays.epochDay(moment, offset);
        Field<BigDecimal> secondOfDay = OfficeDays.secondOfDay(moment, offset);
        var moments = dsl.select(day.as("epoch_day"), secondOfDay.as("second_of_day"))
                .from(INCIDENT)
                .where(INCIDENT.VOIDED.isFalse().and(IncidentQueueRepository.condition(filter)).and(moment.isNotNull()))
                .asTable("moments");
        Field<BigDecimal> epochDay = moments.field("epoch_day", BigDecimal.class);
        Field<BigDecimal> worked = workedBy(moments.field("second_of_day", BigDecimal.class), periods);
        return dsl.select(epochDay, DSL.count(), DSL.sum(worked))
                .from(moments)
                .groupBy(epochDay)
                .fetch(row -> new WorkingTime.DayGroup(LocalDate.ofEpochDay(row.value1().longValue()), row.value2(),
                        row.value3() == null ? 0 : row.value3().doubleValue()));
    }

    /** Seconds of the working periods before a time of day, as {@link WorkingTime#workedBy} counts them. */
    private static Field<BigDecimal> workedBy(Field<BigDecimal> secondOfDay, List<WorkingHours.Period> periods) {
        Field<BigDecimal> worked = null;
        for (WorkingHours.Period period : periods) {
            Field<BigDecimal> start = DSL.inline(BigDecimal.valueOf(period.start().toSecondOfDay()));
            Field<BigDecimal> end = DSL.inline(BigDecimal.valueOf(period.end().toSecondOfDay()));
            Field<BigDecimal> part = DSL.greatest(DSL.least(secondOfDay, end), start).minus(start);
            worked = worked == null ? part : worked.plus(part);
        }
        return worked;
    }
}
