package cn.zongzhi.app;

import cn.zongzhi.common.AppPaths;
import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JavaFX application: builds the composition root off the FX thread, then hands it the stage. */
public final class ZongzhiApp extends Application {
    private Console console;

    @Override
    public void init() {
        Map<String, String> named = getParameters().getNamed();
        Path database = named.containsKey("db") ? Path.of(named.get("db")) : AppPaths.defaultDatabase();
        ConsoleOptions options = new ConsoleOptions(AppPaths.dataFolder(), database, named.get("lang"),
                ConsoleOptions.DEFAULT_DEMO_INCIDENTS, ConsoleOptions.DEFAULT_DEMO_DISPUTES);
        console = new Console(options, Clock.systemDefaultZone(), new FxBackgroundRunner(), DemoWiring::loader);
    }

    @Override
    public void start(Stage stage) {
        console.start(stage);
    }

    @Override
    public void stop() {
        console.stop();
    }

    /** Starts the console; called by the command line's {@code console} command. */
    public static void launchConsole(Path database, String language) {
        List<String> arguments = new ArrayList<>();
        if (database != null) {
            arguments.add("--db=" + database.toAbsolutePath());
        }
        if (language != null) {
            arguments.add("--lang=" + language);
        }
        Application.launch(ZongzhiApp.class, arguments.toArray(String[]::new));
    }
}
