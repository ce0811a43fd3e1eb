package cn.zongzhi.auth;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.audit.AuditRepository.AuditEntry;
import cn.zongzhi.common.Ids;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** Accounts: the first administrator of a new installation, and signing in with lockout. */
public final class AccountService {
    static final int MAX_FAILED_ATTEMPTS = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    static final int MIN_PASSWORD_LENGTH = 10;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{2,31}");

    private final DSLContext dsl;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AccountService(DSLContext dsl, PasswordHasher hasher, Clock clock) {
        this.dsl = dsl;
        this.hasher = hasher;
        this.clock = clock;
    }

    public boolean needsFirstAdministrator() {
        return new OperatorRepository(dsl).countActiveAdministrators() == 0;
    }

    /**
     * Creates the installation's first administrator. Refused once one exists, so the set-up screen cannot be
     * replayed to take over an installation.
     */
    public Operator createFirstAdministrator(NewAccount account, String officeCode, String areaCode) {
        validate(account);
        String hash = hasher.hash(account.password());
        return dsl.transactionResult(configuration -> {
            OperatorRepository operators = new OperatorRepository(configuration.dsl());
            if (operators.countActiveAdministrators() > 0) {
                throw new AccountException(AccountException.Reason.ADMINISTRATOR_EXISTS);
            }
            if (operators.usernameTaken(account.username())) {
                throw new AccountException(AccountException.Reason.USERNAME_TAKEN);
            }
            Operator operator = new Operator(Ids.newId(), account.username(), account.displayName().trim(),
                    Role.ADMINISTRATOR, officeCode, areaCode);
            OffsetDateTime now = OffsetDateTime.now(clock);
            operators.insert(operator, hash, now);
            new AuditRepository(configuration.dsl()).append(new AuditEntry(now, operator.id(), operator.displayName(),
                    "ACCOUNT_CREATED", "operator", operator.id().toString(), "role=" + operator.role()));
            return operator;
        });
    }

    public Operator signIn(String username, char[] password) {
        OperatorRepository operators = new OperatorRepository(dsl);
        Optional<OperatorRepository.StoredCredential> found = operators.findCredential(username.trim());
        if (found.isEmpty() || !found.get().active()) {
            // Hash anyway so that an unknown name takes as long as a wrong password.
            hasher.hash(password);
            throw new AccountException(AccountException.Reason.WRONG_CREDENTIALS);
        }
        OperatorRepository.StoredCredential credential = found.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (credential.lockedUntil() != null && credential.lockedUntil().isAfter(now)) {
            throw new AccountException(AccountException.Reason.LOCKED, credential.lockedUntil());
        }
        Operator operator = credential.operator();
        AuditRepository audit = new AuditRepository(dsl);
        if (!hasher.verify(password, credential.passwordHash())) {
            int failures = credential.failedAttempts() + 1;
            boolean lock = failures >= MAX_FAILED_ATTEMPTS;
            operators.recordFailure(operator.id(), lock ? 0 : failures, lock ? now.plus(LOCKOUT) : null);
            audit.append(new AuditEntry(now, operator.id(), operator.displayName(),
                    lock ? "SIGN_IN_LOCKED" : "SIGN_IN_FAILED", "operator", operator.id().toString(), "attempt=" + failures));
            if (lock) {
                throw new AccountException(AccountException.Reason.LOCKED, now.plus(LOCKOUT));
            }
            throw new AccountException(AccountException.Reason.WRONG_CREDENTIALS);
        }
        operators.recordSuccess(operator.id());
        audit.append(new AuditEntry(now, operator.id(), operator.displayName(), "SIGN_IN", "operator",
                operator.id().toString(), null));
        return operator;
    }

    private static void validate(NewAccount account) {
        if (account.username() == null || !USERNAME.matcher(account.username()).matches()) {
            throw new AccountException(AccountException.Reason.USERNAME_INVALID);
        }
        if (account.displayName() == null || account.displayName().isBlank()) {
            throw new AccountException(AccountException.Reason.DISPLAY_NAME_MISSING);
        }
        if (account.password() == null || account.password().length < MIN_PASSWORD_LENGTH) {
            throw new AccountException(AccountException.Reason.PASSWORD_TOO_SHORT);
        }
        if (!Arrays.equals(account.password(), account.passwordRepeated())) {
            throw new AccountException(AccountException.Reason.PASSWORDS_DIFFER);
        }
    }

    public record NewAccount(String username, String displayName, char[] password, char[] passwordRepeated) {
    }
}
