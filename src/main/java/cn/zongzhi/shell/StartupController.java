package cn.zongzhi.shell;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;

/** The first thing a person sees while the database opens and migrates in the background. */
public final class StartupController {
    @FXML private Label messageLabel;
    @FXML private ProgressIndicator openingIndicator;

    /** Shown while an older database file's schema is upgraded: minutes on a large file, so the screen says why. */
    public void showUpgrading(String message) {
        messageLabel.setText(message);
    }

    /** Shown when the database cannot be opened: the reason, and nothing else happens to the data. */
    public void showFailure(String message) {
        openingIndicator.setVisible(false);
        messageLabel.getStyleClass().add("form-error");
        messageLabel.setText(message);
    }
}
