package cn.zongzhi.shell;

import javafx.fxml.FXML;
import javafx.scene.control.Label;

/** Stands in for a screen that a later release fills, and says so plainly. */
public final class NotBuiltController {
    @FXML private Label titleLabel;
    @FXML private Label explanationLabel;

    public void describe(String title, String explanation) {
        titleLabel.setText(title);
        explanationLabel.setText(explanation);
    }
}
