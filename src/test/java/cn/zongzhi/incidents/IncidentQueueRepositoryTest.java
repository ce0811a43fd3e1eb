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
        queue = new IncidentQueueRepository(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void eachSavedViewCountsWhatItsDefinitionSays() {
        var dsl = database.dsl();
        var open = INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED");
        assertThat(queue.count(QueueView.ALL.filter(NOW, null))).isEqualTo(2_500);
        assertThat(queue.count(QueueView.OPEN.filter(NOW, null))).isEqualTo(dsl.fetchCount(INCIDENT, open)).isPositive();
        assertThat(queue.count(QueueView.TO_ACCEPT.filter(NOW, null))).isEqualTo(dsl.fetchCount(INCIDENT, INCIDENT.STATUS.eq("REPORTED")));
        assertThat(queue.count(QueueView.OVERDUE.filter(NOW, null)))
                .isEqualTo(dsl.fetchCount(INCIDENT, open.and(INCIDENT.DUE_AT.lt(NOW.atOffset(ZoneOffset.UTC)))));
        assertThat(queue.count(QueueView.DUE_SOON.filter(NOW, null)))
                .isGreaterThanOrEqualTo(queue.count(QueueView.OVERDUE.filter(NOW, null)));
        assertThat(queue.count(QueueView.MINE.filter(NOW, UUID.randomUUID()))).isZero();
    }

    @Test
    void anAreaPrefixSelectsItsSubtree() {
        int street = queue.count(IncidentFilter.any().withAreaCodePrefix("440111004"));
        assertThat(street).isEqualTo(database.dsl().fetchCount(INCIDENT, DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004"))).isPositive();
        assertThat(queue.count(IncidentFilter.any().withAreaCodePrefix("440111"))).isEqualTo(2_500);
        assertThat(queue.count(IncidentFilter.any().withAreaCodePrefix("4402"))).isZero();
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
