package cn.zongzhi.incidents;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
        // bench command). jOOQ escapes inlined values, so this is no injection risk. On a copy of the settings:
        // Settings.with… changes the object in place, and the console's settings are everyone's (changed there, every
        // query of the console went over to inlined values, and one rendered with "?" just before was sent unbound:
        // "Parameter #1 is not set" on the queue's town list at first start).
        this.dsl = DSL.using(dsl.configuration().derive(org.jooq.conf.SettingsTools.clone(dsl.settings())
                .withStatementType(org.jooq.conf.StatementType.STATIC_STATEMENT)));
    }

    public List<IncidentSummary> page(IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        return fetch(filter, sort, null, offset, limit);
    }

    /**
     * The rows that follow {@code after} in the sort order (keyset or "seek" paging): the database starts where the
     * previous page ended instead of walking and dropping {@code offset} rows, so the hundredth page costs what the
     * first does. {@code after} must be a row of the same filter and sort.
     */
    public List<IncidentSummary> pageAfter(IncidentFilter filter, IncidentSort sort, IncidentSummary after, int limit) {
        return fetch(filter, sort, after, 0, limit);
    }

    /** The page's statements as SQL with values inlined: the benchmark runs them through bare JDBC as the baseline. */
    public PageSql pageSql(IncidentFilter filter, IncidentSort sort, int offset, int limit) {
        return sql(firstStatement(sort, new PageValues(filter, null, offset, limit)));
    }

    /** The count of a filter as the database-only queue would send it, values inlined: a baseline for benchmarks. */
    public String countSql(IncidentFilter filter) {
        return dsl.renderInlined(DSL.selectCount().from(INCIDENT).where(conditions(filter, AreaMatch.OWN_CODE)));
    }

    /** {@link #pageAfter}'s statements as SQL with values inlined, for the same baseline. */
    public PageSql pageAfterSql(IncidentFilter filter, IncidentSort sort, IncidentSummary after, int limit) {
        return sql(firstStatement(sort, new PageValues(filter, after, 0, limit)));
    }

    /**
     * A page as SQL text. With {@code rowsBefore} null, {@code first} is the page. Otherwise {@code first} reads the
     * page's ids in order, and the rows are {@code rowsBefore}, the ids as a list of literals, then {@code rowsAfter};
     * each id's literal is the id between {@code idBefore} and {@code idAfter} (H2: quotes; PostgreSQL: a cast).
     */
    public record PageSql(String first, String rowsBefore, String rowsAfter, String idBefore, String idAfter) {
        /** The rows statement with these ids in its list. */
        String rowsOf(List<?> ids) {
            StringBuilder sql = new StringBuilder(rowsBefore);
            for (int i = 0; i < ids.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(idBefore).append(ids.get(i)).append(idAfter);
            }
            return sql.append(rowsAfter).toString();
        }
    }

    /** Runs a page's SQL through bare JDBC and reads every column of every row, as a hand-written DAO would. */
    public int runRaw(PageSql sql) {
        if (sql.rowsBefore() == null) {
            return runRaw(sql.first());
        }
        List<Object> ids = dsl.connectionResult(connection -> {
            List<Object> read = new ArrayList<>();
            try (java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet result = statement.executeQuery(sql.first())) {
                while (result.next()) {
                    read.add(result.getObject(1));
                }
            }
            return read;
        });
        return ids.isEmpty() ? 0 : runRaw(sql.rowsOf(ids));
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

    private List<IncidentSummary> fetch(IncidentFilter filter, IncidentSort sort, IncidentSummary after, int offset, int limit) {
        Statement statement = fromTemplate(filter, sort, after, offset, limit);
        if (statement == null) {
            statement = firstStatement(sort, new PageValues(filter, after, offset, limit));
        }
        // A page's own statement has the summaries' columns in their order: read as the rows by id are.
        return statement.keys() ? byKeys(statement.sql()) : readSummaries(statement.sql());
    }

    /** The page whose ids, in order, the keys statement {@code keys} reads. */
    private List<IncidentSummary> byKeys(String keys) {
        List<UUID> ids = readIds(keys);
        if (ids.isEmpty()) {
            return List.of();
        }
        return inOrder(ids, rowsById(ids));
    }

    /** The rows in the order of {@code ids}; an id without a row (deleted in between, or filtered out) is left out. */
    private static List<IncidentSummary> inOrder(List<UUID> ids, List<IncidentSummary> rows) {
        Map<UUID, IncidentSummary> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The rows statement cut around its list of ids, rendered once per dialect, as the baseline's is (see
     * {@link #sql}); the service makes a repository per read, so the cache is the class's.
     */
    private static final Map<org.jooq.SQLDialect, PageSql> ROWS_TEMPLATES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The queue lines of a page's ids. The statement is the same for every page but for its ids, so it is rendered
     * once and the ids are spliced in (a UUID's text is hex digits and dashes only); the rows are read straight from
     * the result set. Rendering it with jOOQ for every page cost as much as H2 took to run it on a short page
     * (a first page of one status: 1.3 ms bare, 2.2 ms through jOOQ, docs/benchmarks.md).
     */
    private List<IncidentSummary> rowsById(List<UUID> ids) {
        return readSummaries(ROWS_TEMPLATES.computeIfAbsent(dsl.dialect(), dialect -> rowsSql()).rowsOf(ids));
    }

    /**
     * The first column of every row, as ids. The keys statement runs with its values inlined, straight through
     * JDBC, as the baseline runs it: through jOOQ's fetch with bind values, the "to accept" first page took 2.1 ms at
     * the median against the baseline's 1.5 (1.8 ms now; docs/benchmarks.md, 2026-12-03 sixth session).
     */
    private List<UUID> readIds(String sql) {
        return readRaw(sql, row -> row.getObject(1, UUID.class));
    }

    /** Queue lines from a statement that selects {@link #summaries()}' columns in their order. */
    private List<IncidentSummary> readSummaries(String sql) {
        return readRaw(sql, row -> new IncidentSummary(row.getObject(1, UUID.class), row.getString(2),
                IncidentStatus.valueOf(row.getString(3)), row.getString(4), row.getString(5), row.getString(6),
                row.getString(7), row.getString(8), row.getString(9), row.getString(10), row.getString(11),
                instant(row.getObject(12, OffsetDateTime.class)), instant(row.getObject(13, OffsetDateTime.class)),
                row.getString(14), row.getLong(15)));
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(java.sql.ResultSet row) throws java.sql.SQLException;
    }

    /** Every row of a statement run through bare JDBC (no jOOQ rendering or binding per page), each read by {@code reader}. */
    private <T> List<T> readRaw(String sql, RowReader<T> reader) {
        return dsl.connectionResult(connection -> {
            List<T> rows = new ArrayList<>();
            try (java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            return rows;
        });
    }

    /**
     * The queue lines of these incidents in the given order (a page the search index found), each tested again
     * against {@code filter}: a row the index holds in a state the database has since left is left out.
     */
    public List<IncidentSummary> rowsInOrder(List<UUID> ids, IncidentFilter filter) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return inOrder(ids, summaries().where(INCIDENT.ID.in(ids)).and(condition(filter)).fetch(IncidentQueueRepository::toSummary));
    }

    /** One page as a single statement ({@code page}), or as the ids in order ({@code keys}) and then their rows. */
    private record Plan(ResultQuery<? extends Record> page, ResultQuery<? extends Record> keys) {
    }

    private PageSql sql(Statement first) {
        if (!first.keys()) {
            return new PageSql(first.sql(), null, null, null, null);
        }
        PageSql rows = rowsSql();
        return new PageSql(first.sql(), rows.rowsBefore(), rows.rowsAfter(), rows.idBefore(), rows.idAfter());
    }

    /** The rows statement cut around its list of ids, which the baseline fills with what the keys returned. */
    private PageSql rowsSql() {
        String marker = "00000000-0000-0000-0000-00000000cafe";
        String rows = dsl.renderInlined(summaries().where(INCIDENT.ID.in(UUID.fromString(marker))));
        int at = rows.indexOf(marker);
        int open = rows.lastIndexOf(" in (", at) + " in ".length();
        // The list is the statement's last part: its closing parenthesis is the last one.
        int close = rows.lastIndexOf(')');
        if (open < " in ".length() || close < at) {
            throw new IllegalStateException("the rows statement no longer ends with its list of ids: " + rows);
        }
        String literal = rows.substring(open + 1, close);
        int inLiteral = literal.indexOf(marker);
        return new PageSql(null, rows.substring(0, open + 1), rows.substring(close), literal.substring(0, inLiteral),
                literal.substring(inLiteral + marker.length()));
    }

    /**
     * A page's first statement (its keys, or the whole page where it is read in one) cut around its page values, by
     * shape (see {@link PageShape}). A saved view has a handful of shapes whatever its "now" and wherever the table
     * has scrolled to, so jOOQ renders the statement once per shape instead of for every page, where it took
     * 0.2–1 ms of pages that H2 runs in 0.3–3 ms (the bench's "to accept" and one street's first pages, the keyset
     * pages); splicing a page's values in takes some 10 µs. Like the rows' template it is the class's and by
     * dialect, there being one rendering configuration per dialect. A shape stands for a filter the user narrowed
     * to, so the least recently used are dropped past a few hundred.
     */
    private static final Map<PageShape, Optional<StatementTemplate>> STATEMENT_TEMPLATES = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<PageShape, Optional<StatementTemplate>> eldest) {
                    return size() > 256;
                }
            });

    /**
     * What the first statement of a page holds that the same view's next page may not: every value of {@link Slot},
     * absent or present. The filter is the page's with its moments replaced by the first marks, so that "overdue"
     * at any moment is one shape; its other fields stay, each value its own shape.
     */
    private record PageShape(org.jooq.SQLDialect dialect, IncidentFilter filter, IncidentSort sort, boolean afterRow,
                             boolean afterRowDue, boolean atStart) {
    }

    /** The values a page's first statement holds that change from page to page. */
    private enum Slot {
        AFTER_REPORTED, AFTER_DUE, AFTER_ID, AFTER_CASE_NO, DUE_BEFORE, DUE_FROM, REPORTED_FROM, REPORTED_TO, OFFSET, LIMIT,
        /** Offset plus limit: where each branch of a merge is cut. */
        PAGE_END
    }

    /** One page's values: its filter, the row it follows, where it starts and how long it is. */
    private record PageValues(IncidentFilter filter, IncidentSummary after, int offset, int limit) {
    }

    /**
     * Stand-ins for a page's values, none of which a statement would hold otherwise, so that each one's literal can
     * be found in a rendering and tells which value it stands for. Two sets, differing in every value.
     */
    private record Marks(Instant afterReported, Instant afterDue, UUID afterId, String afterCaseNo, Instant dueBefore,
                         Instant reportedFrom, Instant reportedTo, int offset, int limit, Instant dueFrom) {
        /** The filter with its moments, where it has them, replaced by these. */
        IncidentFilter on(IncidentFilter filter) {
            return filter.withDueBefore(filter.dueBefore() == null ? null : dueBefore)
                    .withDueFrom(filter.dueFrom() == null ? null : dueFrom).withReported(
                    filter.reportedFrom() == null ? null : reportedFrom, filter.reportedTo() == null ? null : reportedTo);
        }

        PageValues page(PageShape shape) {
            IncidentSummary after = shape.afterRow() ? new IncidentSummary(afterId, afterCaseNo, null, null, null, null,
                    null, null, null, null, null, afterReported, shape.afterRowDue() ? afterDue : null, null, 0) : null;
            return new PageValues(on(shape.filter()), after, shape.atStart() ? 0 : offset, limit);
        }
    }

    // The offsets and limits are of nine and ten digits, which no page asks for; their sums stay below 2^31.
    private static final Marks FIRST_MARKS = new Marks(Instant.parse("1901-01-01T01:01:01.100001Z"),
            Instant.parse("1901-01-01T01:01:01.100002Z"), UUID.fromString("00000000-0000-0000-0000-00000f1a5c01"), "marks-1",
            Instant.parse("1901-01-01T01:01:01.100003Z"), Instant.parse("1901-01-01T01:01:01.100004Z"),
            Instant.parse("1901-01-01T01:01:01.100005Z"), 1_200_000_017, 900_000_019,
            Instant.parse("1901-01-01T01:01:01.100006Z"));
    private static final Marks SECOND_MARKS = new Marks(Instant.parse("1902-02-02T02:02:02.200001Z"),
            Instant.parse("1902-02-02T02:02:02.200002Z"), UUID.fromString("00000000-0000-0000-0000-00000f1a5c02"), "marks-2",
            Instant.parse("1902-02-02T02:02:02.200003Z"), Instant.parse("1902-02-02T02:02:02.200004Z"),
            Instant.parse("1902-02-02T02:02:02.200005Z"), 1_100_000_023, 800_000_029,
            Instant.parse("1902-02-02T02:02:02.200006Z"));

    /** A page's first statement and whether it reads the page's ids (then their rows) or the page itself. */
    record Statement(String sql, boolean keys) {
    }

    /**
     * A page's first statement cut around its page values: {@code text} has one part more than {@code slots};
     * {@code keys} as in {@link Statement}.
     */
    private record StatementTemplate(List<String> text, List<Slot> slots, boolean keys) {
        /** The statement with these values; null if the page lacks one the template has a place for. */
        String sql(java.util.function.Function<Slot, String> literal) {
            Map<Slot, String> literals = new EnumMap<>(Slot.class);
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < slots.size(); i++) {
                String value = literals.computeIfAbsent(slots.get(i), literal);
                if (value == null) {
                    return null;
                }
                sql.append(text.get(i)).append(value);
            }
            return sql.append(text.get(slots.size())).toString();
        }
    }

    /**
     * The page's first statement as jOOQ renders it, its values spliced into its shape's template; null where its
     * shape has no template (the caller then renders the plan).
     */
    Statement fromTemplate(IncidentFilter filter, IncidentSort sort, IncidentSummary after, int offset, int limit) {
        // jOOQ tells a limit of 0 or 1 apart (Limit.limitZero, limitOne) and may render it in a form of its own,
        // which marks of many digits would not show; so may it an offset of 0, hence atStart in the shape.
        if (offset < 0 || limit < 2 || offset > Integer.MAX_VALUE - limit) {
            return null;
        }
        PageShape shape = new PageShape(dsl.dialect(), FIRST_MARKS.on(filter), sort, after != null,
                after != null && after.dueAt() != null, offset == 0);
        Optional<StatementTemplate> template = STATEMENT_TEMPLATES.get(shape);
        if (template == null) {
            // Made outside the map's lock: a second thread may make the same one meanwhile, which does no harm.
            template = templateOf(shape);
            STATEMENT_TEMPLATES.put(shape, template);
        }
        PageValues page = new PageValues(filter, after, offset, limit);
        String sql = template.map(cut -> cut.sql(slot -> literal(slot, page))).orElse(null);
        return sql == null ? null : new Statement(sql, template.get().keys());
    }

    /**
     * The shape's first statement cut at every literal of the first marks, kept only if it gives, with the second
     * marks' literals spliced in, the very statement jOOQ renders for the second marks. Every value differs between
     * the two, so anything jOOQ renders from a value other than as the literal spliced in (a form kept for some
     * values, a change in the statement around it, a value this does not know of) breaks the proof, as does a
     * mark's text met elsewhere (in a filter's free text); such a shape has no template and its pages are rendered.
     * Each literal is rendered by jOOQ on its own, so a value of another form than the marks' (no fraction of a
     * second; a date before Christ, which PostgreSQL writes with "BC") is still jOOQ's own text.
     */
    private Optional<StatementTemplate> templateOf(PageShape shape) {
        PageValues first = FIRST_MARKS.page(shape);
        Statement firstStatement = firstStatement(shape.sort(), first);
        String marked = firstStatement.sql();
        java.util.TreeMap<Integer, Slot> at = new java.util.TreeMap<>();
        for (Slot slot : Slot.values()) {
            String literal = literal(slot, first);
            for (int found = literal == null ? -1 : marked.indexOf(literal); found >= 0; found = marked.indexOf(literal, found + 1)) {
                if (at.put(found, slot) != null) {
                    return Optional.empty();
                }
            }
        }
        List<String> text = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        int from = 0;
        for (Map.Entry<Integer, Slot> each : at.entrySet()) {
            if (each.getKey() < from) {
                return Optional.empty();
            }
            text.add(marked.substring(from, each.getKey()));
            slots.add(each.getValue());
            from = each.getKey() + literal(each.getValue(), first).length();
        }
        text.add(marked.substring(from));
        StatementTemplate template = new StatementTemplate(List.copyOf(text), List.copyOf(slots), firstStatement.keys());
        PageValues second = SECOND_MARKS.page(shape);
        Statement secondStatement = firstStatement(shape.sort(), second);
        return secondStatement.keys() == template.keys() && template.sql(slot -> literal(slot, second)).equals(secondStatement.sql())
                ? Optional.of(template) : Optional.empty();
    }

    /** The first statement of a page rendered by jOOQ: its keys statement, or the page where it is one statement. */
    private Statement firstStatement(IncidentSort sort, PageValues page) {
        Plan plan = plan(page.filter(), sort, page.after(), page.offset(), page.limit());
        return plan.keys() == null ? new Statement(dsl.renderInlined(plan.page()), false)
                : new Statement(dsl.renderInlined(plan.keys()), true);
    }

    /**
     * A page value as the page's first statement holds it, rendered by jOOQ on its own (a few microseconds); null where the
     * page has none. An offset of 0 is none: the top of the page is in the shape, and its end is then the limit.
     */
    private String literal(Slot slot, PageValues page) {
        IncidentSummary after = page.after();
        return switch (slot) {
            case AFTER_REPORTED -> after == null ? null : moment(INCIDENT.REPORTED_AT, after.reportedAt());
            case AFTER_DUE -> after == null ? null : moment(INCIDENT.DUE_AT, after.dueAt());
            case AFTER_ID -> after == null ? null : dsl.renderInlined(DSL.inline(after.id(), INCIDENT.ID));
            case AFTER_CASE_NO -> after == null || after.caseNo() == null ? null
                    : dsl.renderInlined(DSL.inline(after.caseNo(), INCIDENT.CASE_NO));
            case DUE_BEFORE -> moment(INCIDENT.DUE_AT, page.filter().dueBefore());
            case DUE_FROM -> page.filter().dueBefore() == null ? null : moment(INCIDENT.DUE_AT, page.filter().dueFrom());
            case REPORTED_FROM -> moment(INCIDENT.REPORTED_AT, page.filter().reportedFrom());
            case REPORTED_TO -> moment(INCIDENT.REPORTED_AT, page.filter().reportedTo());
            // A whole number is its digits in every dialect; the proof of each template shows it for its statement.
            case OFFSET -> page.offset() == 0 ? null : Integer.toString(page.offset());
            case LIMIT -> Integer.toString(page.limit());
            case PAGE_END -> page.offset() == 0 ? null : Integer.toString(page.offset() + page.limit());
        };
    }

    private String moment(Field<OffsetDateTime> column, Instant value) {
        return value == null ? null : dsl.renderInlined(DSL.inline(at(value), column));
    }

    /**
     * One page, read so that the database walks an index in the page's order and stops after the page (H2 avoids a
     * sort only when an index starts with the ORDER BY columns, docs/decisions/0012):
     * <ul>
     * <li>a filter on statuses (the saved views) is one ordered walk per status through the status index, merged,
     * which yields the page's ids; then their rows. As one {@code status IN (…)} the database read every open
     * incident and sorted them;</li>
     * <li>otherwise a street or a community is an equality on its own indexed code, and the order leads with that
     * (constant) code so that the database sees the index's order as the page's;</li>
     * <li>the cases behind a figure keep the figures' conditions and plain offset paging.</li>
     * </ul>
     */
    private Plan plan(IncidentFilter filter, IncidentSort sort, IncidentSummary after, int offset, int limit) {
        Condition seek = after == null ? DSL.noCondition() : seek(sort, after, filter.dueBefore() != null);
        if (filter.loop() != null) {
            return new Plan(summaries().where(conditions(filter)).and(seek).orderBy(order(sort)).offset(offset).limit(limit), null);
        }
        List<String> statuses = statusesOf(filter);
        if (statuses != null && statuses.isEmpty()) {
            // A deadline keeps to the statuses still against it: asked together with others only, no incident can match
            // (and a merge of no statuses is no statement).
            return new Plan(summaries().where(DSL.falseCondition()).limit(limit), null);
        }
        // The incidents without an area are few and found through the area index (area_code IS NULL), then sorted:
        // walked through the status or deadline index, a page would read every open incident to find them.
        if (statuses != null && sort != IncidentSort.CASE_NUMBER && !filter.unlocated()) {
            return new Plan(null, mergedByStatus(filter, statuses, sort, seek, offset, limit));
        }
        if (sort == IncidentSort.DUE_SOONEST && walksTheDeadlineIndex(filter)) {
            return new Plan(null, byDeadlineThenWithout(filter, after, offset, limit));
        }
        List<SortField<?>> order = new ArrayList<>();
        String prefix = areaPrefix(filter);
        AreaMatch area = AreaMatch.OWN_CODE;
        if ((sort == IncidentSort.NEWEST_FIRST || sort == IncidentSort.OLDEST_FIRST) && prefix != null) {
            boolean descending = sort == IncidentSort.NEWEST_FIRST;
            if (prefix.length() == TOWN_DIGITS) {
                order.add(descending ? INCIDENT.TOWN_CODE.desc() : INCIDENT.TOWN_CODE.asc());
            } else if (prefix.length() == AREA_DIGITS) {
                order.add(descending ? INCIDENT.AREA_CODE.desc() : INCIDENT.AREA_CODE.asc());
            } else if (prefix.length() < TOWN_DIGITS) {
                area = AreaMatch.RANGE_TESTED_ROW_BY_ROW;
            }
        }
        order.addAll(order(sort));
        return new Plan(summaries().where(conditions(filter, area)).and(seek).orderBy(order).offset(offset).limit(limit), null);
    }

    /**
     * The ids of one page of a filter on statuses, in order: per status, its first rows (after the seek) through the
     * index led by status and the sort column, read in that order and cut at the page's end; then the statuses
     * merged and cut again. Every condition but the status, the sort column's range and the seek is tested on the
     * rows read (shown to H2's planner, a street would make it take the street's index and sort). A page at offset
     * N reads at most N + limit index entries per status, a page after a row at most limit. The merge is a plain
     * UNION ordered as a whole: as a derived table (or inside IN) H2 spent longer planning it than running it.
     */
    private ResultQuery<? extends Record> mergedByStatus(IncidentFilter filter, List<String> statuses, IncidentSort sort,
                                                         Condition seek, int offset, int limit) {
        boolean descending = sort == IncidentSort.NEWEST_FIRST;
        boolean dueAlwaysSet = filter.dueBefore() != null;
        Field<OffsetDateTime> key = sort == IncidentSort.DUE_SOONEST ? INCIDENT.DUE_AT : INCIDENT.REPORTED_AT;
        Condition visible = DSL.noCondition();
        if (filter.dueBefore() != null) {
            visible = visible.and(INCIDENT.DUE_AT.lt(at(filter.dueBefore())));
            if (filter.dueFrom() != null) {
                // The other end of the same index range: each status's walk starts at the lower bound.
                visible = visible.and(INCIDENT.DUE_AT.ge(at(filter.dueFrom())));
            }
        }
        if (sort != IncidentSort.DUE_SOONEST && filter.reportedFrom() != null) {
            visible = visible.and(INCIDENT.REPORTED_AT.ge(at(filter.reportedFrom())));
        }
        if (sort != IncidentSort.DUE_SOONEST && filter.reportedTo() != null) {
            visible = visible.and(INCIDENT.REPORTED_AT.lt(at(filter.reportedTo())));
        }
        // Each branch's status is one of the filter's (open ones for a deadline), and the deadline is in view:
        // the rest need not repeat them, which keeps the statement short to render and to parse.
        Condition rest = testedRowByRow(condition(filter.withStatuses(java.util.Set.of()).withDueBefore(null)));
        List<SortField<?>> within = new ArrayList<>();
        within.add(descending ? INCIDENT.STATUS.desc() : INCIDENT.STATUS.asc());
        within.addAll(keyOrder(sort, dueAlwaysSet, INCIDENT.REPORTED_AT, INCIDENT.DUE_AT, INCIDENT.ID));
        if (statuses.size() == 1) {
            return dsl.select(INCIDENT.ID, key).from(INCIDENT)
                    .where(INCIDENT.STATUS.eq(statuses.get(0))).and(visible).and(seek).and(rest)
                    .orderBy(within).offset(offset).limit(limit);
        }
        org.jooq.SelectUnionStep<Record2<UUID, OffsetDateTime>> first = null;
        org.jooq.SelectOrderByStep<Record2<UUID, OffsetDateTime>> merged = null;
        for (String status : statuses) {
            var one = dsl.select(INCIDENT.ID, key).from(INCIDENT)
                    .where(INCIDENT.STATUS.eq(status)).and(visible).and(seek).and(rest)
                    .orderBy(within)
                    .limit(offset + limit);
            if (first == null) {
                first = one;
            } else {
                merged = merged == null ? first.unionAll(one) : merged.unionAll(one);
            }
        }
        // The union's own columns, by name.
        Field<OffsetDateTime> mergedKey = DSL.field(DSL.name(key.getName()), OffsetDateTime.class);
        Field<UUID> mergedId = DSL.field(DSL.name(INCIDENT.ID.getName()), UUID.class);
        return merged.orderBy(keyOrder(sort, dueAlwaysSet, mergedKey, mergedKey, mergedId)).offset(offset).limit(limit);
    }

    /**
     * Whether a "due soonest" page of this filter is best read by walking the deadline index: when the filter keeps
     * most of the table (everything, a district, a street; a channel or risk level), so the walk meets a page's
     * rows soon. A narrow filter (a community, a category, a text, "mine", a time range, a department, a grid) has
     * its own index to find its few rows, which are then sorted; walking the deadline index for them could read
     * most of it. (Filters on statuses, deadlines and the figures' loop are planned before this is asked.)
     */
    private static boolean walksTheDeadlineIndex(IncidentFilter filter) {
        String prefix = areaPrefix(filter);
        return (prefix == null || prefix.length() <= TOWN_DIGITS)
                && (filter.text() == null || filter.text().isBlank())
                && (filter.categoryCode() == null || filter.categoryCode().isBlank())
                && filter.actedBy() == null && filter.reportedFrom() == null && filter.reportedTo() == null
                && filter.departmentCode() == null && filter.gridId() == null && !filter.unlocated();
    }

    /**
     * The ids of one "due soonest" page in order: the incidents with a deadline through {@code incident_due} from
     * the earliest, then those without, by id (the order {@code due_at nulls last, id} asks for), each part cut at
     * the page's end and the two merged as in {@link #mergedByStatus}. H2 reads an ascending index with nulls first,
     * so "nulls last" as one ORDER BY sorted the table instead.
     */
    private ResultQuery<? extends Record> byDeadlineThenWithout(IncidentFilter filter, IncidentSummary after, int offset,
                                                               int limit) {
        Condition withDeadline = INCIDENT.DUE_AT.isNotNull();
        Condition withoutDeadline = INCIDENT.DUE_AT.isNull();
        if (after != null && after.dueAt() != null) {
            // The seek within the part with a deadline; every row without one still follows.
            withDeadline = withDeadline.and(seek(IncidentSort.DUE_SOONEST, after, true));
        } else if (after != null) {
            // The page before ended among the incidents without a deadline: every one with a deadline came before.
            withDeadline = DSL.falseCondition();
            withoutDeadline = seek(IncidentSort.DUE_SOONEST, after, false);
        }
        Condition rest = testedRowByRow(condition(filter));
        List<SortField<?>> walk = keyOrder(IncidentSort.DUE_SOONEST, true, INCIDENT.REPORTED_AT, INCIDENT.DUE_AT, INCIDENT.ID);
        var dated = dsl.select(INCIDENT.ID, INCIDENT.DUE_AT).from(INCIDENT).where(withDeadline).and(rest)
                .orderBy(walk).limit(offset + limit);
        var undated = dsl.select(INCIDENT.ID, INCIDENT.DUE_AT).from(INCIDENT).where(withoutDeadline).and(rest)
                .orderBy(walk).limit(offset + limit);
        Field<OffsetDateTime> mergedDue = DSL.field(DSL.name(INCIDENT.DUE_AT.getName()), OffsetDateTime.class);
        Field<UUID> mergedId = DSL.field(DSL.name(INCIDENT.ID.getName()), UUID.class);
        return dated.unionAll(undated).orderBy(keyOrder(IncidentSort.DUE_SOONEST, false, mergedDue, mergedDue, mergedId))
                .offset(offset).limit(limit);
    }

    /** The statuses a filter keeps to (overdue and due soon: those still against their deadline); null when none. */
    private static List<String> statusesOf(IncidentFilter filter) {
        List<String> running = deadlineStatuses();
        List<String> statuses = filter.statuses() == null || filter.statuses().isEmpty() ? null
                : filter.statuses().stream().map(Enum::name).sorted().toList();
        if (filter.dueBefore() != null) {
            statuses = statuses == null ? running : statuses.stream().filter(running::contains).toList();
        }
        return statuses;
    }

    /**
     * Where a page that follows {@code after} starts. Each comparison repeats the sort column alone first (at or
     * after the row's value) so that the database reads it as an index range; the OR after it breaks ties.
     */
    private static Condition seek(IncidentSort sort, IncidentSummary after, boolean dueAlwaysSet) {
        var reported = at(after.reportedAt());
        return switch (sort) {
            case NEWEST_FIRST -> INCIDENT.REPORTED_AT.le(reported)
                    .and(INCIDENT.REPORTED_AT.lt(reported).or(INCIDENT.ID.lt(after.id())));
            case OLDEST_FIRST -> INCIDENT.REPORTED_AT.ge(reported)
                    .and(INCIDENT.REPORTED_AT.gt(reported).or(INCIDENT.ID.gt(after.id())));
            case DUE_SOONEST -> {
                // Rows without a deadline come last, ordered by id.
                if (after.dueAt() == null) {
                    yield INCIDENT.DUE_AT.isNull().and(INCIDENT.ID.gt(after.id()));
                }
                var due = at(after.dueAt());
                Condition later = INCIDENT.DUE_AT.ge(due).and(INCIDENT.DUE_AT.gt(due).or(INCIDENT.ID.gt(after.id())));
                yield dueAlwaysSet ? later : later.or(INCIDENT.DUE_AT.isNull());
            }
            case CASE_NUMBER -> INCIDENT.CASE_NO.gt(after.caseNo());
        };
    }

    /** The sort's columns over the given fields; without nulls to order (a deadline filter) plain ascending. */
    private static List<SortField<?>> keyOrder(IncidentSort sort, boolean dueAlwaysSet, Field<OffsetDateTime> reported,
                                               Field<OffsetDateTime> due, Field<UUID> id) {
        return switch (sort) {
            case NEWEST_FIRST -> List.of(reported.desc(), id.desc());
            case OLDEST_FIRST -> List.of(reported.asc(), id.asc());
            // H2 reads an ascending index with nulls first; "nulls last" would stop it from using the index's order.
            case DUE_SOONEST -> List.of(dueAlwaysSet ? due.asc() : due.asc().nullsLast(), id.asc());
            case CASE_NUMBER -> throw new IllegalArgumentException("case numbers are not merged by status");
        };
    }

    List<IncidentSummary> byReporterPhone(String phone, String areaPrefix, int limit) {
        return summaries()
                .where(fromPhone(phone, areaPrefix))
                .orderBy(INCIDENT.REPORTED_AT.desc())
                .limit(limit)
                .fetch(IncidentQueueRepository::toSummary);
    }

    /** How many incidents {@link #byReporterPhone} would list without its limit: a count on the phone key's index. */
    int countByReporterPhone(String phone, String areaPrefix) {
        return dsl.fetchCount(INCIDENT, fromPhone(phone, areaPrefix));
    }

    private static Condition fromPhone(String phone, String areaPrefix) {
        return INCIDENT.REPORTER_PHONE_KEY.eq(CallerPhone.key(phone)).and(INCIDENT.VOIDED.isFalse())
                .and(areaPrefix == null ? DSL.noCondition() : INCIDENT.AREA_CODE.isNull().or(areaRange(areaPrefix)));
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
        return cn.zongzhi.db.IncidentChangeMark.read(dsl);
    }

    /** The queue line's columns with the names behind its codes. */
    private org.jooq.SelectOnConditionStep<org.jooq.Record15<java.util.UUID, String, String, String, String, String, String,
            String, String, String, String, java.time.OffsetDateTime, java.time.OffsetDateTime, String, Long>> summaries() {
        return dsl.select(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.STATUS, INCIDENT.CATEGORY_CODE, INCIDENT_CATEGORY.NAME,
                        INCIDENT.TITLE, INCIDENT.ADDRESS, ADMIN_AREA.NAME, DEPARTMENT.NAME, INCIDENT.CHANNEL,
                        INCIDENT.RISK_LEVEL, INCIDENT.REPORTED_AT, INCIDENT.DUE_AT, INCIDENT.REPORTER_PHONE,
                        INCIDENT.ROW_VERSION)
                .from(INCIDENT)
                .leftJoin(INCIDENT_CATEGORY).on(INCIDENT_CATEGORY.CODE.eq(INCIDENT.CATEGORY_CODE))
                .leftJoin(ADMIN_AREA).on(ADMIN_AREA.CODE.eq(INCIDENT.AREA_CODE))
                .leftJoin(DEPARTMENT).on(DEPARTMENT.CODE.eq(INCIDENT.DEPARTMENT_CODE));
    }

    public int count(IncidentFilter filter) {
        if (filter.loop() == null && filter.dueBefore() == null) {
            // A street's count through its own index, which holds every column the count reads.
            return dsl.fetchCount(DSL.selectOne().from(INCIDENT).where(conditions(filter, AreaMatch.OWN_CODE)));
        }
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

    /** The number of digits of a street's (town's) code and of a whole community code. */
    private static final int TOWN_DIGITS = 9;
    private static final int AREA_DIGITS = 12;

    /**
     * How an area subtree is matched. The figures read covering indexes that hold {@code area_code} but not the
     * street's code, so they keep the range; the queue's own reads use the street's or community's code, whose
     * equality leaves an index in report-time order.
     */
    private enum AreaMatch {
        RANGE,
        OWN_CODE,
        /** The range tested on the rows another index reads: for a district, which is most of an office's table. */
        RANGE_TESTED_ROW_BY_ROW
    }

    private static String areaPrefix(IncidentFilter filter) {
        return filter.areaCodePrefix() == null || filter.areaCodePrefix().isBlank() ? null : filter.areaCodePrefix().trim();
    }

    /** A code range rather than LIKE: area codes are fixed-width CHAR(12), and a range uses the area index. */
    private static Condition areaRange(String prefix) {
        return INCIDENT.AREA_CODE.between(cn.zongzhi.areas.AdminArea.padded(prefix), cn.zongzhi.areas.AdminArea.lastUnder(prefix));
    }

    static List<Condition> conditions(IncidentFilter filter) {
        return conditions(filter, AreaMatch.RANGE);
    }

    /**
     * The filter as one condition on rows already known to be the cohort's: the tests the two share (the window
     * taken in, not voided, the area...) are left out, since every row read passes them. Only for statements whose
     * WHERE keeps to the cohort (or a part of it). A dozen figures each repeating the window's three tests cost a
     * third of the counting statement on a month of a million incidents (docs/benchmarks.md).
     */
    public static Condition conditionWithin(IncidentFilter filter, IncidentFilter cohort) {
        List<Condition> known = columnConditions(cohort, AreaMatch.RANGE);
        List<Condition> rest = new ArrayList<>();
        for (Condition test : columnConditions(filter, AreaMatch.RANGE)) {
            if (!known.contains(test)) {
                rest.add(test);
            }
        }
        return DSL.and(withHistoryLookup(filter, rest));
    }

    private static List<Condition> conditions(IncidentFilter filter, AreaMatch areaMatch) {
        return withHistoryLookup(filter, columnConditions(filter, areaMatch));
    }

    /** The column tests followed by the look-up in the history, where the filter has one. */
    private static List<Condition> withHistoryLookup(IncidentFilter filter, List<Condition> columnTests) {
        Condition historyLookup = filter.loop() == null ? null : handledOnSpot(filter.loop());
        if (historyLookup == null) {
            return columnTests;
        }
        List<Condition> conditions = new ArrayList<>(columnTests);
        // H2 evaluated the history look-up before the cheap column tests (5× slower counts, measured); inside
        // CASE it runs only for rows that passed them.
        conditions.add(onlyIf(DSL.and(columnTests), historyLookup));
        return conditions;
    }

    /** Every test of the filter that reads the incident's own columns (or the catalogue, grids and declines). */
    private static List<Condition> columnConditions(IncidentFilter filter, AreaMatch areaMatch) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(INCIDENT.VOIDED.isFalse());
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            Condition status = INCIDENT.STATUS.in(filter.statuses().stream().map(Enum::name).toList());
            // The queue's own reads of the incidents without an area go through the area index's null entries (a
            // handful): shown the statuses, H2 reads every open incident through the status index instead.
            conditions.add(filter.unlocated() && areaMatch == AreaMatch.OWN_CODE ? testedRowByRow(status) : status);
        }
        if (filter.categoryCode() != null && !filter.categoryCode().isBlank()) {
            conditions.add(INCIDENT.CATEGORY_CODE.in(categorySubtree(filter.categoryCode().trim())));
        }
        String prefix = areaPrefix(filter);
        if (prefix != null) {
            if (areaMatch == AreaMatch.OWN_CODE && prefix.length() == TOWN_DIGITS) {
                conditions.add(INCIDENT.TOWN_CODE.eq(prefix));
            } else if (areaMatch == AreaMatch.OWN_CODE && prefix.length() == AREA_DIGITS) {
                conditions.add(INCIDENT.AREA_CODE.eq(prefix));
            } else if (areaMatch == AreaMatch.RANGE_TESTED_ROW_BY_ROW) {
                conditions.add(testedRowByRow(areaRange(prefix)));
            } else {
                conditions.add(areaRange(prefix));
            }
        }
        if (filter.unlocated()) {
            conditions.add(INCIDENT.AREA_CODE.isNull());
        }
        if (filter.gridId() != null) {
            conditions.add(INCIDENT.GRID_ID.in(gridSubtree(filter.gridId())));
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
            if (filter.dueFrom() != null) {
                // A range on due_at, as the (status, due_at) index serves it; not "not overdue" as a negation.
                conditions.add(INCIDENT.DUE_AT.ge(at(filter.dueFrom())));
            }
            conditions.add(INCIDENT.STATUS.in(deadlineStatuses()));
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
        if (filter.loop() != null) {
            conditions.addAll(loopConditions(filter.loop()));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            String text = filter.text().trim();
            conditions.add(INCIDENT.TITLE.containsIgnoreCase(text)
                    .or(INCIDENT.ADDRESS.containsIgnoreCase(text))
                    .or(INCIDENT.DESCRIPTION.cast(String.class).containsIgnoreCase(text))
                    .or(INCIDENT.CASE_NO.eq(text)));
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
    static org.jooq.Select<org.jooq.Record1<String>> categorySubtree(String rootCode) {
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

    /** A grid and, for a comprehensive grid, the micro grids inside it (opened from the map). */
    static org.jooq.Select<org.jooq.Record1<UUID>> gridSubtree(UUID gridId) {
        return DSL.select(GRID.ID).from(GRID).where(GRID.ID.eq(gridId).or(GRID.PARENT_GRID_ID.eq(gridId)));
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
        // Only an on-the-spot handling since the last dispatch: a department may return a case (退回) that the grid
        // worker then handles, and a case handled on the spot may be sent to a department for rework (重办).
        Condition onSpot = DSL.exists(DSL.selectOne().from(INCIDENT_EVENT)
                .where(INCIDENT_EVENT.INCIDENT_ID.eq(INCIDENT.ID)
                        .and(INCIDENT_EVENT.ACTION.eq(IncidentAction.HANDLE_ON_SPOT.name()))
                        .and(INCIDENT.DISPATCHED_AT.isNull().or(INCIDENT_EVENT.OCCURRED_AT.ge(INCIDENT.DISPATCHED_AT)))));
        return loop.handledOnSpot() ? onSpot : DSL.not(onSpot);
    }

    private static final List<String> DEADLINE_STATUSES = statusesWhere(IncidentStatus::isAgainstDeadline);
    private static final List<String> OPEN_STATUSES = statusesWhere(IncidentStatus::isOpen);

    /** Overdue and due soon are about these: see {@link IncidentStatus#isAgainstDeadline}. */
    public static List<String> deadlineStatuses() {
        return DEADLINE_STATUSES;
    }

    private static List<String> openStatuses() {
        return OPEN_STATUSES;
    }

    private static List<String> statusesWhere(java.util.function.Predicate<IncidentStatus> test) {
        return java.util.Arrays.stream(IncidentStatus.values()).filter(test).map(Enum::name).toList();
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
                row.get(INCIDENT.REPORTER_PHONE), row.get(INCIDENT.ROW_VERSION));
    }

    private static Instant instant(java.time.OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
