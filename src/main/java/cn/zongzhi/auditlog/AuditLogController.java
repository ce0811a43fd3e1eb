package cn.zongzhi.auditlog;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.ui.Converters;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Thin glue for the audit viewer. */
public final class AuditLogController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AuditLogViewModel viewModel;
    private final ZoneId zone;

    @FXML private TextField operatorField;
    @FXML private ComboBox<String> actionBox;
    @FXML private DatePicker fromPicker;
    @FXML private DatePicker toPicker;
    @FXML private Label auditMessage;
    @FXML private Label verificationLabel;
    @FXML private TableView<AuditRepository.AuditRow> auditTable;
    @FXML private TableColumn<AuditRepository.AuditRow, String> seqColumn;
    @FXML private TableColumn<AuditRepository.AuditRow, String> timeColumn;
    @FXML private TableColumn<AuditRepository.AuditRow, String> operatorColumn;
    @FXML private TableColumn<AuditRepository.AuditRow, String> actionColumn;
    @FXML private TableColumn<AuditRepository.AuditRow, String> entityColumn;
    @FXML private TableColumn<AuditRepository.AuditRow, String> detailColumn;

    public AuditLogController(AuditLogViewModel viewModel, ZoneId zone) {
        this.viewModel = viewModel;
        this.zone = zone;
    }

    @FXML
    private void initialize() {
        operatorField.textProperty().bindBidirectional(viewModel.operatorNameProperty());
        actionBox.setItems(viewModel.actions());
        actionBox.setConverter(Converters.labelled(viewModel::actionName));
        actionBox.valueProperty().bindBidirectional(viewModel.actionProperty());
        fromPicker.valueProperty().bindBidirectional(viewModel.fromProperty());
        toPicker.valueProperty().bindBidirectional(viewModel.toProperty());
        auditMessage.textProperty().bind(viewModel.messageProperty());
        verificationLabel.textProperty().bind(viewModel.verificationProperty());
        auditTable.setItems(viewModel.rows());
        seqColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(String.valueOf(cell.getValue().seq())));
        timeColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(TIME.format(cell.getValue().occurredAt().atZoneSameInstant(zone))));
        operatorColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().operatorName() == null
                ? viewModel.messages().text("auditlog.system") : cell.getValue().operatorName()));
        actionColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.actionName(cell.getValue().action())));
        entityColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().entity() == null ? ""
                : viewModel.messages().textOrDefault("auditlog.entity." + cell.getValue().entity(), cell.getValue().entity())));
        detailColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().detail() == null ? "" : cell.getValue().detail()));
        viewModel.refresh();
    }

    @FXML
    private void onSearch() {
        viewModel.refresh();
    }

    @FXML
    private void onClear() {
        viewModel.operatorNameProperty().set("");
        viewModel.actionProperty().set(null);
        viewModel.fromProperty().set(null);
        viewModel.toProperty().set(null);
        viewModel.refresh();
    }

    @FXML
    private void onVerify() {
        viewModel.verify();
    }
}
