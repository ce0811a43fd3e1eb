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

    /** Scrolls the scroll pane that holds the node so the node is in view, as a user would before clicking it. */
    static void reveal(FxRobot robot, String query) {
        javafx.scene.Node node = robot.lookup(query).query();
        robot.interact(() -> {
            for (javafx.scene.Parent up = node.getParent(); up != null; up = up.getParent()) {
                if (up instanceof javafx.scene.control.ScrollPane scroll && scroll.getContent() != null) {
                    javafx.scene.Node content = scroll.getContent();
                    double y = content.sceneToLocal(node.localToScene(0, 0)).getY();
                    double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                    if (room > 0) {
                        scroll.setVvalue(Math.max(0, Math.min(1, (y - 20) / room)));
                    }
                    return;
                }
            }
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the label shows exactly this text (45 s), saying what it shows instead when it never does. */
    static void waitForText(FxRobot robot, String query, String text) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(45, TimeUnit.SECONDS, () -> robot.lookup(query).tryQuery()
                    .map(node -> text.equals(((javafx.scene.control.Label) node).getText())).orElse(false));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(query + " never showed \"" + text + "\"; it shows \"" + robot.lookup(query).tryQuery()
                    .map(node -> ((javafx.scene.control.Label) node).getText()).orElse("(nothing)") + "\"", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }
}
