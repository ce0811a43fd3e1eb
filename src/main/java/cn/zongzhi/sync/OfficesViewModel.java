package cn.zongzhi.sync;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * 下级单位 (administration): the city centre's administrator creates a township's office on the city server and
 * reads out its one-time enrollment code, issues another code for an office, and sees which offices have joined.
 * Everything goes to the server (decision 0008); the console keeps nothing of it. A township's console is told in
 * words that only the city does this.
 */
public final class OfficesViewModel {
    private static final Pattern OFFICE_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{1,31}");
    private static final Pattern AREA_CODE = Pattern.compile("\\d{2,12}");
    /** The levels a city creates offices at. */
    public static final List<String> LEVELS = List.of("TOWN", "COMMUNITY", "DISTRICT");

    /** One office in words. */
    public record OfficeRow(String code, String name, String level, String areas, String installations, String lastSeen) {
    }

    private final OfficeAdministration administration;
    private final Supplier<cn.zongzhi.auth.Operator> operator;
    private final BackgroundRunner runner;
    private final Messages messages;
    /** Moments to the minute in the office's zone (an expiry, a last sync). */
    private final DateTimeFormatter minute;
    private final ObservableList<OfficeRow> offices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper issuedCode = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final javafx.beans.property.ReadOnlyIntegerWrapper created = new javafx.beans.property.ReadOnlyIntegerWrapper(0);

    public OfficesViewModel(OfficeAdministration administration, Supplier<cn.zongzhi.auth.Operator> operator,
                            BackgroundRunner runner, Messages messages, ZoneId zone) {
        this.administration = administration;
        this.operator = operator;
        this.runner = runner;
        this.messages = messages;
        this.minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    public String levelName(String level) {
        return messages.textOrDefault("offices.level." + level, level);
    }

    public void refresh() {
        runner.read(() -> administration.offices(operator.get()), list -> offices.setAll(list.stream().map(this::row).toList()), this::failed);
    }

    /** 新建单位: checked here first, so a typing mistake is named before anything is sent. */
    public void create(String code, String name, String level, String areasText) {
        if (busy.get()) {
            return;
        }
        String theCode = code == null ? "" : code.strip();
        String theName = name == null ? "" : name.strip();
        List<String> areas = areasText == null || areasText.isBlank() ? List.of()
                : Arrays.stream(areasText.strip().split("[\\s,，、;；]+")).toList();
        if (!OFFICE_CODE.matcher(theCode).matches()) {
            message.set(messages.text("offices.check.code"));
            return;
        }
        if (theName.isEmpty() || theName.length() > 200) {
            message.set(messages.text("offices.check.name"));
            return;
        }
        if (level == null || !LEVELS.contains(level)) {
            message.set(messages.text("offices.check.level"));
            return;
        }
        if (areas.isEmpty() || areas.stream().anyMatch(area -> !AREA_CODE.matcher(area).matches())) {
            message.set(messages.text("offices.check.areas"));
            return;
        }
        issue(() -> administration.create(operator.get(), theCode, theName, level, areas), OfficeAdministration.Done.OFFICE_CREATE,
                level + " " + String.join(" ", areas), "offices.created", () -> created.set(created.get() + 1));
    }

    /** 生成新注册码 for the selected office (a new or reinstalled machine). */
    public void newCode(OfficeRow row) {
        if (row == null) {
            message.set(messages.text("offices.check.select"));
            return;
        }
        if (!busy.get()) {
            issue(() -> administration.newCode(operator.get(), row.code()), OfficeAdministration.Done.OFFICE_CODE,
                    "new enrollment code", "offices.reissued", () -> { });
        }
    }

    private void issue(java.util.concurrent.Callable<OfficeAdminClient.Issued> call, OfficeAdministration.Done done,
                       String detail, String key, Runnable after) {
        busy.set(true);
        issuedCode.set("");
        message.set(messages.text("offices.sending"));
        // The call to the city runs with the reads; only the audit entry after it is a write.
        runner.read(call, issued -> runner.write(() -> {
            administration.record(operator.get(), done, issued, detail);
            return issued;
        }, recorded -> {
            busy.set(false);
            issuedCode.set(recorded.enrollmentCode());
            after.run();
            message.set(messages.text(key, recorded.officeCode(),
                    minute.format(recorded.expiresAt())));
            refresh();
        }, this::issueFailed), this::issueFailed);
    }

    private void issueFailed(Throwable failure) {
        busy.set(false);
        failed(failure);
    }

    private OfficeRow row(OfficeAdminClient.Office office) {
        return new OfficeRow(office.code(), office.name(), levelName(office.level()), String.join(" ", office.areas()),
                messages.text("offices.installations", office.installations()),
                office.lastSeen() == null ? "—" : minute.format(office.lastSeen()));
    }

    private void failed(Throwable failure) {
        if (failure instanceof cn.zongzhi.auth.AccessDenied denied) {
            message.set(cn.zongzhi.auth.AccessMessages.describe(denied, messages));
        } else if (failure instanceof SyncTransport.Unavailable refused) {
            message.set(messages.text("offices.failed",
                    messages.textOrDefault("offices.reason." + refused.reason(), refused.getMessage())));
        } else {
            message.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName()));
        }
    }

    public ObservableList<OfficeRow> offices() {
        return offices;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty issuedCodeProperty() {
        return issuedCode.getReadOnlyProperty();
    }

    /** Counts the offices created here, so the form can empty itself after each. */
    public javafx.beans.property.ReadOnlyIntegerProperty createdProperty() {
        return created.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
