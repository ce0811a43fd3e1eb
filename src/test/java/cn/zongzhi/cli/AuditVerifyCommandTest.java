package cn.zongzhi.cli;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code audit verify} against a log that is whole, edited, cut in the middle, cut at the end and at the start. */
class AuditVerifyCommandTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    private Path database() {
        Path path = folder.resolve("zongzhi");
        try (Database database = Database.open(path)) {
            AuditRepository audit = new AuditRepository(database.dsl());
            UUID operator = UUID.randomUUID();
            OffsetDateTime at = OffsetDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZoneOffset.ofHours(8));
            for (int i = 1; i <= 5; i++) {
                audit.append(new AuditRepository.AuditEntry(at.plusMinutes(i), operator, "张敏", "EXPORT", "incident", null, "rows=" + i));
            }
        }
        return path;
    }

    private int verify(Path path) {
        output.reset();
        return Main.run("--db", path.toString(), "audit", "verify");
    }

    private static void change(Path path, java.util.function.Consumer<org.jooq.DSLContext> edit) {
        try (Database database = Database.open(path)) {
            edit.accept(database.dsl());
        }
    }

    @Test
    void aWholeLogIsIntact() {
        Path path = database();
        assertThat(verify(path)).isZero();
        assertThat(output.out()).contains("审计日志完整：共 5 条，最新为第 5 条。");
    }

    @Test
    void anEditedEntryIsNamed() {
        Path path = database();
        change(path, dsl -> dsl.update(AUDIT_LOG).set(AUDIT_LOG.DETAIL, "rows=300").where(AUDIT_LOG.SEQ.eq(3L)).execute());
        assertThat(verify(path)).isEqualTo(1);
        assertThat(output.out()).contains("审计日志在第 3 条处断开：内容与其哈希不符，记录被改动（此前 2 条完好）。");
    }

    @Test
    void aRemovedEntryBreaksTheNextLink() {
        Path path = database();
        change(path, dsl -> dsl.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.eq(2L)).execute());
        assertThat(verify(path)).isEqualTo(1);
        assertThat(output.out()).contains("审计日志在第 3 条处断开：与前一条不相接");
    }

    @Test
    void removedNewestEntriesAreNoticedThroughTheHead() {
        Path path = database();
        change(path, dsl -> dsl.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.ge(4L)).execute());
        assertThat(verify(path)).isEqualTo(1);
        assertThat(output.out()).contains("审计日志在第 4 条处断开：末尾的记录被删除（此前 3 条完好）。");
    }

    @Test
    void removedOldestEntriesAreNoticedAtTheStart() {
        Path path = database();
        change(path, dsl -> dsl.deleteFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.le(1L)).execute());
        assertThat(verify(path)).isEqualTo(1);
        assertThat(output.out()).contains("审计日志在第 2 条处断开：第一条不是链的起点");
    }

    @Test
    void aMissingDatabaseIsAPlainMistake() {
        assertThat(Main.run("--db", folder.resolve("nothing").toString(), "audit", "verify")).isEqualTo(2);
        assertThat(output.err()).contains("数据库文件不存在");
    }
}
