package cn.zongzhi.app;

import cn.zongzhi.db.Database;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl+L hides the whole window behind the password prompt; the right password brings the same screen back. */
@ExtendWith(ApplicationExtension.class)
class ScreenLockFlowTest {
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
    void locksOnCtrlLAndUnlocksWithThePassword(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#registerButton").match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());

        robot.press(KeyCode.CONTROL).type(KeyCode.L).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#unlockPassword").tryQuery().isPresent());
        assertThat(robot.lookup("#mapButton").tryQuery()).as("nothing of the console shows while locked").isEmpty();

        robot.clickOn("#unlockPassword").write("wrong-password").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("用户名或密码不正确。").tryQuery().isPresent());
        assertThat(robot.lookup("#mapButton").tryQuery()).isEmpty();

        robot.clickOn("#unlockPassword").write(ConsoleFixture.PASSWORD).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#registerButton").match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent());
        assertThat(robot.lookup("#unlockPassword").tryQuery()).isEmpty();
    }
}
