package cn.zongzhi.app;

import cn.zongzhi.db.Database;
import cn.zongzhi.mediation.DisputeRepository;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static org.assertj.core.api.Assertions.assertThat;

/** One-window intake: a wrong ID number is flagged as typed and refused on saving; corrected, the case is registered and closed with an agreement. */
@ExtendWith(ApplicationExtension.class)
class DisputeDeskFlowTest {
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
    @SuppressWarnings("unchecked")
    void registersADisputeAtOneWindowAndRecordsTheAgreement(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#registerButton").tryQuery().isPresent());

        robot.clickOn("#registerButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#intakeBackdrop").query().isVisible());
        robot.clickOn("#typeBox").type(KeyCode.DOWN).type(KeyCode.DOWN).type(KeyCode.ENTER); // 邻里纠纷
        robot.clickOn("#amountField").write("3000");
        robot.clickOn("#summaryArea").write("楼上漏水致楼下受损");
        robot.clickOn("#partyName0").write("张三");
        robot.clickOn("#partyId0").write("36042619910102009X");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup(".caller-note").queryAll().stream().map(node -> ((Label) node).getText()))
                .anyMatch(text -> text.startsWith("号码有误：check character should be 3"));
        robot.clickOn("#partyName1").write("李四");
        robot.clickOn("#saveDisputeButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#intakeErrorLabel").queryAs(Label.class).getText()
                .startsWith("当事人“张三”的身份证号有误"));

        robot.doubleClickOn("#partyId0").eraseText(18).write("360426199101020093");
        robot.clickOn("#saveDisputeButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#intakeBackdrop").query().isVisible());
        assertThat(robot.lookup("#deskMessageLabel").queryAs(Label.class).getText()).startsWith("已登记：");
        TableView<DisputeRepository.Summary> table = robot.lookup("#disputeTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        DisputeRepository.Summary registered = table.getItems().get(0);
        assertThat(registered.type()).isEqualTo("NEIGHBOUR");

        robot.interact(() -> table.getSelectionModel().select(0));
        ConsoleFixture.reveal(robot, "#termsArea");
        robot.clickOn("#termsArea").write("李四承担维修费2000元");
        ConsoleFixture.reveal(robot, "#agreedAmountField");
        robot.clickOn("#agreedAmountField").write("2000");
        ConsoleFixture.reveal(robot, "#recordOutcomeButton");
        robot.clickOn("#recordOutcomeButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#deskMessageLabel").queryAs(Label.class).getText()
                .startsWith("已结案（达成协议）：" + registered.caseNo()));

        try (Database database = Database.open(databasePath)) {
            var row = database.dsl().selectFrom(DISPUTE).fetchSingle();
            assertThat(row.getStatus()).isEqualTo("CLOSED");
            assertThat(row.getOutcome()).isEqualTo("AGREEMENT");
            assertThat(row.getAgreementTerms()).isEqualTo("李四承担维修费2000元");
            assertThat(row.getConfirmationDue()).isNotNull();
            assertThat(database.dsl().select(DISPUTE_PARTY.ID_NUMBER).from(DISPUTE_PARTY).where(DISPUTE_PARTY.NAME.eq("张三"))
                    .fetchOne(DISPUTE_PARTY.ID_NUMBER)).isEqualTo("360426199101020093");
        }
    }
    /** A township's case the city received (decision 0017): shown with its owner, its actions off, its change refused. */
    @Test
    @SuppressWarnings("unchecked")
    void anotherOfficesCaseIsShownReadOnly(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        java.util.UUID id = java.util.UUID.randomUUID();
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
            java.time.Instant registered = java.time.Instant.now().minus(java.time.Duration.ofDays(2));
            new cn.zongzhi.mediation.MediationRepository(database.dsl()).insertDisputes(List.of(new cn.zongzhi.mediation.MediationRows.Dispute(
                            id, "JTTJ20261201-0001", "NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", "楼上漏水", java.math.BigDecimal.ONE,
                            "YELLOW", "REGISTERED", null, null, registered, registered.plus(java.time.Duration.ofDays(30)), null, null,
                            null, false, "TOWN-440111004", 1)),
                    List.of(new cn.zongzhi.mediation.MediationRows.Party(java.util.UUID.randomUUID(), id, "APPLICANT", "PERSON",
                            "张三", null, null, null, "TOWN-440111004", 1)), List.of());
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#disputeTable").tryQuery().isPresent());
        TableView<DisputeRepository.Summary> table = robot.lookup("#disputeTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#detailTitle").queryAs(Label.class).getText())
                .isEqualTo("JTTJ20261201-0001 邻里纠纷  （由 TOWN-440111004 办理 · 只读）");
        assertThat(robot.lookup("#recordOutcomeButton").query().isDisabled()).isTrue();
    }
}
