package cn.zongzhi.mediation;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.IdentityCheck;
import cn.zongzhi.common.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-window desk: the list of disputes, the intake form with its parties, and the outcome form for the
 * selected case. A refused registration keeps everything typed and says which party or field is wrong.
 */
public final class DisputeDeskViewModel {
    private final DisputeService disputes;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final Clock clock;

    private final ObservableList<DisputeRepository.Summary> rows = FXCollections.observableArrayList();
    private final BooleanProperty showClosed = new SimpleBooleanProperty(false);
    private final ObjectProperty<DisputeRepository.Summary> selected = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty formError = new SimpleStringProperty("");
    private final BooleanProperty formOpen = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    // Intake form
    private final ObjectProperty<DisputeType> type = new SimpleObjectProperty<>();
    private final ObjectProperty<String> source = new SimpleObjectProperty<>("PARTY_APPLICATION");
    private final ObjectProperty<String> route = new SimpleObjectProperty<>("PEOPLES");
    private final StringProperty amount = new SimpleStringProperty("");
    private final ObjectProperty<String> risk = new SimpleObjectProperty<>("YELLOW");
    private final StringProperty summary = new SimpleStringProperty("");
    private final ObservableList<PartyForm> parties = FXCollections.observableArrayList();
    private java.util.UUID fromIncident;
    private MediationDocuments documents;
    private java.nio.file.Path documentsFolder;
    private final ObjectProperty<java.nio.file.Path> lastDocument = new SimpleObjectProperty<>();

    // Outcome form
    private final ObjectProperty<String> outcomeKind = new SimpleObjectProperty<>("AGREEMENT");
    private final StringProperty terms = new SimpleStringProperty("");
    private final StringProperty agreedAmount = new SimpleStringProperty("");
    private final StringProperty performanceMethod = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> performBy = new SimpleObjectProperty<>();
    private final ObjectProperty<String> referral = new SimpleObjectProperty<>("FAST_TRACK_COURT");
    private final StringProperty referralSummary = new SimpleStringProperty("");
    private final StringProperty followUpNote = new SimpleStringProperty("");

    /** One party row of the intake form; the identity check runs as the number is typed. */
    public static final class PartyForm {
        private final ObjectProperty<String> role = new SimpleObjectProperty<>();
        private final ObjectProperty<String> kind = new SimpleObjectProperty<>("PERSON");
        private final StringProperty name = new SimpleStringProperty("");
        private final StringProperty idNumber = new SimpleStringProperty("");
        private final StringProperty phone = new SimpleStringProperty("");
        private final StringProperty address = new SimpleStringProperty("");
        private final StringProperty agent = new SimpleStringProperty("");
        private final StringProperty check = new SimpleStringProperty("");

        PartyForm(String initialRole, Messages messages, Clock clock) {
            role.set(initialRole);
            idNumber.addListener((observable, before, now) -> check.set(describe(now, messages, clock)));
            kind.addListener((observable, before, now) -> check.set(describe(idNumber.get(), messages, clock)));
        }

        private String describe(String value, Messages messages, Clock clock) {
            if (value == null || value.isBlank()) {
                return "";
            }
            IdentityCheck.Result result = IdentityCheck.check(value, LocalDate.now(clock));
            if (!result.valid()) {
                return messages.text("mediation.party.invalid", result.reason());
            }
            return result.birthDate() != null ? messages.text("mediation.party.born", result.birthDate())
                    : messages.text("mediation.party.creditCodeValid");
        }

        public ObjectProperty<String> roleProperty() {
            return role;
        }

        public ObjectProperty<String> kindProperty() {
            return kind;
        }

        public StringProperty nameProperty() {
            return name;
        }

        public StringProperty idNumberProperty() {
            return idNumber;
        }

        public StringProperty phoneProperty() {
            return phone;
        }

        public StringProperty addressProperty() {
            return address;
        }

        public StringProperty agentProperty() {
            return agent;
        }

        public StringProperty checkProperty() {
            return check;
        }
    }

    public DisputeDeskViewModel(DisputeService disputes, BackgroundRunner runner, Messages messages, Clock clock) {
        this.disputes = disputes;
        this.runner = runner;
        this.messages = messages;
        this.clock = clock;
        showClosed.addListener((observable, before, now) -> refresh());
    }

    public void refresh() {
        boolean all = showClosed.get();
        runner.read(() -> disputes.list(all), rows::setAll, this::failed);
    }

    public void startIntake() {
        type.set(null);
        source.set("PARTY_APPLICATION");
        route.set("PEOPLES");
        amount.set("");
        risk.set("YELLOW");
        summary.set("");
        parties.setAll(new PartyForm("APPLICANT", messages, clock), new PartyForm("RESPONDENT", messages, clock));
        fromIncident = null;
        formError.set("");
        formOpen.set(true);
    }

    /**
     * "Turn into a dispute" from an incident: its text becomes the summary, its reporter the applicant, and the
     * dispute keeps the incident's id so each points to the other.
     */
    public void startIntakeFromIncident(java.util.UUID incidentId, String caseNo, String title, String description,
                                        String address, String reporterName, String reporterPhone) {
        startIntake();
        fromIncident = incidentId;
        source.set("FROM_INCIDENT");
        summary.set(title + (description == null || description.isBlank() ? "" : "。" + description)
                + (address == null || address.isBlank() ? "" : "（" + address + "）") + "〔事件 " + caseNo + "〕");
        PartyForm applicant = parties.get(0);
        applicant.name.set(reporterName == null ? "" : reporterName);
        applicant.phone.set(reporterPhone == null ? "" : reporterPhone);
        applicant.address.set(address == null ? "" : address);
    }

    public void addParty() {
        parties.add(new PartyForm("THIRD_PARTY", messages, clock));
    }

    public void cancelIntake() {
        formOpen.set(false);
    }

    public void register() {
        BigDecimal money;
        try {
            money = amount.get() == null || amount.get().isBlank() ? null : new BigDecimal(amount.get().trim().replace(",", ""));
        } catch (NumberFormatException e) {
            formError.set(messages.text("mediation.refused.amountText", amount.get()));
            return;
        }
        List<DisputeService.NewParty> newParties = new ArrayList<>();
        for (PartyForm party : parties) {
            if (party.name.get().isBlank() && party.idNumber.get().isBlank() && party.phone.get().isBlank()) {
                continue;
            }
            newParties.add(new DisputeService.NewParty(party.role.get(), party.kind.get(), party.name.get(),
                    party.idNumber.get(), party.phone.get(), party.address.get(), party.agent.get()));
        }
        DisputeService.NewDispute input = new DisputeService.NewDispute(type.get() == null ? null : type.get().name(),
                source.get(), route.get(), money, summary.get(), risk.get(), null, fromIncident, newParties);
        busy.set(true);
        runner.write(() -> disputes.register(input), registered -> {
            busy.set(false);
            formOpen.set(false);
            message.set(messages.text("mediation.desk.registered", registered.caseNo(), registered.dueAt().atZone(
                    java.time.ZoneId.of("Asia/Shanghai")).toLocalDate()));
            refresh();
        }, failure -> {
            busy.set(false);
            formError.set(describe(failure));
        });
    }

    public void recordOutcome() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            return;
        }
        BigDecimal money;
        try {
            money = agreedAmount.get() == null || agreedAmount.get().isBlank() ? null : new BigDecimal(agreedAmount.get().trim());
        } catch (NumberFormatException e) {
            message.set(messages.text("mediation.refused.amountText", agreedAmount.get()));
            return;
        }
        DisputeService.Outcome outcome = new DisputeService.Outcome(outcomeKind.get(), terms.get(), money,
                performanceMethod.get(), performBy.get(), referral.get(), referralSummary.get());
        runner.write(() -> disputes.recordOutcome(dispute.id(), dispute.rowVersion(), outcome), closed -> {
            message.set(closed.confirmationDue() != null
                    ? messages.text("mediation.desk.agreed", closed.caseNo(), closed.confirmationDue(), closed.followUpDue())
                    : messages.text("mediation.desk.closed", closed.caseNo()));
            refresh();
        }, failure -> {
            message.set(describe(failure));
            if (failure instanceof DisputeRefused refused && refused.key().equals("mediation.refused.stale")) {
                refresh();
            }
        });
    }

    /** Records the follow-up visit of the selected agreement. */
    public void recordFollowUp(boolean performed) {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            return;
        }
        String note = followUpNote.get();
        runner.write(() -> {
            disputes.recordFollowUp(dispute.id(), dispute.rowVersion(), performed, note);
            return dispute.caseNo();
        }, caseNo -> {
            message.set(messages.text(performed ? "mediation.followUp.performed" : "mediation.followUp.notPerformed", caseNo));
            refresh();
        }, failure -> {
            message.set(describe(failure));
            if (failure instanceof DisputeRefused refused && refused.key().equals("mediation.refused.stale")) {
                refresh();
            }
        });
    }

    /**
     * Prints a document of the selected case into the desk's documents folder (one file per case and kind,
     * printed again over the old one), in the background; the message says where it is.
     */
    public void printDocument(MediationDocuments.Kind kind) {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null || documents == null) {
            return;
        }
        java.nio.file.Path out = documentsFolder.resolve(dispute.caseNo() + "-" + kind.title() + ".pdf");
        runner.read(() -> {
            java.nio.file.Files.createDirectories(documentsFolder);
            disputes.printDocument(dispute.caseNo(), kind, documents, out);
            return out;
        }, written -> {
            lastDocument.set(written);
            message.set(messages.text("mediation.document.written", kind.title(), written));
        }, failure -> message.set(describe(failure)));
    }

    public void useDocuments(MediationDocuments value, java.nio.file.Path folder) {
        documents = value;
        documentsFolder = folder;
    }

    /** The last document printed, for "open" on the desk and for tests. */
    public ObjectProperty<java.nio.file.Path> lastDocumentProperty() {
        return lastDocument;
    }

    public String describe(Throwable failure) {
        if (failure instanceof DisputeRefused refused) {
            return messages.text(refused.key(), refused.arguments());
        }
        return messages.text("common.error.unexpected", failure.getClass().getSimpleName());
    }

    private void failed(Throwable failure) {
        message.set(describe(failure));
    }

    public Messages messages() {
        return messages;
    }

    public ObservableList<DisputeRepository.Summary> rows() {
        return rows;
    }

    public BooleanProperty showClosedProperty() {
        return showClosed;
    }

    public ObjectProperty<DisputeRepository.Summary> selectedProperty() {
        return selected;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty formErrorProperty() {
        return formError;
    }

    public BooleanProperty formOpenProperty() {
        return formOpen;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObjectProperty<DisputeType> typeProperty() {
        return type;
    }

    public ObjectProperty<String> sourceProperty() {
        return source;
    }

    public ObjectProperty<String> routeProperty() {
        return route;
    }

    public StringProperty amountProperty() {
        return amount;
    }

    public ObjectProperty<String> riskProperty() {
        return risk;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public ObservableList<PartyForm> parties() {
        return parties;
    }

    public ObjectProperty<String> outcomeKindProperty() {
        return outcomeKind;
    }

    public StringProperty termsProperty() {
        return terms;
    }

    public StringProperty agreedAmountProperty() {
        return agreedAmount;
    }

    public StringProperty performanceMethodProperty() {
        return performanceMethod;
    }

    public ObjectProperty<LocalDate> performByProperty() {
        return performBy;
    }

    public ObjectProperty<String> referralProperty() {
        return referral;
    }

    public StringProperty followUpNoteProperty() {
        return followUpNote;
    }

    public StringProperty referralSummaryProperty() {
        return referralSummary;
    }
}
