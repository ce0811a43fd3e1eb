package cn.zongzhi.app;

import cn.zongzhi.auth.AccountService;
import cn.zongzhi.auth.PasswordHasher;
import cn.zongzhi.db.Database;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** What the headless flow tests share: an operator in the database, a started console, signing in. */
final class ConsoleFixture {
    static final String PASSWORD = "long-enough-1";

    private ConsoleFixture() {
    }

    /** The first administrator, with a fast hash so tests do not spend seconds on Argon2. */
    static void createOperator(Database database, String userName, String displayName) {
        new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC())
                .createFirstAdministrator(new AccountService.NewAccount(userName, displayName, PASSWORD.toCharArray(),
                        PASSWORD.toCharArray()), "440111-DEMO", "440111000000");
    }

    /** Starts the console on the database (data folder {@code folder}, Chinese) in a fresh stage. */
    static Console start(Path folder, Path databasePath) throws Exception {
        FxToolkit.setupStage(Stage::close);
        Console console = new Console(new ConsoleOptions(folder, databasePath, "zh", 0, 0), Clock.systemDefaultZone(),
                new FxBackgroundRunner(), DemoWiring::loader);
        FxToolkit.setupStage(console::start);
        return console;
    }

    /** Signs in at the login screen and waits for the shell. */
    static void signIn(FxRobot robot, String userName) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#signInButton").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.write(userName).type(KeyCode.TAB).write(PASSWORD).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#mapButton").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }
}
