package cn.zongzhi.db;

/**
 * An older database file was not upgraded, and is as the previous build left it: either the upgrade failed and the
 * file was put back from its copy, or there was no room on the disk for the copy and the upgrade was not started.
 * Opening it again tries again.
 */
public final class DatabaseUpgradeException extends RuntimeException {
    private final long neededMegabytes;
    private final long freeMegabytes;

    DatabaseUpgradeException(Throwable cause) {
        super("the database schema upgrade failed and the file was put back as it was before it: " + cause.getMessage(), cause);
        this.neededMegabytes = 0;
        this.freeMegabytes = 0;
    }

    DatabaseUpgradeException(long neededMegabytes, long freeMegabytes) {
        super("no room to copy the database before upgrading it: " + neededMegabytes + " MB needed, " + freeMegabytes
                + " MB free; nothing was changed");
        this.neededMegabytes = neededMegabytes;
        this.freeMegabytes = freeMegabytes;
    }

    /** Whether the upgrade never started for want of disk space (then {@link #neededMegabytes} says how much). */
    public boolean noRoomForTheCopy() {
        return neededMegabytes > 0;
    }

    public long neededMegabytes() {
        return neededMegabytes;
    }

    public long freeMegabytes() {
        return freeMegabytes;
    }

    /** What went wrong, in the migration's own words. */
    public String reason() {
        return getCause() == null ? getMessage() : getCause().getMessage();
    }
}
