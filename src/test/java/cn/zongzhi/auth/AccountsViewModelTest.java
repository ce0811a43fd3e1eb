package cn.zongzhi.auth;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.TestOperators;
import cn.zongzhi.auditlog.AuditLogService;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The administrator's account list, and the audit trail it leaves for supervisors. */
class AccountsViewModelTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;
    private Database database;
    private AccountService accounts;
    private Operator administrator;

    @BeforeEach
    void installation() {
        database = TestDatabases.fresh(folder);
        accounts = new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC());
        administrator = accounts.createFirstAdministrator(new AccountService.NewAccount("admin", "管理员",
                "long-enough-1".toCharArray(), "long-enough-1".toCharArray()), "440111-DEMO", "440111000000");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AccountsViewModel model(Operator who) {
        return new AccountsViewModel(accounts, who, new SameThreadRunner(), Messages.forLanguage("zh"), ZONE);
    }

    @Test
    void theAdministratorCreatesResetsAndSwitchesOffAccounts() {
        AccountsViewModel model = model(administrator);
        model.refresh();
        assertThat(model.rows()).hasSize(1);

        model.usernameProperty().set("seat1");
        model.displayNameProperty().set("李娜");
        model.roleProperty().set(Role.SEAT_OPERATOR);
        model.areaCodeProperty().set("440111004000");
        char[] password = "seat-password-1".toCharArray();
        model.create(password, "seat-password-1".toCharArray());
        assertThat(model.messageProperty().get()).isEqualTo("已新建账号 seat1（座席员）");
        assertThat(password).as("the typed password is wiped").containsOnly('\0');
        assertThat(model.rows()).hasSize(2);
        Operator seat = accounts.signIn("seat1", "seat-password-1".toCharArray());
        assertThat(seat.role()).isEqualTo(Role.SEAT_OPERATOR);
        assertThat(seat.areaCode()).isEqualTo("440111004000");

        model.usernameProperty().set("seat1");
        model.displayNameProperty().set("另一个");
        model.create("another-pass-1".toCharArray(), "another-pass-1".toCharArray());
        assertThat(model.messageProperty().get()).isEqualTo("该用户名已被使用。");

        // Five wrong passwords lock the account; a reset by the administrator lifts the lock.
        for (int i = 0; i < AccountService.MAX_FAILED_ATTEMPTS; i++) {
            assertThatThrownBy(() -> accounts.signIn("seat1", "wrong-password".toCharArray())).isInstanceOf(AccountException.class);
        }
        model.refresh();
        model.selectedProperty().set(model.rows().stream().filter(row -> row.operator().username().equals("seat1")).findFirst().orElseThrow());
        assertThat(model.state(model.selectedProperty().get())).isEqualTo("已锁定");
        model.resetPassword("short".toCharArray(), "short".toCharArray());
        assertThat(model.messageProperty().get()).isEqualTo("密码至少需要 10 个字符。");
        model.resetPassword("fresh-password-2".toCharArray(), "fresh-password-2".toCharArray());
        assertThat(model.messageProperty().get()).startsWith("已重置 seat1 的密码");
        assertThat(accounts.signIn("seat1", "fresh-password-2".toCharArray()).username()).isEqualTo("seat1");

        model.toggleActive();
        assertThat(model.messageProperty().get()).isEqualTo("已停用 seat1");
        assertThatThrownBy(() -> accounts.signIn("seat1", "fresh-password-2".toCharArray())).isInstanceOf(AccountException.class);

        // The last administrator cannot lock everyone out.
        model.selectedProperty().set(model.rows().stream().filter(row -> row.operator().username().equals("admin")).findFirst().orElseThrow());
        model.toggleActive();
        assertThat(model.messageProperty().get()).isEqualTo("这是最后一个在用的管理员账号，不能停用或改为其他角色。");
        model.roleProperty().set(Role.SUPERVISOR);
        model.changeRole();
        assertThat(model.messageProperty().get()).isEqualTo("这是最后一个在用的管理员账号，不能停用或改为其他角色。");

        // Every step is in the audit log, which only supervisors and administrators may read; no password in it.
        AuditLogService log = new AuditLogService(database.dsl(), ZONE);
        assertThatThrownBy(() -> log.entries(null, null, null, null, seat)).isInstanceOf(AccessDenied.class);
        var trail = log.entries(null, null, null, null, TestOperators.of(Role.SUPERVISOR));
        assertThat(trail).extracting(row -> row.action()).contains("ACCOUNT_CREATED", "SIGN_IN_LOCKED", "PASSWORD_RESET", "ACCOUNT_DISABLED");
        assertThat(trail).noneMatch(row -> row.detail() != null && row.detail().contains("password"));
        assertThat(log.entries(null, "PASSWORD_RESET", null, null, administrator)).hasSize(1);
        assertThat(log.verify(administrator).intact()).isTrue();
    }

    @Test
    void otherRolesSeeARefusalAndNoAccounts() {
        AccountsViewModel model = model(TestOperators.of(Role.SUPERVISOR));
        model.refresh();
        assertThat(model.allowed()).isFalse();
        assertThat(model.rows()).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo("您的角色无权管理账号。");
        assertThatThrownBy(() -> accounts.resetPassword(administrator.id(), "x-password-9".toCharArray(), "x-password-9".toCharArray(),
                TestOperators.of(Role.SUPERVISOR))).isInstanceOf(AccessDenied.class);
    }
}
