package cn.zongzhi.db;

/** Told of each schema migration as it starts: a large file can take minutes, and a start-up screen should say why. */
@FunctionalInterface
public interface DatabaseUpgradeListener {
    DatabaseUpgradeListener NONE = (step, steps, description) -> { };

    /** Migration {@code step} of {@code steps} (both from 1) is starting; {@code description} is its file's words. */
    void migrating(int step, int steps, String description);
}
