package cn.zongzhi.app;

import cn.zongzhi.db.Database;
import cn.zongzhi.sync.SyncScenario;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A township's console after a day that really went through the city server: the status bar shows the refusal
 * and the conflicts, its indicator opens the sync screen, which lists them with both values side by side and
 * says why only the city's result can be kept; the refusal is acknowledged by keyboard, and sync is paused and
 * resumed with its shortcut.
 */
@ExtendWith(ApplicationExtension.class)
class SyncScreenFlowTest {
    @TempDir
    Path folder;

    private Console console;
    private SyncScenario scenario;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        if (console != null) {
            console.stop();
        }
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void showsWhatTheCityRefusedAndDecidedAndTakesTheOperatorsAnswers(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        scenario = SyncScenario.run(folder, databasePath);
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "town1", "陈静");
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "town1");

        // The status bar, before the sync screen was ever opened; the console's own round reaches the server.
        ConsoleFixture.waitForText(robot, "#syncConflictsLabel", "冲突 2");
        assertThat(robot.lookup("#syncRejectedLabel").queryAs(Label.class).getText()).isEqualTo("被退回 1");
        assertThat(robot.lookup("#syncWaitingLabel").queryAs(Label.class).getText()).isEqualTo("待发送 0");
        assertThat(robot.lookup("#syncConflictsLabel").query().getPseudoClassStates()).extracting(Object::toString)
                .contains("attention");
        // The scenario's server runs on its own clock, so a clock warning may follow the state.
        Label syncLabel = robot.lookup("#syncLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> syncLabel.getText().startsWith("同步：已连接"));
        assertThat(robot.lookup("#syncLastLabel").queryAs(Label.class).getText()).matches("上次成功 \\d\\d:\\d\\d:\\d\\d");

        robot.clickOn("#syncIndicator");
        TableView<?> refusals = robot.lookup("#refusalTable").queryAs(TableView.class);
        TableView<?> conflicts = robot.lookup("#conflictTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> refusals.getItems().size() == 1 && conflicts.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#stateLabel").queryAs(Label.class).getText()).isEqualTo("已连接");
        assertThat(robot.lookup("#serverLabel").queryAs(Label.class).getText()).isEqualTo(scenario.serverUrl());
        assertThat(robot.lookup("#officeLabel").queryAs(Label.class).getText()).isEqualTo(SyncScenario.TOWN);
        assertThat(robot.lookup("#waitingLabel").queryAs(Label.class).getText()).isEqualTo("0 条");
        assertThat(robot.lookup("#refusalsTitle").queryAs(Label.class).getText()).isEqualTo("被市级退回（1）");
        assertThat(robot.lookup("#conflictsTitle").queryAs(Label.class).getText()).isEqualTo("冲突（2）");
        assertThat(robot.lookup("#tasksTitle").queryAs(Label.class).getText()).isEqualTo("调度任务（1）");
        assertThat(robot.lookup("#missingFilesBox").query().isVisible()).as("no file given up: no list").isFalse();
        assertThat(cellTexts(robot, "#refusalTable")).contains(scenario.outside.caseNo(), "新建事件（市级未接收）", "事件所在区域不在本单位辖区内");
        assertThat(cellTexts(robot, "#conflictTable")).contains(scenario.contested.caseNo(), "状态不一致", "办结待派单方确认",
                "已派遣", "受理立案（待受理 → 已立案）", "即巡即办（已立案 → 已办结）：现场已清理", "市级的值");
        assertThat(cellTexts(robot, "#taskTable")).contains(scenario.contested.caseNo(), SyncScenario.CITY, SyncScenario.TOWN);
        // The administrator of an enrolled console may publish (the city refuses a township, with words for it).
        Button publish = robot.lookup("#publishButton").queryAs(Button.class);
        assertThat(publish.isVisible()).isTrue();
        assertThat(publish.isDisabled()).isFalse();
        // The city's task is the city's to answer: the township sees it, the answers stay off, the note says whose.
        TableView<?> tasks = robot.lookup("#taskTable").queryAs(TableView.class);
        robot.interact(() -> tasks.getSelectionModel().clearAndSelect(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#acceptFinishButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#continueButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#taskNoteLabel").queryAs(Label.class).getText())
                .isEqualTo("此任务由 " + SyncScenario.CITY + " 决定，本单位只能查看。");

        // Both values of the selected conflict side by side, and why only the city's result can be kept.
        robot.interact(() -> conflicts.getSelectionModel().clearAndSelect(conflicts.getItems().indexOf(conflicts.getItems().stream()
                .filter(row -> row.toString().contains("CLOSURE_REQUEST")).findFirst().orElseThrow())));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#cityValueLabel").queryAs(Label.class).getText()).isEqualTo("已派遣");
        assertThat(robot.lookup("#officeValueLabel").queryAs(Label.class).getText()).isEqualTo("即巡即办（已立案 → 已办结）：现场已清理");
        assertThat(robot.lookup("#keepCityButton").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#keepMineButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#mergeButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#conflictNoteLabel").queryAs(Label.class).getText()).contains("不能选择保留本地或合并");
        snapshot(robot, "syncui.snapshot");

        // The refusal, by keyboard: Tab to its table, Home selects the row, Enter does the row's button: the city has
        // not received the incident, so it is resubmitted (which resolves its refusal).
        Object refusedCreation = console.database().dsl().select(SYNC_OUTBOX.MUTATION_ID).from(SYNC_OUTBOX).where(SYNC_OUTBOX.OUTCOME.eq("REJECTED"))
                .fetchOne(SYNC_OUTBOX.MUTATION_ID);
        for (int step = 0; step < 30 && !refusals.isFocused(); step++) {
            robot.type(KeyCode.TAB);
        }
        assertThat(refusals.isFocused()).isTrue();
        robot.type(KeyCode.HOME).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> refusals.getItems().isEmpty());
        var dsl = console.database().dsl();
        // A round after it sends it again (and, as it is still outside the jurisdiction, has it refused again).
        assertThat(dsl.select(SYNC_OUTBOX.ACKNOWLEDGED).from(SYNC_OUTBOX).where(SYNC_OUTBOX.MUTATION_ID.eq((java.util.UUID) refusedCreation))
                .fetch(SYNC_OUTBOX.ACKNOWLEDGED)).containsExactly(true);
        ConsoleFixture.waitForText(robot, "#syncRejectedLabel", "被退回 0");
        assertThat(robot.lookup("#syncRejectedLabel").query().getPseudoClassStates()).extracting(Object::toString)
                .doesNotContain("attention");
        assertThat(robot.lookup("#messageLabel").queryAs(Label.class).getText())
                .isEqualTo("事件 " + scenario.outside.caseNo() + " 已重新报送，将随下次同步发送给市级服务器。");

        // A photo the city described and then would not hand over: listed once the lists are read again (after the
        // rounds below), with its case number, file name and why.
        java.util.UUID gone = java.util.UUID.randomUUID();
        var description = cn.zongzhi.sync.protocol.SyncJson.MAPPER.<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(
                new cn.zongzhi.sync.protocol.AttachmentMeta(gone, scenario.contested.id(), "现场照片.jpg", "image/jpeg", 1024,
                        "00", java.time.Instant.now(), "CITY-440111"));
        dsl.transaction(tx -> {
            var attachments = new cn.zongzhi.sync.AttachmentSyncRepository(tx.dsl());
            attachments.described(new cn.zongzhi.sync.protocol.Change(7, cn.zongzhi.sync.protocol.EntityKind.ATTACHMENT, gone,
                    1, null, description), java.time.Instant.now());
            attachments.giveUp(gone, "unknown-attachment", java.time.Instant.now());
        });

        // Pause and resume with the shortcut; the console keeps answering meanwhile.
        robot.press(KeyCode.CONTROL).type(KeyCode.P).release(KeyCode.CONTROL);
        ConsoleFixture.waitForText(robot, "#stateLabel", "已暂停");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> syncLabel.getText().startsWith("同步：已暂停"));
        assertThat(dsl.select(SYNC_STATUS.PAUSED).from(SYNC_STATUS).fetchOne(SYNC_STATUS.PAUSED)).isTrue();
        assertThat(robot.lookup("#pauseButton").queryAs(Button.class).getText()).isEqualTo("继续同步");
        assertThat(robot.lookup("#syncNowButton").queryAs(Button.class).isDisabled()).isTrue();
        robot.press(KeyCode.CONTROL).type(KeyCode.P).release(KeyCode.CONTROL);
        ConsoleFixture.waitForText(robot, "#stateLabel", "已连接");
        assertThat(dsl.select(SYNC_STATUS.PAUSED).from(SYNC_STATUS).fetchOne(SYNC_STATUS.PAUSED)).isFalse();

        ConsoleFixture.waitForText(robot, "#missingFilesTitle", "未能取回的附件（1）");
        assertThat(robot.lookup("#missingFilesBox").query().isVisible()).isTrue();
        assertThat(cellTexts(robot, "#missingFileTable")).contains(scenario.contested.caseNo(), "现场照片.jpg",
                "市级服务器上已没有这个文件，不会再自动获取");
    }

    private static List<String> cellTexts(FxRobot robot, String table) {
        return robot.lookup(table + " .table-cell").queryAllAs(TableCell.class).stream()
                .map(TableCell::getText).filter(text -> text != null && !text.isEmpty()).toList();
    }

    /** With -D{property}=FILE.png: the window as the test sees it, for a person to look at. */
    private static void snapshot(FxRobot robot, String property) throws Exception {
        String target = System.getProperty(property);
        if (target == null) {
            return;
        }
        Node root = robot.lookup("#syncRoot").query();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> root.getScene().snapshot(null)).get();
        PixelReader pixels = image.getPixelReader();
        BufferedImage out = new BufferedImage((int) image.getWidth(), (int) image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < out.getWidth(); x++) {
            for (int y = 0; y < out.getHeight(); y++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", Path.of(target).toFile());
    }
}
