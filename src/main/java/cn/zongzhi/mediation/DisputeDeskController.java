package cn.zongzhi.mediation;

import cn.zongzhi.common.Masking;
import cn.zongzhi.ui.Converters;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Thin glue for the one-window desk: the case list, the intake overlay and the outcome form. */
public final class DisputeDeskController {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final DisputeDeskViewModel viewModel;

    @FXML private StackPane deskRoot;
    @FXML private CheckBox showClosedBox;
    @FXML private Label deskMessageLabel;
    @FXML private TableView<DisputeRepository.Summary> disputeTable;
    @FXML private TableColumn<DisputeRepository.Summary, String> caseColumn;
    @FXML private TableColumn<DisputeRepository.Summary, String> typeColumn;
    @FXML private TableColumn<DisputeRepository.Summary, String> partiesColumn;
    @FXML private TableColumn<DisputeRepository.Summary, String> statusColumn;
    @FXML private TableColumn<DisputeRepository.Summary, String> registeredColumn;
    @FXML private TableColumn<DisputeRepository.Summary, String> dueColumn;
    @FXML private TableColumn<DisputeRepository.Summary, String> mediatorColumn;
    @FXML private Label detailTitle;
    @FXML private Label detailSummary;
    @FXML private ChoiceBox<String> outcomeChoice;
    @FXML private VBox agreementBox;
    @FXML private TextArea termsArea;
    @FXML private TextField agreedAmountField;
    @FXML private TextField methodField;
    @FXML private DatePicker performByPicker;
    @FXML private VBox referralBox;
    @FXML private ChoiceBox<String> referralChoice;
    @FXML private TextArea referralSummaryArea;
    @FXML private Button recordOutcomeButton;
    @FXML private Button bookCaseButton;
    @FXML private Label recordedOutcomeLabel;
    @FXML private Label outcomeErrorLabel;
    @FXML private VBox outcomeForm;
    @FXML private javafx.scene.control.MenuButton printButton;
    @FXML private Button performedButton;
    @FXML private TextField followUpNoteField;
    @FXML private Button notPerformedButton;
    @FXML private javafx.scene.control.MenuItem printAcceptance;
    @FXML private javafx.scene.control.MenuItem printNotice;
    @FXML private javafx.scene.control.MenuItem printAgreement;
    @FXML private javafx.scene.control.MenuItem printFollowUp;
    @FXML private javafx.scene.control.ToggleButton timeLimitReminder;
    @FXML private javafx.scene.control.ToggleButton confirmationReminder;
    @FXML private javafx.scene.control.ToggleButton followUpReminder;
    @FXML private Label dueLabel;
    @FXML private javafx.scene.control.ToggleButton proposalReminder;
    @FXML private Label correctionTitle;
    @FXML private ChoiceBox<ProposalField> correctionFieldChoice;
    @FXML private ComboBox<String> correctionCodeBox;
    @FXML private TextArea correctionTextArea;
    @FXML private TextField correctionReasonField;
    @FXML private Button correctionButton;
    @FXML private javafx.scene.control.ListView<CaseProposalRepository.Row> proposalList;
    @FXML private VBox answerBox;
    @FXML private VBox proposalBox;
    @FXML private TextField declineNoteField;
    @FXML private Button adoptButton;
    @FXML private Button declineButton;
    @FXML private javafx.scene.layout.HBox selectionChip;
    @FXML private Label selectionChipLabel;
    @FXML private Label partiesLabel;
    @FXML private javafx.scene.control.Hyperlink revealPartiesLink;
    @FXML private javafx.scene.layout.HBox extensionRow;
    @FXML private TextField extensionDaysField;
    @FXML private TextField extensionNoteField;
    @FXML private Button extendButton;
    @FXML private Label confirmationLabel;
    @FXML private Button confirmationButton;
    @FXML private javafx.scene.control.ListView<SessionRepository.SessionMinutes> sessionList;
    @FXML private ChoiceBox<String> sessionResultChoice;
    @FXML private TextArea minutesArea;
    @FXML private Button saveMinutesButton;
    @FXML private StackPane intakeBackdrop;
    @FXML private ComboBox<DisputeType> typeBox;
    @FXML private ComboBox<String> sourceBox;
    @FXML private ComboBox<String> routeBox;
    @FXML private TextField amountField;
    @FXML private ComboBox<String> riskBox;
    @FXML private TextArea summaryArea;
    @FXML private VBox partiesBox;
    @FXML private Label intakeErrorLabel;
    @FXML private Button saveDisputeButton;

    public DisputeDeskController(DisputeDeskViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        var messages = viewModel.messages();
        disputeTable.setItems(viewModel.rows());
        caseColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().caseNo()));
        typeColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(DisputeType.label(cell.getValue().type(), messages)));
        // Names of parties are personal data: masked in the list, as everywhere else on screen.
        partiesColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(String.join("、", cell.getValue().partyNames().stream()
                .map(party -> party.person() ? Masking.name(party.name()) : party.name()).toList())));
        statusColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(viewModel.describeStatus(cell.getValue())));
        registeredColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(DAY.format(cell.getValue().registeredAt().atZone(ZONE))));
        dueColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().dueAt() == null ? ""
                : DAY.format(cell.getValue().dueAt().atZone(ZONE))));
        mediatorColumn.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().mediatorName() == null ? ""
                : cell.getValue().mediatorName()));
        // The view model keeps its case across a refresh (it picks the new row of the same case); the table follows.
        viewModel.selectedProperty().addListener((observable, before, now) -> {
            if (disputeTable.getSelectionModel().getSelectedItem() != now) {
                if (now == null) {
                    disputeTable.getSelectionModel().clearSelection();
                } else {
                    disputeTable.getSelectionModel().select(now);
                }
            }
        });
        disputeTable.getSelectionModel().selectedItemProperty().addListener((observable, before, now) -> {
            viewModel.selectedProperty().set(now);
            showCase(now);
        });
        showCase(null);
        followUpNoteField.textProperty().bindBidirectional(viewModel.followUpNoteProperty());

        // Reminders: one toggle each, showing how many cases wait; pressed, the list shows those cases.
        javafx.scene.control.ToggleGroup reminders = new javafx.scene.control.ToggleGroup();
        timeLimitReminder.setUserData(DisputeRepository.Reminder.TIME_LIMIT);
        confirmationReminder.setUserData(DisputeRepository.Reminder.CONFIRMATION);
        followUpReminder.setUserData(DisputeRepository.Reminder.FOLLOW_UP);
        proposalReminder.setUserData(DisputeRepository.Reminder.PROPOSALS);
        for (var toggle : List.of(timeLimitReminder, confirmationReminder, followUpReminder, proposalReminder)) {
            toggle.setToggleGroup(reminders);
        }
        reminders.selectedToggleProperty().addListener((observable, before, now) ->
                viewModel.reminderProperty().set(now == null ? null : (DisputeRepository.Reminder) now.getUserData()));
        viewModel.reminderCounts().addListener((javafx.collections.MapChangeListener<DisputeRepository.Reminder, Integer>) change ->
                showReminderCounts());
        showReminderCounts();
        showClosedBox.disableProperty().bind(viewModel.reminderProperty().isNotNull().or(viewModel.selectionProperty().isNotNull()));
        viewModel.selectionProperty().addListener((observable, before, now) -> {
            selectionChip.setVisible(now != null);
            selectionChip.setManaged(now != null);
            selectionChipLabel.setText(now == null ? "" : messages.text("incidents.filter.figure", now.label()));
            if (now != null) {
                reminders.selectToggle(null);
            }
        });

        partiesLabel.textProperty().bind(viewModel.partiesTextProperty());
        outcomeErrorLabel.textProperty().bind(viewModel.outcomeErrorProperty());
        outcomeErrorLabel.visibleProperty().bind(viewModel.outcomeErrorProperty().isNotEmpty());
        outcomeErrorLabel.managedProperty().bind(outcomeErrorLabel.visibleProperty());
        recordedOutcomeLabel.textProperty().bind(viewModel.recordedOutcomeProperty());
        recordedOutcomeLabel.visibleProperty().bind(viewModel.recordedOutcomeProperty().isNotEmpty());
        recordedOutcomeLabel.managedProperty().bind(recordedOutcomeLabel.visibleProperty());
        revealPartiesLink.visibleProperty().bind(viewModel.selectedProperty().isNotNull().and(viewModel.partiesRevealedProperty().not()));
        revealPartiesLink.managedProperty().bind(revealPartiesLink.visibleProperty());
        revealPartiesLink.setOnAction(event -> viewModel.revealParties());
        extensionDaysField.textProperty().bindBidirectional(viewModel.extensionDaysProperty());
        extensionNoteField.textProperty().bindBidirectional(viewModel.extensionNoteProperty());

        sessionList.setItems(viewModel.sessions());
        sessionList.setPlaceholder(new Label(messages.text("mediation.minutes.none")));
        sessionList.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            {
                // Wrap within the narrow panel instead of scrolling sideways.
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(SessionRepository.SessionMinutes item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : viewModel.describeSession(item));
            }
        });
        viewModel.selectedSessionProperty().addListener((observable, before, now) -> {
            if (sessionList.getSelectionModel().getSelectedItem() != now) {
                sessionList.getSelectionModel().select(now);
            }
        });
        sessionList.getSelectionModel().selectedItemProperty().addListener((observable, before, now) -> {
            if (now != null) {
                viewModel.selectedSessionProperty().set(now);
            }
        });
        sessionResultChoice.setItems(viewModel.sessionResults());
        sessionResultChoice.setConverter(Converters.labelled(code -> messages.text("mediation.session." + code)));
        sessionResultChoice.valueProperty().bindBidirectional(viewModel.sessionResultProperty());
        minutesArea.textProperty().bindBidirectional(viewModel.minutesProperty());
        var noSession = viewModel.selectedSessionProperty().isNull();
        sessionResultChoice.disableProperty().bind(noSession);
        minutesArea.disableProperty().bind(noSession);
        saveMinutesButton.disableProperty().bind(noSession);
        printButton.disableProperty().bind(viewModel.selectedProperty().isNull());
        printAcceptance.setOnAction(event -> print(MediationDocuments.Kind.ACCEPTANCE));
        printNotice.setOnAction(event -> print(MediationDocuments.Kind.NOTICE));
        printAgreement.setOnAction(event -> print(MediationDocuments.Kind.AGREEMENT));
        printFollowUp.setOnAction(event -> print(MediationDocuments.Kind.FOLLOW_UP));
        showClosedBox.selectedProperty().bindBidirectional(viewModel.showClosedProperty());
        showCorrections();
        deskMessageLabel.textProperty().bind(viewModel.messageProperty());

        outcomeChoice.getItems().setAll("AGREEMENT", "FAILED", "UNSUITABLE", "WITHDRAWN");
        outcomeChoice.setConverter(Converters.labelled(kind -> messages.text("mediation.outcome." + kind)));
        outcomeChoice.valueProperty().bindBidirectional(viewModel.outcomeKindProperty());
        referralChoice.getItems().setAll("FAST_TRACK_COURT", "LITIGATION");
        referralChoice.setConverter(Converters.labelled(kind -> messages.text("mediation.referral." + kind)));
        referralChoice.valueProperty().bindBidirectional(viewModel.referralProperty());
        var agreement = viewModel.outcomeKindProperty().isEqualTo("AGREEMENT");
        var referred = viewModel.outcomeKindProperty().isEqualTo("FAILED").or(viewModel.outcomeKindProperty().isEqualTo("UNSUITABLE"));
        agreementBox.visibleProperty().bind(agreement);
        agreementBox.managedProperty().bind(agreement);
        referralBox.visibleProperty().bind(referred);
        referralBox.managedProperty().bind(referred);
        termsArea.textProperty().bindBidirectional(viewModel.termsProperty());
        agreedAmountField.textProperty().bindBidirectional(viewModel.agreedAmountProperty());
        methodField.textProperty().bindBidirectional(viewModel.performanceMethodProperty());
        performByPicker.valueProperty().bindBidirectional(viewModel.performByProperty());
        referralSummaryArea.textProperty().bindBidirectional(viewModel.referralSummaryProperty());

        typeBox.getItems().setAll(DisputeType.values());
        typeBox.setConverter(Converters.labelled(type -> DisputeType.label(type.name(), viewModel.messages())));
        typeBox.valueProperty().bindBidirectional(viewModel.typeProperty());
        sourceBox.getItems().setAll("PARTY_APPLICATION", "OWN_INITIATIVE", "POLICE_TRANSFER", "COURT_ENTRUSTED",
                "GOVERNMENT_ASSIGNED", "FROM_INCIDENT");
        sourceBox.setConverter(Converters.labelled(code -> messages.text("mediation.source." + code)));
        sourceBox.valueProperty().bindBidirectional(viewModel.sourceProperty());
        routeBox.getItems().setAll("PEOPLES", "ADMINISTRATIVE", "JUDICIAL", "LAWYER", "PSYCHOLOGICAL");
        routeBox.setConverter(Converters.labelled(code -> messages.text("mediation.route." + code)));
        routeBox.valueProperty().bindBidirectional(viewModel.routeProperty());
        riskBox.getItems().setAll(DisputeService.RISK_LEVELS);
        riskBox.setConverter(Converters.labelled(code -> messages.text("incidents.risk." + code)));
        riskBox.valueProperty().bindBidirectional(viewModel.riskProperty());
        amountField.textProperty().bindBidirectional(viewModel.amountProperty());
        summaryArea.textProperty().bindBidirectional(viewModel.summaryProperty());
        viewModel.parties().addListener((ListChangeListener<DisputeDeskViewModel.PartyForm>) change -> showParties());
        intakeErrorLabel.textProperty().bind(viewModel.formErrorProperty());
        intakeBackdrop.visibleProperty().bind(viewModel.formOpenProperty());
        viewModel.formOpenProperty().addListener((observable, was, open) -> {
            if (open) {
                showOwnTab();
            }
        });
        saveDisputeButton.disableProperty().bind(viewModel.busyProperty());
        // Sessions booked on the calendar tab change cases (status, mediator): read the list again on coming back.
        cn.zongzhi.ui.Shown.rereadWhenShown(deskRoot, viewModel::refresh);
    }

    /** The detail pane of the selected case: what it says and which of its actions apply now. */
    private void showCase(DisputeRepository.Summary now) {
        var messages = viewModel.messages();
        boolean own = now != null && viewModel.isOwn(now);
        detailTitle.setText(now == null ? messages.text("mediation.desk.noneSelected")
                : now.caseNo() + " " + DisputeType.label(now.type(), messages) + (own ? "" : "  " + viewModel.describeOwner(now)));
        detailSummary.setText(now == null ? "" : now.summary());
        // Another office's case is shown as the city sent it; its owner alone acts on it.
        boolean open = own && !"CLOSED".equals(now.status());
        recordOutcomeButton.setDisable(!open);
        bookCaseButton.setDisable(!open);
        // A closed case's form would stand empty at 达成协议 under it, as if nothing had been recorded.
        boolean closed = now != null && "CLOSED".equals(now.status());
        outcomeForm.setVisible(!closed);
        outcomeForm.setManaged(!closed);
        extensionRow.setDisable(!open);
        extensionNoteField.setDisable(!open);
        dueLabel.setText(now == null ? "" : viewModel.describeDue(now));
        boolean agreement = now != null && "AGREEMENT".equals(now.outcome());
        // Correcting is for this office's case; another office's case is corrected by proposing to its owner.
        correctionTitle.setText(messages.text(now == null || own ? "mediation.correction.titleOwn" : "mediation.correction.titleOther"));
        correctionButton.setText(messages.text(now == null || own ? "mediation.correction.correct" : "mediation.correction.propose"));
        correctionReasonField.setVisible(now != null && !own);
        correctionReasonField.setManaged(now != null && !own);
        performedButton.setDisable(!agreement || !own || now.followedUp());
        notPerformedButton.setDisable(!agreement || !own || now.followedUp());
        confirmationLabel.setText(agreement ? viewModel.describeConfirmation(now) : "");
        confirmationLabel.setManaged(agreement);
        confirmationButton.setVisible(agreement);
        confirmationButton.setManaged(agreement);
        confirmationButton.setDisable(!agreement || !own || now.confirmationApplied() != null);
    }

    /** The correction form (its value typed or picked by field) and the case's proposals with the owner's answer. */
    private void showCorrections() {
        var messages = viewModel.messages();
        correctionFieldChoice.getItems().setAll(ProposalField.values());
        correctionFieldChoice.setConverter(Converters.labelled(field -> messages.text("mediation.correction.field." + field.name())));
        correctionFieldChoice.valueProperty().bindBidirectional(viewModel.correctionFieldProperty());
        correctionCodeBox.valueProperty().bindBidirectional(viewModel.correctionCodeProperty());
        correctionTextArea.textProperty().bindBidirectional(viewModel.correctionTextProperty());
        correctionReasonField.textProperty().bindBidirectional(viewModel.correctionReasonProperty());
        Runnable showValueInput = () -> {
            ProposalField field = viewModel.correctionFieldProperty().get();
            boolean picked = DisputeDeskViewModel.picked(field);
            String keep = viewModel.correctionCodeProperty().get();
            if (field == ProposalField.DISPUTE_TYPE) {
                correctionCodeBox.getItems().setAll(java.util.Arrays.stream(DisputeType.values()).map(Enum::name).toList());
                correctionCodeBox.setConverter(Converters.labelled(code -> DisputeType.label(code, messages)));
            } else if (field == ProposalField.RISK_LEVEL) {
                correctionCodeBox.getItems().setAll(DisputeService.RISK_LEVELS);
                correctionCodeBox.setConverter(Converters.labelled(code -> messages.text("incidents.risk." + code)));
            }
            viewModel.correctionCodeProperty().set(keep);
            correctionCodeBox.setVisible(picked);
            correctionCodeBox.setManaged(picked);
            correctionTextArea.setVisible(!picked);
            correctionTextArea.setManaged(!picked);
            correctionTextArea.setPromptText(field == ProposalField.AMOUNT ? messages.text("mediation.correction.amountPrompt") : "");
        };
        viewModel.correctionFieldProperty().addListener((observable, before, now) -> showValueInput.run());
        showValueInput.run();
        var noCase = viewModel.selectedProperty().isNull();
        correctionFieldChoice.disableProperty().bind(noCase);
        correctionCodeBox.disableProperty().bind(noCase);
        correctionTextArea.disableProperty().bind(noCase);
        correctionButton.disableProperty().bind(noCase);

        proposalList.setItems(viewModel.proposals());
        var anyProposal = javafx.beans.binding.Bindings.isNotEmpty(viewModel.proposals());
        proposalBox.visibleProperty().bind(anyProposal);
        proposalBox.managedProperty().bind(anyProposal);
        proposalList.setPlaceholder(new Label(messages.text("mediation.proposal.none")));
        proposalList.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(CaseProposalRepository.Row item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : viewModel.describeProposal(item));
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("pending"),
                        !empty && item != null && viewModel.answersHere(item));
            }
        });
        viewModel.selectedProposalProperty().addListener((observable, before, now) -> {
            if (proposalList.getSelectionModel().getSelectedItem() != now) {
                proposalList.getSelectionModel().select(now);
            }
            showAnswer(now);
        });
        proposalList.getSelectionModel().selectedItemProperty().addListener((observable, before, now) -> {
            if (now != null) {
                viewModel.selectedProposalProperty().set(now);
            }
        });
        declineNoteField.textProperty().bindBidirectional(viewModel.declineNoteProperty());
        showAnswer(null);
    }

    /** Adopt and decline are offered on a waiting proposal to this office's case only. */
    private void showAnswer(CaseProposalRepository.Row proposal) {
        boolean answers = viewModel.answersHere(proposal);
        answerBox.setVisible(answers);
        answerBox.setManaged(answers);
    }

    @FXML
    private void onCorrect() {
        viewModel.correctOrPropose();
    }

    @FXML
    private void onAdopt() {
        viewModel.adoptProposal();
    }

    @FXML
    private void onDecline() {
        viewModel.declineProposal();
    }

    private void showReminderCounts() {
        var messages = viewModel.messages();
        var counts = viewModel.reminderCounts();
        timeLimitReminder.setText(messages.text("mediation.reminder.TIME_LIMIT", counts.getOrDefault(DisputeRepository.Reminder.TIME_LIMIT, 0)));
        confirmationReminder.setText(messages.text("mediation.reminder.CONFIRMATION", counts.getOrDefault(DisputeRepository.Reminder.CONFIRMATION, 0)));
        followUpReminder.setText(messages.text("mediation.reminder.FOLLOW_UP", counts.getOrDefault(DisputeRepository.Reminder.FOLLOW_UP, 0)));
        proposalReminder.setText(messages.text("mediation.reminder.PROPOSALS", counts.getOrDefault(DisputeRepository.Reminder.PROPOSALS, 0)));
        for (var toggle : List.of(timeLimitReminder, confirmationReminder, followUpReminder, proposalReminder)) {
            DisputeRepository.Reminder reminder = (DisputeRepository.Reminder) toggle.getUserData();
            toggle.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("pending"), counts.getOrDefault(reminder, 0) > 0);
        }
    }

    /** The form may be opened from elsewhere (an incident) while the calendar tab is in front. */
    private void showOwnTab() {
        for (javafx.scene.Node node = intakeBackdrop; node != null; node = node.getParent()) {
            if (node.getParent() != null && node.getParent().getStyleClass().contains("tab-content-area")) {
                javafx.scene.Node content = node;
                for (javafx.scene.Node up = node.getParent(); up != null; up = up.getParent()) {
                    if (up instanceof javafx.scene.control.TabPane tabs) {
                        tabs.getTabs().stream().filter(tab -> tab.getContent() == content).findFirst()
                                .ifPresent(tab -> tabs.getSelectionModel().select(tab));
                        return;
                    }
                }
            }
        }
    }

    private void showParties() {
        var messages = viewModel.messages();
        partiesBox.getChildren().clear();
        int index = 0;
        for (DisputeDeskViewModel.PartyForm party : viewModel.parties()) {
            GridPane row = new GridPane();
            row.setHgap(6);
            row.setVgap(4);
            row.getStyleClass().add("party-row");
            ComboBox<String> role = new ComboBox<>();
            role.getItems().setAll("APPLICANT", "RESPONDENT", "THIRD_PARTY");
            role.setConverter(Converters.labelled(code -> messages.text("mediation.role." + code)));
            role.valueProperty().bindBidirectional(party.roleProperty());
            ComboBox<String> kind = new ComboBox<>();
            kind.getItems().setAll("PERSON", "ORGANISATION");
            kind.setConverter(Converters.labelled(code -> messages.text("mediation.kind." + code)));
            kind.valueProperty().bindBidirectional(party.kindProperty());
            TextField name = field(party.nameProperty(), messages.text("mediation.party.name"), "partyName" + index);
            TextField id = field(party.idNumberProperty(), messages.text("mediation.party.idNumber"), "partyId" + index);
            TextField phone = field(party.phoneProperty(), messages.text("mediation.party.phone"), "partyPhone" + index);
            TextField address = field(party.addressProperty(), messages.text("mediation.party.address"), "partyAddress" + index);
            TextField agent = field(party.agentProperty(), messages.text("mediation.party.agent"), "partyAgent" + index);
            Label check = new Label();
            check.getStyleClass().add("caller-note");
            check.textProperty().bind(party.checkProperty());
            row.addRow(0, role, kind, name, id);
            row.addRow(1, phone, address, agent, check);
            partiesBox.getChildren().add(row);
            index++;
        }
    }

    private static TextField field(javafx.beans.property.StringProperty property, String prompt, String id) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    private void print(MediationDocuments.Kind kind) {
        viewModel.printDocument(kind);
    }

    @FXML
    private void onRegister() {
        viewModel.startIntake();
        typeBox.requestFocus();
    }

    @FXML
    private void onAddParty() {
        viewModel.addParty();
    }

    @FXML
    private void onCancelIntake() {
        viewModel.cancelIntake();
    }

    @FXML
    private void onSaveDispute() {
        viewModel.register();
    }

    @FXML
    private void onPerformed() {
        viewModel.recordFollowUp(true);
    }

    @FXML
    private void onNotPerformed() {
        viewModel.recordFollowUp(false);
    }

    @FXML
    private void onClearSelection() {
        viewModel.clearSelection();
    }

    @FXML
    private void onExtend() {
        viewModel.extendTimeLimit();
    }

    @FXML
    private void onConfirmationApplied() {
        viewModel.recordConfirmationApplied();
    }

    @FXML
    private void onSaveMinutes() {
        viewModel.saveMinutes();
    }

    @FXML
    private void onBookCase() {
        viewModel.bookSelected();
    }

    @FXML
    private void onRecordOutcome() {
        viewModel.recordOutcome();
    }

    List<DisputeRepository.Summary> rows() {
        return disputeTable.getItems();
    }
}
