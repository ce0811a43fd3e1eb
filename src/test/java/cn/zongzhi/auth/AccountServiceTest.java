package cn.zongzhi.auth;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static cn.zongzhi.db.jooq.Tables.AUDIT_LOG;
import static cn.zongzhi.db.jooq.Tables.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountServiceTest {
    @TempDir
    Path folder;

    private Database database;
    private MutableClock clock;
    private AccountService accounts;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        clock = new MutableClock(Instant.parse("2026-11-23T01:00:00Z"));
        accounts = new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static AccountService.NewAccount account(String username, String password, String repeated) {
        return new AccountService.NewAccount(username, "张敏", password.toCharArray(), repeated.toCharArray());
    }

    @Test
    void aNewDatabaseAsksForItsFirstAdministratorAndOnlyOnce() {
        assertThat(accounts.needsFirstAdministrator()).isTrue();

        Operator admin = accounts.createFirstAdministrator(account("admin", "Sehr-geheim-1", "Sehr-geheim-1"),
                "440111-DEMO", "440111000000");

        assertThat(admin.role()).isEqualTo(Role.ADMINISTRATOR);
        assertThat(accounts.needsFirstAdministrator()).isFalse();
        var row = database.dsl().selectFrom(OPERATOR).fetchSingle();
        assertThat(row.getPasswordHash()).startsWith("$argon2id$").doesNotContain("Sehr-geheim-1");
        assertThat(row.getDisplayName()).isEqualTo("张敏");
        assertThatThrownBy(() -> accounts.createFirstAdministrator(account("second", "Another-pass-2", "Another-pass-2"),
                "440111-DEMO", null))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.ADMINISTRATOR_EXISTS));
        assertThat(database.dsl().fetchCount(OPERATOR)).isEqualTo(1);
    }

    @Test
    void refusesBadAccountsWithTheReasonAndWritesNothing() {
        assertReason(account("1admin", "long-enough-1", "long-enough-1"), AccountException.Reason.USERNAME_INVALID);
        assertReason(account("admin", "short", "short"), AccountException.Reason.PASSWORD_TOO_SHORT);
        assertReason(account("admin", "long-enough-1", "long-enough-2"), AccountException.Reason.PASSWORDS_DIFFER);
        assertReason(new AccountService.NewAccount("admin", "  ", "long-enough-1".toCharArray(),
                "long-enough-1".toCharArray()), AccountException.Reason.DISPLAY_NAME_MISSING);
        assertThat(database.dsl().fetchCount(OPERATOR)).isZero();
    }

    private void assertReason(AccountService.NewAccount account, AccountException.Reason reason) {
        assertThatThrownBy(() -> accounts.createFirstAdministrator(account, "440111-DEMO", null))
                .isInstanceOfSatisfying(AccountException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void signsInCaseInsensitivelyByNameAndAuditsIt() {
        accounts.createFirstAdministrator(account("admin", "Sehr-geheim-1", "Sehr-geheim-1"), "440111-DEMO", null);

        Operator signedIn = accounts.signIn("ADMIN", "Sehr-geheim-1".toCharArray());

        assertThat(signedIn.username()).isEqualTo("admin");
        assertThat(database.dsl().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.SEQ).fetch(AUDIT_LOG.ACTION))
                .containsExactly("ACCOUNT_CREATED", "SIGN_IN");
    }

    @Test
    void locksTheAccountAfterFiveWrongPasswordsUntilTheLockoutEnds() {
        accounts.createFirstAdministrator(account("admin", "Sehr-geheim-1", "Sehr-geheim-1"), "440111-DEMO", null);

        for (int attempt = 1; attempt < AccountService.MAX_FAILED_ATTEMPTS; attempt++) {
            assertThatThrownBy(() -> accounts.signIn("admin", "wrong-password".toCharArray()))
                    .isInstanceOfSatisfying(AccountException.class,
                            e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.WRONG_CREDENTIALS));
        }
        assertThatThrownBy(() -> accounts.signIn("admin", "wrong-password".toCharArray()))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.LOCKED));
        // Even the right password is refused while locked.
        assertThatThrownBy(() -> accounts.signIn("admin", "Sehr-geheim-1".toCharArray()))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.LOCKED));

        clock.advance(AccountService.LOCKOUT.plusSeconds(1));

        assertThat(accounts.signIn("admin", "Sehr-geheim-1".toCharArray()).username()).isEqualTo("admin");
    }

    @Test
    void anUnknownUserGetsTheSameAnswerAsAWrongPassword() {
        assertThatThrownBy(() -> accounts.signIn("nobody", "whatever-123".toCharArray()))
                .isInstanceOfSatisfying(AccountException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccountException.Reason.WRONG_CREDENTIALS));
    }
}
