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
import static cn.zongzhi.db.jooq.Tables.CASE_PROPOSAL;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
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
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#registerButton").match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());

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
    /** A neighbours' case with one applicant, registered two days ago by {@code office}; returns when. */
    private static java.time.Instant registerTwoDaysAgo(Database database, java.util.UUID id, String caseNo, String office) {
        java.time.Instant registered = java.time.Instant.now().minus(java.time.Duration.ofDays(2));
        new cn.zongzhi.mediation.MediationRepository(database.dsl()).insertDisputes(List.of(new cn.zongzhi.mediation.MediationRows.Dispute(
                        id, caseNo, "NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", "楼上漏水", java.math.BigDecimal.ONE,
                        "YELLOW", "REGISTERED", null, null, registered, registered.plus(java.time.Duration.ofDays(30)), null, null,
                        null, false, office, 1)),
                List.of(new cn.zongzhi.mediation.MediationRows.Party(java.util.UUID.randomUUID(), id, "APPLICANT", "PERSON",
                        "张三", null, null, null, office, 1)), List.of());
        return registered;
    }

    /**
     * The result box offers what the chosen session may be given: every result for yesterday's session, only
     * cancelling (and nothing chosen) for next week's; a result chosen and saved stays shown as the list narrows.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theResultBoxFollowsTheChosenSession(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        java.util.UUID id = java.util.UUID.randomUUID();
        java.util.UUID yesterday = java.util.UUID.randomUUID();
        java.util.UUID nextWeek = java.util.UUID.randomUUID();
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
            registerTwoDaysAgo(database, id, "BYTJ20261201-0003", "440111-DEMO");
            var desk = new cn.zongzhi.mediation.MediationRepository(database.dsl());
            desk.upsertMediators(List.of(new cn.zongzhi.mediation.MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR",
                    "NEIGHBOUR", null, null)));
            java.time.Instant now = java.time.Instant.now();
            desk.insertDisputes(List.of(), List.of(), List.of(
                    new cn.zongzhi.mediation.MediationRows.Session(yesterday, id, "M001", null, now.minus(java.time.Duration.ofDays(1)),
                            now.minus(java.time.Duration.ofDays(1)).plus(java.time.Duration.ofMinutes(90)), "SCHEDULED", "440111-DEMO", 1),
                    new cn.zongzhi.mediation.MediationRows.Session(nextWeek, id, "M001", null, now.plus(java.time.Duration.ofDays(7)),
                            now.plus(java.time.Duration.ofDays(7)).plus(java.time.Duration.ofMinutes(90)), "SCHEDULED", "440111-DEMO", 1)));
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#disputeTable").tryQuery().isPresent());
        TableView<DisputeRepository.Summary> table = robot.lookup("#disputeTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        javafx.scene.control.ListView<cn.zongzhi.mediation.SessionRepository.SessionMinutes> sessions =
                robot.lookup("#sessionList").queryAs(javafx.scene.control.ListView.class);
        javafx.scene.control.ChoiceBox<String> results = robot.lookup("#sessionResultChoice").queryAs(javafx.scene.control.ChoiceBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> sessions.getItems().size() == 2
                && sessions.getSelectionModel().getSelectedItem() != null);

        // The latest is chosen: next week's, which can only be called off, and is not assumed to be.
        assertThat(sessions.getSelectionModel().getSelectedItem().session().id()).isEqualTo(nextWeek);
        assertThat(results.getItems()).containsExactly("CANCELLED");
        assertThat(results.getValue()).isNull();
        ConsoleFixture.reveal(robot, "#saveMinutesButton");
        robot.clickOn("#saveMinutesButton");
        ConsoleFixture.waitForText(robot, "#deskMessageLabel", "请先选择这场调解的结果（尚未到期的调解只能取消）。");

        // Yesterday's: any result, "held" to start from; adjourned is chosen and saved, and stays shown.
        robot.interact(() -> sessions.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(results.getItems()).containsExactly("HELD", "ADJOURNED", "PARTY_ABSENT", "CANCELLED");
        assertThat(results.getValue()).isEqualTo("HELD");
        robot.interact(() -> results.setValue("ADJOURNED"));
        ConsoleFixture.reveal(robot, "#minutesArea");
        robot.clickOn("#minutesArea").write("李四未带票据，改期再议");
        ConsoleFixture.reveal(robot, "#saveMinutesButton");
        robot.clickOn("#saveMinutesButton");
        ConsoleFixture.waitForText(robot, "#deskMessageLabel", "已保存 BYTJ20261201-0003 的调解记录（休会改期）");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> results.getItems().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(results.getItems()).as("it took place: not cancelled afterwards").containsExactly("HELD", "ADJOURNED", "PARTY_ABSENT");
        assertThat(results.getValue()).isEqualTo("ADJOURNED");

        robot.interact(() -> sessions.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(results.getItems()).containsExactly("CANCELLED");
        assertThat(results.getValue()).isNull();
        console.stop();
        console = null;
        try (Database database = Database.open(databasePath)) {
            var held = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION)
                    .where(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.ID.eq(yesterday)).fetchSingle();
            assertThat(held.getStatus()).isEqualTo("ADJOURNED");
            assertThat(held.getMinutes()).isEqualTo("李四未带票据，改期再议");
            assertThat(database.dsl().select(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.STATUS).from(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION)
                    .where(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.ID.eq(nextWeek)).fetchOne(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.STATUS))
                    .isEqualTo("SCHEDULED");
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
            registerTwoDaysAgo(database, id, "JTTJ20261201-0001", "TOWN-440111004");
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
                .isEqualTo("JTTJ20261201-0001 邻里纠纷  （由 TOWN-440111004 办理 · 只读，可提更正建议）");
        assertThat(robot.lookup("#recordOutcomeButton").query().isDisabled()).isTrue();

        // Not changed here, but proposed to the office that handles it, with the reason.
        ConsoleFixture.reveal(robot, "#correctionButton");
        assertThat(robot.lookup("#correctionTitle").queryAs(Label.class).getText()).isEqualTo("向办理单位提更正建议");
        assertThat(robot.lookup("#correctionButton").queryAs(javafx.scene.control.Button.class).getText()).isEqualTo("提交建议");
        javafx.scene.control.ComboBox<String> risk = robot.lookup("#correctionCodeBox").queryAs(javafx.scene.control.ComboBox.class);
        assertThat(risk.getValue()).as("the form starts from the case's value").isEqualTo("YELLOW");
        robot.interact(() -> risk.setValue("RED"));
        robot.clickOn("#correctionButton");
        ConsoleFixture.waitForText(robot, "#deskMessageLabel", "请写明建议的理由。");
        robot.clickOn("#correctionReasonField").write("当事人多次到市里反映，风险升级");
        robot.clickOn("#correctionButton");
        javafx.scene.control.ListView<?> proposals = robot.lookup("#proposalList").queryAs(javafx.scene.control.ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> proposals.getItems().size() == 1);
        assertThat(robot.lookup("#deskMessageLabel").queryAs(Label.class).getText())
                .isEqualTo("更正建议已保存，将随下次同步送交 TOWN-440111004。");
        assertThat(robot.lookup("#answerBox").query().isVisible()).as("the owner answers, not this console").isFalse();
        console.stop();
        console = null;
        try (Database database = Database.open(databasePath)) {
            var proposal = database.dsl().selectFrom(CASE_PROPOSAL).fetchSingle();
            assertThat(proposal.getDisputeId()).isEqualTo(id);
            assertThat(proposal.getField()).isEqualTo("riskLevel");
            assertThat(proposal.getCurrentValue()).isEqualTo("YELLOW");
            assertThat(proposal.getProposedValue()).isEqualTo("RED");
            assertThat(proposal.getReason()).isEqualTo("当事人多次到市里反映，风险升级");
            assertThat(proposal.getStatus()).isEqualTo("PENDING");
            assertThat(database.dsl().selectFrom(SYNC_OUTBOX).where(SYNC_OUTBOX.ENTITY_ID.eq(proposal.getId())).fetchSingle())
                    .satisfies(row -> {
                        assertThat(row.getEntityKind()).isEqualTo("PROPOSAL");
                        assertThat(row.getMutationKind()).isEqualTo("CREATE");
                    });
            assertThat(database.dsl().select(DISPUTE.RISK_LEVEL).from(DISPUTE).fetchOne(DISPUTE.RISK_LEVEL))
                    .as("the case itself is the owner's to change").isEqualTo("YELLOW");
        }
    }

    /** A proposal the city sent for this office's own case: listed under its reminder, adopted with one click. */
    @Test
    @SuppressWarnings("unchecked")
    void theOwnerAdoptsOneProposalAndDeclinesAnotherWithItsReason(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        java.util.UUID id = java.util.UUID.randomUUID();
        java.util.UUID raise = java.util.UUID.randomUUID();
        java.util.UUID retype = java.util.UUID.randomUUID();
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
            java.time.Instant registered = registerTwoDaysAgo(database, id, "BYTJ20261201-0007", "440111-DEMO");
            var proposals = new cn.zongzhi.mediation.CaseProposalRepository(database.dsl());
            proposals.insert(raise, id, cn.zongzhi.mediation.ProposalField.RISK_LEVEL, "RED", "YELLOW", "涉及多户，风险升级",
                    "CITY-440111", "市级督导员", registered.plus(java.time.Duration.ofDays(1)));
            proposals.insert(retype, id, cn.zongzhi.mediation.ProposalField.DISPUTE_TYPE, "PROPERTY_MANAGEMENT", "NEIGHBOUR",
                    "公共管道漏水", "CITY-440111", "市级督导员", registered.plus(java.time.Duration.ofDays(1)));
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#proposalReminder").tryQuery().isPresent());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#proposalReminder")
                .queryAs(javafx.scene.control.ToggleButton.class).getText().equals("更正建议 1"));
        robot.clickOn("#proposalReminder");
        TableView<DisputeRepository.Summary> table = robot.lookup("#disputeTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.interact(() -> table.getSelectionModel().select(0));
        javafx.scene.control.ListView<cn.zongzhi.mediation.CaseProposalRepository.Row> list =
                robot.lookup("#proposalList").queryAs(javafx.scene.control.ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> list.getItems().size() == 2
                && list.getSelectionModel().getSelectedItem() != null);
        assertThat(robot.lookup("#correctionTitle").queryAs(Label.class).getText()).isEqualTo("更正案件信息");

        robot.interact(() -> list.getSelectionModel().select(list.getItems().stream()
                .filter(row -> row.id().equals(raise)).findFirst().orElseThrow()));
        ConsoleFixture.reveal(robot, "#adoptButton");
        robot.clickOn("#adoptButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#deskMessageLabel").queryAs(Label.class).getText()
                .equals("已采纳：案件 BYTJ20261201-0007 的风险等级改为 红色（高）。"));

        robot.interact(() -> list.getSelectionModel().select(list.getItems().stream()
                .filter(row -> row.id().equals(retype)).findFirst().orElseThrow()));
        ConsoleFixture.reveal(robot, "#declineButton");
        robot.clickOn("#declineButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#deskMessageLabel").queryAs(Label.class).getText()
                .equals("不采纳时请写明理由。"));
        robot.clickOn("#declineNoteField").write("楼上住户自装管道漏水，仍属邻里纠纷");
        robot.clickOn("#declineButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#deskMessageLabel").queryAs(Label.class).getText()
                .equals("已答复不采纳：案件 BYTJ20261201-0007。"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#proposalReminder")
                .queryAs(javafx.scene.control.ToggleButton.class).getText().equals("更正建议 0"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().isEmpty());
        assertThat(list.getItems()).as("the case has left the reminder's list, nothing of it is shown").isEmpty();
        console.stop();
        console = null;
        try (Database database = Database.open(databasePath)) {
            var dispute = database.dsl().selectFrom(DISPUTE).fetchSingle();
            assertThat(dispute.getRiskLevel()).isEqualTo("RED");
            assertThat(dispute.getDisputeType()).isEqualTo("NEIGHBOUR");
            assertThat(dispute.getSyncState()).as("the corrected case goes to the city").isEqualTo("PENDING");
            assertThat(database.dsl().select(CASE_PROPOSAL.DECISION_NOTE).from(CASE_PROPOSAL).where(CASE_PROPOSAL.ID.eq(retype))
                    .fetchOne(CASE_PROPOSAL.DECISION_NOTE)).isEqualTo("楼上住户自装管道漏水，仍属邻里纠纷");
            assertThat(database.dsl().selectFrom(SYNC_OUTBOX).where(SYNC_OUTBOX.ENTITY_KIND.eq("PROPOSAL")).fetch())
                    .extracting(row -> row.getMutationKind() + " " + row.getEntityId())
                    .containsExactlyInAnyOrder("RESOLVE " + raise, "RESOLVE " + retype);
        }
    }
}
