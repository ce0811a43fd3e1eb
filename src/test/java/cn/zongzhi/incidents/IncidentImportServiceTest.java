package cn.zongzhi.incidents;

import cn.zongzhi.SharedData;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentImportServiceTest {
    private static final Path MAPPINGS = Path.of("docs/import-mappings");

    @TempDir
    Path folder;

    private Database database;
    private IncidentImportService importer;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        importer = new IncidentImportService(database.dsl(), (lon, lat) -> IncidentService.Location.UNKNOWN, "440111-DEMO", "BY");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private IncidentImportSummary importReal(String file, String mapping) {
        return importer.importFile(SharedData.file("311/" + file), ImportMapping.read(MAPPINGS.resolve(mapping)), Progress.NONE);
    }

    @Test
    void importsTheRealSanFranciscoExportAndExplainsEveryReject() {
        IncidentImportSummary summary = importReal("sf311_cases_sample_10000.csv", "sf311.json");

        assertThat(summary.read()).isEqualTo(10_000);
        assertThat(summary.imported() + summary.rejects().size()).isEqualTo(10_000);
        // The export itself has rows closed before they were opened, and rows with no request type at all.
        assertThat(summary.rejects()).allSatisfy(reject -> assertThat(reject.reason())
                .matches(".*(is before reported_at|title is empty).*"));
        assertThat(summary.rejects()).hasSizeBetween(100, 300);
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.EXTERNAL_ID.eq("3600298")).fetchSingle();
        assertThat(row.getStatus()).isEqualTo("ACCEPTED");
        assertThat(row.getChannel()).isEqualTo("HOTLINE_12345");
        assertThat(row.getLatitude()).isEqualTo(37.774007256355);
        assertThat(row.getLongitude()).isEqualTo(-122.395680023339);
        // 04/30/2014 02:51:52 PM in San Francisco.
        assertThat(row.getReportedAt().toInstant()).isEqualTo(Instant.parse("2014-04-30T21:51:52Z"));
        assertThat(database.dsl().fetchValue(DEPARTMENT.NAME, DEPARTMENT.CODE.eq(row.getDepartmentCode()))).isEqualTo("PUC - Sewer - G");
    }

    @Test
    void importingTheSameFileTwiceAddsNothing() {
        IncidentImportSummary first = importReal("boston311_2025_open_sla_sample.csv", "boston311.json");
        IncidentImportSummary second = importReal("boston311_2025_open_sla_sample.csv", "boston311.json");

        assertThat(first.imported()).isEqualTo(2_424);
        assertThat(second.imported()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(2_424);
        assertThat(database.dsl().fetchCount(INCIDENT)).isEqualTo(2_424);
    }

    @Test
    void mapsStatusWordsAndKeepsTheSourceStatusInTheHistory() {
        IncidentImportSummary baltimore = importReal("baltimore311_sample_10000.csv", "baltimore311.json");
        IncidentImportSummary newYork = importReal("nyc311_2018-10-21_sample.csv", "nyc311.json");

        assertThat(baltimore.rejects()).isEmpty();
        assertThat(newYork.rejects()).isEmpty();
        assertThat(database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("MERGED"))).isEqualTo(207 + 8 + 2);
        assertThat(database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("DISPATCHED"))).isEqualTo(672);
        var event = database.dsl().selectFrom(INCIDENT_EVENT).where(INCIDENT_EVENT.ACTION.eq("IMPORT")
                .and(INCIDENT_EVENT.TO_STATUS.eq("MERGED"))).limit(1).fetchSingle();
        assertThat(event.getNote()).contains("baltimore311_sample_10000.csv line").contains("(Duplicate)");
        // Case numbers count per day and never collide.
        assertThat(database.dsl().fetchCount(INCIDENT)).isEqualTo(
                database.dsl().fetchCount(database.dsl().selectDistinct(INCIDENT.CASE_NO).from(INCIDENT)));
    }

    @Test
    void readsTheCanonicalChineseHeaderWithoutAMapping() throws Exception {
        Path file = folder.resolve("12345.csv");
        Files.writeString(file, "\uFEFF工单编号,来源渠道,事件类别,标题,内容,地址,经度,纬度,上报时间,反映人,联系电话,状态,承办单位,办理时限,办结时间\n"
                + "A001,12345热线,,小区噪音扰民,晚上施工,白云区同和路1号,113.31,23.19,2026-03-02 10:15:00,王先生,13800001234,已结案,区城管局,2026-03-05 17:30,2026-03-04 09:00\n"
                + "A002,热线电话,,井盖缺失,,,,,2026-03-02 11:00,,,待受理,,,\n"
                + "A003,12345热线,,路灯不亮,,,,,昨天,,,待受理,,,\n"
                + "A004,来访,,,,,,,2026-03-02 11:00,,,待受理,,,\n", StandardCharsets.UTF_8);

        IncidentImportSummary summary = importer.importFile(file, ImportMapping.none(), Progress.NONE);

        assertThat(summary.imported()).isEqualTo(1);
        assertThat(summary.rejects()).extracting(IncidentImportSummary.Reject::line).containsExactly(3L, 4L, 5L);
        assertThat(summary.rejects().get(0).reason()).contains("channel '热线电话'");
        assertThat(summary.rejects().get(1).reason()).contains("昨天");
        assertThat(summary.rejects().get(2).reason()).contains("title is empty");
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.EXTERNAL_ID.eq("A001")).fetchSingle();
        assertThat(row.getStatus()).isEqualTo("CLOSED");
        assertThat(row.getReportedAt().toInstant()).isEqualTo(Instant.parse("2026-03-02T02:15:00Z"));
        assertThat(row.getCaseNo()).isEqualTo("BY20260302-000001");
    }

    @Test
    void theBulkWaySaysWhenItIsBuildingTheIndexesAgain() throws Exception {
        Path file = folder.resolve("two.csv");
        Files.writeString(file, "external_id,title,reported_at\nB1,井盖缺失,2026-03-02 10:00\nB2,路灯不亮,2026-03-02 11:00\n",
                StandardCharsets.UTF_8);
        List<String> steps = new ArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void step(long done, long total, String message) {
                steps.add(done + "/" + total + " " + message);
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };

        IncidentImportSummary summary = importer.importFileInBulk(file, ImportMapping.none(), recording);

        assertThat(summary.imported()).isEqualTo(2);
        assertThat(steps).last().isEqualTo("2/-1 " + IncidentImportService.BUILDING_INDEXES);
    }

    @Test
    void aLargeFileIsImportedWithTheIndexesBuiltAtTheEndOnlyWhenItIsAtLeastAsLargeAsTheTable() {
        // At about 200 bytes a row: 4 MB is 20,000 rows, the smallest file worth it.
        assertThat(IncidentImportService.worthBuildingIndexesAtTheEnd(4_000_000, 0)).isTrue();
        assertThat(IncidentImportService.worthBuildingIndexesAtTheEnd(4_000_000, 20_000)).isTrue();
        assertThat(IncidentImportService.worthBuildingIndexesAtTheEnd(4_000_000, 20_001)).isFalse();
        assertThat(IncidentImportService.worthBuildingIndexesAtTheEnd(3_999_800, 0)).isFalse();
        assertThat(IncidentImportService.worthBuildingIndexesAtTheEnd(200_000_000, 1_000_000)).isTrue();
    }

    @Test
    void aBrokenMappingOrFileIsAClearErrorBeforeAnythingIsWritten() throws Exception {
        Path mapping = folder.resolve("bad.json");
        Files.writeString(mapping, "{\"columns\": {\"reported_at\": \"NoSuchColumn\"}}");
        Path unknownField = folder.resolve("unknown.json");
        Files.writeString(unknownField, "{\"columns\": {\"when\": \"Opened\"}}");
        Path file = SharedData.file("311/sf311_cases_sample_10000.csv");

        assertThatThrownBy(() -> importer.importFile(file, ImportMapping.read(mapping), Progress.NONE))
                .isInstanceOf(IncidentImportException.class).hasMessageContaining("NoSuchColumn");
        assertThatThrownBy(() -> importer.importFile(file, ImportMapping.read(unknownField), Progress.NONE))
                .isInstanceOf(IncidentImportException.class).hasMessageContaining("when");
        assertThatThrownBy(() -> importer.importFile(file, ImportMapping.none(), Progress.NONE))
                .isInstanceOf(IncidentImportException.class).hasMessageContaining("reported_at");
        assertThat(database.dsl().fetchCount(INCIDENT)).isZero();
    }
}
