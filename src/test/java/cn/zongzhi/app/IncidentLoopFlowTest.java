package cn.zongzhi.app;

import cn.zongzhi.auth.AccountService;
import cn.zongzhi.auth.PasswordHasher;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seat operator's whole loop with the keyboard alone: sign in, open the queue, take a call, accept,
 * dispatch, start, resolve, verify, close with the citizen's rating; then the history in the database.
 */
@ExtendWith(ApplicationExtension.class)
class IncidentLoopFlowTest {
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
    void takesACallFromIntakeToClosedWithSatisfactionByKeyboard(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC())
                    .createFirstAdministrator(new AccountService.NewAccount("seat1", "李娜", "long-enough-1".toCharArray(),
                            "long-enough-1".toCharArray()), "440111-DEMO", "440111000000");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(60).withDisputes(0),
                    Progress.NONE);
        }
        FxToolkit.setupStage(Stage::close);
        console = new Console(new ConsoleOptions(folder, databasePath, "zh", 0, 0), Clock.systemDefaultZone(),
                new FxBackgroundRunner(), DemoWiring::loader);
        FxToolkit.setupStage(console::start);

        waitFor(robot, "#signInButton");
        robot.write("seat1").type(KeyCode.TAB).write("long-enough-1").type(KeyCode.ENTER);
        waitFor(robot, "#mapButton");
        shortcut(robot, KeyCode.CONTROL, KeyCode.DIGIT2);
        waitFor(robot, "#incidentTable");
        // Nothing shown yet: the buttons that act on the shown incident are off.
        assertThat(robot.lookup("#toDisputeButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#correctButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#noteButton").queryButton().isDisabled()).isTrue();

        shortcut(robot, KeyCode.CONTROL, KeyCode.N);
        waitFor(robot, "#titleField");
        // Channel (12345 preselected) → name → phone → category by code → title → text → address → lon → lat.
        robot.type(KeyCode.TAB).write("王先生").type(KeyCode.TAB).write("13800001234").type(KeyCode.TAB)
                .write("0101").type(KeyCode.TAB).write("景泰直街垃圾堆积").type(KeyCode.TAB).write("三天无人清运")
                .type(KeyCode.TAB).write("景泰直街12号");
        shortcut(robot, KeyCode.CONTROL, KeyCode.ENTER);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> detailHeading(robot).contains("景泰直街垃圾堆积"));
        assertThat(robot.lookup("#titleField").tryQuery()).as("the form closes once saved").isEmpty();
        assertThat(detailHeading(robot)).contains("待受理");

        // The title was taken down short: corrected in the detail pane (更正信息), saved with Ctrl+Enter.
        ConsoleFixture.reveal(robot, "#correctButton");
        robot.clickOn("#correctButton");
        waitFor(robot, "#correctionTitleField");
        robot.interact(() -> robot.lookup("#correctionTitleField").queryAs(javafx.scene.control.TextField.class).selectAll());
        robot.write("景泰直街东段垃圾堆积");
        shortcut(robot, KeyCode.CONTROL, KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> detailHeading(robot).contains("景泰直街东段垃圾堆积"));
        assertThat(robot.lookup("#correctionForm").query().isVisible()).as("the form closes once saved").isFalse();
        // The history lists the correction by field, in Chinese, never the values.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#historyList")
                .queryAs(javafx.scene.control.ListView.class).getItems().stream()
                .anyMatch(event -> ((cn.zongzhi.incidents.IncidentEvent) event).action() == cn.zongzhi.incidents.IncidentAction.EDIT));
        assertThat(robot.lookup(".list-cell").queryAll().stream().map(cell -> ((javafx.scene.control.Labeled) cell).getText())
                .filter(text -> text != null && text.contains("更正信息")).toList())
                .singleElement().asString().contains("标题").doesNotContain("景泰直街东段")
                .as("a correction keeps the status: no arrow to it").doesNotContain("→");

        // A note (添加备注): an empty one is refused in words and the form stays open; then Ctrl+Enter saves it.
        ConsoleFixture.reveal(robot, "#noteButton");
        robot.clickOn("#noteButton");
        waitFor(robot, "#noteArea");
        shortcut(robot, KeyCode.CONTROL, KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#errorLabel").queryLabeled().getText().contains("备注不能为空"));
        assertThat(robot.lookup("#noteForm").query().isVisible()).isTrue();
        robot.clickOn("#noteArea").write("已电话回访反映人，约定明早清运");
        shortcut(robot, KeyCode.CONTROL, KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#historyList")
                .queryAs(javafx.scene.control.ListView.class).getItems().stream()
                .anyMatch(event -> ((cn.zongzhi.incidents.IncidentEvent) event).action() == cn.zongzhi.incidents.IncidentAction.NOTE));
        assertThat(robot.lookup("#noteForm").query().isVisible()).as("the form closes once saved").isFalse();
        // The keyboard is back in the queue, so the step keys below work at once.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#incidentTable").query().isFocused());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".list-cell").queryAll().stream()
                .map(cell -> ((javafx.scene.control.Labeled) cell).getText())
                .anyMatch(text -> text != null && text.contains("添加备注") && text.contains("已电话回访反映人，约定明早清运")));

        act(robot, KeyCode.A, null, "已立案");
        act(robot, KeyCode.D, null, "已派遣");
        act(robot, KeyCode.S, null, "处置中");
        act(robot, KeyCode.R, "已清运完毕", "已办结");
        act(robot, KeyCode.V, null, "已核查");
        // The return visit: no rating is chosen for the operator, so Enter alone is refused and the form stays.
        shortcut(robot, KeyCode.ALT, KeyCode.C);
        waitFor(robot, "#ratingBox");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#errorLabel").queryLabeled().getText().contains("请选择群众评价"));
        assertThat(robot.lookup("#actionForm").query().isVisible()).isTrue();
        assertThat(detailHeading(robot)).contains("（已核查）");
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> detailHeading(robot).contains("（已结案）"));

        try (Database database = Database.open(databasePath)) {
            var incident = database.dsl().selectFrom(INCIDENT).where(INCIDENT.TITLE.contains("景泰直街东段垃圾堆积")).fetchSingle();
            assertThat(incident.getTitle()).isEqualTo("景泰直街东段垃圾堆积");
            assertThat(incident.getDescription()).isEqualTo("三天无人清运");
            assertThat(incident.getAddress()).isEqualTo("景泰直街12号");
            assertThat(incident.getReporterName()).isEqualTo("王先生");
            assertThat(incident.getReporterPhone()).isEqualTo("13800001234");
            assertThat(incident.getStatus()).isEqualTo("CLOSED");
            assertThat(incident.getSatisfaction()).isEqualTo("SATISFIED");
            assertThat(incident.getCategoryCode()).isEqualTo("0101");
            assertThat(incident.getDepartmentCode()).isEqualTo("BY-HW");
            assertThat(incident.getDueAt()).isNotNull();
            assertThat(incident.getResultNote()).isEqualTo("已清运完毕");
            assertThat(database.dsl().select(INCIDENT_EVENT.ACTION).from(INCIDENT_EVENT)
                    .where(INCIDENT_EVENT.INCIDENT_ID.eq(incident.getId()))
                    .orderBy(INCIDENT_EVENT.OCCURRED_AT, INCIDENT_EVENT.HLC).fetch(INCIDENT_EVENT.ACTION))
                    .containsExactly("REPORT", "EDIT", "NOTE", "ACCEPT", "DISPATCH", "START", "RESOLVE", "VERIFY", "CLOSE");
            assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG,
                    cn.zongzhi.db.jooq.Tables.AUDIT_LOG.ACTION.eq("EDIT"))).as("the correction is audited").isEqualTo(1);
            assertThat(database.dsl().select(INCIDENT_EVENT.OPERATOR_NAME).from(INCIDENT_EVENT)
                    .where(INCIDENT_EVENT.INCIDENT_ID.eq(incident.getId())).fetch(INCIDENT_EVENT.OPERATOR_NAME))
                    .containsOnly("李娜");
        }
    }

    /** Presses Alt+key on the selected incident, answers a dialog if one opens, waits for the new status. */
    private static void act(FxRobot robot, KeyCode key, String typed, String expectedStatus) throws Exception {
        shortcut(robot, KeyCode.ALT, key);
        // Either the action is done at once or its inline form opens (it may wait for a background read, such
        // as the departments to dispatch to): wait for one of the two rather than guessing.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> detailHeading(robot).contains("（" + expectedStatus + "）")
                || robot.lookup("#actionForm").tryQuery().map(Node::isVisible).orElse(false));
        if (robot.lookup("#actionForm").tryQuery().map(Node::isVisible).orElse(false)) {
            if (typed != null) {
                robot.write(typed);
            }
            robot.type(KeyCode.ENTER);
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> detailHeading(robot).contains("（" + expectedStatus + "）"));
    }

    private static String detailHeading(FxRobot robot) {
        return robot.lookup("#detailTitleLabel").queryAs(Label.class).getText();
    }

    private static void shortcut(FxRobot robot, KeyCode modifier, KeyCode key) {
        robot.press(modifier).type(key).release(modifier);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup(query).tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
