package cn.zongzhi.cli;

import cn.zongzhi.db.Database;

/** The line a command prints after closing its database compacted (Database.closeCompacted). */
final class Compaction {
    private Compaction() {
    }

    static String describe(Database.Compacted compacted) {
        return "database file compacted: " + compacted.describe();
    }
}
