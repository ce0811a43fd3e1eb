package cn.zongzhi.auditlog;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.auth.AccessDenied;
import cn.zongzhi.auth.AccessMessages;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.LocalDate;

/** The audit viewer: filters, the matching entries newest first, and a check of the whole chain on demand. */
public final class AuditLogViewModel {
    private final AuditLogService log;
    private final Operator reader;
    private final BackgroundRunner runner;
    private final Messages messages;

    private final ObservableList<AuditRepository.AuditRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> actions = FXCollections.observableArrayList();
    private final StringProperty operatorName = new SimpleStringProperty("");
    private final ObjectProperty<String> action = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty verification = new SimpleStringProperty("");

    public AuditLogViewModel(AuditLogService log, Operator reader, BackgroundRunner runner, Messages messages) {
        this.log = log;
        this.reader = reader;
        this.runner = runner;
        this.messages = messages;
    }

    public void refresh() {
        String name = operatorName.get();
        String chosen = action.get();
        LocalDate start = from.get();
        LocalDate end = to.get();
        runner.read(() -> new Loaded(log.entries(name, chosen, start, end, reader), log.actions(reader)), loaded -> {
            rows.setAll(loaded.rows());
            if (!actions.equals(loaded.actions())) {
                actions.setAll(loaded.actions());
            }
            message.set(loaded.rows().size() >= AuditLogService.PAGE
                    ? messages.text("auditlog.capped", AuditLogService.PAGE) : messages.text("auditlog.count", loaded.rows().size()));
        }, this::failed);
    }

    private record Loaded(java.util.List<AuditRepository.AuditRow> rows, java.util.List<String> actions) {
    }

    public void verify() {
        runner.read(() -> log.verify(reader), result -> verification.set(result.intact()
                ? messages.text("audit.verify.intact", result.checked(), result.headSeq() == null ? "—" : result.headSeq())
                : messages.text("audit.verify.broken", result.brokenAt(), messages.text("audit.break." + result.reason().name()),
                result.checked())), this::failed);
    }

    private void failed(Throwable failure) {
        message.set(failure instanceof AccessDenied denied ? AccessMessages.describe(denied, messages)
                : messages.text("common.error.unexpected", failure.getClass().getSimpleName()));
    }

    /** An action code in words where the bundle has them (auditlog.action.CODE), else the code itself. */
    public String actionName(String code) {
        return code == null ? "" : messages.textOrDefault("auditlog.action." + code, code);
    }

    public Messages messages() {
        return messages;
    }

    public ObservableList<AuditRepository.AuditRow> rows() {
        return rows;
    }

    public ObservableList<String> actions() {
        return actions;
    }

    public StringProperty operatorNameProperty() {
        return operatorName;
    }

    public ObjectProperty<String> actionProperty() {
        return action;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty verificationProperty() {
        return verification;
    }
}
