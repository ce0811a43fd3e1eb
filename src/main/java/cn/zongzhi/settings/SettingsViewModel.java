package cn.zongzhi.settings;

import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.Messages;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;

/** The settings in force and where they come from; editing them in the console comes with a later release. */
public final class SettingsViewModel {
    private final ObservableList<SettingRow> rows = FXCollections.observableArrayList();

    public SettingsViewModel(AppConfig config, Messages messages, Path dataFolder, Path databaseFile) {
        rows.add(new SettingRow(messages.text("settings.row.language"), messages.text("settings.language.current")));
        rows.add(new SettingRow(messages.text("settings.row.dataFolder"), dataFolder.toString()));
        rows.add(new SettingRow(messages.text("settings.row.database"), databaseFile.toString()));
        rows.add(new SettingRow(messages.text("settings.row.userSettings"), dataFolder.resolve("zongzhi.properties").toString()));
        rows.add(new SettingRow(messages.text("settings.row.workingHours"), messages.text("settings.workingHours.value",
                config.get("workday.morning.start"), config.get("workday.morning.end"),
                config.get("workday.afternoon.start"), config.get("workday.afternoon.end"))));
        rows.add(new SettingRow(messages.text("settings.row.zone"), config.get("zone")));
        rows.add(new SettingRow(messages.text("settings.row.office"), config.get("office.code")));
    }

    public ObservableList<SettingRow> rows() {
        return rows;
    }

    public record SettingRow(String name, String value) {
    }
}
