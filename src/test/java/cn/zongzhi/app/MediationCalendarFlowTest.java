package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import com.calendarfx.model.Calendar;
import com.calendarfx.model.Entry;
import com.calendarfx.view.CalendarView;
import javafx.scene.control.Label;
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
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/** The receptionist opens the calendar, sees this week's sessions, books one through the form. */
@ExtendWith(ApplicationExtension.class)
class MediationCalendarFlowTest {
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
    void showsTheWeekAndBooksASessionThroughTheForm(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        int sessionsBefore;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(0).withDisputes(120),
                    Progress.NONE);
            sessionsBefore = database.dsl().fetchCount(MEDIATION_SESSION);
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        // The tab's header, not the calendar's own title: a tab not yet shown keeps its content in the scene, invisible.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".tab-header-area .tab").queryAll().size() == 3);
        robot.clickOn(robot.lookup(".tab-header-area .tab").nth(1).queryAs(javafx.scene.Node.class));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#calendarView").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        CalendarView calendar = robot.lookup("#calendarView").queryAs(CalendarView.class);
        // The demo books sessions in the days after each registration: the loaded weeks hold some.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> entries(calendar).size() > 0);
        assertThat(calendar.getCalendarSources().get(0).getName()).isEqualTo("调解员");
        assertThat(calendar.getCalendarSources().get(1).getCalendars().get(0).isReadOnly()).as("holidays").isTrue();

        // A Monday three weeks ahead, when the demo has nothing booked.
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalDate monday = LocalDate.now(zone).plusWeeks(3).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        robot.clickOn("#bookButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#bookingPane").query().isVisible());
        robot.clickOn("#disputeBox").type(KeyCode.DOWN).type(KeyCode.ENTER);
        robot.doubleClickOn("#datePicker .text-field").eraseText(12)
                .write(monday.getYear() + "/" + monday.getMonthValue() + "/" + monday.getDayOfMonth()).type(KeyCode.ENTER);
        robot.doubleClickOn("#startField").eraseText(8).write("10:00").type(KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#roomBox").type(KeyCode.DOWN).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#mediatorBox").queryComboBox().getValue() != null);
        robot.clickOn("#confirmBookingButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#bookingPane").query().isVisible());
        String message = robot.lookup("#messageLabel").queryAs(Label.class).getText();
        assertThat(message).startsWith("已预约：").contains(monday.getMonthValue() + "月" + monday.getDayOfMonth() + "日 10:00–11:30");
        // Seen under Xvfb: the calendar stayed on this week, and the session just booked was nowhere to be seen.
        assertThat(calendar.getDate()).as("the calendar shows the day booked").isEqualTo(monday);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> entries(calendar).stream()
                .anyMatch(entry -> entry.getStartAsLocalDateTime().equals(monday.atTime(10, 0))));

        try (Database database = Database.open(databasePath)) {
            assertThat(database.dsl().fetchCount(MEDIATION_SESSION)).isEqualTo(sessionsBefore + 1);
            var booked = database.dsl().selectFrom(MEDIATION_SESSION).where(MEDIATION_SESSION.STARTS_AT.eq(
                    monday.atTime(10, 0).atZone(zone).toOffsetDateTime())).fetchSingle();
            assertThat(booked.getEndsAt().atZoneSameInstant(zone).toLocalDateTime()).isEqualTo(monday.atTime(11, 30));
            assertThat(booked.getStatus()).isEqualTo("SCHEDULED");
            String caseNo = database.dsl().select(DISPUTE.CASE_NO).from(DISPUTE).where(DISPUTE.ID.eq(booked.getDisputeId()))
                    .fetchOne(DISPUTE.CASE_NO);
            assertThat(message).contains(caseNo);
        }
    }

    /** Seen under Xvfb: the desk had no way to book its case; the calendar's form opened on no case. */
    @Test
    void theDeskOpensTheBookingFormOnItsSelectedCase(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        LocalDate cancelledDay;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "desk1", "陈晓敏");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(0).withDisputes(120),
                    Progress.NONE);
            // One session to come called off, to see how the calendar draws it.
            var toCancel = database.dsl().selectFrom(MEDIATION_SESSION).where(MEDIATION_SESSION.STATUS.eq("SCHEDULED"))
                    .orderBy(MEDIATION_SESSION.STARTS_AT).limit(1).fetchSingle();
            database.dsl().update(MEDIATION_SESSION).set(MEDIATION_SESSION.STATUS, "CANCELLED")
                    .where(MEDIATION_SESSION.ID.eq(toCancel.getId())).execute();
            cancelledDay = toCancel.getStartsAt().atZoneSameInstant(ZoneId.of("Asia/Shanghai")).toLocalDate();
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "desk1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#disputeTable").tryQuery()
                .map(node -> node.isVisible() && !((javafx.scene.control.TableView<?>) node).getItems().isEmpty()).orElse(false));
        javafx.scene.control.TableView<cn.zongzhi.mediation.DisputeRepository.Summary> table =
                robot.lookup("#disputeTable").queryTableView();
        var chosen = table.getItems().get(table.getItems().size() - 1);
        robot.interact(() -> table.getSelectionModel().select(chosen));
        robot.clickOn("#bookCaseButton");

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#bookingPane").query().isVisible()
                && robot.lookup("#disputeBox").queryComboBox().getValue() != null);
        javafx.scene.control.TabPane tabs = robot.lookup("#mediationTabs").queryAs(javafx.scene.control.TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedIndex()).as("the calendar's tab is in front").isEqualTo(1);
        var dispute = (cn.zongzhi.mediation.SessionRepository.OpenDispute) robot.lookup("#disputeBox").queryComboBox().getValue();
        assertThat(dispute.caseNo()).isEqualTo(chosen.caseNo());

        // Seen under Xvfb: a cancelled session was drawn magenta (CalendarFX's colour for a style it does not know),
        // the loudest entry of the day, where it should be grey.
        CalendarView calendar = robot.lookup("#calendarView").queryAs(CalendarView.class);
        robot.interact(() -> calendar.setDate(cancelledDay));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".mediation-cancelled-entry").tryQuery()
                .map(javafx.scene.Node::isVisible).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.layout.Region cancelledEntry = robot.lookup(".mediation-cancelled-entry").queryAs(javafx.scene.layout.Region.class);
        assertThat(cancelledEntry.getBackground().getFills().get(0).getFill()).isEqualTo(javafx.scene.paint.Color.web("#eef0f2"));
    }

    private static List<Entry<?>> entries(CalendarView view) {
        return view.getCalendarSources().stream().flatMap(source -> source.getCalendars().stream())
                .filter(calendar -> !calendar.isReadOnly())
                .flatMap(calendar -> ((Calendar) calendar).findEntries("").stream()).toList();
    }
}
