package cn.zongzhi.sync;

import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;

import java.util.List;
import java.util.function.Function;

import static cn.zongzhi.ui.Columns.text;

/** Thin glue for the sync screen. Ctrl+R syncs now, Ctrl+P pauses or resumes; Enter on a refusal acknowledges it. */
public final class SyncController {
    private static final PseudoClass ATTENTION = PseudoClass.getPseudoClass("attention");
    private static final PseudoClass MINE = PseudoClass.getPseudoClass("mine");

    private final SyncViewModel viewModel;

    @FXML private BorderPane syncRoot;
    @FXML private Label stateLabel;
    @FXML private Button syncNowButton;
    @FXML private Button publishButton;
    @FXML private Button pauseButton;
    @FXML private Label serverLabel;
    @FXML private javafx.scene.layout.HBox enrollBox;
    @FXML private javafx.scene.control.TextField enrollServerField;
    @FXML private javafx.scene.control.TextField enrollCodeField;
    @FXML private Button enrollButton;
    @FXML private Label officeLabel;
    @FXML private Label lastSuccessLabel;
    @FXML private Label lastAttemptLabel;
    @FXML private Label nextLabel;
    @FXML private Label waitingLabel;
    @FXML private Label lastErrorLabel;
    @FXML private Label clockWarningLabel;
    @FXML private Label messageLabel;
    @FXML private Label refusalsTitle;
    @FXML private Label conflictsTitle;
    @FXML private Label tasksTitle;
    @FXML private TableView<SyncViewModel.RefusalRow> refusalTable;
    @FXML private TableColumn<SyncViewModel.RefusalRow, String> refusalCaseColumn;
    @FXML private TableColumn<SyncViewModel.RefusalRow, String> refusalSentColumn;
    @FXML private TableColumn<SyncViewModel.RefusalRow, String> refusalReasonColumn;
    @FXML private TableColumn<SyncViewModel.RefusalRow, String> refusalWhenColumn;
    @FXML private TableColumn<SyncViewModel.RefusalRow, SyncViewModel.RefusalRow> refusalActionColumn;
    @FXML private javafx.scene.layout.VBox missingFilesBox;
    @FXML private Label missingFilesTitle;
    @FXML private TableView<SyncViewModel.MissingFileRow> missingFileTable;
    @FXML private TableColumn<SyncViewModel.MissingFileRow, String> missingFileCaseColumn;
    @FXML private TableColumn<SyncViewModel.MissingFileRow, String> missingFileNameColumn;
    @FXML private TableColumn<SyncViewModel.MissingFileRow, String> missingFileWhenColumn;
    @FXML private TableColumn<SyncViewModel.MissingFileRow, String> missingFileReasonColumn;
    @FXML private TableView<SyncViewModel.ConflictRow> conflictTable;
    @FXML private TableColumn<SyncViewModel.ConflictRow, String> conflictCaseColumn;
    @FXML private TableColumn<SyncViewModel.ConflictRow, String> conflictKindColumn;
    @FXML private TableColumn<SyncViewModel.ConflictRow, String> conflictFieldColumn;
    @FXML private TableColumn<SyncViewModel.ConflictRow, String> conflictCityColumn;
    @FXML private TableColumn<SyncViewModel.ConflictRow, String> conflictOfficeColumn;
    @FXML private TableColumn<SyncViewModel.ConflictRow, String> conflictKeptColumn;
    @FXML private GridPane conflictDetail;
    @FXML private Label cityValueLabel;
    @FXML private Label officeValueLabel;
    @FXML private TextArea mergeArea;
    @FXML private Button keepCityButton;
    @FXML private Button keepMineButton;
    @FXML private Button mergeButton;
    @FXML private Label conflictNoteLabel;
    @FXML private TableView<SyncViewModel.TaskRow> taskTable;
    @FXML private Label taskNoteLabel;
    @FXML private Button acceptFinishButton;
    @FXML private Button continueButton;
    @FXML private TableColumn<SyncViewModel.TaskRow, String> taskCaseColumn;
    @FXML private TableColumn<SyncViewModel.TaskRow, String> taskKindColumn;
    @FXML private TableColumn<SyncViewModel.TaskRow, String> taskAssigneeColumn;
    @FXML private TableColumn<SyncViewModel.TaskRow, String> taskRequestedColumn;
    @FXML private TableColumn<SyncViewModel.TaskRow, String> taskBodyColumn;

    public SyncController(SyncViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        var messages = viewModel.words().messages();
        stateLabel.textProperty().bind(viewModel.stateTextProperty());
        viewModel.stateProperty().addListener((observable, before, state) -> {
            if (before != null) {
                stateLabel.pseudoClassStateChanged(PseudoClass.getPseudoClass(cssName(before)), false);
            }
            stateLabel.pseudoClassStateChanged(PseudoClass.getPseudoClass(cssName(state)), true);
        });
        stateLabel.pseudoClassStateChanged(PseudoClass.getPseudoClass(cssName(viewModel.stateProperty().get())), true);
        serverLabel.textProperty().bind(viewModel.serverTextProperty());
        officeLabel.textProperty().bind(viewModel.officeTextProperty());
        lastSuccessLabel.textProperty().bind(viewModel.lastSuccessTextProperty());
        lastAttemptLabel.textProperty().bind(viewModel.lastAttemptTextProperty());
        nextLabel.textProperty().bind(viewModel.nextTextProperty());
        waitingLabel.textProperty().bind(viewModel.waitingTextProperty());
        lastErrorLabel.textProperty().bind(viewModel.lastErrorTextProperty());
        clockWarningLabel.textProperty().bind(viewModel.clockWarningTextProperty());
        clockWarningLabel.visibleProperty().bind(viewModel.clockWarningTextProperty().isNotEmpty());
        clockWarningLabel.managedProperty().bind(clockWarningLabel.visibleProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        syncNowButton.disableProperty().bind(viewModel.syncNowDisabledProperty());
        publishButton.visibleProperty().bind(viewModel.publishOfferedProperty());
        publishButton.managedProperty().bind(viewModel.publishOfferedProperty());
        publishButton.textProperty().bind(viewModel.publishTextProperty());
        // Nothing to publish to before the console is enrolled (the status line says how to enroll).
        publishButton.disableProperty().bind(viewModel.enrolledProperty().not());
        enrollBox.visibleProperty().bind(viewModel.enrollOfferedProperty());
        enrollBox.managedProperty().bind(viewModel.enrollOfferedProperty());
        // Enrolling again (the city refused the credential): the address is most likely the one enrolled with.
        viewModel.enrollOfferedProperty().addListener((observable, before, offered) -> {
            SyncStatus current = viewModel.statusProperty().get();
            if (offered && enrollServerField.getText().isBlank() && current != null && current.serverUrl() != null) {
                enrollServerField.setText(current.serverUrl());
            }
        });
        // Only the button waits while the city answers: disabling the fields would take the focus from them.
        enrollButton.disableProperty().bind(viewModel.enrollBusyProperty());
        pauseButton.textProperty().bind(viewModel.pauseTextProperty());
        pauseButton.disableProperty().bind(viewModel.enrolledProperty().not());
        refusalsTitle.textProperty().bind(viewModel.refusalsTitleProperty());
        conflictsTitle.textProperty().bind(viewModel.conflictsTitleProperty());
        tasksTitle.textProperty().bind(viewModel.tasksTitleProperty());

        // Listed only when the city would not hand over a file: most offices never see this list.
        missingFilesTitle.textProperty().bind(viewModel.missingFilesTitleProperty());
        missingFileTable.setItems(viewModel.missingFiles());
        text(missingFileCaseColumn, SyncViewModel.MissingFileRow::caseNo);
        text(missingFileNameColumn, SyncViewModel.MissingFileRow::fileName);
        text(missingFileWhenColumn, SyncViewModel.MissingFileRow::when);
        wrapping(missingFileReasonColumn, SyncViewModel.MissingFileRow::reason);
        var anyMissing = javafx.beans.binding.Bindings.isNotEmpty(viewModel.missingFiles());
        missingFilesBox.visibleProperty().bind(anyMissing);
        missingFilesBox.managedProperty().bind(anyMissing);

        refusalTable.setItems(viewModel.refusals());
        text(refusalCaseColumn, SyncViewModel.RefusalRow::caseNo);
        text(refusalSentColumn, SyncViewModel.RefusalRow::sent);
        text(refusalWhenColumn, SyncViewModel.RefusalRow::when);
        wrapping(refusalReasonColumn, SyncViewModel.RefusalRow::reason);
        refusalActionColumn.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        refusalActionColumn.setCellFactory(column -> new TableCell<>() {
            private final Button acknowledge = new Button(messages.text("sync.refusals.acknowledge"));
            // A creation the city refused is resolved only by sending the incident again (or voiding it).
            private final Button resubmit = new Button(messages.text("sync.refusals.resubmit"));

            {
                for (Button button : List.of(acknowledge, resubmit)) {
                    button.getStyleClass().add("sync-row-button");
                    button.setFocusTraversable(false);
                }
                acknowledge.setOnAction(event -> viewModel.acknowledge(getItem()));
                resubmit.setOnAction(event -> viewModel.resubmit(getItem()));
            }

            @Override
            protected void updateItem(SyncViewModel.RefusalRow row, boolean empty) {
                super.updateItem(row, empty);
                setGraphic(empty || row == null ? null : row.resubmitIncident() != null ? resubmit : acknowledge);
            }
        });
        refusalTable.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && !event.isShortcutDown()) {
                // Enter does what the row's button says: 知道了, or 重新报送 for an incident the city has not received.
                SyncViewModel.RefusalRow row = refusalTable.getSelectionModel().getSelectedItem();
                if (row != null && row.resubmitIncident() != null) {
                    viewModel.resubmit(row);
                } else {
                    viewModel.acknowledge(row);
                }
                event.consume();
            }
        });

        conflictTable.setItems(viewModel.conflicts());
        text(conflictCaseColumn, SyncViewModel.ConflictRow::caseNo);
        text(conflictKindColumn, SyncViewModel.ConflictRow::kind);
        text(conflictFieldColumn, SyncViewModel.ConflictRow::field);
        wrapping(conflictCityColumn, SyncViewModel.ConflictRow::cityValue);
        wrapping(conflictOfficeColumn, SyncViewModel.ConflictRow::officeValue);
        text(conflictKeptColumn, SyncViewModel.ConflictRow::kept);
        conflictTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(SyncViewModel.ConflictRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : new Tooltip(row.note()));
            }
        });
        viewModel.selectedConflictProperty().bind(conflictTable.getSelectionModel().selectedItemProperty());
        viewModel.selectedConflictProperty().addListener((observable, before, row) -> showConflict(row));
        viewModel.conflicts().addListener((javafx.collections.ListChangeListener<SyncViewModel.ConflictRow>) change -> {
            if (conflictTable.getSelectionModel().isEmpty() && !viewModel.conflicts().isEmpty()) {
                conflictTable.getSelectionModel().selectFirst();
            }
        });
        conflictTable.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && !event.isShortcutDown()) {
                viewModel.acceptCityResult(conflictTable.getSelectionModel().getSelectedItem());
                event.consume();
            }
        });
        showConflict(null);

        taskTable.setItems(viewModel.tasks());
        text(taskCaseColumn, SyncViewModel.TaskRow::caseNo);
        text(taskKindColumn, SyncViewModel.TaskRow::kind);
        text(taskAssigneeColumn, SyncViewModel.TaskRow::assignee);
        text(taskRequestedColumn, SyncViewModel.TaskRow::requestedBy);
        wrapping(taskBodyColumn, SyncViewModel.TaskRow::body);
        taskTable.getSelectionModel().selectedItemProperty().addListener((observable, before, row) -> showTask(row));
        showTask(null);
        taskTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(SyncViewModel.TaskRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(MINE, !empty && row != null && row.forThisOffice());
            }
        });

        viewModel.statusProperty().addListener((observable, before, status) -> {
            refusalsTitle.pseudoClassStateChanged(ATTENTION, !viewModel.refusals().isEmpty());
            conflictsTitle.pseudoClassStateChanged(ATTENTION, !viewModel.conflicts().isEmpty());
        });
        syncRoot.sceneProperty().addListener((observable, previous, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        viewModel.activate();
    }

    private void installShortcuts(Scene scene) {
        // Scene accelerators stay registered while other screens show: each acts only while this one is on screen.
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> {
            if (syncRoot.getScene() != null) {
                viewModel.syncNow();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN), () -> {
            if (syncRoot.getScene() != null) {
                viewModel.togglePause();
            }
        });
    }

    private void showConflict(SyncViewModel.ConflictRow row) {
        boolean shown = row != null;
        conflictDetail.setDisable(!shown);
        cityValueLabel.setText(shown ? row.cityValue() : "");
        officeValueLabel.setText(shown ? row.officeValue() : "");
        conflictNoteLabel.setText(shown ? row.note() : viewModel.words().messages().text("sync.conflict.select"));
        boolean keepMine = shown && row.offersKeepMine();
        boolean merge = shown && row.offersMerge();
        keepMineButton.setDisable(!keepMine);
        mergeButton.setDisable(!merge);
        mergeArea.setVisible(merge);
        mergeArea.setManaged(merge);
        mergeArea.setText(merge ? viewModel.mergeDraft(row) : "");
        Tooltip why = shown && !keepMine ? new Tooltip(row.note()) : null;
        // A disabled button shows no tooltip; the note beside the buttons says the same.
        keepMineButton.setTooltip(why);
        mergeButton.setTooltip(shown && !merge ? new Tooltip(row.note()) : null);
    }

    @FXML
    private void onSyncNow() {
        viewModel.syncNow();
    }

    /** The answers are offered on a task this office is to answer; otherwise the note says whose it is. */
    private void showTask(SyncViewModel.TaskRow row) {
        boolean answerable = row != null && row.answerable();
        acceptFinishButton.setDisable(!answerable);
        continueButton.setDisable(!answerable);
        taskNoteLabel.setText(row == null ? viewModel.words().messages().text("sync.task.pick")
                : answerable ? "" : viewModel.words().messages().text("sync.task.notOurs", row.assignee()));
    }

    @FXML
    private void onAcceptFinish() {
        viewModel.answerTask(taskTable.getSelectionModel().getSelectedItem(), TaskAnswers.Decision.ACCEPT_FINISH);
    }

    @FXML
    private void onContinueDispatch() {
        viewModel.answerTask(taskTable.getSelectionModel().getSelectedItem(), TaskAnswers.Decision.CONTINUE);
    }

    @FXML
    private void onPublishReference() {
        viewModel.publishReference();
    }

    @FXML
    private void onEnroll() {
        viewModel.enroll(enrollServerField.getText(), enrollCodeField.getText());
    }

    @FXML
    private void onPause() {
        viewModel.togglePause();
    }

    @FXML
    private void onKeepCity() {
        viewModel.acceptCityResult(conflictTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void onKeepMine() {
        viewModel.keepMine(conflictTable.getSelectionModel().getSelectedItem());
    }

    @FXML
    private void onMerge() {
        viewModel.merge(conflictTable.getSelectionModel().getSelectedItem(), mergeArea.getText());
    }

    private static String cssName(SyncState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** A long text: shown on one line, whole in the cell's tooltip. */
    private static <R> void wrapping(TableColumn<R, String> column, Function<R, String> value) {
        text(column, value);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });
    }
}
