package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentExportServiceTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path folder;

    private static Database source;

    @BeforeAll
    static void generate() {
        source = TestDatabases.fresh(folder.resolve("source"));
        new DemoDistrictGenerator(source.dsl()).generate(DemoOptions.defaults(Instant.parse("2026-11-23T09:00:00Z"))
                .withIncidents(1_500).withDisputes(0), Progress.NONE);
    }

    @AfterAll
    static void close() {
        source.close();
    }

    @Test
    void anExportAtTheConsoleHoldsOnlyTheAccountsAreaMasksReportersForASupervisorAndIsAudited() throws Exception {
        var supervisor = new cn.zongzhi.auth.Operator(java.util.UUID.randomUUID(), "sup1", "王督导",
                cn.zongzhi.auth.Role.SUPERVISOR, "440111-DEMO", "440111004000");
        var exports = new IncidentExportService(source.dsl(), SHANGHAI,
                java.time.Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), java.time.ZoneOffset.UTC));
        Path csv = folder.resolve("out/town.csv");
        int auditedBefore = source.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG);

        // The whole district asked for: the town's incidents alone are written.
        int written = exports.export(IncidentFilter.any(), supervisor, csv, Progress.NONE);

        int inTown = source.dsl().fetchCount(INCIDENT, org.jooq.impl.DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004"));
        assertThat(written).isEqualTo(inTown).isPositive().isLessThan(1_500);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(inTown + 1);
        String phone = source.dsl().select(INCIDENT.REPORTER_PHONE).from(INCIDENT)
                .where(org.jooq.impl.DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004").and(INCIDENT.REPORTER_PHONE.isNotNull()))
                .limit(1).fetchOne(INCIDENT.REPORTER_PHONE);
        assertThat(String.join("\n", lines)).as("a supervisor works from masked records")
                .doesNotContain(phone).contains(cn.zongzhi.common.Masking.phone(phone));
        var audit = source.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)
                .orderBy(cn.zongzhi.db.jooq.Tables.AUDIT_LOG.SEQ.desc()).limit(1).fetchOne();
        assertThat(source.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)).isEqualTo(auditedBefore + 1);
        assertThat(audit.getAction()).isEqualTo("EXPORT");
        assertThat(audit.getOperatorName()).isEqualTo("王督导");
        assertThat(audit.getDetail()).isEqualTo(inTown + " incidents to town.csv, reporters masked").doesNotContain(phone);

        // An administrator of the district sees every reporter; a filter outside the account's area writes none.
        var administrator = new cn.zongzhi.auth.Operator(java.util.UUID.randomUUID(), "admin", "管理员",
                cn.zongzhi.auth.Role.ADMINISTRATOR, "440111-DEMO", null);
        Path all = folder.resolve("out/all-admin.csv");
        assertThat(exports.export(IncidentFilter.any(), administrator, all, Progress.NONE)).isEqualTo(1_500);
        assertThat(Files.readString(all, StandardCharsets.UTF_8)).contains(phone);
        Path elsewhere = folder.resolve("out/elsewhere.csv");
        assertThat(exports.export(IncidentFilter.any().withAreaCodePrefix("440111005"), supervisor, elsewhere, Progress.NONE))
                .isZero();
        assertThat(Files.readAllLines(elsewhere, StandardCharsets.UTF_8)).hasSize(1);
    }

    @Test
    void anAccountThatMayNotMoveIncidentsInBulkIsRefusedAndNoFileIsWritten() {
        var seat = new cn.zongzhi.auth.Operator(java.util.UUID.randomUUID(), "seat1", "李娜",
                cn.zongzhi.auth.Role.SEAT_OPERATOR, "440111-DEMO", null);
        Path csv = folder.resolve("out/refused.csv");
        assertThatThrownBy(() -> new IncidentExportService(source.dsl(), SHANGHAI).export(IncidentFilter.any(), seat, csv, Progress.NONE))
                .isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        assertThat(csv).doesNotExist();
    }

    @Test
    void aCsvExportImportsElsewhereWithTheSameIncidents() throws Exception {
        Path csv = folder.resolve("out/all.csv");
        int written = new IncidentExportService(source.dsl(), SHANGHAI).export(IncidentFilter.any(), csv, Progress.NONE);

        assertThat(written).isEqualTo(1_500);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("\uFEFF" + String.join(",", IncidentImportService.CANONICAL));
        try (Database target = TestDatabases.fresh(folder.resolve("target"))) {
            IncidentImportSummary summary = new IncidentImportService(target.dsl(), (lon, lat) -> IncidentService.Location.UNKNOWN,
                    "440111-OTHER", "XX").importFile(csv, ImportMapping.none(), Progress.NONE);
            assertThat(summary.rejects()).isEmpty();
            assertThat(summary.imported()).isEqualTo(1_500);
            for (IncidentStatus status : IncidentStatus.values()) {
                assertThat(target.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq(status.name())))
                        .as(status.name()).isEqualTo(source.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq(status.name())));
            }
        }
    }

    @Test
    void anXlsxExportHoldsTheFilteredRowsUnderTheCanonicalHeader() throws Exception {
        IncidentFilter closedInOneStreet = IncidentFilter.any().withStatuses(EnumSet.of(IncidentStatus.CLOSED))
                .withAreaCodePrefix("440111004");
        int expected = source.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("CLOSED").and(org.jooq.impl.DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004")));
        Path xlsx = folder.resolve("out/closed.xlsx");

        int written = new IncidentExportService(source.dsl(), SHANGHAI).export(closedInOneStreet, xlsx, Progress.NONE);

        assertThat(written).isEqualTo(expected).isPositive();
        try (ReadableWorkbook workbook = new ReadableWorkbook(xlsx.toFile()); Stream<Row> rows = workbook.getFirstSheet().openStream()) {
            List<Row> all = rows.toList();
            assertThat(all).hasSize(expected + 1);
            assertThat(all.get(0).getCellText(0)).isEqualTo("external_id");
            assertThat(all.get(0).getCellText(11)).isEqualTo("status");
            assertThat(all.subList(1, all.size())).allSatisfy(row -> assertThat(row.getCellText(11)).isEqualTo("CLOSED"));
        }
    }

    @Test
    void aCancelledExportLeavesNoFileBehind() {
        Path target = folder.resolve("out/cancelled.csv");
        Progress cancel = new Progress() {
            @Override
            public void step(long done, long total, String message) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };

        assertThatThrownBy(() -> new IncidentExportService(source.dsl(), SHANGHAI).export(IncidentFilter.any(), target, cancel))
                .isInstanceOf(Progress.CancelledException.class);
        assertThat(target).doesNotExist();
        assertThat(folder.resolve("out").toFile().list((dir, name) -> name.startsWith(".export-"))).isEmpty();
    }
}
