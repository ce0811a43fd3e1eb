package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** The queue's filters and pages against counts worked out independently in SQL on the same demo data. */
class IncidentQueueRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    static Path folder;

    private static Database database;
    private static IncidentQueueRepository queue;

    @BeforeAll
    static void generate() {
        database = TestDatabases.fresh(folder);
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(NOW).withIncidents(2_500).withDisputes(0), Progress.NONE);
        // The demo's late cases are mostly resolved by now, and a resolved case is not overdue: a few of the cases
        // still in hand go past their deadline, so the overdue views have rows to page through.
        var inHand = database.dsl().select(INCIDENT.ID, INCIDENT.REPORTED_AT).from(INCIDENT)
                .where(INCIDENT.STATUS.in("DISPATCHED", "IN_PROGRESS")).orderBy(INCIDENT.CASE_NO).limit(24).fetch();
        for (var row : inHand) {
            Instant due = row.value2().toInstant().plus(java.time.Duration.ofHours(1));
            database.dsl().update(INCIDENT).set(INCIDENT.DUE_AT, (due.isBefore(NOW) ? due : NOW.minusSeconds(60)).atOffset(ZoneOffset.UTC))
                    .where(INCIDENT.ID.eq(row.value1())).execute();
        }
        queue = new IncidentQueueRepository(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theQueueInlinesItsValuesWithoutTurningTheWholeConsoleOver() {
        // The settings given are the console's, shared by every repository on every thread.
        var shared = DSL.using(org.jooq.SQLDialect.H2, new org.jooq.conf.Settings());
        new IncidentQueueRepository(shared);
        assertThat(shared.settings().getStatementType()).isEqualTo(org.jooq.conf.StatementType.PREPARED_STATEMENT);
        assertThat(shared.render(shared.selectOne().where(INCIDENT.STATUS.eq("REPORTED")))).contains("?");
    }

    @Test
    void eachSavedViewCountsWhatItsDefinitionSays() {
        var dsl = database.dsl();
        var open = INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED");
        var inHand = INCIDENT.STATUS.in("ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED");
        assertThat(queue.count(QueueView.ALL.filter(NOW, null))).isEqualTo(2_500);
        assertThat(queue.count(QueueView.OPEN.filter(NOW, null))).isEqualTo(dsl.fetchCount(INCIDENT, open)).isPositive();
        assertThat(queue.count(QueueView.TO_ACCEPT.filter(NOW, null))).isEqualTo(dsl.fetchCount(INCIDENT, INCIDENT.STATUS.eq("REPORTED")));
        assertThat(queue.count(QueueView.OVERDUE.filter(NOW, null)))
                .isEqualTo(dsl.fetchCount(INCIDENT, inHand.and(INCIDENT.DUE_AT.lt(NOW.atOffset(ZoneOffset.UTC))))).isPositive();
        Instant soon = momentWithCasesOverdueAndDueSoon();
        var soonAt = soon.atOffset(ZoneOffset.UTC);
        assertThat(queue.count(QueueView.DUE_SOON.filter(soon, null))).as("due within 24 h, not yet overdue")
                .isEqualTo(dsl.fetchCount(INCIDENT, inHand.and(INCIDENT.DUE_AT.ge(soonAt)).and(INCIDENT.DUE_AT.lt(soonAt.plusHours(24)))))
                .isPositive();
        assertThat(queue.count(QueueView.MINE.filter(NOW, UUID.randomUUID()))).isZero();
    }

    @Test
    void dueSoonAndOverdueShareNoCaseOnAnyPageOrOrder() {
        Instant now = momentWithCasesOverdueAndDueSoon();
        IncidentFilter dueSoon = QueueView.DUE_SOON.filter(now, null);
        IncidentFilter overdue = QueueView.OVERDUE.filter(now, null);
        assertThat(queue.count(overdue)).isPositive();
        for (IncidentSort sort : IncidentSort.values()) {
            List<IncidentSummary> soon = queue.page(dueSoon, sort, 0, 3_000);
            assertThat(soon).as("by %s", sort).hasSize(queue.count(dueSoon)).isNotEmpty()
                    .allSatisfy(row -> assertThat(row.dueAt()).isAfterOrEqualTo(now).isBefore(now.plus(java.time.Duration.ofHours(24))));
            assertThat(soon).extracting(IncidentSummary::id).doesNotContainAnyElementsOf(
                    queue.page(overdue, sort, 0, 3_000).stream().map(IncidentSummary::id).toList());
        }
    }

    /** A moment at which some cases in hand are overdue and one is due within the hour: the middle deadline's. */
    private Instant momentWithCasesOverdueAndDueSoon() {
        var dsl = database.dsl();
        var inHand = INCIDENT.STATUS.in("ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED").and(INCIDENT.VOIDED.isFalse());
        int withDeadline = dsl.fetchCount(INCIDENT, inHand.and(INCIDENT.DUE_AT.isNotNull()));
        return dsl.select(INCIDENT.DUE_AT).from(INCIDENT).where(inHand).and(INCIDENT.DUE_AT.isNotNull())
                .orderBy(INCIDENT.DUE_AT).offset(withDeadline / 2).limit(1).fetchOne(INCIDENT.DUE_AT).toInstant()
                .minus(java.time.Duration.ofMinutes(30));
    }

    @Test
    void aFilterWithinItsCohortCountsTheSameWithoutRepeatingTheCohortsTests() {
        var dsl = database.dsl();
        LoopCriteria window = LoopCriteria.any().takenIn(NOW.minus(java.time.Duration.ofDays(400)), NOW);
        IncidentFilter cohort = IncidentFilter.any().withAreaCodePrefix("440111").withLoop(window);
        List<IncidentFilter> within = List.of(
                cohort.withLoop(window.closedBefore(NOW)),
                cohort.withLoop(window.closedBefore(NOW).dispatched(false).handledOnSpot(true).escalation(null, 0)),
                cohort.withLoop(window.closedBefore(NOW).hasDeadline(true).resolvedByDeadline(true)),
                cohort.withLoop(window.satisfactions(java.util.EnumSet.of(Satisfaction.SATISFIED))),
                cohort.withStatuses(java.util.EnumSet.of(IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS)),
                cohort.withAreaCodePrefix("440111004").withLoop(window.reworked(false)));
        int cohortRows = dsl.fetchCount(INCIDENT, IncidentQueueRepository.condition(cohort));
        assertThat(cohortRows).isPositive();
        for (IncidentFilter filter : within) {
            int whole = dsl.fetchCount(INCIDENT, IncidentQueueRepository.condition(filter));
            int withinCohort = dsl.fetchCount(INCIDENT, IncidentQueueRepository.condition(cohort)
                    .and(IncidentQueueRepository.conditionWithin(filter, cohort)));
            assertThat(withinCohort).as(filter.toString()).isEqualTo(whole).isPositive().isLessThan(cohortRows);
            // The window and the district are the cohort's; tested again, each row would pay for them a second time.
            String sql = dsl.renderInlined(IncidentQueueRepository.conditionWithin(filter, cohort));
            assertThat(sql).as(sql).doesNotContain("TAKEN_IN_AT").doesNotContain("'440111000000'");
        }
    }

    @Test
    void aDeadlineFilterOnClosedStatusesOnlyHasNoPagesRatherThanFailing() {
        // "Overdue" keeps to the open statuses; asked together with closed ones only, nothing can match.
        IncidentFilter closedAndOverdue = IncidentFilter.any().withStatuses(java.util.Set.of(IncidentStatus.CLOSED, IncidentStatus.DECLINED))
                .withDueBefore(NOW);
        assertThat(queue.count(closedAndOverdue)).isZero();
        for (IncidentSort sort : IncidentSort.values()) {
            assertThat(queue.page(closedAndOverdue, sort, 0, 100)).as("%s", sort).isEmpty();
            assertThat(queue.page(closedAndOverdue, sort, 100, 100)).as("%s at an offset", sort).isEmpty();
        }
        assertThat(queue.runRaw(queue.pageSql(closedAndOverdue, IncidentSort.NEWEST_FIRST, 0, 100))).isZero();
    }

    @Test
    void anAreaPrefixSelectsItsSubtree() {
        int street = queue.count(IncidentFilter.any().withAreaCodePrefix("440111004"));
        assertThat(street).isEqualTo(database.dsl().fetchCount(INCIDENT, DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004"))).isPositive();
        assertThat(queue.count(IncidentFilter.any().withAreaCodePrefix("440111"))).isEqualTo(2_500);
        assertThat(queue.count(IncidentFilter.any().withAreaCodePrefix("4402"))).isZero();
    }

    @Test
    void aStreetsPagesAreItsIncidentsNewestFirstAndTheTownCodeFollowsTheArea() {
        var dsl = database.dsl();
        var inStreet = DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004");
        List<UUID> expected = dsl.select(INCIDENT.ID).from(INCIDENT).where(inStreet)
                .orderBy(INCIDENT.REPORTED_AT.desc(), INCIDENT.ID.desc()).fetch(INCIDENT.ID);
        IncidentFilter street = IncidentFilter.any().withAreaCodePrefix("440111004");
        List<UUID> paged = new ArrayList<>();
        for (int offset = 0; offset < expected.size(); offset += 40) {
            queue.page(street, IncidentSort.NEWEST_FIRST, offset, 40).forEach(row -> paged.add(row.id()));
        }
        assertThat(paged).isEqualTo(expected).isNotEmpty();
        assertThat(queue.count(street)).isEqualTo(expected.size());

        // One community (a whole 12-digit code), and the street's open work.
        String community = dsl.select(INCIDENT.AREA_CODE).from(INCIDENT).where(inStreet).limit(1).fetchOne(INCIDENT.AREA_CODE);
        IncidentFilter oneCommunity = IncidentFilter.any().withAreaCodePrefix(community);
        assertThat(queue.count(oneCommunity)).isEqualTo(dsl.fetchCount(INCIDENT, INCIDENT.AREA_CODE.eq(community))).isPositive();
        assertThat(walkForward(oneCommunity, IncidentSort.NEWEST_FIRST, 7)).isEqualTo(dsl.select(INCIDENT.ID).from(INCIDENT)
                .where(INCIDENT.AREA_CODE.eq(community)).orderBy(INCIDENT.REPORTED_AT.desc(), INCIDENT.ID.desc()).fetch(INCIDENT.ID));
        String busy = streetWithOpenWork();
        var open = INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED");
        assertThat(queue.count(QueueView.OPEN.filter(NOW, null).withAreaCodePrefix(busy)))
                .isEqualTo(dsl.fetchCount(INCIDENT, DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq(busy).and(open))).isPositive();

        // Moved to another street, an incident's town code moves with it (the database keeps it).
        UUID moved = expected.get(0);
        String before = dsl.select(INCIDENT.AREA_CODE).from(INCIDENT).where(INCIDENT.ID.eq(moved)).fetchOne(INCIDENT.AREA_CODE);
        String elsewhere = dsl.select(INCIDENT.AREA_CODE).from(INCIDENT).where(DSL.not(inStreet)).limit(1).fetchOne(INCIDENT.AREA_CODE);
        dsl.update(INCIDENT).set(INCIDENT.AREA_CODE, elsewhere).where(INCIDENT.ID.eq(moved)).execute();
        try {
            assertThat(queue.count(street)).isEqualTo(expected.size() - 1);
            assertThat(queue.page(IncidentFilter.any().withAreaCodePrefix(elsewhere.substring(0, 9)), IncidentSort.NEWEST_FIRST, 0, 100))
                    .extracting(IncidentSummary::id).contains(moved);
        } finally {
            dsl.update(INCIDENT).set(INCIDENT.AREA_CODE, before).where(INCIDENT.ID.eq(moved)).execute();
        }
    }

    @Test
    void pagesAfterARowContinueExactlyWhereOffsetPagesDo() {
        IncidentFilter street = IncidentFilter.any().withAreaCodePrefix("440111004");
        List<Object[]> cases = List.of(
                new Object[] {QueueView.OPEN.filter(NOW, null), IncidentSort.NEWEST_FIRST},
                new Object[] {QueueView.OPEN.filter(NOW, null), IncidentSort.OLDEST_FIRST},
                new Object[] {QueueView.OPEN.filter(NOW, null), IncidentSort.DUE_SOONEST},
                new Object[] {QueueView.OVERDUE.filter(NOW, null), IncidentSort.DUE_SOONEST},
                new Object[] {QueueView.ALL.filter(NOW, null), IncidentSort.NEWEST_FIRST},
                new Object[] {QueueView.ALL.filter(NOW, null), IncidentSort.DUE_SOONEST},
                new Object[] {QueueView.ALL.filter(NOW, null), IncidentSort.CASE_NUMBER},
                new Object[] {street, IncidentSort.NEWEST_FIRST},
                new Object[] {street, IncidentSort.OLDEST_FIRST},
                new Object[] {street, IncidentSort.DUE_SOONEST},
                new Object[] {IncidentFilter.any().withAreaCodePrefix("440111"), IncidentSort.DUE_SOONEST},
                new Object[] {QueueView.OPEN.filter(NOW, null).withAreaCodePrefix(streetWithOpenWork()), IncidentSort.NEWEST_FIRST},
                new Object[] {IncidentFilter.any().withAreaCodePrefix("440111"), IncidentSort.NEWEST_FIRST});
        for (Object[] each : cases) {
            IncidentFilter filter = (IncidentFilter) each[0];
            IncidentSort sort = (IncidentSort) each[1];
            int count = queue.count(filter);
            List<UUID> byOffset = new ArrayList<>();
            for (int offset = 0; offset < count; offset += 30) {
                queue.page(filter, sort, offset, 30).forEach(row -> byOffset.add(row.id()));
            }
            assertThat(byOffset).as("%s by %s", filter, sort).hasSize(count).doesNotHaveDuplicates();
            assertThat(walkForward(filter, sort, 30)).as("%s by %s", filter, sort).isEqualTo(byOffset);
        }
        // The order itself, from the database without the queue.
        var open = INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED");
        assertThat(walkForward(QueueView.OPEN.filter(NOW, null), IncidentSort.NEWEST_FIRST, 30)).isEqualTo(database.dsl()
                .select(INCIDENT.ID).from(INCIDENT).where(open).orderBy(INCIDENT.REPORTED_AT.desc(), INCIDENT.ID.desc()).fetch(INCIDENT.ID));
        // Every incident by deadline: those with one first, then those without, by id; read in two index walks.
        assertThat(walkForward(QueueView.ALL.filter(NOW, null), IncidentSort.DUE_SOONEST, 30)).isEqualTo(database.dsl()
                .select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.VOIDED.isFalse())
                .orderBy(INCIDENT.DUE_AT.asc().nullsLast(), INCIDENT.ID.asc()).fetch(INCIDENT.ID));
        assertThat(database.dsl().fetchCount(INCIDENT, INCIDENT.DUE_AT.isNull())).as("both parts are walked").isPositive();
        assertThat(queue.pageSql(QueueView.ALL.filter(NOW, null), IncidentSort.DUE_SOONEST, 0, 100).first())
                .as("a walk of the deadline index, not a sort of the table").containsIgnoringCase("union all");
        assertThat(walkForward(QueueView.OVERDUE.filter(NOW, null), IncidentSort.DUE_SOONEST, 30)).isEqualTo(database.dsl()
                .select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.STATUS.in("ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED")
                        .and(INCIDENT.DUE_AT.lt(NOW.atOffset(ZoneOffset.UTC))))
                .orderBy(INCIDENT.DUE_AT.asc(), INCIDENT.ID.asc()).fetch(INCIDENT.ID)).isNotEmpty();
    }

    @Test
    void thePageQueriesRenderForPostgresql() {
        var postgres = new IncidentQueueRepository(DSL.using(org.jooq.SQLDialect.POSTGRES));
        String merged = postgres.pageSql(QueueView.OPEN.filter(NOW, null), IncidentSort.NEWEST_FIRST, 200, 100)
                .first().toLowerCase(Locale.ROOT);
        assertThat(merged).contains("union all", "offset 200 rows", "fetch next 300 rows only");
        var anchor = queue.page(QueueView.ALL.filter(NOW, null), IncidentSort.NEWEST_FIRST, 0, 1).get(0);
        String street = postgres.pageAfterSql(IncidentFilter.any().withAreaCodePrefix("440111004"), IncidentSort.NEWEST_FIRST,
                anchor, 100).first().toLowerCase(Locale.ROOT);
        assertThat(street).contains("\"town_code\" = '440111004'", "order by \"public\".\"incident\".\"town_code\" desc",
                "\"reported_at\" <= timestamp with time zone");
        // The rows of a page by id: PostgreSQL's literal is a cast, and each id gets its own.
        var rows = postgres.pageSql(QueueView.OPEN.filter(NOW, null), IncidentSort.NEWEST_FIRST, 0, 100);
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        assertThat(rows.rowsOf(List.of(one, two)).toLowerCase(Locale.ROOT))
                .endsWith("in (cast('" + one + "' as uuid), cast('" + two + "' as uuid))");
    }

    @Test
    void theBenchmarksBareSqlReadsTheRowsTheApplicationReads() {
        for (IncidentFilter filter : List.of(QueueView.OPEN.filter(NOW, null), IncidentFilter.any().withAreaCodePrefix("440111004"),
                QueueView.OVERDUE.filter(NOW, null))) {
            for (IncidentSort sort : List.of(IncidentSort.NEWEST_FIRST, IncidentSort.DUE_SOONEST)) {
                int read = queue.page(filter, sort, 0, 30).size();
                assertThat(read).as("%s by %s", filter, sort).isPositive();
                assertThat(queue.runRaw(queue.pageSql(filter, sort, 0, 30))).as("%s by %s", filter, sort).isEqualTo(read);
            }
        }
    }

    /** A filter as computed at a moment ("now"), and a sort. */
    private record PageCase(java.util.function.Function<Instant, IncidentFilter> filterAt, IncidentSort sort) {
    }

    /**
     * Read through a keys statement: one status, several, a deadline, report times, an area, free text, and the
     * walks of the deadline index; read in one statement: everything, a district and a street by report time, and
     * by case number.
     */
    private static List<PageCase> pageCases() {
        List<java.util.function.Function<Instant, IncidentFilter>> byStatus = List.of(
                now -> QueueView.TO_ACCEPT.filter(now, null),
                now -> QueueView.OPEN.filter(now, null),
                now -> QueueView.OVERDUE.filter(now, null),
                now -> QueueView.DUE_SOON.filter(now, null),
                now -> QueueView.OPEN.filter(now, null).withReported(now.minus(java.time.Duration.ofDays(30)), now),
                now -> QueueView.TO_ACCEPT.filter(now, null).withReported(now.minus(java.time.Duration.ofDays(7)), null),
                now -> QueueView.OPEN.filter(now, null).withAreaCodePrefix("440111004"),
                now -> QueueView.OVERDUE.filter(now, null).withStatuses(java.util.EnumSet.of(IncidentStatus.IN_PROGRESS))
                        .withAreaCodePrefix("440111"),
                now -> QueueView.OPEN.filter(now, null).withText("井盖"));
        List<PageCase> cases = new ArrayList<>();
        for (IncidentSort sort : List.of(IncidentSort.NEWEST_FIRST, IncidentSort.OLDEST_FIRST, IncidentSort.DUE_SOONEST)) {
            byStatus.forEach(filterAt -> cases.add(new PageCase(filterAt, sort)));
        }
        for (String area : new String[] {null, "440111", "440111004"}) {
            cases.add(new PageCase(now -> IncidentFilter.any().withAreaCodePrefix(area), IncidentSort.DUE_SOONEST));
            cases.add(new PageCase(now -> IncidentFilter.any().withAreaCodePrefix(area), IncidentSort.NEWEST_FIRST));
            cases.add(new PageCase(now -> IncidentFilter.any().withAreaCodePrefix(area), IncidentSort.OLDEST_FIRST));
        }
        cases.add(new PageCase(now -> QueueView.OPEN.filter(now, null), IncidentSort.CASE_NUMBER));
        cases.add(new PageCase(now -> IncidentFilter.any().withAreaCodePrefix("440111004"), IncidentSort.CASE_NUMBER));
        return cases;
    }

    @Test
    void thePagesFirstStatementFromItsTemplateIsTheStatementJooqRendersInH2AndPostgresql() {
        List<IncidentSummary> rows = queue.page(QueueView.ALL.filter(NOW, null), IncidentSort.NEWEST_FIRST, 0, 300);
        List<IncidentSummary> dated = rows.stream().filter(row -> row.dueAt() != null).limit(2).toList();
        List<IncidentSummary> undated = rows.stream().filter(row -> row.dueAt() == null).limit(2).toList();
        assertThat(dated).hasSize(2);
        assertThat(undated).hasSize(2);
        // The second page of each shape has other rows to follow (also times of whole seconds and of nanoseconds,
        // unlike the marks' microseconds), another "now", another offset and limit.
        List<List<IncidentSummary>> afterRows = List.of(List.of(dated.get(0), undated.get(0)), List.of(dated.get(1), undated.get(1),
                retimed(dated.get(1), Instant.parse("2026-10-01T08:00:00Z"), Instant.parse("2026-10-04T08:00:00Z")),
                retimed(undated.get(1), Instant.parse("2026-10-01T08:00:00.123456789Z"), null)));
        List<Instant> moments = List.of(NOW, NOW.plus(java.time.Duration.ofMinutes(61)).plusNanos(250_000_000));
        var postgres = new IncidentQueueRepository(DSL.using(org.jooq.SQLDialect.POSTGRES));
        int compared = 0;
        for (IncidentQueueRepository repository : List.of(queue, postgres)) {
            for (PageCase each : pageCases()) {
                for (int turn = 0; turn < 2; turn++) {
                    IncidentFilter filter = each.filterAt().apply(moments.get(turn));
                    IncidentSort sort = each.sort();
                    int limit = turn == 0 ? 30 : 100;
                    String what = "%s by %s, turn %d, %s".formatted(filter, sort, turn, repository == queue ? "H2" : "PostgreSQL");
                    for (int offset : new int[] {0, turn == 0 ? 60 : 250}) {
                        var expected = repository.pageSql(filter, sort, offset, limit);
                        assertThat(repository.fromTemplate(filter, sort, null, offset, limit)).as("%s at %d", what, offset)
                                .isEqualTo(new IncidentQueueRepository.Statement(expected.first(), expected.rowsBefore() != null));
                        compared++;
                    }
                    for (IncidentSummary after : afterRows.get(turn)) {
                        var expected = repository.pageAfterSql(filter, sort, after, limit);
                        assertThat(repository.fromTemplate(filter, sort, after, 0, limit)).as("%s after %s", what, after)
                                .isEqualTo(new IncidentQueueRepository.Statement(expected.first(), expected.rowsBefore() != null));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(2 * pageCases().size() * (4 + 6));
        // Both kinds of page are among the cases.
        assertThat(queue.fromTemplate(IncidentFilter.any(), IncidentSort.NEWEST_FIRST, null, 0, 30).keys()).isFalse();
        assertThat(queue.fromTemplate(QueueView.OPEN.filter(NOW, null), IncidentSort.NEWEST_FIRST, null, 0, 30).keys()).isTrue();
    }

    @Test
    void aPageOfAShapeSeenBeforeRendersNoStatementThroughJooq() {
        List<org.jooq.QueryPart> rendered = new ArrayList<>();
        var watched = new IncidentQueueRepository(DSL.using(database.dsl().configuration().derive(
                org.jooq.VisitListener.onVisitStart(visit -> {
                    if (visit.queryPart() instanceof org.jooq.Select<?> select) {
                        rendered.add(select);
                    }
                }))));
        // A month on, when every case still in hand is overdue.
        Instant monthOn = NOW.plus(java.time.Duration.ofDays(30));
        IncidentFilter overdue = QueueView.OVERDUE.filter(monthOn, null);
        IncidentFilter overdueLater = QueueView.OVERDUE.filter(monthOn.plusSeconds(97), null);
        // One status, as "to accept" is (the demo leaves no incident waiting to be accepted).
        IncidentFilter toAccept = busiestOpenStatus();
        // The first page of each shape may make its template.
        List<IncidentSummary> overduePage = watched.page(overdue, IncidentSort.DUE_SOONEST, 0, 10);
        List<IncidentSummary> statusPage = watched.page(toAccept, IncidentSort.NEWEST_FIRST, 0, 4);
        watched.page(toAccept, IncidentSort.NEWEST_FIRST, 4, 4);
        watched.pageAfter(overdue, IncidentSort.DUE_SOONEST, overduePage.get(9), 10);
        watched.pageAfter(toAccept, IncidentSort.NEWEST_FIRST, statusPage.get(3), 4);
        assertThat(overduePage).hasSize(10);
        assertThat(statusPage).hasSize(4);

        rendered.clear();
        List<IncidentSummary> pages = new ArrayList<>();
        pages.addAll(watched.page(overdueLater, IncidentSort.DUE_SOONEST, 0, 12));
        pages.addAll(watched.page(toAccept, IncidentSort.NEWEST_FIRST, 8, 3));
        pages.addAll(watched.pageAfter(overdueLater, IncidentSort.DUE_SOONEST, overduePage.get(4), 10));
        pages.addAll(watched.pageAfter(toAccept, IncidentSort.NEWEST_FIRST, statusPage.get(1), 3));
        int overdueLaterCount = queue.count(overdueLater);
        int toAcceptCount = queue.count(toAccept);
        assertThat(overdueLaterCount).as("rows after the fifth").isGreaterThan(5);
        assertThat(pages).hasSize(Math.min(12, overdueLaterCount) + Math.min(3, toAcceptCount - 8)
                + Math.min(10, overdueLaterCount - 5) + Math.min(3, toAcceptCount - 2));
        assertThat(rendered).as("statements rendered by jOOQ").isEmpty();
        // The listener does see a statement rendered.
        watched.pageSql(toAccept, IncidentSort.NEWEST_FIRST, 8, 3);
        assertThat(rendered).isNotEmpty();
    }

    @Test
    void thePagesReadThroughTheTemplatesAreThePagesOfTheStatementsJooqRenders() {
        var dsl = database.dsl();
        UUID firstUndated = dsl.select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.DUE_AT.isNull().and(INCIDENT.VOIDED.isFalse()))
                .orderBy(INCIDENT.ID).limit(1).fetchOne(INCIDENT.ID);
        IncidentSummary undated = queue.rowsInOrder(List.of(firstUndated), IncidentFilter.any()).get(0);
        IncidentFilter open = QueueView.OPEN.filter(NOW, null);
        IncidentFilter overdue = QueueView.OVERDUE.filter(NOW.plus(java.time.Duration.ofDays(30)), null);
        IncidentFilter lastQuarter = open.withReported(NOW.minus(java.time.Duration.ofDays(90)), NOW);
        IncidentFilter street = IncidentFilter.any().withAreaCodePrefix("440111004");
        // Short pages: the demo's incidents are mostly closed.
        List<Object[]> pages = List.of(
                new Object[] {busiestOpenStatus(), IncidentSort.NEWEST_FIRST, 0, null},
                new Object[] {open, IncidentSort.NEWEST_FIRST, 10, null},
                new Object[] {open, IncidentSort.OLDEST_FIRST, 0, queue.page(open, IncidentSort.OLDEST_FIRST, 0, 10).get(9)},
                new Object[] {overdue, IncidentSort.DUE_SOONEST, 0, null},
                new Object[] {overdue, IncidentSort.DUE_SOONEST, 0, queue.page(overdue, IncidentSort.DUE_SOONEST, 0, 10).get(9)},
                new Object[] {lastQuarter, IncidentSort.DUE_SOONEST, 2, null},
                new Object[] {IncidentFilter.any(), IncidentSort.DUE_SOONEST, 0, undated},
                new Object[] {IncidentFilter.any(), IncidentSort.DUE_SOONEST, 30, null},
                new Object[] {IncidentFilter.any(), IncidentSort.DUE_SOONEST, 0,
                        queue.page(IncidentFilter.any(), IncidentSort.DUE_SOONEST, 0, 10).get(9)},
                // Read in one statement.
                new Object[] {IncidentFilter.any(), IncidentSort.NEWEST_FIRST, 10, null},
                new Object[] {street, IncidentSort.NEWEST_FIRST, 0, queue.page(street, IncidentSort.NEWEST_FIRST, 0, 10).get(9)},
                new Object[] {open, IncidentSort.CASE_NUMBER, 0, queue.page(open, IncidentSort.CASE_NUMBER, 0, 10).get(9)});
        for (Object[] each : pages) {
            IncidentFilter filter = (IncidentFilter) each[0];
            IncidentSort sort = (IncidentSort) each[1];
            int offset = (int) each[2];
            IncidentSummary after = (IncidentSummary) each[3];
            String rendered = after == null ? queue.pageSql(filter, sort, offset, 10).first()
                    : queue.pageAfterSql(filter, sort, after, 10).first();
            assertThat(queue.fromTemplate(filter, sort, after, offset, 10).sql()).as("%s by %s", filter, sort).isEqualTo(rendered);
            List<UUID> ids = dsl.fetch(rendered).getValues(0, UUID.class);
            List<IncidentSummary> read = after == null ? queue.page(filter, sort, offset, 10) : queue.pageAfter(filter, sort, after, 10);
            assertThat(read).as("%s by %s", filter, sort).isNotEmpty().isEqualTo(queue.rowsInOrder(ids, filter));
        }
    }

    /** The open status most of the demo's incidents are in, as a filter. */
    private static IncidentFilter busiestOpenStatus() {
        String status = database.dsl().select(INCIDENT.STATUS).from(INCIDENT).where(INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED"))
                .groupBy(INCIDENT.STATUS).orderBy(DSL.count().desc()).limit(1).fetchOne(INCIDENT.STATUS);
        return IncidentFilter.any().withStatuses(java.util.EnumSet.of(IncidentStatus.valueOf(status)));
    }

    private static IncidentSummary retimed(IncidentSummary row, Instant reportedAt, Instant dueAt) {
        return new IncidentSummary(row.id(), row.caseNo(), row.status(), row.categoryCode(), row.categoryName(), row.title(),
                row.address(), row.areaName(), row.departmentName(), row.channel(), row.riskLevel(), reportedAt, dueAt,
                row.reporterPhone(), row.rowVersion());
    }

    private static String streetWithOpenWork() {
        return database.dsl().select(INCIDENT.AREA_CODE).from(INCIDENT).where(INCIDENT.STATUS.eq("IN_PROGRESS"))
                .orderBy(INCIDENT.CASE_NO).limit(1).fetchOne(INCIDENT.AREA_CODE).substring(0, 9);
    }

    /** Every row of the filter, each page read after the last row of the one before. */
    private static List<UUID> walkForward(IncidentFilter filter, IncidentSort sort, int pageSize) {
        List<UUID> ids = new ArrayList<>();
        List<IncidentSummary> page = queue.page(filter, sort, 0, pageSize);
        while (!page.isEmpty()) {
            page.forEach(row -> ids.add(row.id()));
            page = page.size() < pageSize ? List.of() : queue.pageAfter(filter, sort, page.get(page.size() - 1), pageSize);
        }
        return ids;
    }

    @Test
    void aCategoryStandsForItsWholeSubtreeByParentNotByCode() {
        var dsl = database.dsl();
        var category = cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
        var underCityAppearance = INCIDENT.CATEGORY_CODE.in(dsl.select(category.CODE).from(category)
                .where(category.CODE.eq("01").or(category.PARENT_CODE.eq("01"))));
        int cityAppearance = dsl.fetchCount(INCIDENT, underCityAppearance);
        int exposedRubbish = dsl.fetchCount(INCIDENT, INCIDENT.CATEGORY_CODE.eq("0101"));
        assertThat(cityAppearance).isGreaterThan(exposedRubbish).isPositive();
        assertThat(queue.count(IncidentFilter.any().narrowedBy("01", null, null, null, null, null, null))).isEqualTo(cityAppearance);
        assertThat(queue.count(IncidentFilter.any().narrowedBy("0101", null, null, null, null, null, null))).isEqualTo(exposedRubbish);
        assertThat(queue.page(IncidentFilter.any().narrowedBy("01", null, null, null, null, null, null), IncidentSort.NEWEST_FIRST, 0, 20))
                .extracting(IncidentSummary::categoryCode).allMatch(code -> code.startsWith("01")).hasSize(20);

        // A third level whose code does not start with its parent's, holding three of 0101's incidents.
        var moved = dsl.select(INCIDENT.ID).from(INCIDENT).where(INCIDENT.CATEGORY_CODE.eq("0101")).limit(3).fetch(INCIDENT.ID);
        dsl.execute("insert into incident_category(code, name, parent_code) values ('9901', '垃圾桶满溢', '0101')");
        dsl.update(INCIDENT).set(INCIDENT.CATEGORY_CODE, "9901").where(INCIDENT.ID.in(moved)).execute();
        try {
            assertThat(queue.count(IncidentFilter.any().narrowedBy("9901", null, null, null, null, null, null))).isEqualTo(3);
            assertThat(queue.count(IncidentFilter.any().narrowedBy("0101", null, null, null, null, null, null))).isEqualTo(exposedRubbish);
            assertThat(queue.count(IncidentFilter.any().narrowedBy("01", null, null, null, null, null, null))).isEqualTo(cityAppearance);
            // A broken catalogue whose parents go round in a circle still answers.
            dsl.update(category).set(category.PARENT_CODE, "9901").where(category.CODE.eq("01")).execute();
            assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                    () -> queue.count(IncidentFilter.any().narrowedBy("01", null, null, null, null, null, null))))
                    .isEqualTo(cityAppearance);
        } finally {
            dsl.update(category).setNull(category.PARENT_CODE).where(category.CODE.eq("01")).execute();
            dsl.update(INCIDENT).set(INCIDENT.CATEGORY_CODE, "0101").where(INCIDENT.ID.in(moved)).execute();
            dsl.deleteFrom(category).where(category.CODE.eq("9901")).execute();
        }
    }

    @Test
    void aGridSelectsItsOwnAndItsMicroGridsIncidents() {
        var dsl = database.dsl();
        var micro = cn.zongzhi.db.jooq.Tables.GRID;
        // A micro grid that has incidents, and its comprehensive grid.
        var busyMicro = dsl.select(INCIDENT.GRID_ID).from(INCIDENT).join(micro).on(micro.ID.eq(INCIDENT.GRID_ID))
                .where(micro.LEVEL.eq("MICRO")).limit(1).fetchOne(INCIDENT.GRID_ID);
        UUID parent = dsl.select(micro.PARENT_GRID_ID).from(micro).where(micro.ID.eq(busyMicro)).fetchOne(micro.PARENT_GRID_ID);
        int inMicro = dsl.fetchCount(INCIDENT, INCIDENT.GRID_ID.eq(busyMicro));
        int underParent = dsl.fetchCount(INCIDENT, INCIDENT.GRID_ID.in(
                dsl.select(micro.ID).from(micro).where(micro.PARENT_GRID_ID.eq(parent))).or(INCIDENT.GRID_ID.eq(parent)));
        assertThat(queue.count(IncidentFilter.any().withGridId(busyMicro))).isEqualTo(inMicro).isPositive();
        assertThat(queue.count(IncidentFilter.any().withGridId(parent))).isEqualTo(underParent).isGreaterThanOrEqualTo(inMicro);
        assertThat(queue.count(IncidentFilter.any().withGridId(UUID.randomUUID()))).isZero();
    }

    @Test
    void freeTextFindsTitlesAddressesAndWholeCaseNumbers() {
        var any = database.dsl().selectFrom(INCIDENT).limit(1).fetchSingle();
        assertThat(queue.page(IncidentFilter.any().withText(any.getCaseNo()), IncidentSort.NEWEST_FIRST, 0, 10))
                .extracting(IncidentSummary::caseNo).containsExactly(any.getCaseNo());
        int garbage = queue.count(IncidentFilter.any().withText("井盖缺失破损"));
        assertThat(garbage).isEqualTo(database.dsl().fetchCount(INCIDENT, INCIDENT.TITLE.contains("井盖缺失破损")
                .or(INCIDENT.ADDRESS.contains("井盖缺失破损")).or(INCIDENT.DESCRIPTION.cast(String.class).contains("井盖缺失破损"))));
    }

    @Test
    void pagesCoverEveryRowOnceInOrder() {
        IncidentFilter all = IncidentFilter.any();
        List<IncidentSummary> seen = new ArrayList<>();
        for (int offset = 0; offset < 2_500; offset += 100) {
            seen.addAll(queue.page(all, IncidentSort.NEWEST_FIRST, offset, 100));
        }
        assertThat(seen).hasSize(2_500);
        assertThat(new HashSet<>(seen.stream().map(IncidentSummary::id).toList())).hasSize(2_500);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).reportedAt()).isBeforeOrEqualTo(seen.get(i - 1).reportedAt());
        }
        List<IncidentSummary> dueFirst = queue.page(QueueView.OPEN.filter(NOW, null), IncidentSort.DUE_SOONEST, 0, 50);
        for (int i = 1; i < dueFirst.size(); i++) {
            if (dueFirst.get(i).dueAt() != null) {
                assertThat(dueFirst.get(i).dueAt()).isAfterOrEqualTo(dueFirst.get(i - 1).dueAt());
            }
        }
    }
}
