package cn.zongzhi.auth;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.ZoneId;
import java.util.function.Consumer;

public final class LoginViewModel {
    private final AccountService accounts;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final ZoneId zone;
    private final Consumer<Operator> onSignedIn;

    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final StringProperty error = new SimpleStringProperty("");

    public LoginViewModel(AccountService accounts, BackgroundRunner runner, Messages messages, ZoneId zone,
                          Consumer<Operator> onSignedIn) {
        this.accounts = accounts;
        this.runner = runner;
        this.messages = messages;
        this.zone = zone;
        this.onSignedIn = onSignedIn;
    }

    public void signIn() {
        if (busy.get()) {
            return;
        }
        if (username.get().isBlank() || password.get().isEmpty()) {
            error.set(messages.text("auth.error.wrong_credentials"));
            return;
        }
        busy.set(true);
        error.set("");
        String name = username.get();
        char[] secret = password.get().toCharArray();
        runner.write(() -> accounts.signIn(name, secret), operator -> {
            busy.set(false);
            password.set("");
            onSignedIn.accept(operator);
        }, failure -> {
            busy.set(false);
            password.set("");
            error.set(AccountMessages.describe(failure, messages, zone));
        });
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
