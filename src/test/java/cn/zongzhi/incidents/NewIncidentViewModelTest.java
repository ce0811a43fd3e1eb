package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static org.assertj.core.api.Assertions.assertThat;

/** The intake form's photos without the toolkit: checked when chosen, listed, removed, saved with the incident. */
class NewIncidentViewModelTest {
    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

    @TempDir
    Path folder;

    private Database database;
    private NewIncidentViewModel form;
    private final List<StoredIncident> saved = new ArrayList<>();

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        database.dsl().execute("insert into department(code, name) values ('CG', '区城管局')");
        database.dsl().execute("""
                insert into incident_category(code, name, pinyin_initials, default_department_code, time_limit, time_limit_unit)
                values ('0101', '暴露垃圾', 'BLLJ', 'CG', 3, 'WORKING_DAYS')""");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        IncidentService service = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                "440111-DEMO", "BY");
        Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
        form = new NewIncidentViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"), operator, saved::add);
        form.load();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Path file(String name, int bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, TestAttachments.named(name, bytes));
        return file;
    }

    @Test
    void aWrongFileIsNamedAtOnceAndTheRestIsKept() throws IOException {
        form.titleProperty().set("井盖缺失");
        form.categoryProperty().set("0101");
        Path photo = file("近景.png", 3_000);
        Path notes = file("说明.txt", 10);
        // Sparse: ten megabytes and one byte by its size, nothing written.
        Path huge = folder.resolve("全景.jpg");
        try (RandomAccessFile raw = new RandomAccessFile(huge.toFile(), "rw")) {
            raw.setLength(IncidentService.MAX_ATTACHMENT_BYTES + 1L);
        }

        Path renamed = folder.resolve("改名.jpg");
        Files.writeString(renamed, "这是一段文字，不是照片");

        form.addPhotos(List.of(photo, notes, huge, renamed, photo));

        assertThat(form.photos()).extracting(NewIncidentViewModel.Photo::fileName).containsExactly("近景.png");
        assertThat(form.describe(form.photos().get(0))).isEqualTo("近景.png（3 KB）");
        assertThat(form.errorProperty().get()).isEqualTo(
                "未添加 说明.txt：只能添加照片（JPEG、PNG、GIF、WebP、HEIC）或 PDF。\n未添加 全景.jpg：附件不能超过 10 MB。"
                        + "\n未添加 改名.jpg：文件内容与扩展名不符：它不是照片（JPEG、PNG、GIF、WebP、HEIC）或 PDF，可能已损坏或被改过名。");
        assertThat(form.titleProperty().get()).isEqualTo("井盖缺失");
        assertThat(form.categoryProperty().get()).isEqualTo("0101");

        form.addPhotos(List.of(photo));
        assertThat(form.photos()).as("the same file once").hasSize(1);
        assertThat(form.errorProperty().get()).isEmpty();
    }

    @Test
    void photosBeyondWhatAnIncidentTakesAreNamedAtOnce() throws IOException {
        List<Path> folderOfPhotos = new java.util.ArrayList<>();
        for (int i = 1; i <= IncidentService.MAX_ATTACHMENTS + 2; i++) {
            folderOfPhotos.add(file(String.format("IMG_%02d.jpg", i), 100));
        }

        form.addPhotos(folderOfPhotos.subList(0, 5));
        form.addPhotos(folderOfPhotos.subList(5, folderOfPhotos.size()));

        assertThat(form.photos()).hasSize(IncidentService.MAX_ATTACHMENTS);
        assertThat(form.photos().get(IncidentService.MAX_ATTACHMENTS - 1).fileName()).isEqualTo("IMG_20.jpg");
        assertThat(form.errorProperty().get()).isEqualTo(
                "未添加 IMG_21.jpg：一件事件最多 20 个附件（照片或 PDF）。\n未添加 IMG_22.jpg：一件事件最多 20 个附件（照片或 PDF）。");
        form.removePhoto(form.photos().get(0));
        form.addPhotos(List.of(folderOfPhotos.get(21)));
        assertThat(form.photos()).hasSize(IncidentService.MAX_ATTACHMENTS);
        assertThat(form.errorProperty().get()).isEmpty();
    }

    @Test
    void thePhotosLeftInTheListAreSavedWithTheIncident() throws IOException {
        form.titleProperty().set("井盖缺失");
        Path near = file("近景.png", 2_048);
        Path far = file("远景.jpg", 1_536 * 1024);
        form.addPhotos(List.of(near, far));
        assertThat(form.describe(form.photos().get(1))).isEqualTo("远景.jpg（1.5 MB）");
        form.removePhoto(form.photos().get(1));

        form.save();

        assertThat(form.errorProperty().get()).isEmpty();
        assertThat(saved).singleElement().satisfies(incident -> assertThat(incident.caseNo()).startsWith("BY20260302"));
        assertThat(database.dsl().selectFrom(INCIDENT_ATTACHMENT).fetch())
                .singleElement().satisfies(row -> {
                    assertThat(row.getFileName()).isEqualTo("近景.png");
                    assertThat(row.getMediaType()).isEqualTo("image/png");
                    assertThat(row.getSizeBytes()).isEqualTo(2_048L);
                    assertThat(row.getIncidentId()).isEqualTo(saved.get(0).id());
                });
    }

    @Test
    void aPhotoGoneBeforeSavingIsNamedAndNothingIsSaved() throws IOException {
        form.titleProperty().set("井盖缺失");
        Path near = file("近景.png", 100);
        form.addPhotos(List.of(near));
        Files.delete(near);

        form.save();

        assertThat(form.errorProperty().get()).isEqualTo("未保存：近景.png 读取不到（已移动或删除？），请移除或重新选择。");
        assertThat(form.titleProperty().get()).isEqualTo("井盖缺失");
        assertThat(form.photos()).hasSize(1);
        assertThat(saved).isEmpty();
        assertThat(database.dsl().fetchCount(INCIDENT)).isZero();
    }

    @Test
    void anEmptyFormClosesAtOnceAndOneHoldingACallAsksFirst() {
        assertThat(form.requestClose()).isTrue();
        assertThat(form.confirmingDiscardProperty().get()).isFalse();

        form.reporterPhoneProperty().set("13900002222");
        assertThat(form.hasInput()).isTrue();
        assertThat(form.requestClose()).as("a typed number is part of the call").isFalse();
        assertThat(form.confirmingDiscardProperty().get()).isTrue();
        form.keepEditing();
        assertThat(form.confirmingDiscardProperty().get()).isFalse();
        assertThat(form.reporterPhoneProperty().get()).isEqualTo("13900002222");

        form.reporterPhoneProperty().set("  ");
        assertThat(form.hasInput()).as("blanks are nothing typed").isFalse();
    }
}
