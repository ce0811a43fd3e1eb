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
    /** Writes the office the administrator confirmed, on the writer thread; null where the office is not asked. */
    private final Consumer<OfficeDetails> saveOffice;

    // The office this installation serves, asked when the demo district is not loaded (the demo brings its own).
    private final StringProperty office = new SimpleStringProperty("");
    private final StringProperty officeName = new SimpleStringProperty("");
    private final javafx.beans.property.ObjectProperty<String> officeLevel = new javafx.beans.property.SimpleObjectProperty<>("TOWN");
    private final StringProperty officeArea = new SimpleStringProperty("");
    private final StringProperty casePrefix = new SimpleStringProperty("");

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
        this(accounts, demo, runner, messages, zone, new OfficeDetails(officeCode, officeCode, "DISTRICT", areaCode, null), null,
                onDone);
    }

    /**
     * @param shipped    the office from the settings, offered as it stands
     * @param saveOffice writes the confirmed office when the demo is not loaded (on the writer thread, before the
     *                   administrator is created)
     */
    public SetupViewModel(AccountService accounts, DemoDistrictLoader demo, BackgroundRunner runner, Messages messages,
                          ZoneId zone, OfficeDetails shipped, Consumer<OfficeDetails> saveOffice, Consumer<Operator> onDone) {
        this.saveOffice = saveOffice;
        this.officeCode = shipped.code();
        this.areaCode = shipped.areaCode();
        office.set(shipped.code());
        officeName.set(shipped.name());
        officeLevel.set(shipped.level());
        officeArea.set(shipped.areaCode() == null ? "" : shipped.areaCode());
        casePrefix.set(shipped.casePrefix() == null ? "" : shipped.casePrefix());
        this.accounts = accounts;
        this.demo = demo;
        this.runner = runner;
        this.messages = messages;
        this.zone = zone;
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
        OfficeDetails confirmed = null;
        if (!withDemo && saveOffice != null) {
            // Checked before anything is written: a mistake in the office leaves the form as typed.
            OfficeDetails.Checked checked = OfficeDetails.check(office.get(), officeName.get(), officeLevel.get(), officeArea.get(),
                    casePrefix.get());
            if (checked.mistake() != null) {
                busy.set(false);
                status.set("");
                error.set(messages.text(checked.mistake()));
                return;
            }
            confirmed = checked.details();
        }
        OfficeDetails theOffice = confirmed;
        cancelRequested.set(false);
        runner.write(() -> {
            if (theOffice != null) {
                saveOffice.accept(theOffice);
            }
            Operator administrator = accounts.createFirstAdministrator(account, theOffice != null ? theOffice.code() : officeCode,
                    theOffice != null ? theOffice.areaCode() : areaCode);
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

    public Messages messages() {
        return messages;
    }

    /** Whether the form asks for the office (it does when the demo, which brings its own, is not loaded). */
    public boolean asksForOffice() {
        return saveOffice != null;
    }

    public StringProperty officeProperty() {
        return office;
    }

    public StringProperty officeNameProperty() {
        return officeName;
    }

    public javafx.beans.property.ObjectProperty<String> officeLevelProperty() {
        return officeLevel;
    }

    public StringProperty officeAreaProperty() {
        return officeArea;
    }

    public StringProperty casePrefixProperty() {
        return casePrefix;
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
