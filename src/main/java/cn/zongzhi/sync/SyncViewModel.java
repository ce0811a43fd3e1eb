package cn.zongzhi.sync;

import cn.zongzhi.common.BackgroundRunner;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The sync screen: where this console stands with the city (state, last success and attempt, last error, what
 * waits to go), a round now, pause and resume; the city's refusals to acknowledge, its conflict records with
 * both values side by side and the answers the policy allows, and the dispatcher's tasks. Every read and write
 * runs through the runner; status events from the sync thread hop to the FX thread.
 */
public final class SyncViewModel {
    /**
     * A refused outbox row; {@code resubmitIncident} is the incident whose creation it was while that incident stands
     * refused (市级未接收) and can be resubmitted, else null.
     */
    public record RefusalRow(UUID mutationId, String caseNo, String sent, String reason, String when, UUID resubmitIncident) {
    }

    /**
     * A conflict with both values in words and what may be done about it: accepting the city's result always;
     * keeping this office's value or merging where the policy allows and the console can write the field.
     */
    public record ConflictRow(SyncReviewService.Conflict conflict, String caseNo, String kind, String field,
                              String cityValue, String officeValue, String kept, boolean offersKeepMine,
                              boolean offersMerge, String note) {
        public String id() {
            return conflict.id();
        }
    }

    /** A photo or document the city described and then would not hand over, so this console lacks it. */
    public record MissingFileRow(String caseNo, String fileName, String reason, String when) {
    }

    /** A dispatcher's task; {@code answerable} when this office is to answer it and this console can send the answer. */
    public record TaskRow(String id, String caseNo, String kind, String body, String assignee, String requestedBy,
                          boolean forThisOffice, boolean answerable, SyncReviewService.Task task) {
    }

    private final SyncControl control;
    private final SyncReviewService review;
    private final BackgroundRunner runner;
    private final SyncWords words;
    private final Clock clock;

    private final ReadOnlyObjectWrapper<SyncStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SyncState> state = new ReadOnlyObjectWrapper<>(SyncState.WAITING);
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper serverText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper officeText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastSuccessText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastAttemptText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastErrorText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper clockWarningText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper nextText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper waitingText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper refusalsTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper conflictsTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper tasksTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pauseText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper enrolled = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper syncNowDisabled = new ReadOnlyBooleanWrapper(true);
    private final ObservableList<RefusalRow> refusals = FXCollections.observableArrayList();
    private final ObservableList<ConflictRow> conflicts = FXCollections.observableArrayList();
    private final ObservableList<TaskRow> tasks = FXCollections.observableArrayList();
    private final ObservableList<MissingFileRow> missingFiles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper missingFilesTitle = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ConflictRow> selectedConflict = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper publishOffered = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper publishText = new ReadOnlyStringWrapper("");
    private ReferencePublishing referencePublishing;
    private Enrolling enrolling;
    private final ReadOnlyBooleanWrapper enrollOffered = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper enrollBusy = new ReadOnlyBooleanWrapper(false);
    private java.util.concurrent.atomic.AtomicBoolean publishCancel;
    private boolean activated;
    private boolean pauseAsked;
    private boolean roundAsked;

    public SyncViewModel(SyncControl control, SyncReviewService review, BackgroundRunner runner, SyncWords words, Clock clock) {
        this.control = control;
        this.review = review;
        this.runner = runner;
        this.words = words;
        this.clock = clock;
        pauseText.set(words.messages().text("sync.pause"));
        refusalsTitle.set(words.messages().text("sync.refusals.title", 0));
        conflictsTitle.set(words.messages().text("sync.conflicts.title", 0));
        tasksTitle.set(words.messages().text("sync.tasks.title", 0));
    }

    /** Publishing this console's reference data to the city server (decision 0016), offered to administrators. */
    @FunctionalInterface
    public interface ReferencePublishing {
        ReferencePublisher.Published publish(java.util.function.BooleanSupplier cancelled, ReferencePublisher.Progress progress);
    }

    /** Offers 发布基础数据 on this screen. Only the city office's publication is taken; any other is refused by the server. */
    public void offerReferencePublishing(ReferencePublishing publishing) {
        referencePublishing = publishing;
        publishOffered.set(publishing != null);
        publishText.set(words.messages().text("sync.reference.publish"));
    }

    /**
     * 发布基础数据, or 停止发布 while a publication runs: everything is sent in batches with the count shown after each;
     * stopping leaves the batches already sent published (sending again changes nothing for them).
     */
    public void publishReference() {
        if (referencePublishing == null) {
            return;
        }
        var messages = words.messages();
        if (publishCancel != null) {
            publishCancel.set(true);
            message.set(messages.text("sync.reference.stopping"));
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
        publishCancel = cancel;
        publishText.set(messages.text("sync.reference.stop"));
        message.set(messages.text("sync.reference.started"));
        runner.read(() -> referencePublishing.publish(cancel::get,
                        (done, total) -> runner.toUi(() -> {
                            if (publishCancel == cancel && !cancel.get()) {
                                message.set(messages.text("sync.reference.progress", done, total));
                            }
                        })),
                published -> {
                    publishDone();
                    message.set(published.complete()
                            ? messages.text("sync.reference.published", published.items(), published.changed(), published.version())
                            : messages.text("sync.reference.stopped", published.items()));
                },
                failure -> {
                    publishDone();
                    if (failure instanceof SyncTransport.Unavailable refused) {
                        message.set("not-city".equals(refused.reason()) ? messages.text("sync.reference.notCity")
                                : messages.text("sync.reference.failed", words.error(refused.reason() + ": " + refused.getMessage())));
                    } else {
                        failed(failure);
                    }
                });
    }

    private void publishDone() {
        publishCancel = null;
        publishText.set(words.messages().text("sync.reference.publish"));
    }

    public ReadOnlyBooleanProperty publishOfferedProperty() {
        return publishOffered.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty publishTextProperty() {
        return publishText.getReadOnlyProperty();
    }

    /** Trading the city's one-time enrollment code for this installation's credential, which it keeps. */
    public interface Enrolling {
        /** Asks the city (the network call alone; it runs with the reads, off the writer thread). */
        SyncCredentialRepository.Credential request(String serverUrl, String code);

        /** Keeps the credential (a write); refuses when the installation is enrolled already and not refused. */
        void keep(SyncCredentialRepository.Credential credential);

        /** Enrolling through this client into this installation's credential store, as the console does. */
        static Enrolling through(EnrollmentClient client, SyncCredentialRepository credentials) {
            return new Enrolling() {
                @Override
                public SyncCredentialRepository.Credential request(String serverUrl, String code) {
                    return client.request(serverUrl, code, credentials.replicaId());
                }

                @Override
                public void keep(SyncCredentialRepository.Credential credential) {
                    EnrollmentClient.keep(credentials, credential);
                }
            };
        }
    }

    /**
     * Offers enrolling on this screen while the console is not enrolled, or again while the city refuses its
     * credential (administrators): a township's
     * administrator types the city server's address and the code the city gave, rather than using a terminal,
     * which cannot open the database while the console has it.
     */
    public void offerEnrollment(Enrolling enrolling) {
        this.enrolling = enrolling;
        showEnrollOffer();
    }

    /** 注册: checks the address and code, then asks the city; a refusal says why in words and changes nothing. */
    public void enroll(String serverUrl, String code) {
        if (!enrollOffered.get() || enrollBusy.get()) {
            return;
        }
        var messages = words.messages();
        String address = serverUrl == null ? "" : serverUrl.strip();
        String theCode = code == null ? "" : code.strip();
        if (!address.matches("(?i)https?://[^\\s/]+.*")) {
            message.set(messages.text("sync.enroll.badAddress"));
            return;
        }
        if (theCode.isEmpty()) {
            message.set(messages.text("sync.enroll.noCode"));
            return;
        }
        enrollBusy.set(true);
        message.set(messages.text("sync.enroll.started", address));
        // The call to the city runs with the reads (bounded: 10 s to connect, 30 s to answer); only keeping the
        // credential is a write, so operators' saves never wait on the network.
        runner.read(() -> enrolling.request(address, theCode), credential -> runner.write(() -> {
            enrolling.keep(credential);
            return credential;
        }, kept -> {
            enrollBusy.set(false);
            message.set(messages.text("sync.enroll.done", kept.officeCode(), String.join("、", kept.areas())));
            control.syncNow();
            refresh();
        }, this::enrollFailed), this::enrollFailed);
    }

    private void enrollFailed(Throwable failure) {
        enrollBusy.set(false);
        if (failure instanceof EnrollmentClient.EnrollmentFailed refused) {
            message.set(words.messages().text("sync.enroll.failed",
                    words.enrollRefusal(refused.reason(), refused.arguments().toArray())));
        } else {
            failed(failure);
        }
    }

    private void showEnrollOffer() {
        SyncStatus current = status.get();
        // Only once the standing is known: an enrolled console never shows the form, even before its first read,
        // unless the city refused its credential (not during a round: it may be the one that clears the refusal).
        enrollOffered.set(enrolling != null && current != null
                && (!current.enrolled() || !current.running() && SyncState.credentialRefused(current.lastError())));
    }

    public ReadOnlyBooleanProperty enrollOfferedProperty() {
        return enrollOffered.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty enrollBusyProperty() {
        return enrollBusy.getReadOnlyProperty();
    }

    /** Subscribes to the scheduler's events (once) and reads everything. */
    public void activate() {
        if (!activated) {
            activated = true;
            control.addListener(next -> runner.toUi(() -> {
                show(next);
                if (!next.running()) {
                    reloadLists();
                }
            }));
        }
        refresh();
    }

    public void refresh() {
        runner.read(() -> new Loaded(control.status(), review.review()), loaded -> {
            show(loaded.status());
            showLists(loaded.review());
        }, this::failed);
    }

    private record Loaded(SyncStatus status, SyncReviewService.Review review) {
    }

    private void reloadLists() {
        runner.read(review::review, this::showLists, this::failed);
    }

    /** 立即同步: a round now, on the sync thread; the screen follows its events. */
    public void syncNow() {
        SyncStatus current = status.get();
        if (current == null || !current.enrolled()) {
            message.set(words.messages().text("sync.message.notEnrolled"));
            return;
        }
        if (current.paused()) {
            message.set(words.messages().text("sync.message.pausedFirst"));
            return;
        }
        control.syncNow();
        roundAsked = true;
        message.set(words.messages().text("sync.message.asked"));
    }

    /** 暂停同步 / 继续同步. A round under way finishes first (it stops nowhere unsafe); then no round starts until resumed. */
    public void togglePause() {
        SyncStatus current = status.get();
        if (current == null || !current.enrolled()) {
            message.set(words.messages().text("sync.message.notEnrolled"));
            return;
        }
        if (current.paused()) {
            pauseAsked = false;
            control.resume();
            message.set(words.messages().text("sync.message.resumed"));
        } else {
            pauseAsked = true;
            control.pause();
            message.set(words.messages().text(current.running() ? "sync.message.pausingAfterRound" : "sync.message.paused"));
        }
    }

    /** 知道了: the refusal leaves the list and the counts. */
    public void acknowledge(RefusalRow row) {
        if (row == null) {
            return;
        }
        runner.write(() -> {
            boolean acknowledged = review.acknowledgeRefusal(row.mutationId());
            control.announce();
            return new Acknowledged(acknowledged, review.review());
        }, done -> {
            showLists(done.review());
            message.set(words.messages().text(done.acknowledged() ? "sync.message.acknowledged" : "sync.message.resubmitFirst",
                    caseOrDash(row.caseNo())));
        }, this::failed);
    }

    private record Acknowledged(boolean acknowledged, SyncReviewService.Review review) {
    }

    /** 重新报送: an incident the city refused to create goes again, as it is now, with the next round. */
    public void resubmit(RefusalRow row) {
        if (row == null || row.resubmitIncident() == null) {
            return;
        }
        runner.write(() -> {
            boolean resubmitted = review.resubmit(row.resubmitIncident());
            control.announce();
            return new Acknowledged(resubmitted, review.review());
        }, done -> {
            showLists(done.review());
            message.set(words.messages().text(done.acknowledged() ? "sync.message.resubmitted" : "sync.message.notRefused",
                    caseOrDash(row.caseNo())));
        }, this::failed);
    }

    /** 采用市级结果: the city's decision stands and the conflict is marked seen here. */
    public void acceptCityResult(ConflictRow row) {
        if (row == null) {
            return;
        }
        runner.write(() -> {
            review.acceptCityResult(row.id());
            control.announce();
            return review.review();
        }, loaded -> {
            showLists(loaded);
            message.set(words.messages().text("sync.message.keptCity", caseOrDash(row.caseNo())));
        }, this::failed);
    }

    /** 保留本地, where offered: this office's value goes to the city again as a new edit. */
    public void keepMine(ConflictRow row) {
        if (row == null || !row.offersKeepMine()) {
            return;
        }
        runner.write(() -> {
            review.keepMine(row.conflict());
            control.announce();
            // The new edit goes to the city at once rather than at the next tick.
            control.syncNow();
            return review.review();
        }, loaded -> {
            showLists(loaded);
            message.set(words.messages().text("sync.message.keptMine", caseOrDash(row.caseNo())));
        }, this::failed);
    }

    /** 合并, where offered: the text the operator joined from both values goes to the city as a new edit. */
    public void merge(ConflictRow row, String merged) {
        if (row == null || !row.offersMerge() || merged == null || merged.isBlank()) {
            return;
        }
        runner.write(() -> {
            review.merge(row.conflict(), merged.strip());
            control.announce();
            // The new edit goes to the city at once rather than at the next tick.
            control.syncNow();
            return review.review();
        }, loaded -> {
            showLists(loaded);
            message.set(words.messages().text("sync.message.merged", caseOrDash(row.caseNo())));
        }, this::failed);
    }

    /**
     * 同意办结 / 继续办理 on a task for this office: the answer goes to the city at once; the task leaves the list
     * here and is closed on every console when the city has decided.
     */
    public void answerTask(TaskRow row, TaskAnswers.Decision decision) {
        if (row == null || !row.answerable()) {
            return;
        }
        runner.write(() -> {
            review.answerTask(row.task(), decision);
            control.announce();
            control.syncNow();
            return review.review();
        }, loaded -> {
            showLists(loaded);
            message.set(words.messages().text(decision == TaskAnswers.Decision.ACCEPT_FINISH
                    ? "sync.message.taskAccepted" : "sync.message.taskContinued", caseOrDash(row.caseNo())));
        }, this::failed);
    }

    /** Both values one after the other, as the starting text of a merge. */
    public String mergeDraft(ConflictRow row) {
        if (row == null) {
            return "";
        }
        String city = row.conflict().cityValue() == null || row.conflict().cityValue().isNull() ? "" : row.conflict().cityValue().asText();
        String mine = row.conflict().officeValue() == null || row.conflict().officeValue().isNull() ? "" : row.conflict().officeValue().asText();
        return city.isEmpty() ? mine : mine.isEmpty() || mine.equals(city) ? city : city + "\n" + mine;
    }

    private void show(SyncStatus next) {
        SyncStatus before = status.get();
        status.set(next);
        SyncState now = SyncState.of(next);
        state.set(now);
        LocalDate today = LocalDate.now(clock.withZone(words.zone()));
        var messages = words.messages();
        stateText.set(words.state(now));
        enrolled.set(next.enrolled());
        showEnrollOffer();
        serverText.set(next.enrolled() ? next.serverUrl()
                : messages.text(enrolling != null ? "sync.server.none.enrollHere" : "sync.server.none"));
        officeText.set(next.enrolled() ? next.officeCode() : "—");
        lastSuccessText.set(words.moment(next.lastSuccessAt(), today));
        lastAttemptText.set(words.moment(next.lastAttemptAt(), today));
        lastErrorText.set(words.error(next.lastError()));
        clockWarningText.set(words.clockWarning(next.clockOffset()));
        nextText.set(next.nextAttemptAt() == null ? "—" : words.moment(next.nextAttemptAt(), today));
        waitingText.set(messages.text("sync.waiting.count", next.waiting()));
        pauseText.set(messages.text(next.paused() ? "sync.resume" : "sync.pause"));
        syncNowDisabled.set(!next.enrolled() || next.paused() || next.running());
        if (roundAsked && before != null && before.running() && !next.running()) {
            // The round the operator asked for has ended: say how, rather than leave "started" standing.
            roundAsked = false;
            message.set(switch (now) {
                case CONNECTED -> messages.text("sync.message.done");
                case OFFLINE -> messages.text("sync.message.failed", words.error(next.lastError()));
                case REFUSED -> messages.text("sync.message.refused", words.error(next.lastError()));
                default -> messages.text("sync.message.notFinished");
            });
        }
        if (pauseAsked && next.paused()) {
            pauseAsked = false;
            message.set(messages.text("sync.message.paused"));
        }
    }

    private void showLists(SyncReviewService.Review loaded) {
        LocalDate today = LocalDate.now(clock.withZone(words.zone()));
        var messages = words.messages();
        refusals.setAll(loaded.refusals().stream().map(refusal -> new RefusalRow(refusal.mutationId(),
                caseOrDash(refusal.caseNo()), refusal.resubmittable()
                        ? messages.text("sync.refusals.notReceived", words.sent(refusal.kind(), refusal.action()))
                        : words.sent(refusal.kind(), refusal.action()),
                words.reason(refusal.reasonCode(), refusal.reasonText()), words.moment(refusal.answeredAt(), today),
                refusal.resubmittable() ? refusal.incidentId() : null)).toList());
        conflicts.setAll(loaded.conflicts().stream().map(this::conflictRow).toList());
        tasks.setAll(loaded.tasks().stream().map(task -> new TaskRow(task.id(), caseOrDash(task.caseNo()),
                messages.textOrDefault("sync.task.kind." + task.kind(), task.kind() == null ? "" : task.kind()),
                taskText(task), task.assigneeOffice() == null ? "—" : task.assigneeOffice(),
                task.requestedBy() == null ? "—" : task.requestedBy(), task.forThisOffice(),
                task.forThisOffice() && review.canAnswerTasks(), task)).toList());
        refusalsTitle.set(messages.text("sync.refusals.title", refusals.size()));
        conflictsTitle.set(messages.text("sync.conflicts.title", conflicts.size()));
        tasksTitle.set(messages.text("sync.tasks.title", tasks.size()));
        missingFiles.setAll(loaded.fetchesGivenUp().stream().map(file -> new MissingFileRow(caseOrDash(file.caseNo()),
                file.fileName(), messages.textOrDefault("sync.missingFiles.reason." + file.reasonCode(),
                        words.reason(file.reasonCode(), null)), words.moment(file.at(), today))).toList());
        missingFilesTitle.set(messages.text("sync.missingFiles.title", missingFiles.size()));
    }

    /** A known kind of task in the operator's words; the city's own sentence otherwise. */
    private String taskText(SyncReviewService.Task task) {
        String key = "sync.task.body." + task.kind();
        return task.kind() != null && words.messages().bundle().containsKey(key)
                ? words.messages().text(key, task.requestedBy() == null ? "?" : task.requestedBy()) : task.body();
    }

    private ConflictRow conflictRow(SyncReviewService.Conflict conflict) {
        var messages = words.messages();
        ConflictPolicy.Offer offer = conflict.offer();
        boolean canWrite = review.mayEditFields() && conflict.fromThisOffice();
        boolean keepMine = canWrite && offer.allows(ConflictPolicy.Choice.KEEP_MINE);
        boolean merge = canWrite && offer.allows(ConflictPolicy.Choice.MERGE);
        String note;
        if (offer.whyNotKey() != null) {
            note = messages.text(offer.whyNotKey());
        } else if (!conflict.fromThisOffice()) {
            note = messages.text("sync.conflict.why.otherOffice", conflict.officeCode() == null ? "?" : conflict.officeCode());
        } else if (!review.canEditFields()) {
            note = messages.text("sync.conflict.why.noFieldEdits");
        } else if (!review.mayEditFields()) {
            note = messages.text("sync.conflict.why.noPermission", messages.text("permission." + cn.zongzhi.auth.Permission.INCIDENT_HANDLE.name()));
        } else {
            note = messages.text("sync.conflict.choice");
        }
        String office = conflict.fromThisOffice() || conflict.officeCode() == null ? words.value(conflict.officeValue())
                : messages.text("sync.conflict.fromOffice", words.value(conflict.officeValue()), conflict.officeCode());
        return new ConflictRow(conflict, caseOrDash(conflict.caseNo()), words.conflictKind(conflict.kind()),
                "FIELD".equals(conflict.kind()) ? words.field(conflict.field()) : "—",
                words.value(conflict.cityValue()), office, words.kept(conflict.kept()), keepMine, merge, note);
    }

    private static String caseOrDash(String caseNo) {
        return caseNo == null ? "—" : caseNo;
    }

    /** A refused correction or step in the same words as the incident queue's; anything else as unexpected. */
    private void failed(Throwable failure) {
        message.set(cn.zongzhi.incidents.IncidentMessages.describe(failure, words.messages()));
    }

    public SyncWords words() {
        return words;
    }

    public ReadOnlyObjectProperty<SyncStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SyncState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverTextProperty() {
        return serverText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty officeTextProperty() {
        return officeText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastSuccessTextProperty() {
        return lastSuccessText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastAttemptTextProperty() {
        return lastAttemptText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastErrorTextProperty() {
        return lastErrorText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty clockWarningTextProperty() {
        return clockWarningText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nextTextProperty() {
        return nextText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty waitingTextProperty() {
        return waitingText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty refusalsTitleProperty() {
        return refusalsTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty conflictsTitleProperty() {
        return conflictsTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tasksTitleProperty() {
        return tasksTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pauseTextProperty() {
        return pauseText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty enrolledProperty() {
        return enrolled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty syncNowDisabledProperty() {
        return syncNowDisabled.getReadOnlyProperty();
    }

    public ObservableList<RefusalRow> refusals() {
        return refusals;
    }

    public ObservableList<ConflictRow> conflicts() {
        return conflicts;
    }

    public ObservableList<TaskRow> tasks() {
        return tasks;
    }

    /** Files the city would not hand over (newest first); the screen shows the list only when it has any. */
    public ObservableList<MissingFileRow> missingFiles() {
        return missingFiles;
    }

    public ReadOnlyStringProperty missingFilesTitleProperty() {
        return missingFilesTitle.getReadOnlyProperty();
    }

    public ObjectProperty<ConflictRow> selectedConflictProperty() {
        return selectedConflict;
    }
}
