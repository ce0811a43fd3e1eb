package cn.zongzhi.incidents;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;

/**
 * The queue's reads: one filtered, sorted page at a time, and the count behind it. Filtering, sorting and
 * paging happen in the database; nothing here loads more than one page.
 */
public final class IncidentQueueRepository {
    private final DSLContext dsl;

    public IncidentQueueRepository(DSLContext dsl) {
        // Values inlined into the SQL: H2 plans a prepared statement before it sees the values, and for the
        // queue's range filters (due before now, status in …) it then picks a far worse index (measured by the
        // bench command). jOOQ escapes inlined values, so this is no injection risk.
        this.dsl = DSL.using(dsl.configuration().derive(dsl.settings().withStatementType(org.jooq.conf.StatementType.STATIC_STATEMENT)));
    }

    public List<IncidentSummary> page(IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        return pageQuery(filter, sort, offset, limit).fetch(IncidentQueueRepository::toSummary);
    }

    /** The page query as SQL with its values inlined: the benchmark runs it through bare JDBC as the baseline. */
    public String pageSql(IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        return dsl.renderInlined(pageQuery(filter, sort, offset, limit));
    }

    /** Runs SQL through bare JDBC and reads every column of every row, as a hand-written DAO would. */
    public int runRaw(String sql) {
        return dsl.connectionResult(connection -> {
            int rows = 0;
            try (java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet result = statement.executeQuery(sql)) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    for (int column = 1; column <= columns; column++) {
                        result.getObject(column);
                    }
                    rows++;
                }
            }
            return rows;
        });
    }

    private org.jooq.ResultQuery<org.jooq.Record14<java.util.UUID, String, String, String, String, String, String, String,
            String, String, String, java.time.OffsetDateTime, java.time.OffsetDateTime, String>> pageQuery(
            IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        return summaries()
                .where(conditions(filter))
                .orderBy(order(sort))
                .offset(offset)
                .limit(limit);
    }

    List<IncidentSummary> byReporterPhone(String phone, int limit) {
        return summaries()
                .where(INCIDENT.REPORTER_PHONE.eq(phone).and(INCIDENT.VOIDED.isFalse()))
                .orderBy(INCIDENT.REPORTED_AT.desc())
                .limit(limit)
                .fetch(IncidentQueueRepository::toSummary);
    }

    /** Streams every incident of the filter in the canonical export columns, oldest first, without holding them. */
    public void forEachForExport(IncidentFilter filter, java.util.function.Consumer<ExportRow> sink) {
        try (var cursor = dsl.select(INCIDENT.CASE_NO, INCIDENT.EXTERNAL_ID, INCIDENT.CHANNEL, INCIDENT.CATEGORY_CODE,
                        INCIDENT.TITLE, INCIDENT.DESCRIPTION, INCIDENT.ADDRESS, INCIDENT.LONGITUDE, INCIDENT.LATITUDE,
                        INCIDENT.REPORTED_AT, INCIDENT.REPORTER_NAME, INCIDENT.REPORTER_PHONE, INCIDENT.STATUS,
                        DEPARTMENT.NAME, INCIDENT.DUE_AT, INCIDENT.CLOSED_AT)
                .from(INCIDENT)
                .leftJoin(DEPARTMENT).on(DEPARTMENT.CODE.eq(INCIDENT.DEPARTMENT_CODE))
                .where(conditions(filter))
                .orderBy(INCIDENT.REPORTED_AT.asc(), INCIDENT.ID.asc())
                .fetchSize(1_000)
                .fetchLazy()) {
            for (var row : cursor) {
                sink.accept(new ExportRow(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6(),
                        row.value7(), row.value8(), row.value9(), instant(row.value10()), row.value11(), row.value12(),
                        row.value13(), row.value14(), instant(row.value15()), instant(row.value16())));
            }
        }
    }

    /** One incident in the canonical export columns (the case number first, as the export's own key). */
    public record ExportRow(String caseNo, String externalId, String channel, String categoryCode, String title,
                            String description, String address, Double longitude, Double latitude, Instant reportedAt,
                            String reporterName, String reporterPhone, String status, String department, Instant dueAt,
                            Instant closedAt) {
    }

    long latestChange() {
        Long latest = dsl.select(DSL.max(INCIDENT.HLC)).from(INCIDENT).fetchOne(0, Long.class);
        return latest == null ? 0 : latest;
    }

    /** The queue line's columns with the names behind its codes. */
    private org.jooq.SelectOnConditionStep<org.jooq.Record14<java.util.UUID, String, String, String, String, String, String,
            String, String, String, String, java.time.OffsetDateTime, java.time.OffsetDateTime, String>> summaries() {
        return dsl.select(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.STATUS, INCIDENT.CATEGORY_CODE, INCIDENT_CATEGORY.NAME,
                        INCIDENT.TITLE, INCIDENT.ADDRESS, ADMIN_AREA.NAME, DEPARTMENT.NAME, INCIDENT.CHANNEL,
                        INCIDENT.RISK_LEVEL, INCIDENT.REPORTED_AT, INCIDENT.DUE_AT, INCIDENT.REPORTER_PHONE)
                .from(INCIDENT)
                .leftJoin(INCIDENT_CATEGORY).on(INCIDENT_CATEGORY.CODE.eq(INCIDENT.CATEGORY_CODE))
                .leftJoin(ADMIN_AREA).on(ADMIN_AREA.CODE.eq(INCIDENT.AREA_CODE))
                .leftJoin(DEPARTMENT).on(DEPARTMENT.CODE.eq(INCIDENT.DEPARTMENT_CODE));
    }

    public int count(IncidentFilter filter) {
        int count = 0;
        for (Condition part : disjointParts(filter)) {
            count += dsl.fetchCount(DSL.selectOne().from(INCIDENT).where(part));
        }
        return count;
    }

    /** The filter as one condition on the incident table, for queries that count several filters in one pass. */
    public static Condition condition(IncidentFilter filter) {
        return DSL.and(conditions(filter));
    }

    /**
     * The filter as conditions on disjoint sets of rows whose union is the filter's rows, each of them one an index
     * serves. "Open at a moment" is three such sets told apart by status: open now and reported before it (the
     * status index), closed or merged after it (the closing-time index), declined after it. As one condition with
     * OR the database can serve none of them from an index and reads the whole table. Other filters are one part,
     * {@link #narrowestFirst}.
     */
    public static List<Condition> disjointParts(IncidentFilter filter) {
        LoopCriteria loop = filter.loop();
        if (loop == null || loop.openAt() == null) {
            return List.of(narrowestFirst(filter));
        }
        Condition rest = condition(filter.withLoop(loop.openAt(null)));
        var moment = at(loop.openAt());
        Condition reportedBefore = INCIDENT.REPORTED_AT.lt(moment);
        // A closed row reported before the moment and without a closing time counts as closed when reported
        // (see loopConditions), that is before the moment: it is never open then.
        Condition stillOpen = INCIDENT.STATUS.in(openStatuses()).and(reportedBefore);
        Condition closedLater = INCIDENT.CLOSED_AT.ge(moment).and(testedRowByRow(rest.and(reportedBefore)
                .and(INCIDENT.STATUS.in(IncidentStatus.CLOSED.name(), IncidentStatus.MERGED.name()))));
        // Driven from the history: declines at or after the moment are few (none when the moment is now), while
        // declined incidents are a few percent of all.
        Condition declinedLater = INCIDENT.ID.in(DSL.select(INCIDENT_EVENT.INCIDENT_ID).from(INCIDENT_EVENT)
                        .where(INCIDENT_EVENT.ACTION.eq(IncidentAction.DECLINE.name()).and(INCIDENT_EVENT.OCCURRED_AT.ge(moment))))
                .and(testedRowByRow(rest.and(reportedBefore).and(INCIDENT.STATUS.eq(IncidentStatus.DECLINED.name()))));
        return List.of(stillOpen.and(testedRowByRow(rest)), closedLater, declinedLater);
    }

    /**
     * The filter's condition with only its narrowest indexed part in view of the planner: the window taken in (the
     * figures' covering index), or the open statuses for overdue work; the rest is tested on the rows that part
     * reads. Given every condition, H2 picks by its own estimate, for example the area index for a street, and
     * then looks up each row in the table: 40 µs a row on a million incidents, against reading the covering
     * index alone (docs/benchmarks.md). Other filters (the queue's) are handed over whole.
     */
    public static Condition narrowestFirst(IncidentFilter filter) {
        LoopCriteria loop = filter.loop();
        Condition whole = condition(filter);
        if (loop != null && (loop.takenInFrom() != null || loop.takenInTo() != null)) {
            Condition window = DSL.noCondition();
            if (loop.takenInFrom() != null) {
                window = window.and(INCIDENT.TAKEN_IN_AT.ge(at(loop.takenInFrom())));
            }
            if (loop.takenInTo() != null) {
                window = window.and(INCIDENT.TAKEN_IN_AT.lt(at(loop.takenInTo())));
            }
            return window.and(testedRowByRow(whole));
        }
        if (filter.dueBefore() != null && (loop == null || loop.openAt() == null)) {
            return INCIDENT.STATUS.in(openStatuses()).and(testedRowByRow(whole));
        }
        return whole;
    }

    /** A condition the planner cannot use to choose an index: tested on each row another condition reads. */
    public static Condition testedRowByRow(Condition condition) {
        return DSL.condition(DSL.when(condition, DSL.inline(true)).otherwise(DSL.inline(false)));
    }

    private static Condition declinedAtOrAfter(java.time.OffsetDateTime moment) {
        return DSL.exists(DSL.selectOne().from(INCIDENT_EVENT)
                .where(INCIDENT_EVENT.INCIDENT_ID.eq(INCIDENT.ID)
                        .and(INCIDENT_EVENT.ACTION.eq(IncidentAction.DECLINE.name()))
                        .and(INCIDENT_EVENT.OCCURRED_AT.ge(moment))));
    }

    static List<Condition> conditions(IncidentFilter filter) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(INCIDENT.VOIDED.isFalse());
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            conditions.add(INCIDENT.STATUS.in(filter.statuses().stream().map(Enum::name).toList()));
        }
        if (filter.categoryCode() != null && !filter.categoryCode().isBlank()) {
            conditions.add(INCIDENT.CATEGORY_CODE.in(categorySubtree(filter.categoryCode().trim())));
        }
        if (filter.areaCodePrefix() != null && !filter.areaCodePrefix().isBlank()) {
            // A code range rather than LIKE: area codes are fixed-width CHAR(12), and a range uses the area index.
            String prefix = filter.areaCodePrefix();
            conditions.add(INCIDENT.AREA_CODE.between(cn.zongzhi.areas.AdminArea.padded(prefix),
                    cn.zongzhi.areas.AdminArea.lastUnder(prefix)));
        }
        if (filter.gridId() != null) {
            conditions.add(INCIDENT.GRID_ID.in(DSL.select(GRID.ID).from(GRID)
                    .where(GRID.ID.eq(filter.gridId()).or(GRID.PARENT_GRID_ID.eq(filter.gridId())))));
        }
        if (filter.departmentCode() != null) {
            conditions.add(INCIDENT.DEPARTMENT_CODE.eq(filter.departmentCode()));
        }
        if (filter.channel() != null) {
            conditions.add(INCIDENT.CHANNEL.eq(filter.channel()));
        }
        if (filter.riskLevel() != null) {
            conditions.add(INCIDENT.RISK_LEVEL.eq(filter.riskLevel()));
        }
        if (filter.dueBefore() != null) {
            conditions.add(INCIDENT.DUE_AT.lt(at(filter.dueBefore())));
            conditions.add(INCIDENT.STATUS.in(openStatuses()));
        }
        if (filter.reportedFrom() != null) {
            conditions.add(INCIDENT.REPORTED_AT.ge(at(filter.reportedFrom())));
        }
        if (filter.reportedTo() != null) {
            conditions.add(INCIDENT.REPORTED_AT.lt(at(filter.reportedTo())));
        }
        if (filter.actedBy() != null) {
            conditions.add(DSL.exists(DSL.selectOne().from(INCIDENT_EVENT)
                    .where(INCIDENT_EVENT.INCIDENT_ID.eq(INCIDENT.ID).and(INCIDENT_EVENT.OPERATOR_ID.eq(filter.actedBy())))));
        }
        Condition historyLookup = null;
        if (filter.loop() != null) {
            conditions.addAll(loopConditions(filter.loop()));
            historyLookup = handledOnSpot(filter.loop());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String text = filter.text().trim();
            conditions.add(INCIDENT.TITLE.containsIgnoreCase(text)
                    .or(INCIDENT.ADDRESS.containsIgnoreCase(text))
                    .or(INCIDENT.DESCRIPTION.cast(String.class).containsIgnoreCase(text))
                    .or(INCIDENT.CASE_NO.eq(text)));
        }
        if (historyLookup != null) {
            // H2 evaluated the history look-up before the cheap column tests (5× slower counts, measured); inside
            // CASE it runs only for rows that passed them.
            conditions.add(onlyIf(DSL.and(new ArrayList<>(conditions)), historyLookup));
        }
        return conditions;
    }

    /** Deeper than any catalogue goes (two or three levels); it only stops a parent cycle from recursing forever. */
    private static final int MAX_CATEGORY_DEPTH = 8;

    /**
     * The codes of a category and of every category under it, by walking {@code parent_code} in the database: the
     * catalogue is the city's, and nothing promises that a child's code starts with its parent's. The walk covers
     * the catalogue's few dozen rows; the incident's category index then serves the IN.
     */
    private static org.jooq.Select<org.jooq.Record1<String>> categorySubtree(String rootCode) {
        var root = INCIDENT_CATEGORY.as("subtree_root");
        var child = INCIDENT_CATEGORY.as("subtree_child");
        var subtreeName = DSL.name("category_subtree");
        Field<String> code = DSL.field(DSL.name("category_subtree", "code"), String.class);
        Field<Integer> depth = DSL.field(DSL.name("category_subtree", "depth"), Integer.class);
        var subtree = subtreeName.fields("code", "depth").as(
                DSL.select(root.CODE, DSL.inline(0)).from(root).where(root.CODE.eq(rootCode))
                        .unionAll(DSL.select(child.CODE, depth.plus(1)).from(child)
                                .join(DSL.table(subtreeName)).on(child.PARENT_CODE.eq(code))
                                .where(depth.lt(MAX_CATEGORY_DEPTH))));
        return DSL.withRecursive(subtree).selectDistinct(subtree.field("code", String.class)).from(subtree);
    }

    /** {@code then} evaluated only where {@code when} holds (and false elsewhere). */
    private static Condition onlyIf(Condition when, Condition then) {
        return DSL.condition(DSL.when(when, DSL.field(then)).otherwise(DSL.inline(false)));
    }

    /** The loop's column tests; the look-up of the history is {@link #handledOnSpot}. */
    private static List<Condition> loopConditions(LoopCriteria loop) {
        List<Condition> conditions = new ArrayList<>();
        // taken_in_at is kept by the database (V011): the acceptance, or the report of an incident that left
        // "reported" without one; null for one never taken in (still reported, declined, merged into a parent).
        if (loop.takenInFrom() != null) {
            conditions.add(INCIDENT.TAKEN_IN_AT.ge(at(loop.takenInFrom())));
        }
        if (loop.takenInTo() != null) {
            conditions.add(INCIDENT.TAKEN_IN_AT.lt(at(loop.takenInTo())));
        }
        if (loop.closedBefore() != null) {
            conditions.add(INCIDENT.STATUS.eq(IncidentStatus.CLOSED.name())
                    .and(DSL.coalesce(INCIDENT.CLOSED_AT, INCIDENT.REPORTED_AT).lt(at(loop.closedBefore()))));
        }
        if (loop.openAt() != null) {
            var moment = at(loop.openAt());
            // Closing and merging stamp closed_at; a decline stamps nothing on the row, only its event does.
            Condition closedLater = INCIDENT.STATUS.in(IncidentStatus.CLOSED.name(), IncidentStatus.MERGED.name())
                    .and(DSL.coalesce(INCIDENT.CLOSED_AT, INCIDENT.REPORTED_AT).ge(moment));
            Condition declinedLater = onlyIf(INCIDENT.STATUS.eq(IncidentStatus.DECLINED.name()), declinedAtOrAfter(moment));
            conditions.add(INCIDENT.REPORTED_AT.lt(moment)
                    .and(INCIDENT.STATUS.in(openStatuses()).or(closedLater).or(declinedLater)));
        }
        if (loop.dispatched() != null) {
            conditions.add(loop.dispatched() ? INCIDENT.DISPATCHED_AT.isNotNull() : INCIDENT.DISPATCHED_AT.isNull());
        }
        if (Boolean.TRUE.equals(loop.hasDeadline()) || loop.resolvedByDeadline() != null) {
            conditions.add(INCIDENT.DUE_AT.isNotNull());
        } else if (Boolean.FALSE.equals(loop.hasDeadline())) {
            conditions.add(INCIDENT.DUE_AT.isNull());
        }
        if (loop.resolvedByDeadline() != null) {
            Condition inTime = INCIDENT.RESOLVED_AT.isNotNull().and(INCIDENT.RESOLVED_AT.le(INCIDENT.DUE_AT));
            conditions.add(loop.resolvedByDeadline() ? inTime : DSL.not(inTime));
        }
        if (!loop.satisfactions().isEmpty()) {
            conditions.add(INCIDENT.SATISFACTION.in(loop.satisfactions().stream().map(Enum::name).sorted().toList()));
        }
        if (loop.reworked() != null) {
            conditions.add(loop.reworked() ? INCIDENT.REWORK_COUNT.gt(0) : INCIDENT.REWORK_COUNT.eq(0));
        }
        if (loop.escalationAtLeast() != null) {
            conditions.add(INCIDENT.ESCALATION_LEVEL.ge(loop.escalationAtLeast()));
        }
        if (loop.escalationAtMost() != null) {
            conditions.add(INCIDENT.ESCALATION_LEVEL.le(loop.escalationAtMost()));
        }
        return conditions;
    }

    /** The one loop condition that reads the history; the caller runs it after every column test. */
    private static Condition handledOnSpot(LoopCriteria loop) {
        if (loop.handledOnSpot() == null) {
            return null;
        }
        Condition onSpot = DSL.exists(DSL.selectOne().from(INCIDENT_EVENT)
                .where(INCIDENT_EVENT.INCIDENT_ID.eq(INCIDENT.ID)
                        .and(INCIDENT_EVENT.ACTION.eq(IncidentAction.HANDLE_ON_SPOT.name()))));
        return loop.handledOnSpot() ? onSpot : DSL.not(onSpot);
    }

    private static List<String> openStatuses() {
        List<String> open = new ArrayList<>();
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status.isOpen()) {
                open.add(status.name());
            }
        }
        return open;
    }

    private static List<SortField<?>> order(IncidentSort sort) {
        return switch (sort) {
            case NEWEST_FIRST -> List.of(INCIDENT.REPORTED_AT.desc(), INCIDENT.ID.desc());
            case OLDEST_FIRST -> List.of(INCIDENT.REPORTED_AT.asc(), INCIDENT.ID.asc());
            case DUE_SOONEST -> List.of(INCIDENT.DUE_AT.asc().nullsLast(), INCIDENT.ID.asc());
            case CASE_NUMBER -> List.of(INCIDENT.CASE_NO.asc());
        };
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    private static IncidentSummary toSummary(Record row) {
        return new IncidentSummary(row.get(INCIDENT.ID), row.get(INCIDENT.CASE_NO), IncidentStatus.valueOf(row.get(INCIDENT.STATUS)),
                row.get(INCIDENT.CATEGORY_CODE), row.get(INCIDENT_CATEGORY.NAME), row.get(INCIDENT.TITLE),
                row.get(INCIDENT.ADDRESS), row.get(ADMIN_AREA.NAME), row.get(DEPARTMENT.NAME), row.get(INCIDENT.CHANNEL),
                row.get(INCIDENT.RISK_LEVEL), instant(row.get(INCIDENT.REPORTED_AT)), instant(row.get(INCIDENT.DUE_AT)),
                row.get(INCIDENT.REPORTER_PHONE));
    }

    private static Instant instant(java.time.OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
