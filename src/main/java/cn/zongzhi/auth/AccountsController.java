package cn.zongzhi.auth;

import cn.zongzhi.ui.Converters;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;

/** Thin glue for the account list and its form. */
public final class AccountsController {
    private final AccountsViewModel viewModel;

    @FXML private TableView<OperatorRepository.Account> accountTable;
    @FXML private TableColumn<OperatorRepository.Account, String> usernameColumn;
    @FXML private TableColumn<OperatorRepository.Account, String> nameColumn;
    @FXML private TableColumn<OperatorRepository.Account, String> roleColumn;
    @FXML private TableColumn<OperatorRepository.Account, String> areaColumn;
    @FXML private TableColumn<OperatorRepository.Account, String> stateColumn;
    @FXML private TextField usernameField;
    @FXML private TextField displayNameField;
    @FXML private ComboBox<Role> roleBox;
    @FXML private TextField areaField;
    @FXML private PasswordField passwordField;
    @FXML private PasswordField repeatField;
    @FXML private Button createButton;
    @FXML private Button resetButton;
    @FXML private Button roleButton;
    @FXML private Button activeButton;
    @FXML private Label accountsMessage;
    @FXML private Pane accountForm;

    public AccountsController(AccountsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        accountTable.setItems(viewModel.rows());
        usernameColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().operator().username()));
        nameColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().operator().displayName()));
        roleColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.roleName(cell.getValue().operator().role())));
        areaColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().operator().areaCode() == null
                ? "" : cell.getValue().operator().areaCode()));
        stateColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.state(cell.getValue())));
        accountTable.getSelectionModel().selectedItemProperty().addListener((observable, before, now) -> viewModel.selectedProperty().set(now));
        viewModel.selectedProperty().addListener((observable, before, now) -> {
            if (accountTable.getSelectionModel().getSelectedItem() != now) {
                accountTable.getSelectionModel().select(now);
            }
            activeButton.setText(viewModel.messages().text(now != null && !now.active() ? "accounts.enable" : "accounts.disable"));
        });
        var none = viewModel.selectedProperty().isNull();
        resetButton.disableProperty().bind(none);
        roleButton.disableProperty().bind(none);
        activeButton.disableProperty().bind(none);
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        displayNameField.textProperty().bindBidirectional(viewModel.displayNameProperty());
        roleBox.getItems().setAll(Role.values());
        roleBox.setConverter(Converters.labelled(viewModel::roleName));
        roleBox.valueProperty().bindBidirectional(viewModel.roleProperty());
        areaField.textProperty().bindBidirectional(viewModel.areaCodeProperty());
        accountsMessage.textProperty().bind(viewModel.messageProperty());
        accountForm.setDisable(!viewModel.allowed());
        viewModel.refresh();
    }

    @FXML
    private void onCreate() {
        viewModel.create(passwordField.getText().toCharArray(), repeatField.getText().toCharArray());
        clearPasswords();
    }

    @FXML
    private void onReset() {
        viewModel.resetPassword(passwordField.getText().toCharArray(), repeatField.getText().toCharArray());
        clearPasswords();
    }

    @FXML
    private void onChangeRole() {
        viewModel.changeRole();
    }

    @FXML
    private void onToggleActive() {
        viewModel.toggleActive();
    }

    private void clearPasswords() {
        passwordField.clear();
        repeatField.clear();
    }
}
