package cn.zongzhi.cli;

import cn.zongzhi.backup.BackupMailbox;
import cn.zongzhi.backup.BackupManifest;
import cn.zongzhi.backup.BackupRefused;
import cn.zongzhi.backup.BackupService;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "backup", description = {
        "Make a consistent backup of the database (works while the console is running: the console takes it),",
        "or check a backup file without restoring it. Exit code 0 when done, 1 when the file is refused."})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--out", paramLabel = "FILE", description = "write a backup to FILE (a .zip)")
        Path out;

        @Option(names = "--check", paramLabel = "FILE", description = "check a backup file: ours, whole, opens, rows and audit chain intact")
        Path check;
    }

    @Override
    public Integer call() throws Exception {
        Messages messages = Messages.forLanguage("zh");
        PrintWriter out = spec.commandLine().getOut();
        BackupService backups = new BackupService(Clock.systemUTC());
        Path databaseFile = DatabaseOption.resolve(main);
        if (what.check != null) {
            Path scratch = Files.createTempDirectory("zongzhi-check-");
            try {
                BackupManifest manifest = backups.check(what.check, null, true, scratch);
                out.println(messages.text("backup.checked", what.check, describe(manifest)));
                out.flush();
                return 0;
            } catch (BackupRefused refused) {
                return refused(refused, messages);
            } finally {
                try (var paths = Files.walk(scratch)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
        if (!Database.exists(databaseFile)) {
            throw new UserError("no database at " + databaseFile + " (数据库文件不存在)");
        }
        Database database;
        try {
            database = Database.open(databaseFile);
        } catch (RuntimeException e) {
            if (!Database.isLockedByAnotherProcess(e)) {
                throw e;
            }
            return askTheConsole(databaseFile, messages, out);
        }
        try (database) {
            BackupManifest manifest = backups.create(database, what.out);
            out.println(messages.text("backup.written", what.out, describe(manifest)));
            out.flush();
            return 0;
        }
    }

    private int askTheConsole(Path databaseFile, Messages messages, PrintWriter out) throws InterruptedException {
        out.println(messages.text("backup.askingConsole"));
        out.flush();
        var answer = new BackupMailbox(Path.of(databaseFile.toString().endsWith(".mv.db") ? databaseFile.toString()
                : databaseFile + ".mv.db")).ask(what.out, Duration.ofSeconds(15), Duration.ofMinutes(30));
        if (answer.isEmpty()) {
            throw new UserError("the database is in use but no console answered; close the program that holds it and try again"
                    + " (数据库被占用，但没有工作台响应备份请求)");
        }
        if (!answer.get().done()) {
            spec.commandLine().getErr().println(messages.text(answer.get().text().lines().findFirst().orElse("backup.refused.failed"), ""));
            return 1;
        }
        out.println(messages.text("backup.writtenByConsole", what.out, answer.get().text()));
        out.flush();
        return 0;
    }

    private int refused(BackupRefused refused, Messages messages) {
        spec.commandLine().getErr().println(messages.text(refused.key(), refused.arguments()));
        return 1;
    }

    static String describe(BackupManifest manifest) {
        return manifest.summary(Messages.forLanguage("zh"));
    }
}
