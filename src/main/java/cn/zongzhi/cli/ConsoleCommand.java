package cn.zongzhi.cli;

import cn.zongzhi.app.ZongzhiApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "console", description = "Open the operator console (the default when no command is given).")
final class ConsoleCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--lang", paramLabel = "zh|en", description = "Language of the console (default: zh, or ui.language in the settings)")
    String language;

    @Override
    public Integer call() {
        return launch(main);
    }

    int launch(Main options) {
        ZongzhiApp.launchConsole(options.database, language);
        return 0;
    }
}
