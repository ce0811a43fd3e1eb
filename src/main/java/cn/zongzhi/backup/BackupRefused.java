package cn.zongzhi.backup;

/** A backup or restore that cannot go ahead; {@code key} names the message the user reads, with its arguments. */
public final class BackupRefused extends RuntimeException {
    private final String key;
    private final transient Object[] arguments;

    public BackupRefused(String key, Object... arguments) {
        super(key);
        this.key = key;
        this.arguments = arguments;
    }

    public String key() {
        return key;
    }

    public Object[] arguments() {
        return arguments;
    }
}
