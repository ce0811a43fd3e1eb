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

    // ---- the administrator's account list ---------------------------------------------------------------

    public java.util.List<OperatorRepository.Account> accounts(Operator administrator) {
        Access.require(administrator, Permission.ACCOUNT_MANAGE);
        return new OperatorRepository(dsl).accounts(OffsetDateTime.now(clock));
    }

    /** Creates an account of any role, in an office and an area subtree; the administrator sets the first password. */
    public Operator createAccount(NewAccount account, Role role, String areaCode, Operator administrator) {
        Access.require(administrator, Permission.ACCOUNT_MANAGE);
        validate(account);
        String hash = hasher.hash(account.password());
        return dsl.transactionResult(configuration -> {
            OperatorRepository operators = new OperatorRepository(configuration.dsl());
            if (operators.usernameTaken(account.username())) {
                throw new AccountException(AccountException.Reason.USERNAME_TAKEN);
            }
            Operator operator = new Operator(Ids.newId(), account.username(), account.displayName().trim(), role,
                    administrator.officeCode(), blankToNull(areaCode));
            OffsetDateTime now = OffsetDateTime.now(clock);
            operators.insert(operator, hash, now);
            new AuditRepository(configuration.dsl()).append(new AuditEntry(now, administrator.id(), administrator.displayName(),
                    "ACCOUNT_CREATED", "operator", operator.id().toString(), "role=" + role + "; area=" + operator.areaCode()));
            return operator;
        });
    }

    /**
     * Sets a new password for an account (it was forgotten, or the account was locked). The administrator
     * types it and tells the person; the old one is never shown, since only its hash is kept.
     */
    public void resetPassword(java.util.UUID accountId, char[] password, char[] repeated, Operator administrator) {
        Access.require(administrator, Permission.ACCOUNT_MANAGE);
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new AccountException(AccountException.Reason.PASSWORD_TOO_SHORT);
        }
        if (!Arrays.equals(password, repeated)) {
            throw new AccountException(AccountException.Reason.PASSWORDS_DIFFER);
        }
        String hash = hasher.hash(password);
        dsl.transaction(configuration -> {
            OperatorRepository operators = new OperatorRepository(configuration.dsl());
            Operator account = operators.find(accountId).orElseThrow(() -> new AccountException(AccountException.Reason.NOT_FOUND));
            operators.setPassword(accountId, hash);
            new AuditRepository(configuration.dsl()).append(new AuditEntry(OffsetDateTime.now(clock), administrator.id(),
                    administrator.displayName(), "PASSWORD_RESET", "operator", account.id().toString(), null));
        });
    }

    /** Switches an account off (it can no longer sign in) or on again; the last administrator stays on. */
    public void setActive(java.util.UUID accountId, boolean active, Operator administrator) {
        Access.require(administrator, Permission.ACCOUNT_MANAGE);
        dsl.transaction(configuration -> {
            OperatorRepository operators = new OperatorRepository(configuration.dsl());
            Operator account = operators.find(accountId).orElseThrow(() -> new AccountException(AccountException.Reason.NOT_FOUND));
            if (!active && account.role() == Role.ADMINISTRATOR && operators.countActiveAdministrators() <= 1) {
                throw new AccountException(AccountException.Reason.LAST_ADMINISTRATOR);
            }
            operators.setActive(accountId, active);
            new AuditRepository(configuration.dsl()).append(new AuditEntry(OffsetDateTime.now(clock), administrator.id(),
                    administrator.displayName(), active ? "ACCOUNT_ENABLED" : "ACCOUNT_DISABLED", "operator",
                    account.id().toString(), null));
        });
    }

    /** Gives an account another role or area; the last administrator keeps the role. */
    public void changeRole(java.util.UUID accountId, Role role, String areaCode, Operator administrator) {
        Access.require(administrator, Permission.ACCOUNT_MANAGE);
        dsl.transaction(configuration -> {
            OperatorRepository operators = new OperatorRepository(configuration.dsl());
            Operator account = operators.find(accountId).orElseThrow(() -> new AccountException(AccountException.Reason.NOT_FOUND));
            if (account.role() == Role.ADMINISTRATOR && role != Role.ADMINISTRATOR && operators.countActiveAdministrators() <= 1) {
                throw new AccountException(AccountException.Reason.LAST_ADMINISTRATOR);
            }
            operators.setRole(accountId, role, blankToNull(areaCode));
            new AuditRepository(configuration.dsl()).append(new AuditEntry(OffsetDateTime.now(clock), administrator.id(),
                    administrator.displayName(), "ROLE_CHANGED", "operator", account.id().toString(),
                    "role=" + role + "; area=" + blankToNull(areaCode)));
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
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
