package cn.zongzhi.auth;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** First start: create the administrator, optionally load the demo district, then hand over the signed-in account. */
public final class SetupViewModel {
    private final AccountService accounts;
    private final DemoDistrictLoader demo;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final ZoneId zone;
    private final String officeCode;
    private final String areaCode;
    private final Consumer<Operator> onDone;

    private final StringProperty username = new SimpleStringProperty("admin");
    private final StringProperty displayName = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty passwordRepeated = new SimpleStringProperty("");
    private final BooleanProperty loadDemo = new SimpleBooleanProperty(true);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty cancellable = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final AtomicBoolean cancelRequested = new AtomicBoolean();

    public SetupViewModel(AccountService accounts, DemoDistrictLoader demo, BackgroundRunner runner, Messages messages,
                          ZoneId zone, String officeCode, String areaCode, Consumer<Operator> onDone) {
        this.accounts = accounts;
        this.demo = demo;
        this.runner = runner;
        this.messages = messages;
        this.zone = zone;
        this.officeCode = officeCode;
        this.areaCode = areaCode;
        this.onDone = onDone;
    }

    public void create() {
        if (busy.get()) {
            return;
        }
        error.set("");
        busy.set(true);
        status.set(messages.text("auth.setup.status.creating"));
        AccountService.NewAccount account = new AccountService.NewAccount(username.get().trim(), displayName.get(),
                password.get().toCharArray(), passwordRepeated.get().toCharArray());
        boolean withDemo = loadDemo.get();
        cancelRequested.set(false);
        runner.write(() -> {
            Operator administrator = accounts.createFirstAdministrator(account, officeCode, areaCode);
            if (withDemo) {
                runner.toUi(() -> {
                    cancellable.set(true);
                    status.set(messages.text("auth.setup.status.demo"));
                });
                try {
                    demo.load(uiProgress());
                } catch (Progress.CancelledException cancelled) {
                    // The administrator and whatever demo batches were committed stay; the console opens anyway.
                }
            }
            return administrator;
        }, administrator -> {
            busy.set(false);
            cancellable.set(false);
            progress.set(1);
            status.set(messages.text(cancelRequested.get() ? "auth.setup.status.cancelled" : "auth.setup.status.done"));
            onDone.accept(administrator);
        }, failure -> {
            busy.set(false);
            cancellable.set(false);
            progress.set(0);
            status.set("");
            error.set(AccountMessages.describe(failure, messages, zone));
        });
    }

    public void cancel() {
        cancelRequested.set(true);
        status.set(messages.text("auth.setup.status.cancelling"));
    }

    private Progress uiProgress() {
        return new Progress() {
            @Override
            public void step(long done, long total, String message) {
                double fraction = total <= 0 ? -1 : (double) done / total;
                runner.toUi(() -> {
                    progress.set(fraction);
                    status.set(messages.text("auth.setup.status.demoStep", message, done, total));
                });
            }

            @Override
            public boolean cancelled() {
                return cancelRequested.get();
            }
        };
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passwordRepeatedProperty() {
        return passwordRepeated;
    }

    public BooleanProperty loadDemoProperty() {
        return loadDemo;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty cancellableProperty() {
        return cancellable;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
