package cn.zongzhi.settings;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

public final class SettingsController {
    private final SettingsViewModel viewModel;

    @FXML private GridPane settingsGrid;

    public SettingsController(SettingsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        int row = 0;
        for (SettingsViewModel.SettingRow setting : viewModel.rows()) {
            Label name = new Label(setting.name());
            name.getStyleClass().add("settings-name");
            Label value = new Label(setting.value());
            value.setWrapText(true);
            settingsGrid.addRow(row++, name, value);
        }
    }
}
