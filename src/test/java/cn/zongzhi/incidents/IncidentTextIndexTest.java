package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_SEARCH_PENDING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The free-text index against the database's own LIKE search on the same demo data: for Chinese words (where a
 * phrase of characters and a substring are the same thing) both must give the same count and the same rows in the
 * same order, under every filter and order of the queue; and what is saved must be found at once.
 */
class IncidentTextIndexTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @TempDir
    Path folder;

    private Database database;
    private IncidentTextIndex index;
    private IncidentService indexed;
    private IncidentService plain;
    private final Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder.resolve("db"));
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(NOW).withIncidents(2_500).withDisputes(0), Progress.NONE);
        index = IncidentTextIndex.open(folder.resolve("search"), new IncidentSearchRepository(database.dsl()));
        indexed = service(index);
        plain = service(null);
    }

    private IncidentService service(IncidentTextIndex textIndex) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> new IncidentService.Location("440111004001", null), new HybridClock(clock), clock,
                ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY", textIndex);
    }

    @AfterEach
    void close() {
        index.close();
        database.close();
    }

    @Test
    void anIndexNeverBuiltIsNotUsedUntilItsRebuildAndThenAnswersAsTheDatabaseDoes() {
        assertThat(index.ready()).isFalse();
        assertThat(index.serves(IncidentFilter.any().withText("垃圾"))).isFalse();
        index.rebuild();
        assertThat(index.ready()).isTrue();
        assertThat(index.serves(IncidentFilter.any().withText("垃圾"))).isTrue();
        // What it cannot hold goes to the database: "mine" reads the history, a figure's cases the loop.
        assertThat(index.serves(IncidentFilter.any().withText("垃圾").withActedBy(UUID.randomUUID()))).isFalse();
        assertThat(index.serves(IncidentFilter.any())).isFalse();
        // Every incident is a document; the notes the demo's load wrote are consumed by the rebuild.
        assertThat(index.documentCount()).isEqualTo(2_500);
        assertThat(database.dsl().fetchCount(INCIDENT_SEARCH_PENDING)).isZero();
    }

    @Test
    void everyFilterAndOrderGivesTheRowsAndCountOfTheDatabasesOwnSearch() {
        index.rebuild();
        List<String> words = wordsOfTheData(14);
        words.add("龘龘");
        String street = "440111004";
        String category = database.dsl().select(INCIDENT.CATEGORY_CODE).from(INCIDENT).where(INCIDENT.CATEGORY_CODE.isNotNull())
                .limit(1).fetchOne(INCIDENT.CATEGORY_CODE);
        String firstLevel = category.substring(0, 2);
        String department = database.dsl().select(INCIDENT.DEPARTMENT_CODE).from(INCIDENT)
                .where(INCIDENT.DEPARTMENT_CODE.isNotNull()).limit(1).fetchOne(INCIDENT.DEPARTMENT_CODE);
        List<IncidentFilter> filters = List.of(
                IncidentFilter.any(),
                QueueView.OPEN.filter(NOW, null),
                QueueView.OVERDUE.filter(NOW, null),
                QueueView.DUE_SOON.filter(NOW, null),
                IncidentFilter.any().withStatuses(EnumSet.of(IncidentStatus.CLOSED, IncidentStatus.REPORTED)),
                IncidentFilter.any().withAreaCodePrefix(street),
                IncidentFilter.any().narrowedBy(category, null, null, null, null, null, null),
                IncidentFilter.any().narrowedBy(firstLevel, null, department, null, null, null, null),
                IncidentFilter.any().narrowedBy(null, null, null, Channel.HOTLINE_12345.name(), RiskLevel.YELLOW.name(), null, null),
                IncidentFilter.any().withReported(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(2))));
        int compared = 0;
        int nonEmpty = 0;
        for (String word : words) {
            for (IncidentFilter base : filters) {
                IncidentFilter filter = base.withText(word);
                int count = plain.count(filter);
                assertThat(indexed.count(filter)).as("count of %s", filter).isEqualTo(count);
                for (IncidentSort sort : IncidentSort.values()) {
                    List<UUID> expected = byOffset(plain, filter, sort, count);
                    assertThat(byOffset(indexed, filter, sort, count)).as("%s by %s", filter, sort).isEqualTo(expected);
                    assertThat(byKeyset(indexed, filter, sort)).as("%s by %s, after each page", filter, sort).isEqualTo(expected);
                    compared++;
                }
                nonEmpty += count > 0 ? 1 : 0;
            }
        }
        assertThat(compared).isEqualTo(words.size() * filters.size() * IncidentSort.values().length);
        // The comparison is about rows, not about agreeing on nothing.
        assertThat(nonEmpty).isGreaterThan(words.size() * 2);
    }

    @Test
    void aWholeCaseNumberIsFoundAsTheDatabaseFindsIt() {
        index.rebuild();
        String caseNo = database.dsl().select(INCIDENT.CASE_NO).from(INCIDENT).limit(1).fetchOne(INCIDENT.CASE_NO);
        assertThat(indexed.page(IncidentFilter.any().withText(caseNo), IncidentSort.NEWEST_FIRST, 0, 10))
                .extracting(IncidentSummary::caseNo).containsExactly(caseNo);
    }

    @Test
    void whatIsSavedOrChangedIsFoundAtOnceAndStaysFoundAfterARestart() {
        index.rebuild();
        StoredIncident saved = indexed.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", null,
                "桥洞下积水漫过人行道", "暴雨后桥洞积水，行人无法通过", "景泰街道桥洞", null, null, RiskLevel.ORANGE), operator);
        IncidentFilter word = IncidentFilter.any().withText("桥洞下积水");
        assertThat(indexed.page(word, IncidentSort.NEWEST_FIRST, 0, 10)).extracting(IncidentSummary::id).containsExactly(saved.id());
        IncidentFilter reported = word.withStatuses(EnumSet.of(IncidentStatus.REPORTED));
        assertThat(indexed.count(reported)).isEqualTo(1);

        indexed.act(saved.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        assertThat(indexed.count(reported)).isZero();
        assertThat(indexed.count(word.withStatuses(EnumSet.of(IncidentStatus.ACCEPTED)))).isEqualTo(1);

        // The index committed at close; reopened, it is complete without a rebuild and the notes are gone.
        index.close();
        assertThat(database.dsl().fetchCount(INCIDENT_SEARCH_PENDING)).isZero();
        index = IncidentTextIndex.open(folder.resolve("search"), new IncidentSearchRepository(database.dsl()));
        assertThat(index.ready()).isTrue();
        assertThat(service(index).count(word.withStatuses(EnumSet.of(IncidentStatus.ACCEPTED)))).isEqualTo(1);
    }

    @Test
    void aVoidedIncidentLeavesTheIndexAndAStaleDocumentIsNeverShown() {
        index.rebuild();
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.TITLE.length().ge(4)).limit(1).fetchSingle();
        IncidentFilter title = IncidentFilter.any().withText(row.getTitle());
        assertThat(indexed.page(title, IncidentSort.NEWEST_FIRST, 0, 100)).extracting(IncidentSummary::id).contains(row.getId());

        // A write that noted nothing (as an old build would): the index still holds the old status, but the row
        // read back from the database no longer passes the filter, so it is not shown under it.
        IncidentFilter asItWas = title.withStatuses(EnumSet.of(IncidentStatus.valueOf(row.getStatus())));
        String other = row.getStatus().equals("CLOSED") ? "REPORTED" : "CLOSED";
        database.dsl().update(INCIDENT).set(INCIDENT.STATUS, other).where(INCIDENT.ID.eq(row.getId())).execute();
        assertThat(indexed.page(asItWas, IncidentSort.NEWEST_FIRST, 0, 100)).extracting(IncidentSummary::id).doesNotContain(row.getId());

        database.dsl().update(INCIDENT).set(INCIDENT.VOIDED, true).where(INCIDENT.ID.eq(row.getId())).execute();
        IncidentSearchRepository.markChanged(database.dsl(), List.of(row.getId()));
        assertThat(indexed.page(title, IncidentSort.NEWEST_FIRST, 0, 100)).extracting(IncidentSummary::id).doesNotContain(row.getId());
        assertThat(index.documentCount()).isEqualTo(2_499);
    }

    @Test
    void aBacklogIsLeftToTheBackgroundWhileSearchesReadTheDatabaseAndAFewNotesAreTakenInByTheSearch() {
        index.rebuild();
        List<UUID> changed = database.dsl().select(INCIDENT.ID).from(INCIDENT).orderBy(INCIDENT.CASE_NO).limit(601).fetch(INCIDENT.ID);
        IncidentFilter word = IncidentFilter.any().withText("蘩蘩");
        database.dsl().update(INCIDENT).set(INCIDENT.TITLE, INCIDENT.TITLE.concat("蘩蘩")).where(INCIDENT.ID.in(changed.subList(0, 600))).execute();
        IncidentSearchRepository.markChanged(database.dsl(), changed.subList(0, 600));

        // 600 notes are more than a search takes in itself: the index declines, the service asks the database.
        assertThat(index.count(word)).isEmpty();
        assertThat(index.page(word, IncidentSort.NEWEST_FIRST, 0, 10)).isEmpty();
        assertThat(indexed.count(word)).isEqualTo(600);
        assertThat(indexed.page(word, IncidentSort.CASE_NUMBER, 0, 1000)).extracting(IncidentSummary::id)
                .containsExactlyElementsOf(changed.subList(0, 600));

        // The background's catch-up takes the backlog in; one more note the search takes in itself.
        index.catchUp();
        assertThat(index.count(word)).hasValue(600);
        database.dsl().update(INCIDENT).set(INCIDENT.TITLE, INCIDENT.TITLE.concat("蘩蘩")).where(INCIDENT.ID.eq(changed.get(600))).execute();
        IncidentSearchRepository.markChanged(database.dsl(), List.of(changed.get(600)));
        assertThat(index.count(word)).hasValue(601);
        assertThat(indexed.page(word, IncidentSort.CASE_NUMBER, 0, 1000)).extracting(IncidentSummary::id)
                .containsExactlyElementsOf(changed);
    }

    @Test
    void aDamagedIndexIsStartedAgainAndRebuiltInTheBackground() throws Exception {
        index.rebuild();
        index.close();
        try (var files = Files.list(folder.resolve("search"))) {
            for (Path file : files.toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }
        index = IncidentTextIndex.open(folder.resolve("search"), new IncidentSearchRepository(database.dsl()));
        assertThat(index.ready()).isFalse();
        index.start(Duration.ofMillis(50));
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, index::ready);
        assertThat(index.ready()).isTrue();
        assertThat(index.documentCount()).isEqualTo(2_500);
    }

    /** Two- to four-character runs of Chinese characters taken from the titles, addresses and descriptions. */
    private List<String> wordsOfTheData(int wanted) {
        Random random = new Random(7);
        List<String> texts = new ArrayList<>();
        database.dsl().select(INCIDENT.TITLE, INCIDENT.ADDRESS, INCIDENT.DESCRIPTION).from(INCIDENT).orderBy(INCIDENT.ID).limit(300)
                .forEach(row -> {
                    texts.add(row.value1());
                    texts.add(row.value2());
                    texts.add(row.value3());
                });
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < wanted) {
            String text = texts.get(random.nextInt(texts.size()));
            if (text == null || text.length() < 4) {
                continue;
            }
            int length = 2 + random.nextInt(3);
            int start = random.nextInt(text.length() - length + 1);
            String word = text.substring(start, start + length);
            if (word.codePoints().allMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                words.add(word);
            }
        }
        return new ArrayList<>(words);
    }

    private static List<UUID> byOffset(IncidentService service, IncidentFilter filter, IncidentSort sort, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int offset = 0; offset < count + 37; offset += 37) {
            service.page(filter, sort, offset, 37).forEach(row -> ids.add(row.id()));
        }
        return ids;
    }

    private List<UUID> byKeyset(IncidentService service, IncidentFilter filter, IncidentSort sort) {
        List<UUID> ids = new ArrayList<>();
        List<IncidentSummary> page = service.page(filter, sort, 0, 37);
        while (!page.isEmpty()) {
            page.forEach(row -> ids.add(row.id()));
            page = service.pageAfter(filter, sort, page.get(page.size() - 1), 37, cityOperator());
        }
        return ids;
    }

    private static Operator cityOperator() {
        return new Operator(UUID.randomUUID(), "admin", "管理员", Role.ADMINISTRATOR, "440111-DEMO", null);
    }
}
