package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call with photos, by keyboard: a wrong file is refused with the fields kept, two photos are added, one is
 * removed again, and the incident is saved with the other in the database.
 */
@ExtendWith(ApplicationExtension.class)
class NewIncidentFlowTest {
    @TempDir
    Path folder;

    private Console console;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        if (console != null) {
            console.stop();
        }
    }

    @Test
    void takesPhotosWithTheCallAndSavesThemWithTheIncident(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(20).withDisputes(0),
                    Progress.NONE);
        }
        Path near = png(folder.resolve("井盖近景.png"), 0x3366aa);
        Path far = png(folder.resolve("井盖远景.png"), 0xaa6633);
        Path notes = Files.writeString(folder.resolve("通话记录.txt"), "not a photo");
        // What the file dialog would answer, one answer per opening.
        Deque<List<Path>> answers = new ArrayDeque<>(List.of(List.of(notes), List.of(near, far)));
        console = ConsoleFixture.start(folder, databasePath);
        console.usePhotoChooser(owner -> answers.isEmpty() ? List.of() : answers.poll());
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        waitFor(robot, "#incidentTable");
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitFor(robot, "#titleField");
        robot.type(KeyCode.TAB).write("赵女士").type(KeyCode.TAB).write("13900002222").type(KeyCode.TAB)
                .write("0101").type(KeyCode.TAB).write("井盖缺失有人摔倒").type(KeyCode.TAB).write("雨后井盖被冲走")
                .type(KeyCode.TAB).write("景泰直街30号");

        robot.press(KeyCode.ALT).type(KeyCode.P).release(KeyCode.ALT);
        Node form = robot.lookup("#formRoot").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> formError(robot, form).contains("通话记录.txt"));
        assertThat(formError(robot, form)).isEqualTo("未添加 通话记录.txt：只能添加照片（JPEG、PNG、GIF、WebP、HEIC）或 PDF。");
        assertThat(robot.lookup("#titleField").queryAs(TextField.class).getText()).as("what was typed stays").isEqualTo("井盖缺失有人摔倒");
        assertThat(robot.lookup("#photoPane").query().isVisible()).as("no list while there are no photos").isFalse();

        // The add button is on the Tab path after the place fields; Space presses it.
        for (int step = 0; step < 8 && !robot.lookup("#addPhotoButton").query().isFocused(); step++) {
            robot.type(KeyCode.TAB);
        }
        assertThat(robot.lookup("#addPhotoButton").query().isFocused()).isTrue();
        robot.type(KeyCode.SPACE);
        ListView<?> photos = robot.lookup("#photoList").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> photos.getItems().size() == 2 && photos.getParent().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        long nearKb = Math.max(1, Math.round(Files.size(near) / 1024.0));
        assertThat(cellTexts(robot)).contains("井盖近景.png（" + nearKb + " KB）");
        assertThat(formError(robot, form)).isEmpty();

        robot.type(KeyCode.TAB);
        assertThat(photos.isFocused()).isTrue();
        robot.type(KeyCode.END).type(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cellTexts(robot)).singleElement().asString().startsWith("井盖近景.png");

        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#titleField").tryQuery().isEmpty());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#detailTitleLabel").queryAs(Label.class).getText()
                .contains("井盖缺失有人摔倒"));

        try (Database database = Database.open(databasePath)) {
            var incident = database.dsl().selectFrom(INCIDENT).where(INCIDENT.TITLE.eq("井盖缺失有人摔倒")).fetchSingle();
            assertThat(incident.getReporterPhone()).isEqualTo("13900002222");
            var attachment = database.dsl().selectFrom(INCIDENT_ATTACHMENT)
                    .where(INCIDENT_ATTACHMENT.INCIDENT_ID.eq(incident.getId())).fetchSingle();
            assertThat(attachment.getFileName()).isEqualTo("井盖近景.png");
            assertThat(attachment.getMediaType()).isEqualTo("image/png");
            assertThat(attachment.getSizeBytes()).isEqualTo(Files.size(near));
            assertThat(attachment.getContent()).isEqualTo(Files.readAllBytes(near));
            assertThat(database.dsl().select(INCIDENT_EVENT.ACTION).from(INCIDENT_EVENT)
                    .where(INCIDENT_EVENT.INCIDENT_ID.eq(incident.getId()))
                    .orderBy(INCIDENT_EVENT.OCCURRED_AT, INCIDENT_EVENT.HLC).fetch(INCIDENT_EVENT.ACTION))
                    .containsExactly("REPORT", "ATTACH");
        }
    }

    /** A small real PNG, drawn and encoded by the JDK. */
    private static Path png(Path file, int rgb) throws Exception {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 32; x++) {
            for (int y = 0; y < 24; y++) {
                image.setRGB(x, y, (x + y) % 2 == 0 ? rgb : 0xffffff);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static String formError(FxRobot robot, Node form) {
        return robot.from(form).lookup("#errorLabel").queryAs(Label.class).getText();
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup("#photoList .list-cell").queryAllAs(ListCell.class).stream()
                .map(ListCell::getText).filter(text -> text != null && !text.isEmpty()).toList();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup(query).tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
