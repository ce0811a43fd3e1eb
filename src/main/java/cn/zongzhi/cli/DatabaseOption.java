package cn.zongzhi.cli;

import cn.zongzhi.common.AppPaths;

import java.nio.file.Path;

/** Resolves the global {@code --db} option: the given file, or the default database in the user's data folder. */
final class DatabaseOption {
    private DatabaseOption() {
    }

    static Path resolve(Main main) {
        return main != null && main.database != null ? main.database : AppPaths.defaultDatabase();
    }
}
