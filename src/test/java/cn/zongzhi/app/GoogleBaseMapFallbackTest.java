package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import com.sun.net.httpserver.HttpServer;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Google key is configured and the probe answers (a loopback server stands in for Google's host), so the
 * console really builds GMapsFX's web view; the script itself cannot load here (no internet), which is the
 * "Can't find variable: google" case. The console must stay on the offline map, say why in one line, and
 * let no exception reach the operator.
 */
@ExtendWith(ApplicationExtension.class)
class GoogleBaseMapFallbackTest {
    @TempDir
    Path folder;

    private Console console;
    private HttpServer fakeGoogleHost;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        if (console != null) {
            console.stop();
        }
        if (fakeGoogleHost != null) {
            fakeGoogleHost.stop(0);
        }
    }

    @Test
    void staysOnTheOfflineMapWhenTheGoogleScriptCannotLoad(FxRobot robot) throws Exception {
        fakeGoogleHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeGoogleHost.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        fakeGoogleHost.start();
        Files.writeString(folder.resolve("zongzhi.properties"), String.join("\n",
                "map.google.apiKey=not-a-real-key",
                "map.google.probeUrl=http://127.0.0.1:" + fakeGoogleHost.getAddress().getPort() + "/maps/api/js",
                "map.google.timeoutSeconds=8", ""));

        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(200).withDisputes(0),
                    Progress.NONE);
        }
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        java.util.List<Throwable> escaped = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            escaped.add(failure);
            failure.printStackTrace();
        });
        try {
            console = ConsoleFixture.start(folder, databasePath);
            ConsoleFixture.signIn(robot, "seat1");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> note(robot).contains("谷歌底图加载失败"));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> text(robot, "#mapStatusLabel").contains("综合网格"));
            assertThat(robot.lookup(".google-base-map").tryQuery()).as("the failed web view is gone").isEmpty();
            assertThat(note(robot)).doesNotContain("not-a-real-key").startsWith("离线地图");
            assertThat(escaped).as("no exception left the map").isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static String note(FxRobot robot) {
        return text(robot, "#baseMapNote");
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(node -> ((Labeled) node).getText()).orElse("");
    }
}
