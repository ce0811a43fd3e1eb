package cn.zongzhi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The one entry point of the distribution: {@code bin/zongzhi [--db PATH] [command]}; no command opens the console. */
@Command(name = "zongzhi",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "综治中心工作台 Zongzhi Console",
        subcommands = {
                ConsoleCommand.class,
                DeadlineCommand.class,
                ImportCommand.class,
                LocateCommand.class,
                IdCheckCommand.class,
                DemoCommand.class,
                ExportCommand.class,
                BenchCommand.class,
                AuditCommand.class,
                BackupCommand.class,
                RestoreCommand.class,
                EncryptCommand.class,
                ReportCommand.class,
                ServeCommand.class,
                OfficeCommand.class,
                EnrollCommand.class,
                SyncCommand.class,
                ReferenceCommand.class,
                VersionCommand.class,
        })
public final class Main implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "H2 database file (default: zongzhi.mv.db in the user's data folder)")
    Path database;

    @Override
    public Integer call() {
        return new ConsoleCommand().launch(this);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * The command tree, every subcommand with -h/--help: given here once rather than on each command's annotation
     * (mixinStandardHelpOptions), so a command added later cannot be without it; -V/--version stays the top's.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        withHelp(commandLine);
        return commandLine;
    }

    private static void withHelp(CommandLine parent) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (!spec.optionsMap().containsKey("--help")) {
                spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help message and exit.").build());
            }
            withHelp(sub);
        }
    }

    /** Runs a command line and returns its exit code; user mistakes print a message, never a stack trace. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof UserError) {
                line.getErr().println(line.getColorScheme().errorText("错误 error: " + exception.getMessage()));
                return 2;
            }
            if (exception instanceof cn.zongzhi.db.DatabaseKeyException keyProblem) {
                line.getErr().println(line.getColorScheme().errorText("错误 error: " + keyProblem.sentence()));
                return 2;
            }
            throw exception;
        });
        return commandLine.execute(args);
    }
}
