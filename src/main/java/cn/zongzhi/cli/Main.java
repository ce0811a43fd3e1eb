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

    /** Runs a command line and returns its exit code; user mistakes print a message, never a stack trace. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
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
