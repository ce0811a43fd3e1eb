package cn.zongzhi.auth;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.util.Arrays;

/**
 * The administrator's account list: create an account with its role and area, set a new password, change
 * the role, switch an account off. Passwords live in char arrays only as long as the call takes.
 */
public final class AccountsViewModel {
    private final AccountService accounts;
    private final Operator administrator;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final ZoneId zone;

    private final ObservableList<OperatorRepository.Account> rows = FXCollections.observableArrayList();
    private final ObjectProperty<OperatorRepository.Account> selected = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final ObjectProperty<Role> role = new SimpleObjectProperty<>(Role.SEAT_OPERATOR);
    private final StringProperty areaCode = new SimpleStringProperty("");

    public AccountsViewModel(AccountService accounts, Operator administrator, BackgroundRunner runner, Messages messages, ZoneId zone) {
        this.accounts = accounts;
        this.administrator = administrator;
        this.runner = runner;
        this.messages = messages;
        this.zone = zone;
        areaCode.set(administrator == null || administrator.areaCode() == null ? "" : administrator.areaCode());
        selected.addListener((observable, before, now) -> {
            if (now != null) {
                role.set(now.operator().role());
                areaCode.set(now.operator().areaCode() == null ? "" : now.operator().areaCode());
            }
        });
    }

    public boolean allowed() {
        return administrator != null && administrator.role().allows(Permission.ACCOUNT_MANAGE);
    }

    public void refresh() {
        if (!allowed()) {
            message.set(messages.text("access.denied.ROLE", messages.text("permission.ACCOUNT_MANAGE")));
            return;
        }
        runner.read(() -> accounts.accounts(administrator), loaded -> {
            java.util.UUID keep = selected.get() == null ? null : selected.get().operator().id();
            rows.setAll(loaded);
            selected.set(rows.stream().filter(row -> row.operator().id().equals(keep)).findFirst().orElse(null));
        }, this::failed);
    }

    /** Creates the account from the form; the two password arrays are wiped whatever happens. */
    public void create(char[] password, char[] repeated) {
        var account = new AccountService.NewAccount(username.get().trim(), displayName.get(), password, repeated);
        Role chosen = role.get();
        String area = areaCode.get();
        runner.write(() -> {
            try {
                return accounts.createAccount(account, chosen, area, administrator);
            } finally {
                Arrays.fill(password, '\0');
                Arrays.fill(repeated, '\0');
            }
        }, created -> {
            message.set(messages.text("accounts.created", created.username(), messages.text("role." + created.role().name())));
            username.set("");
            displayName.set("");
            refresh();
        }, this::failed);
    }

    public void resetPassword(char[] password, char[] repeated) {
        OperatorRepository.Account account = selected.get();
        if (account == null) {
            message.set(messages.text("accounts.noneSelected"));
            return;
        }
        runner.write(() -> {
            try {
                accounts.resetPassword(account.operator().id(), password, repeated, administrator);
                return account.operator().username();
            } finally {
                Arrays.fill(password, '\0');
                Arrays.fill(repeated, '\0');
            }
        }, name -> {
            message.set(messages.text("accounts.passwordReset", name));
            refresh();
        }, this::failed);
    }

    public void changeRole() {
        OperatorRepository.Account account = selected.get();
        if (account == null) {
            message.set(messages.text("accounts.noneSelected"));
            return;
        }
        Role chosen = role.get();
        String area = areaCode.get();
        runner.write(() -> {
            accounts.changeRole(account.operator().id(), chosen, area, administrator);
            return account.operator().username();
        }, name -> {
            message.set(messages.text("accounts.roleChanged", name, messages.text("role." + chosen.name())));
            refresh();
        }, this::failed);
    }

    public void toggleActive() {
        OperatorRepository.Account account = selected.get();
        if (account == null) {
            message.set(messages.text("accounts.noneSelected"));
            return;
        }
        boolean active = !account.active();
        runner.write(() -> {
            accounts.setActive(account.operator().id(), active, administrator);
            return account.operator().username();
        }, name -> {
            message.set(messages.text(active ? "accounts.enabled" : "accounts.disabled", name));
            refresh();
        }, this::failed);
    }

    private void failed(Throwable failure) {
        message.set(failure instanceof AccessDenied denied ? AccessMessages.describe(denied, messages)
                : AccountMessages.describe(failure, messages, zone));
    }

    public String roleName(Role value) {
        return messages.text("role." + value.name());
    }

    public String state(OperatorRepository.Account account) {
        return messages.text(!account.active() ? "accounts.state.off" : account.locked() ? "accounts.state.locked" : "accounts.state.on");
    }

    public Messages messages() {
        return messages;
    }

    public ObservableList<OperatorRepository.Account> rows() {
        return rows;
    }

    public ObjectProperty<OperatorRepository.Account> selectedProperty() {
        return selected;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public ObjectProperty<Role> roleProperty() {
        return role;
    }

    public StringProperty areaCodeProperty() {
        return areaCode;
    }
}
