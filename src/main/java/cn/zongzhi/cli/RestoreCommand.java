package cn.zongzhi.cli;

import cn.zongzhi.backup.BackupRefused;
import cn.zongzhi.backup.BackupRepository;
import cn.zongzhi.backup.BackupService;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "restore", description = {
        "Replace the database with a checked backup. The console must be closed. The replaced database is kept",
        "beside it as NAME.before-restore-TIME.mv.db. Exit code 0 when restored, 1 when the file is refused."})
final class RestoreCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "a backup made by 'zongzhi backup'")
    Path file;

    @Option(names = "--accept-other-installation",
            description = "restore a backup taken by another installation (another office's or another machine's)")
    boolean acceptOtherInstallation;

    @Override
    public Integer call() {
        Messages messages = Messages.forLanguage("zh");
        PrintWriter out = spec.commandLine().getOut();
        Path databaseFile = DatabaseOption.resolve(main);
        Path file = Path.of(databaseFile.toString().endsWith(".mv.db") ? databaseFile.toString() : databaseFile + ".mv.db");
        UUID current = null;
        if (Database.exists(databaseFile)) {
            try (Database database = Database.open(databaseFile)) {
                current = new BackupRepository(database.dsl()).replicaId();
            } catch (RuntimeException e) {
                if (Database.isLockedByAnotherProcess(e)) {
                    throw new UserError("the console is running on " + file + "; close it before restoring"
                            + " (工作台正在使用该数据库，请先关闭工作台再恢复)");
                }
                throw e;
            }
        }
        try {
            Path kept = new BackupService(Clock.systemUTC()).restore(this.file, file, current, acceptOtherInstallation);
            out.println(messages.text("backup.restored", this.file, file));
            if (kept != null) {
                out.println(messages.text("backup.kept", kept));
            }
            out.flush();
            return 0;
        } catch (BackupRefused refused) {
            spec.commandLine().getErr().println(messages.text(refused.key(), refused.arguments()));
            return 1;
        }
    }
}
