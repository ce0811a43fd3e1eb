package cn.zongzhi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "console", description = "Open the operator console (the default when no command is given).")
final class ConsoleCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        return launch(main);
    }

    int launch(Main options) {
        throw new UserError("console not wired yet");
    }
}
