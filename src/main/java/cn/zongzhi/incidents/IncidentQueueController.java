package cn.zongzhi.incidents;

import cn.zongzhi.common.Messages;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import cn.zongzhi.ui.Converters;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

public final class IncidentQueueController {
    private static final PseudoClass OVERDUE = PseudoClass.getPseudoClass("overdue");
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** One shortcut per action, shown on its button; Alt so that typing in the search field is never taken. */
    static final Map<IncidentAction, KeyCode> SHORTCUTS = new EnumMap<>(Map.ofEntries(
            Map.entry(IncidentAction.ACCEPT, KeyCode.A), Map.entry(IncidentAction.DECLINE, KeyCode.X),
            Map.entry(IncidentAction.DISPATCH, KeyCode.D), Map.entry(IncidentAction.HANDLE_ON_SPOT, KeyCode.H),
            Map.entry(IncidentAction.START, KeyCode.S), Map.entry(IncidentAction.RETURN, KeyCode.B),
            Map.entry(IncidentAction.REQUEST_EXTENSION, KeyCode.E), Map.entry(IncidentAction.APPROVE_EXTENSION, KeyCode.Y),
            Map.entry(IncidentAction.REFUSE_EXTENSION, KeyCode.N), Map.entry(IncidentAction.SUSPEND, KeyCode.P),
            Map.entry(IncidentAction.RESUME, KeyCode.U), Map.entry(IncidentAction.RESOLVE, KeyCode.R),
            Map.entry(IncidentAction.VERIFY, KeyCode.V), Map.entry(IncidentAction.REJECT_VERIFICATION, KeyCode.J),
            Map.entry(IncidentAction.CLOSE, KeyCode.C), Map.entry(IncidentAction.URGE, KeyCode.G),
            Map.entry(IncidentAction.SUPERVISE, KeyCode.O), Map.entry(IncidentAction.MERGE, KeyCode.M)));

    private final IncidentQueueViewModel viewModel;
    private final Messages messages;
    private final ZoneId zone;
    /** Reads the history's machine-form notes; one for the screen, not one per history cell drawn. */
    private final IncidentNotes notes;
    private final IntakeOpener intake;
    private java.util.function.Consumer<IncidentDetail> toDispute = detail -> { };
    @FXML private Button toDisputeButton;
    @FXML private Button correctButton;
    @FXML private Button noteButton;
    @FXML private javafx.scene.layout.VBox noteForm;
    @FXML private javafx.scene.control.TextArea noteArea;
    @FXML private Button noteSaveButton;
    @FXML private javafx.scene.layout.VBox correctionForm;
    @FXML private TextField correctionTitleField;
    @FXML private javafx.scene.control.TextArea correctionDescriptionArea;
    @FXML private TextField correctionAddressField;
    @FXML private TextField correctionPointField;
    @FXML private ComboBox<RiskLevel> correctionRiskBox;
    @FXML private TextField correctionReporterNameField;
    @FXML private TextField correctionReporterPhoneField;
    @FXML private Button correctionSaveButton;
    private final Map<IncidentAction, Button> actionButtons = new EnumMap<>(IncidentAction.class);
    private final ToggleGroup viewGroup = new ToggleGroup();
    private Timeline ticker;

    @FXML private TextField searchField;
    @FXML private Button newIncidentButton;
    @FXML private HBox viewBar;
    @FXML private Label errorLabel;
    @FXML private TableView<IncidentSummary> incidentTable;
    @FXML private TableColumn<IncidentSummary, String> caseNoColumn;
    @FXML private TableColumn<IncidentSummary, String> statusColumn;
    @FXML private TableColumn<IncidentSummary, String> titleColumn;
    @FXML private TableColumn<IncidentSummary, String> categoryColumn;
    @FXML private TableColumn<IncidentSummary, String> areaColumn;
    @FXML private TableColumn<IncidentSummary, String> departmentColumn;
    @FXML private TableColumn<IncidentSummary, String> reportedColumn;
    @FXML private TableColumn<IncidentSummary, IncidentSummary> dueColumn;
    @FXML private Label detailTitleLabel;
    @FXML private Label detailFactsLabel;
    @FXML private javafx.scene.layout.VBox cityRefusedBox;
    @FXML private Label cityRefusedLabel;
    @FXML private Button resubmitButton;
    @FXML private javafx.scene.control.Hyperlink revealLink;
    @FXML private Label duplicatesLabel;
    @FXML private FlowPane actionPane;
    @FXML private ListView<IncidentEvent> historyList;
    @FXML private javafx.scene.layout.VBox actionForm;
    @FXML private Label actionPromptLabel;
    @FXML private ComboBox<CatalogueRepository.Department> departmentBox;
    @FXML private ComboBox<Satisfaction> ratingBox;
    @FXML private TextField actionWhenField;
    @FXML private TextField actionTextField;
    @FXML private CategoryPickerView categoryFilterPicker;
    @FXML private ComboBox<cn.zongzhi.areas.AdminArea> townFilterBox;
    @FXML private javafx.scene.layout.HBox placeChip;
    @FXML private Label placeChipLabel;
    @FXML private ComboBox<CatalogueRepository.Department> departmentFilterBox;
    @FXML private ComboBox<Channel> channelFilterBox;
    @FXML private ComboBox<RiskLevel> riskFilterBox;
    @FXML private javafx.scene.control.DatePicker fromFilterPicker;
    @FXML private javafx.scene.control.DatePicker toFilterPicker;
    @FXML private Button bulkAcceptButton;
    @FXML private Button attachButton;
    @FXML private Button saveAttachmentButton;
    @FXML private ListView<IncidentRepository.Attachment> attachmentList;
    @FXML private Button bulkDispatchButton;
    @FXML private ComboBox<IncidentSort> sortBox;
    @FXML private Label statusLabel;

    private final IncidentTransferViewModel transfer;

    @FXML private javafx.scene.control.ProgressBar transferProgress;
    @FXML private Label transferLabel;
    @FXML private Button transferCancelButton;
    @FXML private Button importButton;
    @FXML private Button exportButton;

    public IncidentQueueController(IncidentQueueViewModel viewModel, IncidentTransferViewModel transfer, Messages messages,
                                   ZoneId zone, IntakeOpener intake) {
        this.viewModel = viewModel;
        this.transfer = transfer;
        this.messages = messages;
        this.zone = zone;
        this.intake = intake;
        this.notes = new IncidentNotes(messages, zone);
    }

    @FXML
    private void initialize() {
        for (QueueView view : QueueView.values()) {
            ToggleButton button = new ToggleButton(messages.text("incidents.view." + view.name()));
            button.setId("view" + view.name());
            button.setToggleGroup(viewGroup);
            button.setUserData(view);
            button.setOnAction(event -> {
                button.setSelected(true);
                viewModel.open(view);
            });
            viewBar.getChildren().add(button);
        }
        viewModel.viewProperty().addListener((observable, previous, current) -> selectViewButton(current));
        selectViewButton(viewModel.viewProperty().get());

        column(caseNoColumn, IncidentSummary::caseNo);
        column(statusColumn, row -> messages.text("incidents.status." + row.status().name()));
        column(titleColumn, IncidentSummary::title);
        column(categoryColumn, IncidentSummary::categoryName);
        column(areaColumn, IncidentSummary::areaName);
        column(departmentColumn, IncidentSummary::departmentName);
        column(reportedColumn, row -> row.reportedAt() == null ? "" : SHORT.format(row.reportedAt().atZone(zone)));
        dueColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        dueColumn.setCellFactory(column -> new DueCell());
        cn.zongzhi.ui.PagedTables.show(incidentTable, viewModel.rows());
        incidentTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(IncidentSummary item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(OVERDUE, !empty && item != null && item.status().isAgainstDeadline() && item.dueAt() != null
                        && item.dueAt().isBefore(viewModel.now()));
            }
        });
        // A refreshed page clears the table's selection; the incident being worked on stays in the detail pane.
        incidentTable.getSelectionModel().selectedItemProperty().addListener((observable, previous, current) -> {
            if (current != null) {
                viewModel.select(current.id());
            }
        });

        viewModel.useZone(zone);
        javafx.beans.binding.Bindings.bindContent(categoryFilterPicker.getCategories(), viewModel.categoryChoices());
        townFilterBox.setItems(viewModel.townChoices());
        townFilterBox.setConverter(Converters.labelled(cn.zongzhi.areas.AdminArea::name));
        departmentFilterBox.setItems(viewModel.departmentChoices());
        channelFilterBox.getItems().setAll(Channel.values());
        channelFilterBox.setConverter(Converters.labelled(channel -> messages.text("incidents.channel." + channel.name())));
        riskFilterBox.getItems().setAll(RiskLevel.values());
        riskFilterBox.setConverter(Converters.labelled(risk -> messages.text("incidents.risk." + risk.name())));
        categoryFilterPicker.valueProperty().bindBidirectional(viewModel.categoryFilterProperty());
        townFilterBox.valueProperty().bindBidirectional(viewModel.townFilterProperty());
        departmentFilterBox.valueProperty().bindBidirectional(viewModel.departmentFilterProperty());
        channelFilterBox.valueProperty().bindBidirectional(viewModel.channelFilterProperty());
        riskFilterBox.valueProperty().bindBidirectional(viewModel.riskFilterProperty());
        fromFilterPicker.valueProperty().bindBidirectional(viewModel.fromFilterProperty());
        toFilterPicker.valueProperty().bindBidirectional(viewModel.toFilterProperty());
        for (var filter : List.of(categoryFilterPicker.valueProperty(), townFilterBox.valueProperty(), departmentFilterBox.valueProperty(),
                channelFilterBox.valueProperty(), riskFilterBox.valueProperty(), fromFilterPicker.valueProperty(),
                toFilterPicker.valueProperty())) {
            filter.addListener((observable, previous, current) -> viewModel.refresh());
        }
        incidentTable.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        var several = javafx.beans.binding.Bindings.size(incidentTable.getSelectionModel().getSelectedIndices()).greaterThan(1);
        for (Button bulk : new Button[] {bulkAcceptButton, bulkDispatchButton}) {
            bulk.visibleProperty().bind(several);
            bulk.managedProperty().bind(several);
            bulk.disableProperty().bind(viewModel.busyProperty());
        }
        viewModel.placeFilterProperty().addListener((observable, previous, place) -> {
            placeChip.setVisible(place != null);
            placeChip.setManaged(place != null);
            placeChipLabel.setText(place == null ? "" : messages.text(place.cases() != null ? "incidents.filter.figure"
                    : place.gridId() != null ? "incidents.filter.grid" : "incidents.filter.area", place.label()));
        });
        searchField.textProperty().bindBidirectional(viewModel.searchTextProperty());
        searchField.setOnAction(event -> viewModel.refresh());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        statusLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> viewModel.statusProperty().get().isEmpty() ? viewModel.countTextProperty().get()
                        : viewModel.countTextProperty().get() + "  ·  " + viewModel.statusProperty().get(),
                viewModel.countTextProperty(), viewModel.statusProperty()));

        sortBox.getItems().setAll(IncidentSort.values());
        sortBox.setConverter(Converters.labelled(sort -> messages.text("incidents.sort." + sort.name())));
        sortBox.valueProperty().bindBidirectional(viewModel.sortProperty());
        sortBox.setOnAction(event -> viewModel.refresh());

        for (IncidentAction action : SHORTCUTS.keySet()) {
            Button button = new Button(messages.text("incidents.action." + action.name()) + " (Alt+" + SHORTCUTS.get(action).getName() + ")");
            button.setId("action" + action.name());
            button.setOnAction(event -> perform(action));
            button.setVisible(false);
            button.managedProperty().bind(button.visibleProperty());
            button.disableProperty().bind(viewModel.busyProperty());
            actionButtons.put(action, button);
            actionPane.getChildren().add(button);
        }
        viewModel.allowedActions().addListener((ListChangeListener<IncidentAction>) change ->
                actionButtons.forEach((action, button) -> button.setVisible(viewModel.allowedActions().contains(action))));
        viewModel.detailProperty().addListener((observable, previous, current) -> showDetail(current));
        viewModel.revealedProperty().addListener((observable, was, now) -> showDetail(viewModel.detailProperty().get()));
        revealLink.visibleProperty().bind(viewModel.detailProperty().isNotNull().and(viewModel.revealedProperty().not()));
        revealLink.managedProperty().bind(revealLink.visibleProperty());
        revealLink.setOnAction(event -> viewModel.reveal());
        historyList.setCellFactory(list -> new HistoryCell());
        attachmentList.setItems(viewModel.attachments());
        attachmentList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(IncidentRepository.Attachment item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : messages.text("incidents.attachment.line", item.fileName(),
                        Math.max(1, item.sizeBytes() / 1024), FULL.format(item.addedAt().atZone(zone))));
            }
        });
        attachButton.disableProperty().bind(viewModel.detailProperty().isNull().or(viewModel.busyProperty()));
        show(resubmitButton, viewModel.offersResubmission());
        resubmitButton.disableProperty().bind(viewModel.busyProperty());
        // Turning an incident into a mediation case needs an incident: with none shown the button would do nothing.
        toDisputeButton.disableProperty().bind(viewModel.detailProperty().isNull());
        saveAttachmentButton.disableProperty().bind(attachmentList.getSelectionModel().selectedItemProperty().isNull());
        // Correcting details: the form edits the view model's copy; Ctrl+Enter saves (Enter is a new line in the description).
        correctButton.disableProperty().bind(viewModel.detailProperty().isNull().or(viewModel.busyProperty())
                .or(viewModel.correctingProperty()));
        correctionForm.visibleProperty().bind(viewModel.correctingProperty());
        correctionForm.managedProperty().bind(viewModel.correctingProperty());
        correctionTitleField.textProperty().bindBidirectional(viewModel.correctionTitleProperty());
        correctionDescriptionArea.textProperty().bindBidirectional(viewModel.correctionDescriptionProperty());
        correctionAddressField.textProperty().bindBidirectional(viewModel.correctionAddressProperty());
        correctionPointField.textProperty().bindBidirectional(viewModel.correctionPointProperty());
        correctionRiskBox.getItems().setAll(RiskLevel.values());
        correctionRiskBox.setConverter(Converters.labelled(risk -> messages.text("incidents.risk." + risk.name())));
        correctionRiskBox.valueProperty().bindBidirectional(viewModel.correctionRiskProperty());
        correctionReporterNameField.textProperty().bindBidirectional(viewModel.correctionReporterNameProperty());
        correctionReporterPhoneField.textProperty().bindBidirectional(viewModel.correctionReporterPhoneProperty());
        correctionSaveButton.disableProperty().bind(viewModel.busyProperty());
        formKeys(correctionForm, viewModel::saveCorrection, viewModel::cancelCorrection);
        // A note: the same keys as the correction form.
        noteButton.disableProperty().bind(viewModel.detailProperty().isNull().or(viewModel.busyProperty())
                .or(viewModel.notingProperty()));
        noteForm.visibleProperty().bind(viewModel.notingProperty());
        noteForm.managedProperty().bind(viewModel.notingProperty());
        noteArea.textProperty().bindBidirectional(viewModel.noteTextProperty());
        noteSaveButton.disableProperty().bind(viewModel.busyProperty());
        formKeys(noteForm, viewModel::saveNote, viewModel::cancelNote);
        // A form closed (saved or cancelled): the keyboard goes back to the queue, so Alt+A and the other step keys
        // work at once; a hidden text area keeping the focus would take them.
        javafx.beans.value.ChangeListener<Boolean> backToQueue = (observable, was, open) -> {
            if (was && !open) {
                incidentTable.requestFocus();
            }
        };
        viewModel.notingProperty().addListener(backToQueue);
        viewModel.correctingProperty().addListener(backToQueue);
        // Another incident selected: a half-done correction or note of the previous one is dropped, never saved
        // onto this one.
        viewModel.detailProperty().addListener((observable, before, now) -> {
            if (before == null || now == null || !before.id().equals(now.id())) {
                viewModel.cancelCorrection();
                viewModel.cancelNote();
            }
        });
        ratingBox.getItems().setAll(Satisfaction.values());
        ratingBox.setConverter(Converters.labelled(value -> messages.text("incidents.satisfaction." + value.name())));
        ratingBox.valueProperty().bindBidirectional(viewModel.formRatingProperty());
        departmentBox.setItems(viewModel.departmentChoices());
        departmentBox.valueProperty().bindBidirectional(viewModel.formDepartmentProperty());
        actionWhenField.setPromptText(IncidentQueueViewModel.WHEN_PATTERN);
        actionWhenField.textProperty().bindBidirectional(viewModel.formWhenProperty());
        actionTextField.textProperty().bindBidirectional(viewModel.formTextProperty());
        viewModel.actionFormProperty().addListener((observable, before, form) -> showForm(form, before));
        actionForm.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER) {
                event.consume();
                onActionConfirm();
            } else if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                onActionCancel();
            }
        });

        incidentTable.sceneProperty().addListener((observable, previous, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
            }
        });
        ticker = new Timeline(new KeyFrame(Duration.seconds(30), event -> {
            incidentTable.refresh();
            viewModel.poll();
        }));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
        transferProgress.visibleProperty().bind(transfer.runningProperty());
        transferProgress.progressProperty().bind(transfer.progressProperty());
        transferCancelButton.visibleProperty().bind(transfer.runningProperty());
        transferLabel.textProperty().bind(transfer.messageProperty());
        importButton.disableProperty().bind(transfer.runningProperty());
        exportButton.disableProperty().bind(transfer.runningProperty());
        for (Button bulk : List.of(importButton, exportButton)) {
            bulk.setVisible(transfer.mayTransfer());
            bulk.setManaged(transfer.mayTransfer());
        }
        viewModel.loadReferenceData();
        viewModel.refresh();
    }

    private void selectViewButton(QueueView view) {
        viewGroup.getToggles().stream().filter(toggle -> toggle.getUserData() == view).findFirst()
                .ifPresent(toggle -> toggle.setSelected(true));
    }

    private void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::onNewIncident);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), searchField::requestFocus);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), viewModel::refresh);
        SHORTCUTS.forEach((action, key) -> scene.getAccelerators().put(new KeyCodeCombination(key, KeyCombination.ALT_DOWN), () -> {
            if (incidentTable.getScene() != null && incidentTable.isVisible() && viewModel.allowedActions().contains(action)) {
                perform(action);
            }
        }));
    }

    /** Where "turn into a dispute" leads; set by the composition root (the mediation desk). */
    public void useDisputeDesk(java.util.function.Consumer<IncidentDetail> opener) {
        toDispute = opener;
    }

    @FXML
    private void onCorrect() {
        viewModel.startCorrection();
        correctionTitleField.requestFocus();
    }

    /** The keys of a form in the detail pane: Ctrl+Enter saves (Enter is a new line in its text areas), Esc cancels. */
    private static void formKeys(javafx.scene.Node form, Runnable save, Runnable cancel) {
        form.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ENTER && event.isShortcutDown()) {
                event.consume();
                save.run();
            } else if (event.getCode() == KeyCode.ESCAPE) {
                event.consume();
                cancel.run();
            }
        });
    }

    @FXML
    private void onResubmit() {
        viewModel.resubmitToCity();
    }

    @FXML
    private void onNote() {
        viewModel.startNote();
        noteArea.requestFocus();
    }

    @FXML
    private void onNoteCancel() {
        viewModel.cancelNote();
    }

    @FXML
    private void onNoteSave() {
        viewModel.saveNote();
    }

    @FXML
    private void onCorrectionCancel() {
        viewModel.cancelCorrection();
    }

    @FXML
    private void onCorrectionSave() {
        viewModel.saveCorrection();
    }

    @FXML
    private void onToDispute() {
        IncidentDetail shown = viewModel.detailProperty().get();
        if (shown != null) {
            toDispute.accept(shown);
        }
    }

    @FXML
    private void onAttach() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(messages.text("incidents.attachment.add"));
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(
                messages.text("incidents.attachment.types"), viewModel.attachmentPatterns()));
        java.io.File file = chooser.showOpenDialog(incidentTable.getScene().getWindow());
        if (file != null) {
            viewModel.attach(file.toPath());
        }
    }

    @FXML
    private void onSaveAttachment() {
        IncidentRepository.Attachment attachment = attachmentList.getSelectionModel().getSelectedItem();
        if (attachment == null) {
            return;
        }
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setInitialFileName(attachment.fileName());
        java.io.File file = chooser.showSaveDialog(incidentTable.getScene().getWindow());
        if (file != null) {
            viewModel.saveAttachment(attachment, file.toPath());
        }
    }

    @FXML
    private void onClearPlace() {
        viewModel.placeFilterProperty().set(null);
        viewModel.refresh();
    }

    @FXML
    private void onClearFilters() {
        viewModel.clearFilters();
    }

    @FXML
    private void onExport() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(messages.text("incidents.transfer.export"));
        chooser.getExtensionFilters().addAll(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"),
                new javafx.stage.FileChooser.ExtensionFilter("Excel", "*.xlsx"));
        chooser.setInitialFileName("incidents.csv");
        java.io.File file = chooser.showSaveDialog(incidentTable.getScene().getWindow());
        if (file != null) {
            transfer.exportTo(file.toPath());
        }
    }

    @FXML
    private void onImport() {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle(messages.text("incidents.transfer.import"));
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
        java.io.File file = chooser.showOpenDialog(incidentTable.getScene().getWindow());
        if (file != null) {
            transfer.importFrom(file.toPath());
        }
    }

    @FXML
    private void onTransferCancel() {
        transfer.cancel();
    }

    @FXML
    private void onNewIncident() {
        intake.open(viewModel::registered);
    }

    /** The selected incidents; empty (the view model says why) when the selection reaches rows not yet read. */
    private java.util.Optional<List<java.util.UUID>> selectedIds() {
        return viewModel.idsAt(List.copyOf(incidentTable.getSelectionModel().getSelectedIndices()));
    }

    @FXML
    private void onBulkAccept() {
        selectedIds().ifPresent(ids -> viewModel.actOnMany(ids, IncidentAction.ACCEPT, ActionInput.none()));
    }

    @FXML
    private void onBulkDispatch() {
        selectedIds().ifPresent(viewModel::startBulkDispatch);
    }

    private void perform(IncidentAction action) {
        viewModel.startAction(action);
    }

    /** Shows the inline form the view model opened (a reason, a department, a rating, a date), or hides it. */
    private void showForm(IncidentQueueViewModel.ActionForm form, IncidentQueueViewModel.ActionForm before) {
        if (form == null) {
            show(actionForm, false);
            if (before != null) {
                // The keyboard goes back to the queue, so the step keys work at once.
                incidentTable.requestFocus();
            }
            return;
        }
        IncidentAction action = form.action();
        boolean department = action == IncidentAction.DISPATCH;
        boolean rating = action == IncidentAction.CLOSE;
        boolean when = action == IncidentAction.REQUEST_EXTENSION;
        String promptKey = switch (action) {
            case RESOLVE, HANDLE_ON_SPOT -> "incidents.prompt.result";
            case MERGE -> "incidents.prompt.mergeInto";
            case DISPATCH -> "incidents.prompt.department";
            case CLOSE -> "incidents.prompt.satisfaction";
            case REQUEST_EXTENSION -> "incidents.prompt.extension";
            default -> "incidents.prompt.reason";
        };
        actionPromptLabel.setText(form.bulk() ? messages.text("incidents.bulk.dispatchPrompt", form.targets().size())
                : messages.text("incidents.form.prompt", messages.text("incidents.action." + action.name()), form.caseNo(),
                        messages.text(promptKey)));
        show(departmentBox, department);
        show(ratingBox, rating);
        show(actionWhenField, when);
        show(actionTextField, !department && !rating);
        actionTextField.setPromptText(when ? messages.text("incidents.prompt.reason") : "");
        show(actionForm, true);
        if (before == null || before.action() != action || !java.util.Objects.equals(before.incidentId(), form.incidentId())) {
            (department ? departmentBox : rating ? ratingBox : when ? actionWhenField : actionTextField).requestFocus();
        }
    }

    private static void show(javafx.scene.Node node, boolean visible) {
        node.setVisible(visible);
        node.setManaged(visible);
    }

    @FXML
    private void onActionConfirm() {
        viewModel.confirmAction();
    }

    @FXML
    private void onActionCancel() {
        viewModel.cancelAction();
    }

    private void showDetail(IncidentDetail detail) {
        showCityRefusal(detail == null ? null : detail.cityRefusal());
        if (detail == null) {
            detailTitleLabel.setText(messages.text("incidents.detail.none"));
            detailFactsLabel.setText("");
            historyList.getItems().clear();
            return;
        }
        detailTitleLabel.setText(messages.text("incidents.detail.heading", detail.caseNo(), detail.title(),
                messages.text("incidents.status." + detail.state().status().name())));
        duplicatesLabel.textProperty().bind(viewModel.duplicatesProperty());
        detailFactsLabel.setText(messages.text("incidents.detail.facts",
                nullToDash(detail.categoryName()),
                messages.text("incidents.channel." + detail.channel()),
                nullToDash(detail.areaName()), nullToDash(detail.address()),
                nullToDash(detail.departmentName()),
                detail.reportedAt() == null ? "—" : FULL.format(detail.reportedAt().atZone(zone)),
                detail.dueAt() == null ? "—" : FULL.format(detail.dueAt().atZone(zone)),
                viewModel.revealedProperty().get() ? nullToDash(detail.reporterName()) : cn.zongzhi.common.Masking.name(detail.reporterName()),
                viewModel.revealedProperty().get() ? nullToDash(detail.reporterPhone()) : cn.zongzhi.common.Masking.phone(detail.reporterPhone()),
                nullToDash(detail.description()))
                + notes.pendingExtension(detail)
                + (detail.dueBeyondCalendar() ? "\n" + messages.text("incidents.detail.dueBeyondCalendar",
                detail.dueAt().atZone(zone).getYear()) : "")
                + (detail.disputes().isEmpty() ? "" : "\n" + messages.text("incidents.detail.disputes",
                String.join("、", detail.disputes().stream().map(dispute -> messages.text("incidents.detail.dispute",
                        dispute.caseNo(), dispute.outcome() == null ? messages.text("mediation.status." + dispute.status())
                                : messages.text("mediation.outcome." + dispute.outcome()))).toList()))));
        historyList.getItems().setAll(detail.history());
    }

    /**
     * 市级未接收: the city's reason in the sync screen's words, and what to do: correct, then resubmit here (or on the
     * sync screen where this console cannot resubmit from the queue).
     */
    private void showCityRefusal(IncidentDetail.CityRefusal refusal) {
        show(cityRefusedBox, refusal != null);
        if (refusal == null) {
            cityRefusedLabel.setText("");
            return;
        }
        String code = refusal.reasonCode();
        String reason = code == null || code.isBlank() ? messages.text("sync.reason.unknown", "?")
                : messages.textOrDefault("sync.reason." + code, messages.textOrDefault("sync.error." + code,
                        messages.text("sync.reason.unknown", code)));
        cityRefusedLabel.setText(viewModel.offersResubmission()
                ? messages.text("incidents.city.refused", reason, messages.text("incidents.correct.button"),
                        messages.text("incidents.city.resubmit"))
                : messages.text("incidents.city.refusedAtSync", reason, messages.text("incidents.correct.button"),
                        messages.text("shell.nav.sync"), messages.text("sync.refusals.resubmit")));
    }

    /** Notes the service writes in a machine form read in the user's language and the office's zone. */
    private String readableNote(String note) {
        return notes.readable(note);
    }

    private static String nullToDash(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }

    private static void column(TableColumn<IncidentSummary, String> column, Function<IncidentSummary, String> value) {
        cn.zongzhi.ui.PagedTables.text(column, value);
    }

    /** The countdown to the deadline: green with time to spare, amber within a day, red when overdue. */
    private final class DueCell extends TableCell<IncidentSummary, IncidentSummary> {
        @Override
        protected void updateItem(IncidentSummary item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("due-ok", "due-soon", "due-overdue");
            if (empty || item == null || item.dueAt() == null || !item.status().isAgainstDeadline()) {
                setText(empty || item == null || item.dueAt() == null ? "" : SHORT.format(item.dueAt().atZone(zone)));
                return;
            }
            java.time.Duration left = viewModel.remaining(item.dueAt());
            long hours = Math.abs(left.toHours());
            String amount = hours >= 24 ? messages.text("incidents.due.days", hours / 24, hours % 24)
                    : messages.text("incidents.due.hours", hours, Math.abs(left.toMinutesPart()));
            if (left.isNegative()) {
                setText(messages.text("incidents.due.overdue", amount));
                getStyleClass().add("due-overdue");
            } else {
                setText(messages.text("incidents.due.left", amount));
                getStyleClass().add(left.toHours() < 24 ? "due-soon" : "due-ok");
            }
        }
    }

    private final class HistoryCell extends ListCell<IncidentEvent> {
        @Override
        protected void updateItem(IncidentEvent event, boolean empty) {
            super.updateItem(event, empty);
            if (empty || event == null) {
                setText(null);
                return;
            }
            setWrapText(true);
            // Zero preferred width lets the cell take the list's width and wrap, instead of scrolling sideways.
            setPrefWidth(0);
            // A note, a correction, an attachment or an urging leaves the status as it was: no arrow to it.
            boolean statusKept = event.from() != null && event.from() == event.to();
            setText(messages.text(statusKept ? "incidents.history.lineKept" : "incidents.history.line",
                    FULL.format(event.occurredAt().atZone(zone)),
                    nullToDash(event.operatorName()), messages.text("incidents.action." + event.action().name()),
                    event.to() == null ? "—" : messages.text("incidents.status." + event.to().name()),
                    readableNote(event.note())));
        }
    }

    public void stop() {
        if (ticker != null) {
            ticker.stop();
        }
    }
}
