package cn.zongzhi.app;

import cn.zongzhi.db.Database;
import cn.zongzhi.office.InstallationRepository;
import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.Enrollments;
import cn.zongzhi.server.ServerDatabase;
import cn.zongzhi.sync.SyncCredentialRepository;
import javafx.scene.Node;
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
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A township's administrator enrolls the running console with the code the city gave, on the sync screen and by
 * keyboard: a wrong code is refused in words and nothing changes; the right one enrolls it, the form goes, and the
 * first round reaches the city at once.
 */
@ExtendWith(ApplicationExtension.class)
class SyncEnrollFlowTest {
    private static final String TOWN = "TOWN-440111004";

    @TempDir
    Path folder;

    private Console console;
    private ServerDatabase serverDatabase;
    private CityServer server;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        if (console != null) {
            console.stop();
        }
        if (server != null) {
            server.close();
        }
        if (serverDatabase != null) {
            serverDatabase.close();
        }
    }

    @Test
    void anAdministratorEnrollsTheRunningConsoleOnTheSyncScreenAndItSyncsAtOnce(FxRobot robot) throws Exception {
        Clock clock = Clock.systemUTC();
        serverDatabase = ServerDatabase.h2(folder.resolve("server"));
        server = CityServer.start(serverDatabase, new CityServer.Listen("127.0.0.1", 0, null, null), clock);
        String code = new Enrollments(serverDatabase, clock).addOffice(TOWN, "景泰街道综治中心", "TOWN", List.of("440111004"));
        String url = "http://127.0.0.1:" + server.port();

        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            new InstallationRepository(database.dsl()).create(UUID.randomUUID(), TOWN, "景泰街道综治中心", "TOWN", "440111004",
                    OffsetDateTime.now(ZoneOffset.UTC));
            ConsoleFixture.createOperator(database, "admin1", "陈静");
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "admin1");
        ConsoleFixture.waitForText(robot, "#syncLabel", "同步：未注册到市级服务器");

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT5).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#enrollBox").tryQuery().map(Node::isVisible).orElse(false));
        ConsoleFixture.waitForText(robot, "#serverLabel", "未注册（在下方填写市级服务器地址和市级中心给的注册码）");

        robot.clickOn("#enrollServerField").write(url).type(KeyCode.TAB).write("AAAA-BBBB-CCCC-DDDD").type(KeyCode.ENTER);
        ConsoleFixture.waitForText(robot, "#messageLabel", "未能注册：注册码不存在，请核对后重新输入");
        assertThat(robot.lookup("#enrollBox").query().isVisible()).isTrue();
        assertThat(new SyncCredentialRepository(console.database().dsl()).find()).isEmpty();

        // The code field still has the focus: the right code replaces the wrong one.
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(code).type(KeyCode.ENTER);
        ConsoleFixture.waitForText(robot, "#officeLabel", TOWN);
        assertThat(robot.lookup("#enrollBox").query().isVisible()).as("enrolled: the form goes").isFalse();
        assertThat(robot.lookup("#messageLabel").queryAs(Label.class).getText()).startsWith("已注册：本单位 " + TOWN);
        assertThat(robot.lookup("#serverLabel").queryAs(Label.class).getText()).isEqualTo(url);
        ConsoleFixture.waitForText(robot, "#syncLabel", "同步：已连接");
        assertThat(new SyncCredentialRepository(console.database().dsl()).find()).hasValueSatisfying(
                credential -> assertThat(credential.officeCode()).isEqualTo(TOWN));
        assertThat(serverDatabase.dsl().fetchCount(org.jooq.impl.DSL.table("installation")))
                .as("the city knows this installation").isEqualTo(1);
    }
}
