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
