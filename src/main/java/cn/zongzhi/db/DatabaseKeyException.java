package cn.zongzhi.db;

/** The database and its key do not go together; {@code problem} says how, for a message in the user's words. */
public final class DatabaseKeyException extends RuntimeException {
    public enum Problem {
        /** The file is encrypted and no key is configured. */
        KEY_MISSING,
        /** A key is configured but the file is not encrypted (encrypt it first, or remove the key setting). */
        NOT_ENCRYPTED,
        /** The key does not open the file. */
        WRONG_KEY,
        KEY_FILE_UNREADABLE,
        KEY_TOO_SHORT
    }

    private final Problem problem;

    public DatabaseKeyException(Problem problem, String where) {
        super(problem + ": " + where);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** A sentence for the command line, in Chinese and English. */
    public String sentence() {
        return switch (problem) {
            case KEY_MISSING -> "数据库已加密，请用 ZONGZHI_DB_KEY_FILE（或 -Dzongzhi.db.keyFile）指定密钥文件"
                    + " (the database is encrypted; name its key file with ZONGZHI_DB_KEY_FILE)";
            case NOT_ENCRYPTED -> "已设置密钥文件，但数据库未加密：请先运行 zongzhi encrypt，或取消密钥设置"
                    + " (a key is set but the database is not encrypted; run 'zongzhi encrypt' first or unset the key)";
            case WRONG_KEY -> "密钥不正确，无法打开数据库 (the key does not open this database)";
            case KEY_FILE_UNREADABLE -> "无法读取密钥文件 (cannot read the key file) " + getMessage().substring(getMessage().indexOf(':') + 2);
            case KEY_TOO_SHORT -> "密钥至少 " + DatabaseKey.MIN_LENGTH + " 个字符且不含空格 (the key needs at least "
                    + DatabaseKey.MIN_LENGTH + " characters and no spaces)";
        };
    }
}
