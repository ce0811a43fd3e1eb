package cn.zongzhi;

import cn.zongzhi.db.Database;

import java.nio.file.Path;

/** A real H2 file database under a test's temporary folder, migrated like a user's. */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static Database fresh(Path folder) {
        return Database.open(folder.resolve("zongzhi-test"));
    }
}
