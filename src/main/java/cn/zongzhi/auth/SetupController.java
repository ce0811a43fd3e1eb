package cn.zongzhi.auth;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;

public final class SetupController {
    private final SetupViewModel viewModel;

    @FXML private TextField usernameField;
    @FXML private TextField displayNameField;
    @FXML private PasswordField passwordField;
    @FXML private PasswordField passwordRepeatField;
    @FXML private CheckBox demoCheckBox;
    @FXML private Button createButton;
    @FXML private Button cancelButton;
    @FXML private ProgressBar progressBar;
    @FXML private Label statusLabel;
    @FXML private Label errorLabel;
    @FXML private javafx.scene.layout.VBox officeBox;
    @FXML private TextField officeCodeField;
    @FXML private TextField officeNameField;
    @FXML private javafx.scene.control.ChoiceBox<String> officeLevelChoice;
    @FXML private TextField officeAreaField;
    @FXML private TextField casePrefixField;

    public SetupController(SetupViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        displayNameField.textProperty().bindBidirectional(viewModel.displayNameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        passwordRepeatField.textProperty().bindBidirectional(viewModel.passwordRepeatedProperty());
        demoCheckBox.selectedProperty().bindBidirectional(viewModel.loadDemoProperty());
        for (var input : new javafx.scene.Node[] {usernameField, displayNameField, passwordField, passwordRepeatField, demoCheckBox, createButton}) {
            input.disableProperty().bind(viewModel.busyProperty());
        }
        officeCodeField.textProperty().bindBidirectional(viewModel.officeProperty());
        officeNameField.textProperty().bindBidirectional(viewModel.officeNameProperty());
        officeLevelChoice.getItems().setAll("TOWN", "DISTRICT", "CITY", "COMMUNITY");
        officeLevelChoice.setConverter(cn.zongzhi.ui.Converters.labelled(level -> viewModel.messages().text("offices.level." + level)));
        officeLevelChoice.valueProperty().bindBidirectional(viewModel.officeLevelProperty());
        officeAreaField.textProperty().bindBidirectional(viewModel.officeAreaProperty());
        casePrefixField.textProperty().bindBidirectional(viewModel.casePrefixProperty());
        if (viewModel.asksForOffice()) {
            officeBox.visibleProperty().bind(viewModel.loadDemoProperty().not());
            officeBox.managedProperty().bind(officeBox.visibleProperty());
        } else {
            officeBox.setVisible(false);
            officeBox.setManaged(false);
        }
        officeBox.disableProperty().bind(viewModel.busyProperty());
        cancelButton.visibleProperty().bind(viewModel.cancellableProperty());
        cancelButton.managedProperty().bind(viewModel.cancellableProperty());
        progressBar.visibleProperty().bind(viewModel.busyProperty());
        progressBar.managedProperty().bind(progressBar.visibleProperty());
        progressBar.progressProperty().bind(viewModel.progressProperty());
        statusLabel.textProperty().bind(viewModel.statusProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        statusLabel.managedProperty().bind(viewModel.statusProperty().isNotEmpty());
        javafx.application.Platform.runLater(displayNameField::requestFocus);
    }

    @FXML
    private void onCreate() {
        viewModel.create();
    }

    @FXML
    private void onCancel() {
        viewModel.cancel();
    }
}
