package cn.zongzhi.cli;

/** A mistake in what the user asked for: reported as one clear line and a non-zero exit, without a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
