package cn.zongzhi.shell;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.Messages;
import cn.zongzhi.office.Installation;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
    private final ReadOnlyStringWrapper clock = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper demo = new ReadOnlyBooleanWrapper();

    public MainWindowViewModel(Messages messages, Installation installation, Operator signedIn, Path databaseFile) {
        office.set(messages.text("shell.status.office", installation.officeName(), installation.officeCode()));
        operator.set(messages.text("shell.status.operator", signedIn.displayName(),
                messages.text("auth.role." + signedIn.role().name())));
        this.databaseFile.set(messages.text("shell.status.database", databaseFile.toString()));
        syncState.set(messages.text("shell.status.sync.notConfigured"));
        demo.set(installation.demo());
    }

    public void open(Section target) {
        section.set(target);
    }

    public void tick(LocalDateTime now) {
        clock.set(CLOCK.format(now));
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

    public ReadOnlyStringProperty clockProperty() {
        return clock.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty demoProperty() {
        return demo.getReadOnlyProperty();
    }
}
