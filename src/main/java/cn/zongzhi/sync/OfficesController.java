package cn.zongzhi.sync;

import cn.zongzhi.ui.Converters;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import static cn.zongzhi.ui.Columns.text;

/** Thin glue for 下级单位: the table, the new-office form, the code issued (read-only, with a copy button). */
public final class OfficesController {
    private final OfficesViewModel viewModel;

    @FXML private TableView<OfficesViewModel.OfficeRow> officeTable;
    @FXML private TableColumn<OfficesViewModel.OfficeRow, String> codeColumn;
    @FXML private TableColumn<OfficesViewModel.OfficeRow, String> nameColumn;
    @FXML private TableColumn<OfficesViewModel.OfficeRow, String> levelColumn;
    @FXML private TableColumn<OfficesViewModel.OfficeRow, String> areasColumn;
    @FXML private TableColumn<OfficesViewModel.OfficeRow, String> installationsColumn;
    @FXML private TableColumn<OfficesViewModel.OfficeRow, String> lastSeenColumn;
    @FXML private Label officesMessage;
    @FXML private TextField officeCodeField;
    @FXML private TextField officeNameField;
    @FXML private ComboBox<String> levelBox;
    @FXML private TextField areasField;
    @FXML private Button createButton;
    @FXML private Button reissueButton;
    @FXML private TextField issuedField;
    @FXML private Button copyButton;

    public OfficesController(OfficesViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        officeTable.setItems(viewModel.offices());
        text(codeColumn, OfficesViewModel.OfficeRow::code);
        text(nameColumn, OfficesViewModel.OfficeRow::name);
        text(levelColumn, OfficesViewModel.OfficeRow::level);
        text(areasColumn, OfficesViewModel.OfficeRow::areas);
        text(installationsColumn, OfficesViewModel.OfficeRow::installations);
        text(lastSeenColumn, OfficesViewModel.OfficeRow::lastSeen);
        levelBox.getItems().setAll(OfficesViewModel.LEVELS);
        levelBox.setConverter(Converters.labelled(viewModel::levelName));
        levelBox.getSelectionModel().selectFirst();
        officesMessage.textProperty().bind(viewModel.messageProperty());
        issuedField.textProperty().bind(viewModel.issuedCodeProperty());
        createButton.disableProperty().bind(viewModel.busyProperty());
        reissueButton.disableProperty().bind(viewModel.busyProperty()
                .or(officeTable.getSelectionModel().selectedItemProperty().isNull()));
        copyButton.disableProperty().bind(viewModel.issuedCodeProperty().isEmpty());
        viewModel.createdProperty().addListener((observable, before, now) -> {
            officeCodeField.clear();
            officeNameField.clear();
            areasField.clear();
        });
        // Read when the tab is first shown, not when the administration screen is built.
        officeTable.sceneProperty().addListener((observable, before, scene) -> {
            if (scene != null) {
                viewModel.refresh();
            }
        });
    }

    @FXML
    private void onCreate() {
        viewModel.create(officeCodeField.getText(), officeNameField.getText(), levelBox.getValue(), areasField.getText());
    }

    @FXML
    private void onReissue() {
        viewModel.newCode(officeTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void onRefresh() {
        viewModel.refresh();
    }

    @FXML
    private void onCopy() {
        ClipboardContent content = new ClipboardContent();
        content.putString(issuedField.getText());
        Clipboard.getSystemClipboard().setContent(content);
    }
}
