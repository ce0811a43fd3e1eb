package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.mediation.SessionRepository;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receptionist's whole chain: register a dispute with two parties, book its session (which assigns the
 * mediator), see a conflicting booking refused, record the agreement, print the agreement as PDF.
 */
@ExtendWith(ApplicationExtension.class)
class MediationChainFlowTest {
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

    /**
     * Today, or the last working day before it, on which the demo booked nothing: the session is entered as one
     * that has been held (only a session whose day has come may be recorded as held, step 4), and nothing but
     * step 3's booking may collide with it.
     */
    private static LocalDate lastWorkingDayWithoutSessions(Database database) {
        cn.zongzhi.calendar.WorkingCalendar days = cn.zongzhi.calendar.BundledHolidays.calendar();
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        LocalDate day = LocalDate.now(shanghai);
        while (!days.isWorkingDay(day) || database.dsl().fetchExists(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION,
                cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.STARTS_AT.between(
                        day.atStartOfDay(shanghai).toOffsetDateTime(), day.plusDays(1).atStartOfDay(shanghai).toOffsetDateTime()))) {
            day = day.minusDays(1);
        }
        return day;
    }

    @Test
    @SuppressWarnings("unchecked")
    void fromRegistrationToThePrintedAgreement(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        LocalDate sessionDay;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(0).withDisputes(3),
                    Progress.NONE);
            // Another open case, to collide with.
            new cn.zongzhi.mediation.DisputeService(database.dsl(), new cn.zongzhi.common.HybridClock(Clock.systemUTC()),
                    Clock.systemUTC(), ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY", cn.zongzhi.TestOperators.receptionist()).register(
                    new cn.zongzhi.mediation.DisputeService.NewDispute("CONTRACT", "PARTY_APPLICATION", "PEOPLES", null,
                            "货款纠纷", "YELLOW", null, null, java.util.List.of(
                            new cn.zongzhi.mediation.DisputeService.NewParty("APPLICANT", "PERSON", "王五", null, null, null, null),
                            new cn.zongzhi.mediation.DisputeService.NewParty("RESPONDENT", "PERSON", "赵六", null, null, null, null))));
            sessionDay = lastWorkingDayWithoutSessions(database);
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#registerButton").match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());

        // 1. Register, two parties.
        robot.clickOn("#registerButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#intakeBackdrop").query().isVisible());
        robot.clickOn("#typeBox").type(KeyCode.DOWN).type(KeyCode.DOWN).type(KeyCode.ENTER);
        robot.clickOn("#summaryArea").write("邻居装修噪音扰民");
        robot.clickOn("#partyName0").write("张三");
        robot.clickOn("#partyId0").write("110102199101010078");
        robot.clickOn("#partyName1").write("李四");
        robot.clickOn("#saveDisputeButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#intakeBackdrop").query().isVisible());
        String caseNo = robot.lookup("#deskMessageLabel").queryAs(Label.class).getText().replaceAll("^已登记：([^，]+)，.*$", "$1");
        assertThat(caseNo).startsWith("BYTJ");

        // 2. Book its session on the calendar: the first booking assigns the mediator.
        robot.clickOn(robot.lookup(".tab-header-area .tab").nth(1).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#bookButton").tryQuery().map(Node::isVisible).orElse(false));
        String date = sessionDay.getYear() + "/" + sessionDay.getMonthValue() + "/" + sessionDay.getDayOfMonth();
        robot.clickOn("#bookButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#bookingPane").query().isVisible());
        ComboBox<SessionRepository.OpenDispute> disputes = robot.lookup("#disputeBox").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> disputes.getItems().stream().anyMatch(d -> d.caseNo().equals(caseNo)));
        robot.interact(() -> disputes.setValue(disputes.getItems().stream().filter(d -> d.caseNo().equals(caseNo)).findFirst().orElseThrow()));
        robot.doubleClickOn("#datePicker .text-field").eraseText(12).write(date).type(KeyCode.ENTER);
        robot.doubleClickOn("#startField").eraseText(8).write("10:00").type(KeyCode.TAB);
        robot.clickOn("#roomBox").type(KeyCode.DOWN).type(KeyCode.ENTER);
        ComboBox<SessionRepository.Mediator> mediators = robot.lookup("#mediatorBox").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> mediators.getValue() != null);
        SessionRepository.Mediator mediator = mediators.getValue();
        robot.clickOn("#confirmBookingButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#bookingPane").query().isVisible());

        // 3. Another dispute, same mediator, same time: refused, and the reason is named.
        robot.clickOn("#bookButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#bookingPane").query().isVisible());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> disputes.getItems().size() > 1);
        robot.interact(() -> disputes.setValue(disputes.getItems().stream().filter(d -> !d.caseNo().equals(caseNo)).findFirst().orElseThrow()));
        robot.doubleClickOn("#datePicker .text-field").eraseText(12).write(date).type(KeyCode.ENTER);
        robot.doubleClickOn("#startField").eraseText(8).write("10:30").type(KeyCode.TAB);
        robot.interact(() -> mediators.setValue(mediator));
        robot.clickOn("#confirmBookingButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#conflictsLabel").queryAs(Label.class).getText()
                .contains("调解员已有安排：" + mediator.name()));
        assertThat(robot.lookup("#conflictsLabel").queryAs(Label.class).getText()).contains(caseNo);
        robot.clickOn("取消");

        // 4. Back at the desk: record the agreement, print it.
        robot.clickOn(robot.lookup(".tab-header-area .tab").nth(0).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#disputeTable").query().isVisible());
        javafx.scene.control.TableView<cn.zongzhi.mediation.DisputeRepository.Summary> table =
                robot.lookup("#disputeTable").queryAs(javafx.scene.control.TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(row -> row.caseNo().equals(caseNo)));
        int index = table.getItems().stream().map(cn.zongzhi.mediation.DisputeRepository.Summary::caseNo).toList().indexOf(caseNo);
        robot.interact(() -> table.getSelectionModel().select(index));
        Label deskMessage = robot.lookup("#deskMessageLabel").queryAs(Label.class);

        // The session it had: record how it went and its minutes.
        javafx.scene.control.ListView<SessionRepository.SessionMinutes> sessions = robot.lookup("#sessionList").queryAs(javafx.scene.control.ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> sessions.getItems().size() == 1
                && sessions.getSelectionModel().getSelectedItem() != null);
        assertThat(robot.lookup("#dueLabel").queryAs(Label.class).getText()).startsWith("调解期限：").contains("还剩");
        ConsoleFixture.reveal(robot, "#minutesArea");
        robot.clickOn("#minutesArea").write("双方到场。张三陈述噪音情况，李四同意夜间停工。");
        ConsoleFixture.reveal(robot, "#saveMinutesButton");
        robot.clickOn("#saveMinutesButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> deskMessage.getText().equals("已保存 " + caseNo + " 的调解记录（已调解）"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> sessions.getItems().size() == 1
                && sessions.getItems().get(0).minutes() != null);

        // The parties agree to more time: without the note it is refused, with it the limit moves.
        ConsoleFixture.reveal(robot, "#extensionDaysField");
        robot.doubleClickOn("#extensionDaysField").eraseText(4).write("10");
        ConsoleFixture.reveal(robot, "#extendButton");
        robot.clickOn("#extendButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> deskMessage.getText().contains("同意"));
        ConsoleFixture.reveal(robot, "#extensionNoteField");
        robot.clickOn("#extensionNoteField").write("双方当庭口头同意延期十日");
        ConsoleFixture.reveal(robot, "#extendButton");
        robot.clickOn("#extendButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> deskMessage.getText().startsWith("已延长 " + caseNo + " 的调解期限至"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#dueLabel").queryAs(Label.class).getText()
                .matches("(?s).*已延期：\\d{4}-\\d{2}-\\d{2} \\+10: 双方当庭口头同意延期十日.*"));

        ConsoleFixture.reveal(robot, "#termsArea");
        robot.clickOn("#termsArea").write("李四夜间停止施工并赔礼道歉");
        ConsoleFixture.reveal(robot, "#recordOutcomeButton");
        robot.clickOn("#recordOutcomeButton");
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#deskMessageLabel").queryAs(Label.class).getText()
                    .startsWith("已结案（达成协议）：" + caseNo));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("desk says: " + robot.lookup("#deskMessageLabel").queryAs(Label.class).getText(), e);
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream().noneMatch(row -> row.caseNo().equals(caseNo)));
        robot.clickOn("#showClosedBox");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(row -> row.caseNo().equals(caseNo)));
        int closedIndex = table.getItems().stream().map(cn.zongzhi.mediation.DisputeRepository.Summary::caseNo).toList().indexOf(caseNo);
        robot.interact(() -> table.getSelectionModel().select(closedIndex));
        // The 30-day window for judicial confirmation is open; the parties went to the court's desk.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#confirmationLabel").queryAs(Label.class).getText()
                .startsWith("司法确认申请期限："));
        ConsoleFixture.reveal(robot, "#confirmationButton");
        robot.clickOn("#confirmationButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> deskMessage.getText().equals("已记录：" + caseNo + " 当事人已申请司法确认"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#confirmationLabel").queryAs(Label.class).getText()
                .startsWith("已于 "));
        ConsoleFixture.reveal(robot, "#printButton");
        robot.clickOn("#printButton").clickOn("调解协议书");
        Path pdf = folder.resolve("documents").resolve(caseNo + "-人民调解协议书.pdf");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(pdf));
        try (var document = Loader.loadPDF(pdf.toFile())) {
            assertThat(new PDFTextStripper().getText(document).replaceAll("\\s+", ""))
                    .contains("人民调解协议书", caseNo, "申请人：张三", "李四夜间停止施工并赔礼道歉", "人民调解员" + mediator.name());
        }
        try (Database database = Database.open(databasePath)) {
            var row = database.dsl().selectFrom(DISPUTE).where(DISPUTE.CASE_NO.eq(caseNo)).fetchSingle();
            assertThat(row.getMediatorCode()).isEqualTo(mediator.code());
            assertThat(row.getOutcome()).isEqualTo("AGREEMENT");
            assertThat(row.getExtensionNote()).matches("\\d{4}-\\d{2}-\\d{2} \\+10: 双方当庭口头同意延期十日");
            assertThat(row.getConfirmationApplied()).isEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")));
            var session = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION)
                    .where(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.DISPUTE_ID.eq(row.getId())).fetchSingle();
            assertThat(session.getStatus()).isEqualTo("HELD");
            assertThat(session.getMinutes()).isEqualTo("双方到场。张三陈述噪音情况，李四同意夜间停工。");
        }
    }
}
