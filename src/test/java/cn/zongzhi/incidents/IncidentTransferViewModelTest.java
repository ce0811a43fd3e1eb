package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** Import and export as the queue screen runs them, without the JavaFX toolkit. */
class IncidentTransferViewModelTest {
    @TempDir
    Path folder;

    private Database database;
    private IncidentTransferViewModel transfer;
    private final AtomicInteger refreshes = new AtomicInteger();
    private final java.util.List<Integer> importedRows = new java.util.ArrayList<>();

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder.resolve("db"));
        transfer = new IncidentTransferViewModel(
                new IncidentImportService(database.dsl(), (lon, lat) -> IncidentService.Location.UNKNOWN, "440111-DEMO", "BY"),
                new IncidentExportService(database.dsl(), ZoneId.of("Asia/Shanghai")), new SameThreadRunner(),
                Messages.forLanguage("zh"), IncidentFilter::any, refreshes::incrementAndGet, operator(Role.ADMINISTRATOR),
                importedRows::add);
    }

    private static Operator operator(Role role) {
        return new Operator(UUID.randomUUID(), "u1", "张敏", role, "440111-DEMO", null);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void importsAFileWithItsMappingBesideItWritesTheRejectsAndRefreshesTheQueue() throws Exception {
        Path csv = folder.resolve("hotline.csv");
        Files.writeString(csv, "编号,时间,事由,状态\nH1,2026-03-02 10:00,井盖缺失,办理中\nH2,昨天,路灯不亮,办理中\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("hotline.mapping.json"), """
                {"columns": {"external_id": "编号", "reported_at": "时间", "title": "事由", "status": "状态"},
                 "values": {"status": {"办理中": "IN_PROGRESS"}}}""");

        transfer.importFrom(csv);

        assertThat(transfer.runningProperty().get()).isFalse();
        assertThat(transfer.messageProperty().get()).isEqualTo("导入完成：新增 1 件，已存在 0 件，拒收 1 行（逐行原因见 hotline.csv.rejects.csv）");
        assertThat(Files.readString(folder.resolve("hotline.csv.rejects.csv"))).contains("3,").contains("昨天");
        assertThat(database.dsl().fetchValue(INCIDENT.STATUS, INCIDENT.EXTERNAL_ID.eq("H1"))).isEqualTo("IN_PROGRESS");
        assertThat(refreshes.get()).isEqualTo(1);
        assertThat(importedRows).as("told how many were added, for compacting the file on close").containsExactly(1);
    }

    @Test
    void exportsTheCurrentViewAndSaysHowMany() throws Exception {
        Path csv = folder.resolve("in.csv");
        Files.writeString(csv, "external_id,reported_at,title\nA,2026-03-02 10:00,一\nB,2026-03-02 11:00,二\n");
        transfer.importFrom(csv);
        Path out = folder.resolve("out.xlsx");

        transfer.exportTo(out);

        assertThat(out).exists();
        assertThat(transfer.messageProperty().get()).isEqualTo("已导出 2 件到 out.xlsx");
    }

    @Test
    void aSeatOperatorIsToldImportAndExportAreNotTheirsAndNothingRuns() throws Exception {
        var seat = new IncidentTransferViewModel(
                new IncidentImportService(database.dsl(), (lon, lat) -> IncidentService.Location.UNKNOWN, "440111-DEMO", "BY"),
                new IncidentExportService(database.dsl(), ZoneId.of("Asia/Shanghai")), new SameThreadRunner(),
                Messages.forLanguage("zh"), IncidentFilter::any, refreshes::incrementAndGet, operator(Role.SEAT_OPERATOR),
                importedRows::add);
        assertThat(seat.mayTransfer()).isFalse();
        assertThat(transfer.mayTransfer()).isTrue();
        Path csv = folder.resolve("in.csv");
        Files.writeString(csv, "external_id,reported_at,title\nA,2026-03-02 10:00,一\n");

        seat.importFrom(csv);
        assertThat(seat.messageProperty().get()).contains("批量导入导出事件");
        assertThat(seat.runningProperty().get()).isFalse();
        assertThat(database.dsl().fetchCount(INCIDENT)).isZero();

        Path out = folder.resolve("out.csv");
        seat.exportTo(out);
        assertThat(seat.messageProperty().get()).contains("批量导入导出事件");
        assertThat(out).doesNotExist();
        assertThat(refreshes.get()).isZero();
        assertThat(importedRows).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsExplainedAndNothingRuns() throws Exception {
        Path csv = folder.resolve("odd.csv");
        Files.writeString(csv, "a,b\n1,2\n");

        transfer.importFrom(csv);

        assertThat(transfer.runningProperty().get()).isFalse();
        assertThat(transfer.messageProperty().get()).startsWith("无法处理：").contains("reported_at");
        assertThat(database.dsl().fetchCount(INCIDENT)).isZero();
    }
}
