package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code backup} and {@code restore} from the command line, with the database closed and held by another process. */
class BackupCommandTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    private Path demoDatabase() {
        Path path = folder.resolve("data/zongzhi");
        assertThat(Main.run("--db", path.toString(), "demo", "--incidents", "60")).isZero();
        return path;
    }

    @Test
    void backupCheckAndRestoreWithTheConsoleClosed() throws Exception {
        Path database = demoDatabase();
        Path zip = folder.resolve("b.zip");
        output.reset();
        assertThat(Main.run("--db", database.toString(), "backup", "--out", zip.toString())).isZero();
        assertThat(output.out()).contains("已备份到 " + zip).contains("事件 60 件");
        output.reset();
        assertThat(Main.run("backup", "--check", zip.toString())).isZero();
        assertThat(output.out()).contains("完好");

        try (Database open = Database.open(database)) {
            open.dsl().deleteFrom(cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT).execute();
            open.dsl().deleteFrom(cn.zongzhi.db.jooq.Tables.INCIDENT_REPORTER).execute();
            open.dsl().deleteFrom(cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT).execute();
            open.dsl().deleteFrom(INCIDENT).execute();
        }
        output.reset();
        assertThat(Main.run("--db", database.toString(), "restore", zip.toString())).isZero();
        assertThat(output.out()).contains("已从 " + zip + " 恢复数据库").contains("原数据库已保留为");
        try (Database restored = Database.open(database)) {
            assertThat(restored.dsl().fetchCount(INCIDENT)).isEqualTo(60);
        }

        // Another installation's backup is refused unless asked for.
        Path other = folder.resolve("other/zongzhi");
        assertThat(Main.run("--db", other.toString(), "demo", "--incidents", "5")).isZero();
        output.reset();
        assertThat(Main.run("--db", other.toString(), "restore", zip.toString())).isEqualTo(1);
        assertThat(output.err()).contains("这是另一台工作台").contains("--accept-other-installation");
        try (Database untouched = Database.open(other)) {
            assertThat(untouched.dsl().fetchCount(INCIDENT)).as("nothing replaced").isEqualTo(5);
        }
        Path garbage = folder.resolve("garbage.zip");
        Files.write(garbage, new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        output.reset();
        assertThat(Main.run("--db", other.toString(), "restore", garbage.toString())).isEqualTo(1);
        assertThat(output.err()).containsAnyOf("不是备份文件", "不完整", "不是综治中心工作台的备份文件");
    }

    @Test
    void whileAnotherProcessHoldsTheDatabaseTheBackupIsTakenByItAndRestoreWaits() throws Exception {
        Path database = demoDatabase();
        Path ready = folder.resolve("ready");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldingConsole.class.getName(), database.toString(), ready.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("holder.log").toFile()).start();
        try {
            try {
                org.testfx.util.WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.exists(ready) || !holder.isAlive());
            } catch (java.util.concurrent.TimeoutException slow) {
                // the assertion below says what the holder printed
            }
            assertThat(ready).as("the holding process started: " + Files.readString(folder.resolve("holder.log"))).exists();

            Path zip = folder.resolve("while-open.zip");
            output.reset();
            assertThat(Main.run("--db", database.toString(), "backup", "--out", zip.toString())).isZero();
            assertThat(output.out()).contains("数据库正被工作台使用，已请工作台进行备份").contains("已由工作台完成备份");
            assertThat(zip).exists();

            output.reset();
            assertThat(Main.run("--db", database.toString(), "restore", zip.toString())).isEqualTo(2);
            assertThat(output.err()).contains("请先关闭工作台再恢复");
        } finally {
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        output.reset();
        assertThat(Main.run("backup", "--check", folder.resolve("while-open.zip").toString())).isZero();
        assertThat(output.out()).contains("事件 60 件");
    }
}
