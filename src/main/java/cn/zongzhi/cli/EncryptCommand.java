package cn.zongzhi.cli;

import cn.zongzhi.db.Database;
import cn.zongzhi.db.DatabaseKey;
import org.h2.tools.ChangeFileEncryption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

@Command(name = "encrypt", description = {
        "Encrypt the database file at rest (AES) with the key in a key file; the console must be closed.",
        "Afterwards start the console and every command with ZONGZHI_DB_KEY_FILE=FILE (or -Dzongzhi.db.keyFile=FILE).",
        "Keep the key file away from the database and its backups: without it the data cannot be read."})
final class EncryptCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "a file whose first line is the key (16+ characters)")
    Path keyFile;

    @Override
    public Integer call() throws SQLException {
        Path databaseFile = DatabaseOption.resolve(main);
        String text = databaseFile.toAbsolutePath().toString();
        Path file = Path.of(text.endsWith(".mv.db") ? text : text + ".mv.db");
        if (!Database.exists(databaseFile)) {
            throw new UserError("no database at " + file + " (数据库文件不存在)");
        }
        if (DatabaseKey.isEncrypted(file)) {
            throw new UserError("the database is already encrypted (数据库已经加密)");
        }
        char[] key = DatabaseKey.read(keyFile);
        // Opening once checks that no console holds the file and that every migration is in place first.
        Databases.openForCommand(databaseFile).close();
        String name = file.getFileName().toString().replaceFirst("\\.mv\\.db$", "");
        ChangeFileEncryption.execute(file.getParent().toString(), name, "AES", null, key, true);
        java.util.Arrays.fill(key, '\0');
        spec.commandLine().getOut().println("已加密 " + file + "；今后请设置 ZONGZHI_DB_KEY_FILE=" + keyFile.toAbsolutePath()
                + " 后再启动 (encrypted; set ZONGZHI_DB_KEY_FILE before starting)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
