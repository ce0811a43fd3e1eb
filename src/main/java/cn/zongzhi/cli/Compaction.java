package cn.zongzhi.cli;

import cn.zongzhi.db.Database;

/** The line a command prints after closing its database compacted (Database.closeCompacted). */
final class Compaction {
    private Compaction() {
    }

    static String describe(Database.Compacted compacted) {
        return String.format("database file compacted: %,d MB to %,d MB in %.1f s", megabytes(compacted.bytesBefore()),
                megabytes(compacted.bytesAfter()), compacted.millis() / 1000.0);
    }

    private static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
