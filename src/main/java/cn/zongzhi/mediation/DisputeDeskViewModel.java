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
    private final CaseProposals proposalDesk;
    private final SessionScheduler scheduler;
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
    private java.util.function.Consumer<java.util.UUID> bookCase;
    /** A case just registered: the list read after it selects it, its next step (booking) being on it. */
    private java.util.UUID justRegistered;
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
    /** Why the outcome was not recorded, said under its button as well as in the top bar, far from the form. */
    private final StringProperty outcomeError = new SimpleStringProperty("");
    /** The case the forms were last shown for: they are that case's until another case is chosen. */
    private DisputeRepository.Summary formsCase;

    // Reminders: which list is shown (null: the cases as registered) and how many each holds today.
    private final ObjectProperty<DisputeRepository.Reminder> reminder = new SimpleObjectProperty<>();
    /** The disputes behind a dashboard figure, while they are listed; null otherwise. */
    private final ObjectProperty<Selection> selection = new SimpleObjectProperty<>();
    private final javafx.collections.ObservableMap<DisputeRepository.Reminder, Integer> reminderCounts =
            FXCollections.observableMap(new java.util.EnumMap<>(DisputeRepository.Reminder.class));

    // Time limit of the selected case
    private final StringProperty extensionDays = new SimpleStringProperty("15");
    private final StringProperty extensionNote = new SimpleStringProperty("");

    // Sessions of the selected case and the minutes of the chosen one
    private final ObservableList<SessionRepository.SessionMinutes> sessions = FXCollections.observableArrayList();
    private final ObjectProperty<SessionRepository.SessionMinutes> selectedSession = new SimpleObjectProperty<>();
    /** The results the chosen session may be given now, as the scheduler would accept them. */
    private final ObservableList<String> sessionResults = FXCollections.observableArrayList();
    private final ObjectProperty<String> sessionResult = new SimpleObjectProperty<>();
    private final StringProperty minutes = new SimpleStringProperty("");

    // Corrections of the selected case: this office's own, or a proposal to the owning office; and its proposals
    private final ObjectProperty<ProposalField> correctionField = new SimpleObjectProperty<>(ProposalField.RISK_LEVEL);
    private final ObjectProperty<String> correctionCode = new SimpleObjectProperty<>();
    private final StringProperty correctionText = new SimpleStringProperty("");
    private final StringProperty correctionReason = new SimpleStringProperty("");
    private final ObservableList<CaseProposalRepository.Row> proposals = FXCollections.observableArrayList();
    private final ObjectProperty<CaseProposalRepository.Row> selectedProposal = new SimpleObjectProperty<>();
    private final StringProperty declineNote = new SimpleStringProperty("");

    /** How the selected case ended, in words, once it is closed; empty while it is open. */
    private final StringProperty recordedOutcome = new SimpleStringProperty("");

    // The selected case's parties: masked, or in full after an audited reveal
    private final StringProperty partiesText = new SimpleStringProperty("");
    private final BooleanProperty partiesRevealed = new SimpleBooleanProperty(false);

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

    public DisputeDeskViewModel(DisputeService disputes, SessionScheduler scheduler, BackgroundRunner runner,
                                Messages messages, Clock clock) {
        this.disputes = disputes;
        this.proposalDesk = disputes.proposals();
        this.scheduler = scheduler;
        this.runner = runner;
        this.messages = messages;
        this.clock = clock;
        showClosed.addListener((observable, before, now) -> refresh());
        reminder.addListener((observable, before, now) -> {
            if (now != null) {
                selection.set(null);
            }
            refresh();
        });
        selected.addListener((observable, before, now) -> {
            loadSessions();
            loadProposals();
            loadRecordedOutcome();
            if (before == null || now == null || !before.id().equals(now.id())) {
                partiesRevealed.set(false);
            }
            if (!partiesRevealed.get()) {
                partiesText.set(now == null ? "" : maskedParties(now));
            }
            followCase(now);
        });
        correctionField.addListener((observable, before, now) -> fillCorrection());
        // The same session read again (after a save, a refusal, a refresh) shows what is stored now, unless the
        // form was edited since it was filled: then what was typed stays, to be saved against the fresh version.
        selectedSession.addListener((observable, before, now) -> {
            boolean keepTyped = before != null && now != null && before.session().id().equals(now.session().id())
                    && minutesEdited(before);
            String chosen = sessionResult.get();
            offerResultsFor(now);
            if (keepTyped) {
                // A new list of results drops the choice box's value (see offerResultsFor): the choice made is put back.
                sessionResult.set(chosen);
                return;
            }
            sessionResult.set(resultOf(now));
            minutes.set(minutesOf(now));
        });
    }

    /**
     * Reads the list again (the chosen reminder's cases, or the registered ones) and the reminder counts. The
     * selection follows its case into the new rows, so a form being filled in keeps its case.
     */
    public void refresh() {
        boolean all = showClosed.get();
        DisputeRepository.Reminder shown = reminder.get();
        Selection figure = selection.get();
        runner.read(() -> new Listing(figure != null
                        ? disputes.selection(figure.areaPrefix(), figure.from(), figure.to(), figure.basis())
                        : shown == null ? disputes.list(all) : disputes.list(shown), disputes.reminderCounts()),
                listing -> {
                    java.util.UUID keep = justRegistered != null ? justRegistered
                            : selected.get() == null ? null : selected.get().id();
                    justRegistered = null;
                    rows.setAll(listing.rows());
                    reminderCounts.putAll(listing.counts());
                    if (keep != null) {
                        selected.set(rows.stream().filter(row -> row.id().equals(keep)).findFirst().orElse(null));
                    }
                }, this::failed);
    }

    /** The disputes behind a figure: an area subtree, a window and which of its disputes. */
    public record Selection(String areaPrefix, java.time.Instant from, java.time.Instant to, String basis, String label) {
    }

    /** Lists the disputes behind a dashboard figure until the operator clears it or picks a reminder. */
    public void showSelection(String areaPrefix, java.time.Instant from, java.time.Instant to, String basis, String label) {
        reminder.set(null);
        selection.set(new Selection(areaPrefix, from, to, basis, label));
        refresh();
    }

    public void clearSelection() {
        selection.set(null);
        refresh();
    }

    public ObjectProperty<Selection> selectionProperty() {
        return selection;
    }

    private record Listing(List<DisputeRepository.Summary> rows, java.util.Map<DisputeRepository.Reminder, Integer> counts) {
    }

    private void loadSessions() {
        loadSessions(shown -> { });
    }

    /** Reads the case's sessions again, then hands the session chosen afterwards to {@code then}. */
    private void loadSessions(java.util.function.Consumer<SessionRepository.SessionMinutes> then) {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            sessions.clear();
            return;
        }
        java.util.UUID keep = selectedSession.get() == null ? null : selectedSession.get().session().id();
        runner.read(() -> scheduler.sessionsOf(dispute.id()), loaded -> {
            if (selected.get() == null || !selected.get().id().equals(dispute.id())) {
                return;
            }
            sessions.setAll(loaded);
            selectedSession.set(loaded.stream().filter(one -> one.session().id().equals(keep)).findFirst()
                    .orElse(loaded.isEmpty() ? null : loaded.get(loaded.size() - 1)));
            then.accept(selectedSession.get());
        }, this::failed);
    }

    /** A closed case shows what was recorded for it (the outcome form is for open cases only). */
    private void loadRecordedOutcome() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null || !"CLOSED".equals(dispute.status())) {
            recordedOutcome.set("");
            return;
        }
        runner.read(() -> java.util.Optional.ofNullable(disputes.recordedOutcome(dispute.id())), loaded -> {
            if (selected.get() == null || !selected.get().id().equals(dispute.id())) {
                return;
            }
            recordedOutcome.set(loaded.map(this::describeOutcome).orElse(""));
        }, this::failed);
    }

    /** A recorded outcome in words, one fact a line: what it was and when, an agreement's terms, a referral. */
    public String describeOutcome(DisputeRepository.RecordedOutcome outcome) {
        List<String> lines = new ArrayList<>();
        lines.add(messages.text("mediation.recorded.kind", messages.text("mediation.outcome." + outcome.kind()),
                outcome.closedOn() == null ? "" : outcome.closedOn()));
        if (present(outcome.terms())) {
            lines.add(messages.text("mediation.recorded.terms", outcome.terms()));
        }
        if (outcome.agreedAmount() != null) {
            lines.add(messages.text("mediation.recorded.amount", outcome.agreedAmount().toPlainString()));
        }
        if (present(outcome.performanceMethod())) {
            lines.add(messages.text("mediation.recorded.method", outcome.performanceMethod()));
        }
        if (outcome.performBy() != null) {
            lines.add(messages.text("mediation.recorded.performBy", outcome.performBy()));
        }
        if (present(outcome.referral())) {
            lines.add(messages.text("mediation.recorded.referral", messages.text("mediation.referral." + outcome.referral())));
        }
        if (present(outcome.referralSummary())) {
            lines.add(messages.text("mediation.recorded.referralSummary", outcome.referralSummary()));
        }
        return String.join("\n", lines);
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    /** The status column: a closed case says how it ended (达成协议, 调解不成 …), which the list is read for. */
    public String describeStatus(DisputeRepository.Summary dispute) {
        String status = messages.text("mediation.status." + dispute.status());
        return "CLOSED".equals(dispute.status()) && dispute.outcome() != null
                ? messages.text("mediation.desk.closedAs", messages.text("mediation.outcome." + dispute.outcome())) : status;
    }

    public StringProperty recordedOutcomeProperty() {
        return recordedOutcome;
    }

    private void loadProposals() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            proposals.clear();
            return;
        }
        java.util.UUID keep = selectedProposal.get() == null ? null : selectedProposal.get().id();
        runner.read(() -> proposalDesk.of(dispute.id()), loaded -> {
            if (selected.get() == null || !selected.get().id().equals(dispute.id())) {
                return;
            }
            proposals.setAll(loaded);
            selectedProposal.set(loaded.stream().filter(one -> one.id().equals(keep)).findFirst()
                    .orElse(loaded.stream().filter(one -> one.pending() && proposalDesk.answersHere(one)).findFirst().orElse(null)));
        }, this::failed);
    }

    /**
     * The forms of the detail pane (outcome, time limit, follow-up, correction) belong to one case: they start
     * afresh when another case is chosen, so binding terms or a consent note typed for one case can never land on
     * the next. The table clears its selection whenever the list is read again, so a refresh passes through no case
     * on its way back to the same one; the forms follow the last case shown, not the previous selection, and keep
     * what was typed when their own case comes back (after a refusal, say). An untouched correction form takes the
     * case's value as it is now (after an adoption, say).
     */
    private void followCase(DisputeRepository.Summary now) {
        if (now == null) {
            return;
        }
        DisputeRepository.Summary shown = formsCase;
        formsCase = now;
        if (shown != null && shown.id().equals(now.id())) {
            if (correctionUntouched(shown)) {
                fillCorrection();
            }
            return;
        }
        clearOutcome();
        extensionDays.set("15");
        extensionNote.set("");
        followUpNote.set("");
        fillCorrection();
        correctionReason.set("");
        declineNote.set("");
    }

    private void clearOutcome() {
        outcomeError.set("");
        outcomeKind.set("AGREEMENT");
        terms.set("");
        agreedAmount.set("");
        performanceMethod.set("");
        performBy.set(null);
        referral.set("FAST_TRACK_COURT");
        referralSummary.set("");
    }

    private boolean formsAreFor(DisputeRepository.Summary dispute) {
        return formsCase != null && formsCase.id().equals(dispute.id());
    }

    /** The correction form starts from the case's present value of the chosen field. */
    private void fillCorrection() {
        DisputeRepository.Summary dispute = selected.get();
        ProposalField field = correctionField.get();
        correctionCode.set(correctionCodeOf(dispute, field));
        correctionText.set(correctionTextOf(dispute, field));
    }

    /** Whether the correction form still holds what it was filled with from {@code shown}. */
    private boolean correctionUntouched(DisputeRepository.Summary shown) {
        ProposalField field = correctionField.get();
        return java.util.Objects.equals(correctionCode.get(), correctionCodeOf(shown, field))
                && java.util.Objects.equals(correctionText.get(), correctionTextOf(shown, field));
    }

    private static String correctionCodeOf(DisputeRepository.Summary dispute, ProposalField field) {
        return dispute == null || field == null ? null : switch (field) {
            case DISPUTE_TYPE -> dispute.type();
            case RISK_LEVEL -> dispute.riskLevel();
            default -> null;
        };
    }

    private static String correctionTextOf(DisputeRepository.Summary dispute, ProposalField field) {
        return dispute == null || field == null ? "" : switch (field) {
            case SUMMARY -> dispute.summary() == null ? "" : dispute.summary();
            case AMOUNT -> dispute.amount() == null ? "" : dispute.amount().toPlainString();
            default -> "";
        };
    }

    /** Whether the chosen field is picked from a list (a type or a risk level) rather than typed. */
    public static boolean picked(ProposalField field) {
        return field == ProposalField.DISPUTE_TYPE || field == ProposalField.RISK_LEVEL;
    }

    /**
     * Corrects the selected case's field (this office's case) or proposes the correction to the office that owns
     * it, with the reason; what was typed stays when it is refused.
     */
    public void correctOrPropose() {
        DisputeRepository.Summary dispute = selected.get();
        ProposalField field = correctionField.get();
        if (dispute == null || field == null) {
            return;
        }
        String value = picked(field) ? correctionCode.get() : correctionText.get();
        boolean own = isOwn(dispute);
        String reason = correctionReason.get();
        String fieldName = messages.text("mediation.correction.field." + field.name());
        runner.write(() -> {
            if (own) {
                proposalDesk.correct(dispute.id(), dispute.rowVersion(), field, value);
            } else {
                proposalDesk.propose(dispute.id(), field, value, reason);
            }
            return dispute.caseNo();
        }, caseNo -> {
            message.set(own ? messages.text("mediation.correction.done", caseNo, fieldName)
                    : messages.text("mediation.proposal.sent", dispute.ownerOffice()));
            if (formsAreFor(dispute)) {
                correctionReason.set("");
            }
            refresh();
            loadProposals();
        }, this::refused);
    }

    /** The owner adopts the chosen proposal: the case takes the proposed value. */
    public void adoptProposal() {
        CaseProposalRepository.Row proposal = selectedProposal.get();
        if (proposal == null) {
            return;
        }
        runner.write(() -> {
            proposalDesk.adopt(proposal.id());
            return proposal;
        }, adopted -> {
            message.set(messages.text("mediation.proposal.adopted", adopted.caseNo(),
                    messages.text("mediation.correction.field." + adopted.field().name()), describeValue(adopted.field(), adopted.proposedValue())));
            refresh();
            loadProposals();
        }, this::refused);
    }

    /** The owner declines the chosen proposal with the reason typed. */
    public void declineProposal() {
        CaseProposalRepository.Row proposal = selectedProposal.get();
        if (proposal == null) {
            return;
        }
        String note = declineNote.get();
        runner.write(() -> {
            proposalDesk.decline(proposal.id(), note);
            return proposal;
        }, declined -> {
            message.set(messages.text("mediation.proposal.declined", declined.caseNo()));
            declineNote.set("");
            refresh();
            loadProposals();
        }, this::refused);
    }

    /** Whether this console answers the proposal: it owns the case and the proposal waits. */
    public boolean answersHere(CaseProposalRepository.Row proposal) {
        return proposal != null && proposal.pending() && proposalDesk.answersHere(proposal);
    }

    /** One proposal in words: the field, from and to, who proposed it when, why, and how it ended. */
    public String describeProposal(CaseProposalRepository.Row proposal) {
        String field = proposal.field() == null ? "?" : messages.text("mediation.correction.field." + proposal.field().name());
        String line = messages.text("mediation.proposal.line", field, describeValue(proposal.field(), proposal.currentValue()),
                describeValue(proposal.field(), proposal.proposedValue()), proposal.proposerOffice(),
                proposal.proposerName() == null ? "" : proposal.proposerName(),
                proposal.proposedAt() == null ? "" : proposal.proposedAt().atZone(ZONE).format(SESSION_TIME),
                proposal.reason(), messages.text("mediation.proposal.status." + proposal.status()));
        if (proposal.decisionNote() != null) {
            line += messages.text("mediation.proposal.decidedNote", proposal.decisionNote());
        }
        if (proposal.overruledBy() != null || proposal.overruledNote() != null) {
            line += messages.text("mediation.proposal.overruledDecline", proposal.overruledBy() == null ? "" : proposal.overruledBy(),
                    proposal.overruledNote() == null ? "" : proposal.overruledNote());
        }
        return line;
    }

    /** A field's value as a person reads it: the type's or risk's name, the amount in yuan, the summary shortened. */
    public String describeValue(ProposalField field, String value) {
        if (value == null || value.isBlank()) {
            return messages.text("mediation.proposal.empty");
        }
        if (field == null) {
            return value;
        }
        return switch (field) {
            case DISPUTE_TYPE -> DisputeType.label(value, messages);
            case RISK_LEVEL -> messages.text("incidents.risk." + value);
            case AMOUNT -> messages.text("mediation.proposal.yuan", value);
            case SUMMARY -> value.length() > 40 ? value.substring(0, 40) + "…" : value;
        };
    }

    public ObjectProperty<ProposalField> correctionFieldProperty() {
        return correctionField;
    }

    public ObjectProperty<String> correctionCodeProperty() {
        return correctionCode;
    }

    public StringProperty correctionTextProperty() {
        return correctionText;
    }

    public StringProperty correctionReasonProperty() {
        return correctionReason;
    }

    public ObservableList<CaseProposalRepository.Row> proposals() {
        return proposals;
    }

    public ObjectProperty<CaseProposalRepository.Row> selectedProposalProperty() {
        return selectedProposal;
    }

    public StringProperty declineNoteProperty() {
        return declineNote;
    }

    private String maskedParties(DisputeRepository.Summary dispute) {
        return messages.text("mediation.parties.masked", String.join("、", dispute.partyNames().stream()
                .map(party -> party.person() ? cn.zongzhi.common.Masking.name(party.name()) : party.name()).toList()));
    }

    /** Shows the selected case's parties in full; the service checks the role and audits the reveal. */
    public void revealParties() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            return;
        }
        runner.write(() -> disputes.revealParties(dispute.id()), parties -> {
            if (selected.get() == null || !selected.get().id().equals(dispute.id())) {
                return;
            }
            StringBuilder text = new StringBuilder();
            for (DisputeRepository.PartyRow party : parties) {
                text.append(messages.text("mediation.parties.full", messages.text("mediation.role." + party.role()),
                        party.name(), party.idNumber() == null ? "—" : party.idNumber(),
                        party.phone() == null ? "—" : party.phone(), party.address() == null ? "—" : party.address())).append('\n');
            }
            partiesText.set(text.toString().strip());
            partiesRevealed.set(true);
        }, failure -> message.set(describe(failure)));
    }

    public StringProperty partiesTextProperty() {
        return partiesText;
    }

    public BooleanProperty partiesRevealedProperty() {
        return partiesRevealed;
    }

    /** The results the form offers for a session: those the scheduler accepts for it today. */
    private void offerResultsFor(SessionRepository.SessionMinutes item) {
        List<String> allowed = item == null ? List.of() : scheduler.resultsAllowed(item.session(), scheduler.today());
        // Replaced only when different: a choice box whose items are replaced drops its value, even one they still hold.
        if (!sessionResults.equals(allowed)) {
            sessionResults.setAll(allowed);
        }
    }

    /**
     * The result the form starts from: how the session went; "held" for one not yet recorded whose day has come;
     * none for one still to come, whose only possible result (cancelled) is never assumed.
     */
    private String resultOf(SessionRepository.SessionMinutes item) {
        if (item == null) {
            return null;
        }
        if (!SessionScheduler.movable(item.session().status())) {
            return item.session().status();
        }
        return scheduler.resultsAllowed(item.session(), scheduler.today()).contains("HELD") ? "HELD" : null;
    }

    /** The minutes the form shows for a session: those stored, or none. */
    private static String minutesOf(SessionRepository.SessionMinutes item) {
        return item == null || item.minutes() == null ? "" : item.minutes();
    }

    /** Whether the minutes form differs from what it was filled with for this session. */
    private boolean minutesEdited(SessionRepository.SessionMinutes shown) {
        String typed = minutes.get() == null ? "" : minutes.get();
        return !java.util.Objects.equals(resultOf(shown), sessionResult.get()) || !typed.equals(minutesOf(shown));
    }

    /** Saves how the chosen session went and its minutes (调解记录). */
    public void saveMinutes() {
        SessionRepository.SessionMinutes chosen = selectedSession.get();
        if (chosen == null) {
            message.set(messages.text("mediation.minutes.noSession"));
            return;
        }
        String result = sessionResult.get();
        if (result == null) {
            message.set(messages.text("mediation.minutes.noResult"));
            return;
        }
        String typed = minutes.get();
        // An emptied box over stored minutes asks for them to be cleared (""); an empty one over none leaves them
        // (null), so saving a result alone does not read as clearing anything.
        boolean clearing = (typed == null || typed.isBlank()) && chosen.minutes() != null;
        String text = typed == null || typed.isBlank() ? (clearing ? "" : null) : typed.strip();
        runner.write(() -> scheduler.recordResult(chosen.session().id(), chosen.session().rowVersion(), result, text), saved -> {
            message.set(messages.text(clearing ? "mediation.minutes.cleared" : "mediation.minutes.saved", saved.caseNo(),
                    messages.text("mediation.session." + result)));
            // Once saved, the form shows what is stored (the text trimmed), unless it was edited again while the save
            // was under way.
            loadSessions(shown -> {
                if (shown != null && shown.session().id().equals(saved.id()) && result.equals(sessionResult.get())
                        && java.util.Objects.equals(typed, minutes.get())) {
                    sessionResult.set(resultOf(shown));
                    minutes.set(minutesOf(shown));
                }
            });
        }, failure -> {
            // The sessions are read again either way; the form keeps what was typed (see the selected session's listener).
            message.set(failure instanceof java.util.ConcurrentModificationException
                    ? messages.text("mediation.minutes.stale")
                    : failure instanceof cn.zongzhi.auth.AccessDenied ? describe(failure)
                    : failure instanceof IllegalArgumentException
                    ? messages.text("mediation.minutes.tooLong", SessionScheduler.MINUTES_LIMIT) : describe(failure));
            loadSessions();
        });
    }

    /** Extends the selected case's time limit by the typed number of days, with the parties' consent written down. */
    public void extendTimeLimit() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            return;
        }
        int days;
        try {
            days = Integer.parseInt(extensionDays.get().trim());
        } catch (NumberFormatException | NullPointerException e) {
            message.set(messages.text("mediation.refused.extensionDaysText", extensionDays.get()));
            return;
        }
        String note = extensionNote.get();
        runner.write(() -> disputes.extendTimeLimit(dispute.id(), dispute.rowVersion(), days, note), due -> {
            message.set(messages.text("mediation.extension.done", dispute.caseNo(),
                    due.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate()));
            if (formsAreFor(dispute)) {
                extensionNote.set("");
            }
            refresh();
        }, this::refused);
    }

    /** The parties applied for judicial confirmation of the selected agreement today. */
    public void recordConfirmationApplied() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null) {
            return;
        }
        runner.write(() -> {
            disputes.recordConfirmationApplied(dispute.id(), dispute.rowVersion());
            return dispute.caseNo();
        }, caseNo -> {
            message.set(messages.text("mediation.confirmation.applied", caseNo));
            refresh();
        }, this::refused);
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

    /** The reporter of an incident, handed to the intake in clear only where the account may see them. */
    public record IncidentReporter(String name, String phone) {
    }

    /**
     * "Turn into a dispute" from an incident: its text becomes the summary and the dispute keeps the incident's
     * id so each points to the other. The reporter becomes the applicant only through {@code handover}, run on the
     * writer thread: it checks the account (reveal permission within the incident's area), audits the handover and
     * answers the clear name and phone, or null. Until then, and for any other account, the applicant's name and
     * phone stay blank with a note that the receptionist asks the party.
     */
    public void startIntakeFromIncident(java.util.UUID incidentId, String caseNo, String title, String description,
                                        String address, java.util.concurrent.Callable<IncidentReporter> handover) {
        startIntake();
        fromIncident = incidentId;
        source.set("FROM_INCIDENT");
        summary.set(title + (description == null || description.isBlank() ? "" : "。" + description)
                + (address == null || address.isBlank() ? "" : "（" + address + "）") + "〔事件 " + caseNo + "〕");
        PartyForm applicant = parties.get(0);
        applicant.address.set(address == null ? "" : address);
        String askParty = messages.text("mediation.intake.fromIncident.askParty", caseNo);
        formError.set(askParty);
        runner.write(handover, reporter -> {
            if (reporter == null || !formOpen.get() || !incidentId.equals(fromIncident) || parties.isEmpty()
                    || parties.get(0) != applicant) {
                return;
            }
            // What the receptionist typed meanwhile stays.
            if (applicant.name.get().isBlank()) {
                applicant.name.set(reporter.name() == null ? "" : reporter.name());
            }
            if (applicant.phone.get().isBlank()) {
                applicant.phone.set(reporter.phone() == null ? "" : reporter.phone());
            }
            if (askParty.equals(formError.get())) {
                formError.set("");
            }
        }, failure -> { });
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
            justRegistered = registered.id();
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
            outcomeError.set(message.get());
            return;
        }
        DisputeService.Outcome outcome = new DisputeService.Outcome(outcomeKind.get(), terms.get(), money,
                performanceMethod.get(), performBy.get(), referral.get(), referralSummary.get());
        runner.write(() -> disputes.recordOutcome(dispute.id(), dispute.rowVersion(), outcome), closed -> {
            if (formsAreFor(dispute)) {
                clearOutcome();
            }
            outcomeError.set("");
            message.set(closed.confirmationDue() != null
                    ? messages.text("mediation.desk.agreed", closed.caseNo(), closed.confirmationDue(), closed.followUpDue())
                    : messages.text("mediation.desk.closed", closed.caseNo()));
            refresh();
        }, failure -> {
            refused(failure);
            if (formsAreFor(dispute)) {
                outcomeError.set(message.get());
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
            if (formsAreFor(dispute)) {
                followUpNote.set("");
            }
            message.set(messages.text(performed ? "mediation.followUp.performed" : "mediation.followUp.notPerformed", caseNo));
            refresh();
        }, this::refused);
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

    /** How the desk books a session for a case: the calendar's booking form, opened on that case. */
    public void useBooking(java.util.function.Consumer<java.util.UUID> bookCase) {
        this.bookCase = bookCase;
    }

    /** Opens the calendar's booking form on the selected case, which is this office's and still open. */
    public void bookSelected() {
        DisputeRepository.Summary dispute = selected.get();
        if (dispute == null || bookCase == null || !isOwn(dispute) || "CLOSED".equals(dispute.status())) {
            return;
        }
        bookCase.accept(dispute.id());
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
        if (failure instanceof cn.zongzhi.auth.AccessDenied denied) {
            return cn.zongzhi.auth.AccessMessages.describe(denied, messages);
        }
        if (failure instanceof DisputeRefused refused) {
            return messages.text(refused.key(), refused.arguments());
        }
        return messages.text("common.error.unexpected", failure.getClass().getSimpleName());
    }

    /**
     * A refused change says why and keeps what was typed; one refused because the case moved on meanwhile also
     * reads the list again, so that trying again goes against the case as it is now.
     */
    private void refused(Throwable failure) {
        if (failure instanceof DisputeRefused refused && refused.key().equals("mediation.refused.stale")) {
            message.set(messages.text("mediation.desk.stale", refused.arguments()));
            refresh();
            return;
        }
        message.set(describe(failure));
    }

    private void failed(Throwable failure) {
        message.set(describe(failure));
    }

    public Messages messages() {
        return messages;
    }

    private static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");
    private static final java.time.format.DateTimeFormatter SESSION_TIME = java.time.format.DateTimeFormatter.ofPattern("M月d日 HH:mm");

    /** The time limit in words: its day, and how many days are left or how late it is. */
    /** Whether this console may act on the case; another office's case came from the city and is only shown. */
    public boolean isOwn(DisputeRepository.Summary dispute) {
        return disputes.isOwn(dispute);
    }

    /** "由 … 办理 · 只读" for another office's case, empty for this office's own. */
    public String describeOwner(DisputeRepository.Summary dispute) {
        return isOwn(dispute) ? "" : messages.text("mediation.desk.otherOffice", dispute.ownerOffice());
    }

    public String describeDue(DisputeRepository.Summary dispute) {
        if ("CLOSED".equals(dispute.status())) {
            return messages.text("mediation.due.closed");
        }
        if (dispute.dueAt() == null) {
            return "";
        }
        LocalDate due = dispute.dueAt().atZone(ZONE).toLocalDate();
        long left = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.now(clock.withZone(ZONE)), due);
        String base = left < 0 ? messages.text("mediation.due.late", due, -left)
                : messages.text("mediation.due.left", due, left);
        return dispute.extensionNote() == null ? base : base + messages.text("mediation.due.extended", dispute.extensionNote());
    }

    /** The judicial-confirmation window of an agreement in words. */
    public String describeConfirmation(DisputeRepository.Summary dispute) {
        if (dispute.confirmationApplied() != null) {
            return messages.text("mediation.confirmation.appliedOn", dispute.confirmationApplied());
        }
        if (dispute.confirmationDue() == null) {
            return "";
        }
        long left = java.time.temporal.ChronoUnit.DAYS.between(LocalDate.now(clock.withZone(ZONE)), dispute.confirmationDue());
        return left < 0 ? messages.text("mediation.confirmation.lapsed", dispute.confirmationDue())
                : messages.text("mediation.confirmation.window", dispute.confirmationDue(), left);
    }

    /** One session of the case in the list: when, who, where and how it went; a pencil when it has minutes. */
    public String describeSession(SessionRepository.SessionMinutes item) {
        CalendarSession session = item.session();
        return session.startsAt().atZone(ZONE).format(SESSION_TIME) + " " + session.mediatorName()
                + (session.roomName() == null ? "" : " · " + session.roomName())
                + " · " + messages.text("mediation.session." + session.status())
                + (item.minutes() == null ? "" : " · " + messages.text("mediation.minutes.has"));
    }

    public ObjectProperty<DisputeRepository.Reminder> reminderProperty() {
        return reminder;
    }

    public javafx.collections.ObservableMap<DisputeRepository.Reminder, Integer> reminderCounts() {
        return reminderCounts;
    }

    public StringProperty extensionDaysProperty() {
        return extensionDays;
    }

    public StringProperty extensionNoteProperty() {
        return extensionNote;
    }

    public ObservableList<SessionRepository.SessionMinutes> sessions() {
        return sessions;
    }

    public ObjectProperty<SessionRepository.SessionMinutes> selectedSessionProperty() {
        return selectedSession;
    }

    public ObservableList<String> sessionResults() {
        return sessionResults;
    }

    public ObjectProperty<String> sessionResultProperty() {
        return sessionResult;
    }

    public StringProperty minutesProperty() {
        return minutes;
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

    public StringProperty outcomeErrorProperty() {
        return outcomeError;
    }

    public StringProperty referralSummaryProperty() {
        return referralSummary;
    }
}
