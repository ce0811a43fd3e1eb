package cn.zongzhi.shell;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.Messages;
import cn.zongzhi.office.Installation;
import cn.zongzhi.sync.SyncState;
import cn.zongzhi.sync.SyncStatus;
import cn.zongzhi.sync.SyncWords;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The frame around every screen: which section is open, and the status bar's facts. */
public final class MainWindowViewModel {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ObjectProperty<Section> section = new SimpleObjectProperty<>(Section.MAP);
    private final ReadOnlyStringWrapper office = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper operator = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper databaseFile = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper syncState = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<SyncState> syncStateKind = new ReadOnlyObjectWrapper<>(SyncState.WAITING);
    private final ReadOnlyStringWrapper syncLast = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper syncWaiting = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper syncRejected = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper syncConflicts = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper syncDetails = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper syncRejectedAttention = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper syncConflictsAttention = new ReadOnlyBooleanWrapper();
    private final Messages messages;
    private final SyncWords syncWords;
    private LocalDateTime now;
    private final ReadOnlyStringWrapper clock = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper demo = new ReadOnlyBooleanWrapper();

    public MainWindowViewModel(Messages messages, Installation installation, Operator signedIn, Path databaseFile,
                               SyncWords syncWords) {
        this.messages = messages;
        this.syncWords = syncWords;
        office.set(messages.text("shell.status.office", installation.officeName(), installation.officeCode()));
        operator.set(messages.text("shell.status.operator", signedIn.displayName(),
                messages.text("auth.role." + signedIn.role().name())));
        this.databaseFile.set(messages.text("shell.status.database", databaseFile.toString()));
        syncState.set(messages.text("shell.status.sync", syncWords.state(SyncState.WAITING)));
        demo.set(installation.demo());
    }

    public void open(Section target) {
        section.set(target);
    }

    public void tick(LocalDateTime now) {
        this.now = now;
        clock.set(CLOCK.format(now));
    }

    /**
     * The status bar's sync indicator: state, last success, what waits, refusals and conflicts (marked when
     * there are any). Not enrolled: the state alone says so.
     */
    public void showSync(SyncStatus status) {
        SyncState state = SyncState.of(status);
        syncStateKind.set(state);
        String clock = syncWords.clockWarning(status.clockOffset());
        syncState.set(clock.isEmpty() ? messages.text("shell.status.sync", syncWords.state(state))
                : messages.text("shell.status.sync.clock", syncWords.state(state), clock));
        syncDetails.set(status.enrolled());
        syncLast.set(messages.text("shell.status.sync.last",
                syncWords.moment(status.lastSuccessAt(), now == null ? null : now.toLocalDate())));
        syncWaiting.set(messages.text("shell.status.sync.waiting", status.waiting()));
        syncRejected.set(messages.text("shell.status.sync.rejected", status.rejected()));
        syncConflicts.set(messages.text("shell.status.sync.conflicts", status.conflicts()));
        syncRejectedAttention.set(status.rejected() > 0);
        syncConflictsAttention.set(status.conflicts() > 0);
    }

    public void setDemo(boolean value) {
        demo.set(value);
    }

    public ObjectProperty<Section> sectionProperty() {
        return section;
    }

    public ReadOnlyStringProperty officeProperty() {
        return office.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty operatorProperty() {
        return operator.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty databaseFileProperty() {
        return databaseFile.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncStateProperty() {
        return syncState.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SyncState> syncStateKindProperty() {
        return syncStateKind.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncLastProperty() {
        return syncLast.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncWaitingProperty() {
        return syncWaiting.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncRejectedProperty() {
        return syncRejected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty syncConflictsProperty() {
        return syncConflicts.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty syncDetailsProperty() {
        return syncDetails.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty syncRejectedAttentionProperty() {
        return syncRejectedAttention.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty syncConflictsAttentionProperty() {
        return syncConflictsAttention.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty clockProperty() {
        return clock.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty demoProperty() {
        return demo.getReadOnlyProperty();
    }
}
