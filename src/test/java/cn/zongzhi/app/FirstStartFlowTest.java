package cn.zongzhi.app;

import cn.zongzhi.db.Database;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
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
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's first minutes, headless: the console finds no database, asks for the administrator, loads the
 * demo district, and the operator moves around the shell with the keyboard.
 */
@ExtendWith(ApplicationExtension.class)
class FirstStartFlowTest {
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

    private void start(String language) throws Exception {
        FxToolkit.setupStage(Stage::close);
        console = new Console(new ConsoleOptions(folder, folder.resolve("zongzhi"), language, 400, 20),
                Clock.systemDefaultZone(), new FxBackgroundRunner(), DemoWiring::loader);
        FxToolkit.setupStage(console::start);
    }

    @Test
    void firstStartCreatesTheAdministratorLoadsTheDemoAndNavigates(FxRobot robot) throws Exception {
        start("zh");
        waitFor(robot, "#displayNameField");

        robot.clickOn("#displayNameField").write("张敏");
        robot.clickOn("#passwordField").write("Baiyun-2026!");
        robot.clickOn("#passwordRepeatField").write("Baiyun-2026!");
        assertThat(robot.lookup("#demoCheckBox").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isTrue();
        robot.type(KeyCode.ENTER);

        waitFor(robot, "#mapView");
        cn.zongzhi.gridmap.OfflineMapView map = robot.lookup("#mapView").queryAs(cn.zongzhi.gridmap.OfflineMapView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> map.mapSceneProperty().get().features(cn.zongzhi.gridmap.FeatureKind.TOWN).size() == 24);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#mapStatusLabel").queryAs(Label.class).getText().startsWith("1,652 个综合网格，8,494 个微网格"));
        assertThat(robot.lookup("#operatorLabel").queryAs(Label.class).getText()).contains("张敏").contains("系统管理员");
        assertThat(robot.lookup("#demoLabel").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#mapButton").queryAs(ToggleButton.class).isSelected()).isTrue();

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#incidentsButton").queryAs(ToggleButton.class).isSelected()).isTrue();
        waitFor(robot, "#incidentTable");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#statusLabel").queryAs(Label.class).getText().matches("共 [\\d,]+ 件.*"));

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        waitFor(robot, "#disputeTable");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT4).release(KeyCode.CONTROL);
        // The dashboard computes its figures in the background; the demo's month has intake to count.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#kpi-accepted").tryQuery().isPresent());
        assertThat(robot.lookup("#kpi-accepted .kpi-label").queryAs(Label.class).getText()).isEqualTo("立案数");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT5).release(KeyCode.CONTROL);
        // A fresh installation is not enrolled: the sync screen and the status bar say so, and no round runs.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#stateLabel").tryQuery()
                .map(label -> ((Label) label).getText().equals("未注册到市级服务器")).orElse(false));
        assertThat(robot.lookup("#syncLabel").queryAs(Label.class).getText()).isEqualTo("同步：未注册到市级服务器");
        assertThat(robot.lookup("#syncNowButton").query().isDisabled()).isTrue();

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT6).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#settingsButton").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(robot.lookup("#settingsGrid").queryAll()).hasSize(1);

        Database database = console.database();
        assertThat(database.dsl().fetchCount(OPERATOR)).isEqualTo(1);
        assertThat(database.dsl().fetchCount(ADMIN_AREA, ADMIN_AREA.LEVEL.eq("COMMUNITY"))).isEqualTo(404);
        assertThat(database.dsl().fetchCount(INCIDENT)).isEqualTo(400);
    }

    @Test
    void aWrongPasswordIsRefusedWithAReasonAndTheRightOneOpensTheShell(FxRobot robot) throws Exception {
        start("en");
        waitFor(robot, "#displayNameField");
        robot.clickOn("#displayNameField").write("Zhang Min");
        robot.clickOn("#demoCheckBox");
        robot.clickOn("#passwordField").write("short");
        robot.clickOn("#passwordRepeatField").write("short");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#errorLabel").queryAs(Label.class).getText().contains("at least 10"));
        assertThat(console.database().dsl().fetchCount(OPERATOR)).isZero();

        // Without the demo the form asks which office this installation serves, offered as the settings have it.
        assertThat(robot.lookup("#officeCodeField").queryAs(javafx.scene.control.TextField.class).getText()).isEqualTo("440111-DEMO");
        replaceText(robot, "#officeCodeField", "TOWN-440111004");
        replaceText(robot, "#officeNameField", "Jingtai Street centre");
        replaceText(robot, "#officeAreaField", "440111004");
        replaceText(robot, "#casePrefixField", "JT");
        robot.doubleClickOn("#passwordField").eraseText(5).write("long-enough-1");
        robot.doubleClickOn("#passwordRepeatField").eraseText(5).write("long-enough-1");
        robot.type(KeyCode.ENTER);
        waitFor(robot, "#mapButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#officeLabel").queryAs(Label.class).getText()
                .contains("Jingtai Street centre (TOWN-440111004)"));
        var installation = new cn.zongzhi.office.InstallationRepository(console.database().dsl()).find().orElseThrow();
        assertThat(installation.areaCode()).isEqualTo("440111004000");
        assertThat(installation.casePrefixOr("BY")).isEqualTo("JT");
        console.stop();

        // Second start on the same database: the sign-in screen, not the set-up screen.
        start("en");
        waitFor(robot, "#signInButton");
        robot.clickOn("#usernameField").write("admin");
        robot.clickOn("#passwordField").write("wrong-password");
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#errorLabel").queryAs(Label.class).getText().equals("Wrong user name or password."));
        robot.clickOn("#passwordField").write("long-enough-1");
        robot.type(KeyCode.ENTER);
        waitFor(robot, "#mapButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#mapStatusLabel").queryAs(Label.class).getText()
                .startsWith("No grids or area boundaries in the database yet"));
        assertThat(robot.lookup("#baseMapNote").queryAs(Label.class).getText()).isEqualTo("Offline map (no Google Maps key configured)");
    }

    private static void replaceText(FxRobot robot, String query, String text) {
        robot.clickOn(query).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text);
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            return robot.lookup(query).tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false);
        });
        // Let the new screen's first layout pass finish before the robot reads the scene graph from this thread.
        WaitForAsyncUtils.waitForFxEvents();
    }
}
