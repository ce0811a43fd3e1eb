package cn.zongzhi.incidents;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import cn.zongzhi.ui.PagedRows;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The seat operator's queue: a saved view or search, one page at a time, the selected incident and its actions. */
public final class IncidentQueueViewModel {
    static final int PAGE_SIZE = 100;

    private final IncidentService incidents;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final Operator operator;
    private final Clock clock;
    private final DeadlineRule deadlines;

    private final ObjectProperty<QueueView> view = new SimpleObjectProperty<>(QueueView.OPEN);
    private final StringProperty searchText = new SimpleStringProperty("");
    private final ObjectProperty<IncidentSort> sort = new SimpleObjectProperty<>(IncidentSort.NEWEST_FIRST);
    private final IntegerProperty count = new SimpleIntegerProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty countText = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final ObjectProperty<IncidentDetail> detail = new SimpleObjectProperty<>();
    /** Whether the reporter's full name and phone are shown for the current detail (audited when set). */
    private final javafx.beans.property.BooleanProperty revealed = new javafx.beans.property.SimpleBooleanProperty(false);
    private final ObservableList<IncidentAction> allowedActions = FXCollections.observableArrayList();
    private final StringProperty duplicates = new SimpleStringProperty("");
    private final ObservableList<IncidentRepository.Attachment> attachments = FXCollections.observableArrayList();
    private final PagedRows<IncidentSummary> rows;
    private List<CatalogueRepository.Department> departments = List.of();
    private final ObservableList<CatalogueRepository.Category> categoryChoices = FXCollections.observableArrayList();
    private final ObservableList<cn.zongzhi.areas.AdminArea> townChoices = FXCollections.observableArrayList();
    private final ObservableList<CatalogueRepository.Department> departmentChoices = FXCollections.observableArrayList();
    private final ObjectProperty<CatalogueRepository.Category> categoryFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<cn.zongzhi.areas.AdminArea> townFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<CatalogueRepository.Department> departmentFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<Channel> channelFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<RiskLevel> riskFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<java.time.LocalDate> fromFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<java.time.LocalDate> toFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<PlaceFilter> placeFilter = new SimpleObjectProperty<>();
    private java.time.ZoneId zone = java.time.ZoneId.of("Asia/Shanghai");
    private long lastSeenChange = -1;
    private long queryGeneration;

    /** @param deadlines the console's working-day calendar, for the extension date a form offers */
    public IncidentQueueViewModel(IncidentService incidents, BackgroundRunner runner, Messages messages, Operator operator,
                                  Clock clock, DeadlineRule deadlines) {
        this.incidents = incidents;
        this.deadlines = deadlines;
        this.runner = runner;
        this.messages = messages;
        this.operator = operator;
        this.clock = clock;
        this.rows = new PagedRows<>(runner, PAGE_SIZE, this::showFailure);
    }

    /**
     * Loads what the filter bar and the action dialogs offer (departments, categories, towns) when the screen opens;
     * if that read fails, the next {@link #poll()} tries again, and the message goes once the lists are in.
     */
    public void loadReferenceData() {
        if (referenceLoading) {
            return;
        }
        referenceLoading = true;
        runner.read(() -> new Reference(incidents.departments(), incidents.categories(), incidents.towns()), loaded -> {
            referenceLoading = false;
            referenceLoaded = true;
            departments = loaded.departments();
            departmentChoices.setAll(loaded.departments());
            categoryChoices.setAll(loaded.categories());
            townChoices.setAll(loaded.towns());
            if (referenceFailure != null && referenceFailure.equals(error.get())) {
                error.set("");
            }
            referenceFailure = null;
        }, failure -> {
            referenceLoading = false;
            showFailure(failure);
            referenceFailure = error.get();
        });
    }

    private boolean referenceLoading;
    private boolean referenceLoaded;
    /** The message a failed read of the lists put up, taken away when they are read; null when none is shown. */
    private String referenceFailure;

    private record Reference(List<CatalogueRepository.Department> departments, List<CatalogueRepository.Category> categories,
                             List<cn.zongzhi.areas.AdminArea> towns) {
    }

    /**
     * A place chosen on the map: a grid (with its micro grids) or an area subtree, shown as a removable chip.
     *
     * @param gridId   null for an area
     * @param areaCode the area's statistical code prefix; null for a grid
     */
    public record PlaceFilter(java.util.UUID gridId, String areaCode, String label, IncidentFilter cases) {
        public PlaceFilter(java.util.UUID gridId, String areaCode, String label) {
            this(gridId, areaCode, label, null);
        }
    }

    /**
     * Opens the cases behind a figure, coming from the dashboard: the figure's own filter replaces the saved
     * view's, the filter bar and search start empty, and the chip names the figure.
     */
    public void showCases(IncidentFilter cases, String label) {
        clearFilterValues();
        searchText.set("");
        placeFilter.set(new PlaceFilter(null, null, label, cases));
        view.set(QueueView.ALL);
        sort.set(QueueView.ALL.defaultSort());
        refresh();
    }

    /** Opens all open work of a place, coming from the map: other filters and the search are cleared. */
    public void showPlace(PlaceFilter place) {
        clearFilterValues();
        searchText.set("");
        placeFilter.set(place);
        open(QueueView.OPEN);
    }

    /** Opens the incidents not located (未定位), coming from the map's note of them: other filters and the search are cleared. */
    public void showNotLocated() {
        clearFilterValues();
        searchText.set("");
        placeFilter.set(null);
        open(QueueView.UNLOCATED);
    }

    /** Shows one incident, coming from a marker on the map: found by its case number, its detail opened. */
    public void showIncident(UUID incidentId, String caseNo) {
        clearFilterValues();
        placeFilter.set(null);
        searchText.set(caseNo);
        view.set(QueueView.ALL);
        sort.set(QueueView.ALL.defaultSort());
        refresh();
        select(incidentId);
    }

    public ObjectProperty<PlaceFilter> placeFilterProperty() {
        return placeFilter;
    }

    /** Empties the filter bar; the saved view and search stay. */
    public void clearFilters() {
        clearFilterValues();
        placeFilter.set(null);
        refresh();
    }

    private void clearFilterValues() {
        categoryFilter.set(null);
        townFilter.set(null);
        departmentFilter.set(null);
        channelFilter.set(null);
        riskFilter.set(null);
        fromFilter.set(null);
        toFilter.set(null);
    }

    public void useZone(java.time.ZoneId value) {
        zone = value;
    }

    public List<CatalogueRepository.Department> departments() {
        return departments;
    }

    /** Runs the current view and search again from the first row. */
    public void refresh() {
        IncidentFilter filter = currentFilter();
        IncidentSort order = sort.get();
        long generation = ++queryGeneration;
        busy.set(true);
        boolean searching = filter.text() != null && !filter.text().isBlank();
        runner.read(() -> new Counted(incidents.count(filter, operator), incidents.latestChange(),
                searching ? incidents.textIndexBuilding() : java.util.OptionalDouble.empty()), counted -> {
            if (generation != queryGeneration) {
                return;
            }
            busy.set(false);
            lastSeenChange = counted.latestChange();
            count.set(counted.count());
            countText.set(counted.indexBuilding().isPresent()
                    ? messages.text("incidents.queue.countWhileIndexing", counted.count(),
                            (int) Math.floor(counted.indexBuilding().getAsDouble() * 100))
                    : messages.text("incidents.queue.count", counted.count()));
            rows.reset((offset, limit, previous) -> previous == null
                    ? incidents.page(filter, order, offset, limit, operator)
                    : incidents.pageAfter(filter, order, previous, limit, operator), counted.count());
            if (readFailed) {
                readFailed = false;
                error.set("");
            }
        }, failure -> {
            if (generation != queryGeneration) {
                // A view asked for since has its own read; this one's failure is not about what is on screen.
                return;
            }
            // The rows and count of the view before would stand under this view's name: show none, and why.
            rows.reset((offset, limit, previous) -> List.of(), 0);
            count.set(0);
            countText.set(messages.text("incidents.queue.countUnknown"));
            readFailed = true;
            showFailure(failure);
        });
    }

    /** Whether the message shown is a failed read of the list, which the next read that succeeds takes away. */
    private boolean readFailed;

    /** @param indexBuilding the search index's build progress when a search ran without it */
    private record Counted(int count, long latestChange, java.util.OptionalDouble indexBuilding) {
    }

    private boolean lookAgain;

    /**
     * Called on a timer: refreshes only when an incident changed somewhere since the last look, and reads the
     * filter lists again if they could not be read before.
     */
    public void poll() {
        if (!referenceLoaded) {
            loadReferenceData();
        }
        runner.read(incidents::latestChange, latest -> {
            boolean moved = lastSeenChange >= 0 && latest != lastSeenChange;
            if (moved || lookAgain) {
                // The mark moves when a write begins; the refresh may run before that write commits, so a moved
                // mark brings one more look at the next tick.
                lookAgain = moved;
                refresh();
                reload(wanted);
            }
        }, failure -> {
        });
    }

    public void open(QueueView target) {
        if (placeFilter.get() != null && placeFilter.get().cases() != null) {
            // Choosing a saved view leaves the figure's list.
            placeFilter.set(null);
        }
        view.set(target);
        sort.set(target.defaultSort());
        refresh();
    }

    public void sortBy(IncidentSort order) {
        sort.set(order);
        refresh();
    }

    /** Shows the reporter in full for this incident, once the service has allowed and audited it. */
    public void reveal() {
        IncidentDetail shown = detail.get();
        if (shown == null) {
            return;
        }
        runner.write(() -> {
            incidents.recordReveal(shown.id(), operator);
            return shown.id();
        }, id -> {
            if (detail.get() != null && detail.get().id().equals(id)) {
                revealed.set(true);
            }
        }, this::showIncidentFailure);
    }

    public javafx.beans.property.BooleanProperty revealedProperty() {
        return revealed;
    }

    /**
     * Shows this incident in the detail pane. Reads run two at a time and may answer out of order (arrow keys
     * held down in the list): only the answer for the incident asked for last is shown, so the pane, and what the
     * Alt keys act on, is always the highlighted row's.
     */
    public void select(UUID incidentId) {
        if (!java.util.Objects.equals(wanted, incidentId)) {
            // Another incident: its people are masked again, a form half filled for the one before is dropped (never
            // confirmed onto this one), and a message about the one before goes.
            revealed.set(false);
            ActionForm form = actionForm.get();
            if (form != null && !java.util.Objects.equals(form.incidentId(), incidentId)) {
                actionForm.set(null);
            }
            if (incidentError != null && incidentError.equals(error.get())) {
                error.set("");
            }
            incidentError = null;
        }
        wanted = incidentId;
        long generation = ++detailGeneration;
        if (incidentId == null) {
            detail.set(null);
            allowedActions.clear();
            return;
        }
        runner.read(() -> new Loaded(incidents.detail(incidentId, operator), incidents.duplicateCandidates(incidentId, operator),
                incidents.attachments(incidentId, operator)), loaded -> {
            if (generation != detailGeneration) {
                return;
            }
            detail.set(loaded.detail());
            shownDuplicates = loaded.duplicates();
            attachments.setAll(loaded.attachments());
            allowedActions.setAll(loaded.detail().allowedActions());
            // Each with its reason; the merge key only where this incident may be merged.
            duplicates.set(loaded.duplicates().isEmpty() ? "" : messages.text("incidents.detail.duplicates",
                    String.join("、", loaded.duplicates().stream().map(near -> messages.text("incidents.detail.duplicate",
                            near.caseNo(), messages.text("incidents.duplicate.reason." + near.reason().name()))).toList()))
                    + (loaded.detail().allowedActions().contains(IncidentAction.MERGE)
                            ? messages.text("incidents.detail.duplicates.mergeKey") : ""));
        }, failure -> {
            if (generation == detailGeneration) {
                showIncidentFailure(failure);
            }
        });
    }

    /** Reads the incident again after a step or a change elsewhere, unless another one has been selected since. */
    private void reload(UUID incidentId) {
        if (incidentId != null && incidentId.equals(wanted)) {
            select(incidentId);
        }
    }

    /** The incident last selected; the detail shows it once its read has answered. */
    private UUID wanted;
    /** The look-alikes the pane lists for the incident shown, each with the version it was read at. */
    private List<IncidentRepository.NearbyIncident> shownDuplicates = List.of();
    private long detailGeneration;

    /** The incident shown, if it is the one last selected; null while another one's read is on its way. */
    private IncidentDetail shownSelection() {
        IncidentDetail shown = detail.get();
        return shown != null && shown.id().equals(wanted) ? shown : null;
    }

    /** Applies an action that needs no input to the selected incident; the detail and the queue follow. */
    public void act(IncidentAction action, ActionInput input) {
        IncidentDetail selected = shownSelection();
        if (selected == null) {
            return;
        }
        actOn(selected.id(), selected.rowVersion(), action, input, null);
    }

    /**
     * Takes the step on this incident; the form it came from closes once the service has taken it and stays, with
     * what was typed, when it is refused. Either way the incident is read again and the list refreshed, so the
     * pane never offers a step on a state the incident has left.
     */
    private void actOn(UUID incidentId, long seenVersion, IncidentAction action, ActionInput input, ActionForm form) {
        clearError();
        busy.set(true);
        IncidentDetail shown = detail.get();
        Instant dueBefore = shown != null && shown.id().equals(incidentId) ? shown.dueAt() : null;
        // The version the pane or form showed: the service refuses the step if the incident has moved on since.
        runner.write(() -> {
            StoredIncident stored = incidents.act(incidentId, seenVersion, action, input, operator);
            return new Acted(stored, incidents.dueBeyondCalendar(stored));
        }, acted -> {
            StoredIncident stored = acted.incident();
            busy.set(false);
            closeForm(form);
            String now = messages.text("incidents.status." + stored.state().status().name());
            // A dissatisfied citizen's return visit sends the case back for rework: "closed" would say the opposite.
            boolean rework = action == IncidentAction.CLOSE && stored.state().status() != IncidentStatus.CLOSED;
            String done = rework ? messages.text("incidents.action.reworkDone", stored.caseNo(), now)
                    : messages.text("incidents.action.done", messages.text("incidents.action." + action.name()), stored.caseNo(), now);
            boolean newDeadline = stored.dueAt() != null && !stored.dueAt().equals(dueBefore);
            // The step stands; a deadline counted on plain weeks past the calendar's last year is to be checked by hand.
            status.set(newDeadline && acted.dueBeyondCalendar() ? messages.text("incidents.action.beyondCalendar", done,
                    stored.dueAt().atZone(zone).getYear()) : done);
            reload(stored.id());
            refresh();
        }, failure -> {
            showIncidentFailure(failure);
            if (form != null && changedMeanwhile(failure)) {
                takeCurrentVersion(form);
            }
            reload(incidentId);
            refresh();
        });
    }

    private static boolean changedMeanwhile(Throwable failure) {
        return failure instanceof IncidentException refused && refused.reason() == IncidentException.Reason.CHANGED_MEANWHILE;
    }

    /**
     * After the service refused the form's step as changed meanwhile (the operator has just been told): the form,
     * with what was typed, takes the incident's version as it is now, so the next confirm is the operator's decision
     * on the state the pane shows and goes through, instead of being told the same change a second time. When the new
     * state no longer allows the step at all, the form closes and the message says why, as the pane drops its button.
     */
    private void takeCurrentVersion(ActionForm form) {
        runner.read(() -> incidents.detail(form.incidentId(), operator), now -> {
            if (actionForm.get() != form) {
                return;
            }
            TransitionRefused.Reason refusal = IncidentStateMachine.refusal(now.state(), form.action());
            if (refusal == null) {
                actionForm.set(form.at(now.rowVersion()));
            } else {
                actionForm.set(null);
                showIncidentError(messages.text("incidents.error.changed_meanwhile") + "\n" + IncidentMessages.describe(
                        new TransitionRefused(refusal, now.state().status(), form.action()), messages));
            }
        }, unread -> {
        });
    }

    // The action form (退回, 派遣, 延期, 回访结案…): it belongs to the incident it was opened on, or to a bulk
    // selection, and closes when another incident is selected; confirming acts on that incident only.

    /**
     * What the open action form is for.
     *
     * @param incidentId the incident it was opened on; null for a bulk action
     * @param caseNo     that incident's case number, for the prompt
     * @param rowVersion that incident's row version when the form opened (or last told the operator of a change)
     * @param targets    the incidents of a bulk action; empty for one incident
     * @param parents    for a merge, the row version of each look-alike the pane listed when the form opened (or last
     *                   told the operator of a change), by case number: the parent typed goes with its version
     */
    public record ActionForm(IncidentAction action, UUID incidentId, String caseNo, long rowVersion, List<UUID> targets,
                             java.util.Map<String, Long> parents) {
        public boolean bulk() {
            return incidentId == null;
        }

        ActionForm at(long version) {
            return new ActionForm(action, incidentId, caseNo, version, targets, parents);
        }

        ActionForm withParents(java.util.Map<String, Long> versions) {
            return new ActionForm(action, incidentId, caseNo, rowVersion, targets, versions);
        }
    }

    /** Each look-alike's row version by its case number. */
    private static java.util.Map<String, Long> versionsByCaseNo(List<IncidentRepository.NearbyIncident> nearby) {
        java.util.Map<String, Long> versions = new java.util.HashMap<>();
        nearby.forEach(near -> versions.put(near.caseNo(), near.rowVersion()));
        return java.util.Map.copyOf(versions);
    }

    /** The format of the extension date typed into the form. */
    public static final String WHEN_PATTERN = "yyyy-MM-dd HH:mm";
    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern(WHEN_PATTERN);

    private final ObjectProperty<ActionForm> actionForm = new SimpleObjectProperty<>();
    private final ObjectProperty<CatalogueRepository.Department> formDepartment = new SimpleObjectProperty<>();
    private final ObjectProperty<Satisfaction> formRating = new SimpleObjectProperty<>();
    private final StringProperty formWhen = new SimpleStringProperty("");
    private final StringProperty formText = new SimpleStringProperty("");

    /** Whether a step is taken through the form (a reason, a department, a rating, a date) rather than at once. */
    public static boolean needsForm(IncidentAction action) {
        return switch (action) {
            case DECLINE, RETURN, SUSPEND, REJECT_VERIFICATION, REFUSE_EXTENSION, SUPERVISE, RESOLVE, HANDLE_ON_SPOT, MERGE,
                 DISPATCH, CLOSE, REQUEST_EXTENSION -> true;
            default -> false;
        };
    }

    /** Starts a step on the selected incident: at once when it needs no input, otherwise through the form. */
    public void startAction(IncidentAction action) {
        IncidentDetail selected = shownSelection();
        if (selected == null) {
            return;
        }
        if (!needsForm(action)) {
            act(action, ActionInput.none());
            return;
        }
        clearForm();
        // No rating is chosen for the operator (满意 by default would be counted without the citizen being asked),
        // nor a department other than the one the case's category names: Alt+D, Enter never sends a case to
        // whichever department heads the list.
        if (action == IncidentAction.DISPATCH) {
            formDepartment.set(categoryDepartment(selected.categoryCode()));
        } else if (action == IncidentAction.REQUEST_EXTENSION) {
            formWhen.set(WHEN.format(suggestedExtension(selected.dueAt()).atZone(zone)));
        }
        actionForm.set(new ActionForm(action, selected.id(), selected.caseNo(), selected.rowVersion(), List.of(),
                action == IncidentAction.MERGE ? versionsByCaseNo(shownDuplicates) : java.util.Map.of()));
    }

    /** Opens the form to dispatch these incidents together. */
    public void startBulkDispatch(List<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return;
        }
        clearForm();
        actionForm.set(new ActionForm(IncidentAction.DISPATCH, null, null, 0, List.copyOf(incidentIds), java.util.Map.of()));
    }

    /** How far the extension a form offers reaches, in working days. */
    static final int EXTENSION_WORKING_DAYS = 3;

    /**
     * The extension date a form offers: working days on the console's calendar (never a holiday) from the deadline,
     * or from now when the case is overdue; counted from an overdue deadline, it would lie in the past and be refused.
     */
    private Instant suggestedExtension(Instant due) {
        Instant now = clock.instant();
        Instant from = due == null || due.isBefore(now) ? now : due;
        return deadlines.due(from, EXTENSION_WORKING_DAYS, "WORKING_DAYS");
    }

    /** The department this category sends its cases to, if it names one. */
    private CatalogueRepository.Department categoryDepartment(String categoryCode) {
        String code = categoryChoices.stream().filter(category -> category.code().equals(categoryCode)).findFirst()
                .map(CatalogueRepository.Category::defaultDepartmentCode).orElse(null);
        return code == null ? null : departments.stream().filter(department -> department.code().equals(code)).findFirst()
                .orElse(null);
    }

    private void clearForm() {
        formDepartment.set(null);
        formRating.set(null);
        formWhen.set("");
        formText.set("");
    }

    public void cancelAction() {
        actionForm.set(null);
    }

    private void closeForm(ActionForm form) {
        if (form != null && actionForm.get() == form) {
            actionForm.set(null);
        }
    }

    /**
     * Takes the form's step on the incident it was opened on (or its bulk selection), never on whatever is selected
     * now. A form left open while someone else acted on its incident (seen when the incident was read again) is
     * not confirmed blind: the operator is told, and the next confirm goes through if they still mean it.
     */
    public void confirmAction() {
        ActionForm form = actionForm.get();
        if (form == null || busy.get()) {
            return;
        }
        ActionInput input = formInput(form.action());
        if (input == null) {
            return;
        }
        if (form.bulk()) {
            actOnMany(form.targets(), form.action(), input, form);
            return;
        }
        IncidentDetail shown = detail.get();
        if (shown != null && shown.id().equals(form.incidentId()) && shown.rowVersion() != form.rowVersion()) {
            actionForm.set(form.at(shown.rowVersion()));
            showIncidentError(messages.text("incidents.error.changed_meanwhile"));
            return;
        }
        if (form.action() == IncidentAction.MERGE) {
            merge(formText.get(), form);
        } else {
            actOn(form.incidentId(), form.rowVersion(), form.action(), input, form);
        }
    }

    /** What the form holds as the step's input; null, with the reason shown, when something is missing. */
    private ActionInput formInput(IncidentAction action) {
        switch (action) {
            case DISPATCH -> {
                if (formDepartment.get() == null) {
                    showIncidentError(messages.text("incidents.error.department_required"));
                    return null;
                }
                return ActionInput.dispatchTo(formDepartment.get().code());
            }
            case CLOSE -> {
                if (formRating.get() == null) {
                    showIncidentError(messages.text("incidents.form.ratingRequired"));
                    return null;
                }
                return ActionInput.rating(formRating.get());
            }
            case REQUEST_EXTENSION -> {
                try {
                    java.time.LocalDateTime requested = java.time.LocalDateTime.parse(formWhen.get().trim(), WHEN);
                    return ActionInput.extensionTo(requested.atZone(zone).toInstant(), formText.get());
                } catch (java.time.format.DateTimeParseException e) {
                    showIncidentError(messages.text("incidents.error.requested_due_invalid"));
                    return null;
                }
            }
            default -> {
                return ActionInput.note(formText.get());
            }
        }
    }

    /** The open action form, or null. */
    public ObjectProperty<ActionForm> actionFormProperty() {
        return actionForm;
    }

    public ObjectProperty<CatalogueRepository.Department> formDepartmentProperty() {
        return formDepartment;
    }

    public ObjectProperty<Satisfaction> formRatingProperty() {
        return formRating;
    }

    /** The extension date typed, as {@link #WHEN_PATTERN}. */
    public StringProperty formWhenProperty() {
        return formWhen;
    }

    /** The reason, result or case number typed. */
    public StringProperty formTextProperty() {
        return formText;
    }

    /** The incident a merge form is on and its look-alikes, as they are now. */
    private record MergeSeen(long rowVersion, List<IncidentRepository.NearbyIncident> parents) {
    }

    /** A step's result, with whether the deadline it set was counted past the holiday calendar. */
    private record Acted(StoredIncident incident, boolean dueBeyondCalendar) {
    }

    private record Loaded(IncidentDetail detail, List<IncidentRepository.NearbyIncident> duplicates,
                          List<IncidentRepository.Attachment> attachments) {
    }

    /** Adds a photo or document from disk to the selected incident; the file is read off the FX thread. */
    public void attach(java.nio.file.Path file) {
        IncidentDetail selected = detail.get();
        if (selected == null) {
            return;
        }
        clearError();
        busy.set(true);
        runner.write(() -> incidents.attach(selected.id(), file.getFileName().toString(),
                IncidentService.attachmentType(file.getFileName().toString()),
                java.nio.file.Files.readAllBytes(file), operator), added -> {
            busy.set(false);
            status.set(messages.text("incidents.attachment.added", added.fileName()));
            reload(selected.id());
        }, this::showIncidentFailure);
    }

    /** Writes an attachment's bytes to a file the user chose. */
    public void saveAttachment(IncidentRepository.Attachment attachment, java.nio.file.Path target) {
        runner.read(() -> java.nio.file.Files.write(target, incidents.attachmentContent(attachment.id(), operator)),
                written -> status.set(messages.text("incidents.attachment.saved", target.getFileName().toString())),
                this::showIncidentFailure);
    }

    /** The file patterns the attachment dialog offers: the types the service takes. */
    public List<String> attachmentPatterns() {
        return IncidentService.attachmentPatterns();
    }

    public ObservableList<IncidentRepository.Attachment> attachments() {
        return attachments;
    }

    // A note on the case (添加备注): free text in the history, in any status.

    private final BooleanProperty noting = new SimpleBooleanProperty(false);
    private final StringProperty noteText = new SimpleStringProperty("");

    /** Opens the note form on the selected incident, empty. */
    public void startNote() {
        if (detail.get() == null) {
            return;
        }
        noteText.set("");
        clearError();
        noting.set(true);
    }

    public void cancelNote() {
        noting.set(false);
    }

    /** Saves the typed note; refused in words (empty, too long), the form stays open with what was typed. */
    public void saveNote() {
        IncidentDetail selected = detail.get();
        if (selected == null || !noting.get()) {
            return;
        }
        String text = noteText.get();
        clearError();
        busy.set(true);
        runner.write(() -> incidents.addNote(selected.id(), text, operator), event -> {
            busy.set(false);
            noting.set(false);
            noteText.set("");
            status.set(messages.text("incidents.note.done", selected.caseNo()));
            reload(selected.id());
        }, this::showIncidentFailure);
    }

    // An incident the city refused to create (市级未接收): the pane says so, and offers to send it again once corrected.

    /** Whether the queue can resubmit such an incident itself; otherwise the pane points to the sync screen. */
    public boolean offersResubmission() {
        return incidents.offersResubmission();
    }

    /**
     * 重新报送 the incident shown, as it stands now, if the city refused to create it: it goes with the next round. The
     * pane is read again, so the notice goes once it is on its way.
     */
    public void resubmitToCity() {
        IncidentDetail shown = shownSelection();
        if (shown == null || shown.cityRefusal() == null || busy.get()) {
            return;
        }
        clearError();
        busy.set(true);
        runner.write(() -> incidents.resubmitToCity(shown.id(), operator), resubmitted -> {
            busy.set(false);
            status.set(messages.text(resubmitted ? "incidents.city.resubmitted" : "incidents.city.notRefused", shown.caseNo()));
            reload(shown.id());
        }, failure -> {
            showIncidentFailure(failure);
            reload(shown.id());
        });
    }

    public BooleanProperty notingProperty() {
        return noting;
    }

    public StringProperty noteTextProperty() {
        return noteText;
    }

    // Correcting what was taken down wrongly (更正信息): the descriptive fields, outside the closed loop.

    private final BooleanProperty correcting = new SimpleBooleanProperty(false);
    private final StringProperty correctionTitle = new SimpleStringProperty("");
    private final StringProperty correctionDescription = new SimpleStringProperty("");
    private final StringProperty correctionAddress = new SimpleStringProperty("");
    /** The point as "longitude, latitude"; a new point places the incident in its grid and area (未定位 leaves the list). */
    private final StringProperty correctionPoint = new SimpleStringProperty("");
    private final ObjectProperty<RiskLevel> correctionRisk = new SimpleObjectProperty<>();
    private final StringProperty correctionReporterName = new SimpleStringProperty("");
    private final StringProperty correctionReporterPhone = new SimpleStringProperty("");

    /**
     * Opens the correction form on the selected incident, filled with what it says now. The reporter's name and
     * phone start empty (they are masked on screen; showing them to correct them would be an unaudited reveal):
     * typed in, they replace the old ones; left empty, they stay.
     */
    public void startCorrection() {
        IncidentDetail selected = detail.get();
        if (selected == null) {
            return;
        }
        correctionBase = selected;
        correctionTitle.set(selected.title());
        correctionDescription.set(selected.description() == null ? "" : selected.description());
        correctionAddress.set(selected.address() == null ? "" : selected.address());
        correctionPoint.set(pointText(selected.longitude(), selected.latitude()));
        correctionRisk.set(selected.riskLevel() == null ? null : RiskLevel.valueOf(selected.riskLevel()));
        correctionReporterName.set("");
        correctionReporterPhone.set("");
        clearError();
        correcting.set(true);
    }

    public void cancelCorrection() {
        correcting.set(false);
    }

    /**
     * The incident as the correction form was filled from it. The form is compared with this, not with the detail
     * (which the poll reloads), and its row version goes with the correction: otherwise a title left as it was would
     * overwrite what someone else corrected meanwhile.
     */
    private IncidentDetail correctionBase;

    /**
     * Saves what the form changed, and only that (each field travels to the city as a change of its own). Refused
     * in words (an empty title, too long a text, nothing changed); the form stays open with what was typed.
     */
    public void saveCorrection() {
        IncidentDetail selected = correctionBase;
        if (selected == null || !correcting.get()) {
            return;
        }
        java.util.Map<EditableField, Object> changes = new java.util.EnumMap<>(EditableField.class);
        changedText(changes, EditableField.TITLE, selected.title(), correctionTitle.get());
        changedText(changes, EditableField.DESCRIPTION, selected.description(), correctionDescription.get());
        changedText(changes, EditableField.ADDRESS, selected.address(), correctionAddress.get());
        String point = correctionPoint.get() == null ? "" : correctionPoint.get().trim();
        if (!point.equals(pointText(selected.longitude(), selected.latitude()))) {
            double[] parsed = parsePoint(point);
            if (parsed == null) {
                showIncidentError(messages.text("incidents.correct.pointInvalid"));
                return;
            }
            changes.put(EditableField.LONGITUDE, parsed[0]);
            changes.put(EditableField.LATITUDE, parsed[1]);
        }
        RiskLevel risk = correctionRisk.get();
        if (risk != null && !risk.name().equals(selected.riskLevel())) {
            changes.put(EditableField.RISK_LEVEL, risk.name());
        }
        if (!correctionReporterName.get().isBlank()) {
            changes.put(EditableField.REPORTER_NAME, correctionReporterName.get().trim());
        }
        if (!correctionReporterPhone.get().isBlank()) {
            changes.put(EditableField.REPORTER_PHONE, correctionReporterPhone.get().trim());
        }
        if (changes.isEmpty()) {
            showIncidentError(messages.text("incidents.correct.nothing"));
            return;
        }
        clearError();
        busy.set(true);
        runner.write(() -> incidents.editFields(selected.id(), selected.rowVersion(), changes, operator), stored -> {
            busy.set(false);
            correcting.set(false);
            status.set(messages.text("incidents.correct.done", stored.caseNo(), changes.size()));
            reload(stored.id());
            refresh();
        }, failure -> {
            showIncidentFailure(failure);
            if (changedMeanwhile(failure)) {
                rebaseCorrection(selected);
                reload(selected.id());
                refresh();
            }
        });
    }

    /**
     * After a correction refused as changed meanwhile (the operator has just been told): the form takes the incident
     * as it is now for its base, keeping each field the operator changed as typed and showing the others as they
     * now read, so the next save sends only what the operator changed, at the current version, and goes through
     * instead of being refused again for the same change; a field left as it was never puts the old value back.
     */
    private void rebaseCorrection(IncidentDetail base) {
        runner.read(() -> incidents.detail(base.id(), operator), now -> {
            if (correctionBase != base || !correcting.get()) {
                return;
            }
            keepTypedOr(correctionTitle, base.title(), now.title());
            keepTypedOr(correctionDescription, base.description(), now.description());
            keepTypedOr(correctionAddress, base.address(), now.address());
            keepTypedOr(correctionPoint, pointText(base.longitude(), base.latitude()), pointText(now.longitude(), now.latitude()));
            RiskLevel risk = correctionRisk.get();
            if (risk == null || risk.name().equals(base.riskLevel())) {
                correctionRisk.set(now.riskLevel() == null ? null : RiskLevel.valueOf(now.riskLevel()));
            }
            correctionBase = now;
        }, unread -> {
        });
    }

    /** The field as typed when the operator changed it; otherwise what the incident says now. */
    private static void keepTypedOr(StringProperty field, String before, String now) {
        String typed = field.get() == null ? "" : field.get().trim();
        if (typed.equals(before == null ? "" : before.trim())) {
            field.set(now == null ? "" : now);
        }
    }

    private static String pointText(Double longitude, Double latitude) {
        return longitude == null || latitude == null ? "" : longitude + ", " + latitude;
    }

    /** "113.27, 23.17" (a comma, Chinese comma or spaces between): longitude then latitude; null when not two numbers. */
    private static double[] parsePoint(String text) {
        String[] parts = text.trim().split("\\s*[,，\\s]\\s*");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void changedText(java.util.Map<EditableField, Object> changes, EditableField field, String before, String typed) {
        String now = typed == null ? "" : typed.trim();
        String was = before == null ? "" : before.trim();
        if (!now.equals(was)) {
            // An emptied field is sent empty: the service says whether it may be (the title may not).
            changes.put(field, now);
        }
    }

    public BooleanProperty correctingProperty() {
        return correcting;
    }

    public StringProperty correctionTitleProperty() {
        return correctionTitle;
    }

    public StringProperty correctionDescriptionProperty() {
        return correctionDescription;
    }

    public StringProperty correctionPointProperty() {
        return correctionPoint;
    }

    public StringProperty correctionAddressProperty() {
        return correctionAddress;
    }

    public ObjectProperty<RiskLevel> correctionRiskProperty() {
        return correctionRisk;
    }

    public StringProperty correctionReporterNameProperty() {
        return correctionReporterName;
    }

    public StringProperty correctionReporterPhoneProperty() {
        return correctionReporterPhone;
    }

    /**
     * Merges the form's incident, at the version the form was opened on, into the open incident with this case number,
     * at the version the pane listed it at among the look-alikes (a case number typed from elsewhere goes without one).
     * Refused as changed meanwhile, the form stays and takes the look-alikes as they are now: the operator has been
     * told, and the next confirm goes through if they still mean it, as for the other steps.
     */
    private void merge(String parentCaseNo, ActionForm form) {
        UUID duplicateId = form.incidentId();
        String typed = parentCaseNo == null ? "" : parentCaseNo.trim();
        IncidentService.Seen seen = new IncidentService.Seen(duplicateId, form.rowVersion());
        clearError();
        busy.set(true);
        runner.write(() -> incidents.merge(seen, typed, form.parents().get(typed), operator), stored -> {
            busy.set(false);
            closeForm(form);
            status.set(messages.text("incidents.merge.done", stored.caseNo(), typed));
            reload(stored.id());
            refresh();
        }, failure -> {
            showIncidentFailure(failure);
            if (changedMeanwhile(failure)) {
                // Both as they are now: the message above was the telling, the form is not to say it twice.
                runner.read(() -> new MergeSeen(incidents.detail(duplicateId, operator).rowVersion(),
                        incidents.duplicateCandidates(duplicateId, operator)), now -> {
                    if (actionForm.get() == form) {
                        actionForm.set(form.at(now.rowVersion()).withParents(versionsByCaseNo(now.parents())));
                    }
                }, unread -> {
                });
            }
            reload(duplicateId);
            refresh();
        });
    }

    public ObservableList<CatalogueRepository.Category> categoryChoices() {
        return categoryChoices;
    }

    public ObservableList<cn.zongzhi.areas.AdminArea> townChoices() {
        return townChoices;
    }

    public ObservableList<CatalogueRepository.Department> departmentChoices() {
        return departmentChoices;
    }

    public ObjectProperty<CatalogueRepository.Category> categoryFilterProperty() {
        return categoryFilter;
    }

    public ObjectProperty<cn.zongzhi.areas.AdminArea> townFilterProperty() {
        return townFilter;
    }

    public ObjectProperty<CatalogueRepository.Department> departmentFilterProperty() {
        return departmentFilter;
    }

    public ObjectProperty<Channel> channelFilterProperty() {
        return channelFilter;
    }

    public ObjectProperty<RiskLevel> riskFilterProperty() {
        return riskFilter;
    }

    public ObjectProperty<java.time.LocalDate> fromFilterProperty() {
        return fromFilter;
    }

    public ObjectProperty<java.time.LocalDate> toFilterProperty() {
        return toFilter;
    }

    public StringProperty duplicatesProperty() {
        return duplicates;
    }

    /**
     * The incidents at these rows of the list, for a bulk action; empty, with the reason shown, when some of the rows
     * have not been read yet (a selection dragged or Ctrl+A past what was scrolled to). Acting on the rows that
     * happen to be read would leave the others out without a word.
     */
    public java.util.Optional<List<UUID>> idsAt(java.util.Collection<Integer> indices) {
        // Only this selection's versions: a bulk action acts on the rows selected now, and the map stays that small.
        selectedVersions.clear();
        List<UUID> ids = new java.util.ArrayList<>();
        int notRead = 0;
        for (Integer index : indices) {
            if (index == null || index < 0 || index >= rows.size()) {
                continue;
            }
            IncidentSummary row = rows.isLoaded(index) ? rows.get(index) : null;
            if (row == null) {
                notRead++;
            } else {
                ids.add(row.id());
                selectedVersions.put(row.id(), row.rowVersion());
            }
        }
        if (notRead > 0) {
            error.set(messages.text("incidents.bulk.notRead", ids.size() + notRead, notRead));
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(ids);
    }

    /**
     * The row version each incident had on the page it was selected on ({@link #idsAt}), which a bulk action sends
     * with it. Kept per id, not per selection: a bulk form opened on one selection is confirmed after others were made.
     */
    private final java.util.Map<UUID, Long> selectedVersions = new java.util.HashMap<>();

    /**
     * Applies an action to every selected incident (ids from {@link #idsAt}), each as its row was read; the status
     * line says how many went through and why others did not.
     */
    public void actOnMany(List<UUID> incidentIds, IncidentAction action, ActionInput input) {
        actOnMany(incidentIds, action, input, null);
    }

    private void actOnMany(List<UUID> incidentIds, IncidentAction action, ActionInput input, ActionForm form) {
        if (incidentIds.isEmpty()) {
            return;
        }
        List<IncidentService.Seen> seen = new java.util.ArrayList<>();
        for (UUID id : incidentIds) {
            Long version = selectedVersions.get(id);
            if (version != null) {
                seen.add(new IncidentService.Seen(id, version));
            }
        }
        if (seen.size() < incidentIds.size()) {
            // Not selected through idsAt: no row was read for them, so nothing says what the operator decided on.
            error.set(messages.text("incidents.bulk.notRead", incidentIds.size(), incidentIds.size() - seen.size()));
            return;
        }
        clearError();
        busy.set(true);
        runner.write(() -> incidents.actOnMany(seen, action, input, operator), outcome -> {
            busy.set(false);
            java.util.Set<String> changed = new java.util.HashSet<>();
            outcome.refused().stream().filter(refusal -> changedMeanwhile(refusal.reason()))
                    .forEach(refusal -> changed.add(refusal.caseNo()));
            if (form != null && !changed.isEmpty()) {
                keepForChanged(form, changed);
            } else {
                closeForm(form);
            }
            String actionName = messages.text("incidents.action." + action.name());
            status.set(messages.text("incidents.bulk.done", actionName, outcome.done(), outcome.refused().size()));
            if (!outcome.refused().isEmpty()) {
                error.set(refusals(outcome.refused()));
            }
            reload(wanted);
            refresh();
        }, failure -> {
            showFailure(failure);
            reload(wanted);
            refresh();
        });
    }

    /**
     * After a bulk action some of whose incidents were refused as changed meanwhile (the status line and the refusals
     * have told the operator): the form stays, with the department or text chosen, for those of them whose state as
     * it is now still allows the step, each at its current version, so the next confirm goes through for them instead
     * of refusing them again; the others are done or refused for good. With none left, the form closes.
     */
    private void keepForChanged(ActionForm form, java.util.Set<String> changedCaseNos) {
        runner.read(() -> {
            List<IncidentDetail> now = new java.util.ArrayList<>();
            for (UUID id : form.targets()) {
                try {
                    IncidentDetail read = incidents.detail(id, operator);
                    if (changedCaseNos.contains(read.caseNo())) {
                        now.add(read);
                    }
                } catch (RuntimeException gone) {
                    // Out of reach now: not among those the form is kept for.
                }
            }
            return now;
        }, now -> {
            if (actionForm.get() != form) {
                return;
            }
            List<UUID> still = new java.util.ArrayList<>();
            for (IncidentDetail read : now) {
                if (IncidentStateMachine.refusal(read.state(), form.action()) == null) {
                    selectedVersions.put(read.id(), read.rowVersion());
                    still.add(read.id());
                }
            }
            actionForm.set(still.isEmpty() ? null
                    : new ActionForm(form.action(), null, null, 0, List.copyOf(still), java.util.Map.of()));
        }, unread -> closeForm(form));
    }

    /** How many case numbers are named for one reason before the rest are counted ("等 N 件"). */
    static final int NAMED_PER_REASON = 5;

    /** Every refused case with its reason, one line per reason: "BY…001、BY…002：“派遣”无法执行：…". */
    private String refusals(List<IncidentService.BulkOutcome.Refusal> refused) {
        java.util.Map<String, List<String>> byReason = new java.util.LinkedHashMap<>();
        for (var refusal : refused) {
            byReason.computeIfAbsent(IncidentMessages.describe(refusal.reason(), messages), reason -> new java.util.ArrayList<>())
                    .add(refusal.caseNo());
        }
        List<String> lines = new java.util.ArrayList<>();
        byReason.forEach((reason, caseNos) -> {
            String named = String.join(messages.text("incidents.bulk.caseSeparator"),
                    caseNos.subList(0, Math.min(NAMED_PER_REASON, caseNos.size())));
            lines.add(messages.text("incidents.bulk.refusal", caseNos.size() > NAMED_PER_REASON
                    ? messages.text("incidents.bulk.refusedMany", named, caseNos.size()) : named, reason));
        });
        return String.join("\n", lines);
    }

    public void registered(StoredIncident stored) {
        status.set(messages.text("incidents.intake.saved", stored.caseNo()));
        // A figure's cases or a place from the map stand in for the view: left in force, "to accept" would not show.
        placeFilter.set(null);
        view.set(QueueView.TO_ACCEPT);
        sort.set(IncidentSort.NEWEST_FIRST);
        refresh();
        select(stored.id());
    }

    private void showFailure(Throwable failure) {
        busy.set(false);
        error.set(IncidentMessages.describe(failure, messages));
    }

    /**
     * A message about the incident shown (a refused step, a form missing something): it goes when another incident
     * is selected, where it would read as that one's. Messages about the list (a read that failed, a bulk action's
     * refusals) stay.
     */
    private void showIncidentError(String text) {
        busy.set(false);
        error.set(text);
        incidentError = text;
    }

    private void showIncidentFailure(Throwable failure) {
        showIncidentError(IncidentMessages.describe(failure, messages));
    }

    private void clearError() {
        error.set("");
        incidentError = null;
    }

    /** The message about the incident shown, while it is the one on screen; null otherwise. */
    private String incidentError;

    public IncidentFilter currentFilter() {
        PlaceFilter figure = placeFilter.get();
        IncidentFilter filter = figure != null && figure.cases() != null ? figure.cases()
                : view.get().filter(clock.instant(), operator.id());
        // A first-level class stands for all its categories: the repository matches the chosen category's subtree.
        filter = filter.narrowedBy(categoryFilter.get() == null ? null : categoryFilter.get().code(),
                townFilter.get() == null ? null : townFilter.get().code().substring(0, 9),
                departmentFilter.get() == null ? null : departmentFilter.get().code(),
                channelFilter.get() == null ? null : channelFilter.get().name(),
                riskFilter.get() == null ? null : riskFilter.get().name(),
                fromFilter.get() == null ? null : fromFilter.get().atStartOfDay(zone).toInstant(),
                toFilter.get() == null ? null : toFilter.get().plusDays(1).atStartOfDay(zone).toInstant());
        PlaceFilter place = placeFilter.get();
        if (place != null && place.cases() == null) {
            // The map names a town or district by its 12-digit code (440111004000); its incidents are at codes below
            // it (440111004001…), which the code's significant digits select.
            filter = place.gridId() != null ? filter.withGridId(place.gridId())
                    : filter.withAreaCodePrefix(cn.zongzhi.auth.Access.significantPrefix(place.areaCode().trim()));
        }
        String text = searchText.get();
        return text == null || text.isBlank() ? filter : filter.withText(text.trim());
    }

    /** How much time is left until the deadline, for the countdown column: negative when overdue. */
    public Duration remaining(Instant due) {
        return due == null ? null : Duration.between(clock.instant(), due);
    }

    public Instant now() {
        return clock.instant();
    }

    public List<IncidentSummary> callerHistory(String phone) {
        return incidents.callerHistory(phone, operator);
    }

    public PagedRows<IncidentSummary> rows() {
        return rows;
    }

    public ObjectProperty<QueueView> viewProperty() {
        return view;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ObjectProperty<IncidentSort> sortProperty() {
        return sort;
    }

    public IntegerProperty countProperty() {
        return count;
    }

    /** The outcome of the last action or job, kept until the next one. */
    public StringProperty statusProperty() {
        return status;
    }

    /** How many incidents the current view, search and filters hold. */
    public StringProperty countTextProperty() {
        return countText;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ObjectProperty<IncidentDetail> detailProperty() {
        return detail;
    }

    public ObservableList<IncidentAction> allowedActions() {
        return allowedActions;
    }

    public Operator operator() {
        return operator;
    }
}
