package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import javafx.scene.Node;
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

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call half typed survives the keys that used to lose it: Ctrl+N, a stray Esc (it asks, 继续填写 first), and a
 * look at another section (the form is put aside and comes back). An empty form still closes on Esc at once.
 */
@ExtendWith(ApplicationExtension.class)
class IntakeFormKeptFlowTest {
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
    void aCallBeingTypedIsNotLostByCtrlNEscOrASectionChange(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(5).withDisputes(0),
                    Progress.NONE);
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        waitFor(robot, "#incidentTable");
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitFor(robot, "#titleField");
        robot.type(KeyCode.TAB).write("赵女士").type(KeyCode.TAB).write("13900002222").type(KeyCode.TAB)
                .type(KeyCode.TAB).write("井盖缺失");
        Node form = robot.lookup("#formRoot").query();

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#formRoot").queryAll()).as("Ctrl+N opens no second form").containsExactly(form);
        assertThat(title(robot)).isEqualTo("井盖缺失");

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#discardPane").query().isVisible()).as("Esc asks first").isTrue();
        assertThat(robot.lookup("#keepEditingButton").query().isFocused()).as("继续填写 is the default").isTrue();
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#discardPane").query().isVisible()).isFalse();
        assertThat(form.getScene()).isNotNull();
        assertThat(robot.lookup("#titleField").query().isFocused()).as("back where the operator was").isTrue();
        robot.type(KeyCode.ESCAPE).type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(form.getScene()).as("a second Esc answers 继续填写, it does not discard").isNotNull();
        assertThat(robot.lookup("#discardPane").query().isVisible()).isFalse();

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> form.getScene() == null);
        assertThat(robot.lookup("#incidentsButton").query().getPseudoClassStates())
                .anyMatch(state -> state.getPseudoClassName().equals("kept-form"));
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> form.getScene() != null);
        assertThat(title(robot)).as("the form comes back as it was").isEqualTo("井盖缺失");

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> form.getScene() == null);
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> form.getScene() != null);
        assertThat(title(robot)).as("Ctrl+N elsewhere leads back to the call").isEqualTo("井盖缺失");

        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#discardButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> form.getScene() == null);
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitFor(robot, "#titleField");
        assertThat(title(robot)).as("a new, empty form").isEmpty();
        Node empty = robot.lookup("#formRoot").query();
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> empty.getScene() == null);

        try (Database database = Database.open(databasePath)) {
            assertThat(database.dsl().fetchCount(INCIDENT, INCIDENT.TITLE.eq("井盖缺失"))).isZero();
        }
    }

    private static String title(FxRobot robot) {
        return robot.lookup("#titleField").queryAs(TextField.class).getText();
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup(query).tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
