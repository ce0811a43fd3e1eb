package cn.zongzhi.backup;

import cn.zongzhi.MutableClock;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupServiceTest {
    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));
    private final BackupService backups = new BackupService(clock);
    private Path databasePath;
    private UUID replica;
    private int incidents;

    @BeforeEach
    void office() {
        databasePath = folder.resolve("office/zongzhi");
        try (Database database = Database.open(databasePath)) {
            new cn.zongzhi.office.InstallationService(database.dsl(), cn.zongzhi.common.AppConfig.defaults(), clock).ensureInstallation();
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(clock.instant()).withIncidents(150).withDisputes(10),
                    Progress.NONE);
            replica = new BackupRepository(database.dsl()).replicaId();
            incidents = database.dsl().fetchCount(INCIDENT);
        }
    }

    private Path backup() {
        Path out = folder.resolve("backups/office.zip");
        try (Database database = Database.open(databasePath)) {
            BackupManifest manifest = backups.create(database, out);
            assertThat(manifest.counts()).containsEntry("incident", incidents);
            assertThat(manifest.replicaId()).isEqualTo(replica);
            assertThat(manifest.schemaVersion()).isNotBlank();
        }
        return out;
    }

    @Test
    void aBackupChecksRestoresAndKeepsWhatItReplaced() throws Exception {
        Path zip = backup();
        assertThat(backups.check(zip, replica, false, folder.resolve("scratch")).counts()).containsEntry("incident", incidents);
        // Work done after the backup: the restore takes it back, but the replaced file is kept.
        try (Database database = Database.open(databasePath)) {
            database.dsl().deleteFrom(cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT).execute();
            database.dsl().update(INCIDENT).set(INCIDENT.TITLE, "改动").execute();
            try (var index = cn.zongzhi.incidents.IncidentTextIndex.open(
                    cn.zongzhi.incidents.IncidentTextIndex.folderFor(database.file()),
                    new cn.zongzhi.incidents.IncidentSearchRepository(database.dsl()))) {
                index.rebuild();
            }
        }
        Path searchIndex = cn.zongzhi.incidents.IncidentTextIndex.folderFor(Path.of(databasePath + ".mv.db"));
        assertThat(searchIndex).isNotEmptyDirectory();
        Path kept = backups.restore(zip, Path.of(databasePath + ".mv.db"), replica, false);
        // The search index described the replaced file (titles "改动"): it goes, and the next start builds it again.
        assertThat(searchIndex).doesNotExist();
        assertThat(kept).exists();
        assertThat(kept.getFileName().toString()).startsWith("zongzhi.before-restore-20261123-");
        try (Database restored = Database.open(databasePath)) {
            assertThat(restored.dsl().fetchCount(INCIDENT)).isEqualTo(incidents);
            assertThat(restored.dsl().fetchCount(INCIDENT, INCIDENT.TITLE.eq("改动"))).isZero();
        }
        try (Database before = Database.open(Path.of(kept.toString().replace(".mv.db", "")))) {
            assertThat(before.dsl().fetchCount(INCIDENT, INCIDENT.TITLE.eq("改动"))).as("the replaced work is still there").isEqualTo(incidents);
        }
    }

    @Test
    void aDamagedBackupIsRefusedAndTheDatabaseStaysAsItWas() throws Exception {
        Path zip = backup();
        // Rewrite the zip with one byte of the database changed: a valid zip whose content no longer matches.
        Path damaged = folder.resolve("damaged.zip");
        try (ZipFile original = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(damaged))) {
            for (ZipEntry entry : java.util.Collections.list(original.entries())) {
                byte[] bytes = original.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(BackupService.DATABASE_ENTRY)) {
                    bytes[bytes.length / 2] ^= 0x5a;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        long sizeBefore = Files.size(Path.of(databasePath + ".mv.db"));
        assertThatThrownBy(() -> backups.restore(damaged, Path.of(databasePath + ".mv.db"), replica, false))
                .isInstanceOfSatisfying(BackupRefused.class, refused -> assertThat(refused.key()).isEqualTo("backup.refused.corrupt"));
        assertThat(Files.size(Path.of(databasePath + ".mv.db"))).isEqualTo(sizeBefore);
        try (Database database = Database.open(databasePath)) {
            assertThat(database.dsl().fetchCount(INCIDENT)).isEqualTo(incidents);
        }
        // Cut short: the zip itself is broken.
        Path truncated = folder.resolve("truncated.zip");
        byte[] whole = Files.readAllBytes(zip);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
        assertThatThrownBy(() -> backups.check(truncated, replica, false, folder.resolve("s2")))
                .isInstanceOfSatisfying(BackupRefused.class, refused -> assertThat(refused.key())
                        .isEqualTo("backup.refused.truncated"));
    }

    @Test
    void foreignFilesAndOtherInstallationsAreRefusedByName() throws Exception {
        Path text = folder.resolve("notes.zip");
        Files.writeString(text, "这不是备份");
        assertThatThrownBy(() -> backups.check(text, replica, false, folder.resolve("s1")))
                .isInstanceOfSatisfying(BackupRefused.class, refused -> assertThat(refused.key()).isIn("backup.refused.notZip", "backup.refused.notOurs"));
        Path otherZip = folder.resolve("photos.zip");
        try (OutputStream file = Files.newOutputStream(otherZip); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("photo.jpg"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        assertThatThrownBy(() -> backups.check(otherZip, replica, false, folder.resolve("s2")))
                .isInstanceOfSatisfying(BackupRefused.class, refused -> assertThat(refused.key()).isEqualTo("backup.refused.notOurs"));

        Path zip = backup();
        UUID someoneElse = UUID.randomUUID();
        assertThatThrownBy(() -> backups.check(zip, someoneElse, false, folder.resolve("s3")))
                .isInstanceOfSatisfying(BackupRefused.class, refused -> assertThat(refused.key()).isEqualTo("backup.refused.otherInstallation"));
        assertThat(backups.check(zip, someoneElse, true, folder.resolve("s4")).replicaId()).isEqualTo(replica);
    }

    @Test
    void aRunningConsoleAnswersThroughTheMailbox() throws Exception {
        Path out = folder.resolve("asked.zip");
        try (Database database = Database.open(databasePath)) {
            BackupMailbox console = new BackupMailbox(database.file());
            var timer = console.serveEverySecond(path -> backups.create(database, path).summary(
                    cn.zongzhi.common.Messages.forLanguage("zh")), failure -> { });
            try {
                var answer = new BackupMailbox(database.file()).ask(out, Duration.ofSeconds(10), Duration.ofMinutes(1));
                assertThat(answer).isPresent();
                assertThat(answer.get().done()).isTrue();
                assertThat(answer.get().text()).contains("事件 " + incidents + " 件");
            } finally {
                timer.shutdownNow();
            }
        }
        assertThat(backups.check(out, replica, false, folder.resolve("s5")).counts()).containsEntry("incident", incidents);
        // Nobody serving: the request is withdrawn and the command is told.
        var unanswered = new BackupMailbox(Path.of(databasePath + ".mv.db")).ask(folder.resolve("never.zip"),
                Duration.ofMillis(300), Duration.ofSeconds(5));
        assertThat(unanswered).isEmpty();
        assertThat(folder.resolve("never.zip")).doesNotExist();
        try (var left = Files.list(new BackupMailbox(Path.of(databasePath + ".mv.db")).folder())) {
            assertThat(left).as("no request left behind").isEmpty();
        }
    }
}
