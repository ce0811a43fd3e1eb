package cn.zongzhi.cli;

import cn.zongzhi.db.Database;

import java.nio.file.Path;

/** Opening the database from a command, with the mistakes a person makes said plainly. */
final class Databases {
    private Databases() {
    }

    /** Opens an existing database; a missing file or one held by a running console is a user error, not a trace. */
    static Database openForCommand(Path path) {
        if (!Database.exists(path)) {
            throw new UserError("no database at " + path + " (数据库文件不存在)");
        }
        try {
            return Database.open(path);
        } catch (cn.zongzhi.db.DatabaseKeyException keyProblem) {
            throw keyProblem;
        } catch (RuntimeException e) {
            if (Database.isLockedByAnotherProcess(e)) {
                throw new UserError("the database " + path + " is open in a running console; close the console first"
                        + " (数据库正被运行中的工作台使用，请先关闭工作台)");
            }
            throw e;
        }
    }

    /** Opens the city server's database for an administrator's command; one held by a running server is said plainly. */
    static cn.zongzhi.server.ServerDatabase openServerForCommand(String url, Path dataFolder) {
        try {
            return cn.zongzhi.server.ServerDatabase.open(url, dataFolder);
        } catch (RuntimeException e) {
            if (Database.isLockedByAnotherProcess(e)) {
                throw new UserError("the server's database under " + dataFolder + " is open in a running `zongzhi serve`;"
                        + " stop the server first, or give the server a PostgreSQL database (--db-url), which both can use"
                        + " (服务器数据库正被运行中的服务器使用，请先停止服务器)");
            }
            throw e;
        }
    }
}
