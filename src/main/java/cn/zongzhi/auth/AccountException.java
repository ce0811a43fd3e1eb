package cn.zongzhi.auth;

import java.time.OffsetDateTime;

/** A refused account action; the reason maps to a message in the user's language. */
public final class AccountException extends RuntimeException {
    public enum Reason {
        USERNAME_INVALID,
        USERNAME_TAKEN,
        DISPLAY_NAME_MISSING,
        PASSWORD_TOO_SHORT,
        PASSWORDS_DIFFER,
        ADMINISTRATOR_EXISTS,
        WRONG_CREDENTIALS,
        LOCKED,
        NOT_FOUND,
        LAST_ADMINISTRATOR
    }

    private final Reason reason;
    private final OffsetDateTime lockedUntil;

    public AccountException(Reason reason) {
        this(reason, null);
    }

    public AccountException(Reason reason, OffsetDateTime lockedUntil) {
        super(reason.name(), null, false, false);
        this.reason = reason;
        this.lockedUntil = lockedUntil;
    }

    public Reason reason() {
        return reason;
    }

    public OffsetDateTime lockedUntil() {
        return lockedUntil;
    }
}
