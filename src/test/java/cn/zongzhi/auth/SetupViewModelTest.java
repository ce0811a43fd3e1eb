package cn.zongzhi.auth;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The set-up screen's behaviour without the JavaFX toolkit: same-thread runner, real database. */
class SetupViewModelTest {
    @TempDir
    Path folder;

    private Database database;
    private final AtomicReference<Operator> handedOver = new AtomicReference<>();
    private final List<Long> demoSteps = new ArrayList<>();
    private SetupViewModel viewModel;
    private boolean cancelDuringDemo;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        AccountService accounts = new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC());
        DemoDistrictLoader demo = progress -> {
            for (long step = 1; step <= 5; step++) {
                if (cancelDuringDemo && step == 3) {
                    viewModel.cancel();
                }
                progress.checkCancelled();
                demoSteps.add(step);
                progress.step(step, 5, "事件");
            }
        };
        viewModel = new SetupViewModel(accounts, demo, new SameThreadRunner(), Messages.forLanguage("zh"),
                ZoneId.of("Asia/Shanghai"), "440111-DEMO", "440111000000", handedOver::set);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void fill(String password, String repeated) {
        viewModel.displayNameProperty().set("张敏");
        viewModel.passwordProperty().set(password);
        viewModel.passwordRepeatedProperty().set(repeated);
    }

    @Test
    void createsTheAdministratorRunsTheDemoAndHandsOverTheAccount() {
        fill("long-enough-1", "long-enough-1");

        viewModel.create();

        assertThat(handedOver.get()).isNotNull();
        assertThat(handedOver.get().displayName()).isEqualTo("张敏");
        assertThat(demoSteps).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(viewModel.progressProperty().get()).isEqualTo(1.0);
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(viewModel.statusProperty().get()).isEqualTo("完成。");
    }

    @Test
    void aMismatchedPasswordIsExplainedInChineseAndNothingIsHandedOver() {
        fill("long-enough-1", "long-enough-2");

        viewModel.create();

        assertThat(handedOver.get()).isNull();
        assertThat(viewModel.errorProperty().get()).isEqualTo("两次输入的密码不一致。");
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(demoSteps).isEmpty();
    }

    @Test
    void cancellingTheDemoKeepsTheAdministratorAndWhatWasLoaded() {
        cancelDuringDemo = true;
        fill("long-enough-1", "long-enough-1");

        viewModel.create();

        assertThat(demoSteps).containsExactly(1L, 2L);
        assertThat(handedOver.get()).isNotNull();
        assertThat(viewModel.statusProperty().get()).contains("已取消");
    }

    @Test
    void withoutTheDemoNothingIsGenerated() {
        viewModel.loadDemoProperty().set(false);
        fill("long-enough-1", "long-enough-1");

        viewModel.create();

        assertThat(handedOver.get()).isNotNull();
        assertThat(demoSteps).isEmpty();
    }

    private cn.zongzhi.office.InstallationService installations() {
        return new cn.zongzhi.office.InstallationService(database.dsl(), cn.zongzhi.common.AppConfig.defaults(), Clock.systemUTC());
    }

    /** The form as the console builds it: the shipped office offered, the confirmed one written to the installation. */
    private SetupViewModel officeForm(AccountService accounts, cn.zongzhi.office.InstallationService installations) {
        var shipped = installations.ensureInstallation();
        return new SetupViewModel(accounts, progress -> demoSteps.add(0L), new SameThreadRunner(), Messages.forLanguage("zh"),
                ZoneId.of("Asia/Shanghai"), new OfficeDetails(shipped.officeCode(), shipped.officeName(), shipped.officeLevel(),
                shipped.areaCode(), "BY"),
                office -> installations.serve(office.code(), office.name(), office.level(), office.areaCode(), office.casePrefix()),
                handedOver::set);
    }

    /** A real office's first start: the installation serves the office its administrator names, not the shipped one. */
    @Test
    void withoutTheDemoTheInstallationServesTheOfficeTheAdministratorNames() {
        var installations = installations();
        var shipped = installations.ensureInstallation();
        AccountService accounts = new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC());
        SetupViewModel form = officeForm(accounts, installations);
        assertThat(form.asksForOffice()).isTrue();
        assertThat(form.officeProperty().get()).as("offered as shipped").isEqualTo(shipped.officeCode());
        form.loadDemoProperty().set(false);
        form.displayNameProperty().set("张敏");
        form.passwordProperty().set("long-enough-1");
        form.passwordRepeatedProperty().set("long-enough-1");

        form.officeProperty().set("景泰 街道");
        form.create();
        assertThat(form.errorProperty().get()).isEqualTo("单位代码：字母、数字和“-”，2 到 32 个字符。");
        assertThat(handedOver.get()).as("nothing written").isNull();
        assertThat(accounts.needsFirstAdministrator()).isTrue();

        form.officeProperty().set(" TOWN-440111004 ");
        form.officeNameProperty().set("景泰街道综治中心");
        form.officeLevelProperty().set("TOWN");
        form.officeAreaProperty().set("4401110");
        form.create();
        assertThat(form.errorProperty().get()).isEqualTo("辖区区划代码是 6、9 或 12 位数字（区县、镇街或村社区）。");

        form.officeAreaProperty().set("440111004");
        form.casePrefixProperty().set("J1");
        form.create();
        assertThat(form.errorProperty().get()).isEqualTo("案号前缀是 2 到 4 个大写字母，例如 JT。");

        form.casePrefixProperty().set("jt");
        form.create();
        assertThat(form.errorProperty().get()).isEmpty();
        assertThat(handedOver.get()).isNotNull();
        assertThat(handedOver.get().officeCode()).isEqualTo("TOWN-440111004");
        assertThat(handedOver.get().areaCode()).isEqualTo("440111004000");
        assertThat(installations.ensureInstallation()).satisfies(installation -> {
            assertThat(installation.officeCode()).isEqualTo("TOWN-440111004");
            assertThat(installation.officeName()).isEqualTo("景泰街道综治中心");
            assertThat(installation.officeLevel()).isEqualTo("TOWN");
            assertThat(installation.areaCode()).isEqualTo("440111004000");
            assertThat(installation.replicaId()).isEqualTo(shipped.replicaId());
            assertThat(installation.casePrefixOr("BY")).isEqualTo("JT");
        });
        assertThat(demoSteps).isEmpty();
    }

    @Test
    void withTheDemoTheShippedOfficeStands() {
        var installations = installations();
        var shipped = installations.ensureInstallation();
        AccountService accounts = new AccountService(database.dsl(), new PasswordHasher(1024, 1, 1), Clock.systemUTC());
        SetupViewModel form = officeForm(accounts, installations);
        form.officeProperty().set("TOWN-440111004");
        form.displayNameProperty().set("张敏");
        form.passwordProperty().set("long-enough-1");
        form.passwordRepeatedProperty().set("long-enough-1");

        form.create();

        assertThat(handedOver.get().officeCode()).isEqualTo(shipped.officeCode());
        assertThat(installations.ensureInstallation().officeCode()).isEqualTo(shipped.officeCode());
        assertThat(installations.ensureInstallation().casePrefixOr("BY")).as("the settings' prefix").isEqualTo("BY");
        assertThat(demoSteps).containsExactly(0L);
    }
}
