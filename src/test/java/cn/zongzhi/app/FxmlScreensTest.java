package cn.zongzhi.app;

import cn.zongzhi.auth.AccountService;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.PasswordHasher;
import cn.zongzhi.common.SameThreadRunner;
import javafx.scene.Parent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every screen's FXML loads with the real bundles and the real controllers, in both languages. */
class FxmlScreensTest {
    @TempDir
    Path folder;

    private Console console;

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        if (console != null) {
            console.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh", "en"})
    void everyScreenLoads(String language) throws Exception {
        console = new Console(new ConsoleOptions(folder, folder.resolve("db"), language, 10, 2),
                Clock.systemDefaultZone(), new SameThreadRunner(), DemoWiring::loader);
        console.openDatabase();
        Operator admin = new AccountService(console.database().dsl(), new PasswordHasher(1024, 1, 1), Clock.systemDefaultZone())
                .createFirstAdministrator(new AccountService.NewAccount("admin", "测试管理员",
                        "long-enough-1".toCharArray(), "long-enough-1".toCharArray()), "440111-DEMO", null);
        console.useOperator(admin);

        for (Screen screen : Screen.values()) {
            Parent root = WaitForAsyncUtils.asyncFx(() -> console.loader().load(screen).root()).get();
            assertThat(root).as(screen.name()).isNotNull();
            assertThat(root.getStylesheets()).as(screen + " stylesheet").isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Screen.class)
    void everyScreenHasItsFxmlOnTheClasspath(Screen screen) {
        assertThat(Screen.class.getResource(screen.resource())).as(screen.resource()).isNotNull();
    }
}
