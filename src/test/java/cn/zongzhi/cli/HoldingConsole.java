package cn.zongzhi.cli;

import cn.zongzhi.backup.BackupMailbox;
import cn.zongzhi.backup.BackupService;
import cn.zongzhi.common.Messages;
import cn.zongzhi.db.Database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Another process that holds the database open the way the console does (H2's file lock) and answers backup
 * requests through the mailbox as the console does. Run by the tests as a child JVM; ends when killed.
 */
public final class HoldingConsole {
    private HoldingConsole() {
    }

    public static void main(String[] args) throws Exception {
        Database database = Database.open(Path.of(args[0]));
        BackupService backups = new BackupService(Clock.systemUTC());
        new BackupMailbox(database.file()).serveEverySecond(out -> backups.create(database, out).summary(Messages.forLanguage("zh")),
                failure -> failure.printStackTrace());
        Files.writeString(Path.of(args[1]), "ready");
        // Held until the test ends the process.
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
