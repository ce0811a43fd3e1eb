package cn.zongzhi.auth;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * Locks the screen after a spell without input (a seat left with a citizen's details open), and unlocks it
 * with the signed-in account's password, through the same sign-in rules (wrong attempts count, lockout).
 */
public final class ScreenLockViewModel {
    private final AccountService accounts;
    private final Operator operator;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final ZoneId zone;
    private final Duration idleLimit;
    private final BooleanProperty locked = new SimpleBooleanProperty(false);
    private final StringProperty message = new SimpleStringProperty("");
    private Instant lastActivity;

    /** {@code idleLimit} zero or negative: never lock by itself. */
    public ScreenLockViewModel(AccountService accounts, Operator operator, BackgroundRunner runner, Messages messages,
                               ZoneId zone, Duration idleLimit, Instant now) {
        this.accounts = accounts;
        this.operator = operator;
        this.runner = runner;
        this.messages = messages;
        this.zone = zone;
        this.idleLimit = idleLimit;
        this.lastActivity = now;
    }

    /** A key press or mouse movement: the spell without input starts again. */
    public void touch(Instant now) {
        if (!locked.get()) {
            lastActivity = now;
        }
    }

    /** Called every second: locks once the spell without input reaches the limit. */
    public void check(Instant now) {
        if (!locked.get() && !idleLimit.isZero() && !idleLimit.isNegative()
                && !Duration.between(lastActivity, now).minus(idleLimit).isNegative()) {
            lockNow();
        }
    }

    public void lockNow() {
        message.set(messages.text("lock.prompt", operator.displayName()));
        locked.set(true);
    }

    /** Checks the password as signing in does; the array is wiped whatever happens. */
    public void unlock(char[] password, Instant now) {
        runner.write(() -> {
            try {
                return accounts.signIn(operator.username(), password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, signedIn -> {
            lastActivity = now;
            message.set("");
            locked.set(false);
        }, failure -> message.set(failure instanceof AccountException
                ? AccountMessages.describe(failure, messages, zone) : messages.text("common.error.unexpected",
                failure.getClass().getSimpleName())));
    }

    public BooleanProperty lockedProperty() {
        return locked;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public Messages messages() {
        return messages;
    }
}
