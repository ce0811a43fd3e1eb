package cn.zongzhi.mediation;

import cn.zongzhi.calendar.CalendarDay;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * State of the mediation calendar: the sessions of the loaded weeks, who and what they can be booked with, and
 * the booking form. Every read and write runs on the background threads; a refused booking keeps the form as
 * it was and says every conflict.
 */
public final class MediationCalendarViewModel {
    /** How the calendar groups sessions into its coloured calendars. */
    public enum Grouping { MEDIATOR, ROOM }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm");

    private final SessionScheduler scheduler;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final ZoneId zone;

    private final ObservableList<CalendarSession> sessions = FXCollections.observableArrayList();
    private final ObservableList<SessionRepository.Mediator> mediators = FXCollections.observableArrayList();
    private final ObservableList<SessionRepository.Room> rooms = FXCollections.observableArrayList();
    private final ObservableList<SessionRepository.OpenDispute> disputes = FXCollections.observableArrayList();
    private final ObservableList<CalendarDay> specialDays = FXCollections.observableArrayList();
    private final ObjectProperty<Grouping> grouping = new SimpleObjectProperty<>(Grouping.MEDIATOR);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    private final BooleanProperty bookingOpen = new SimpleBooleanProperty(false);
    private final ObjectProperty<SessionRepository.OpenDispute> bookingDispute = new SimpleObjectProperty<>();
    private final ObjectProperty<SessionRepository.Mediator> bookingMediator = new SimpleObjectProperty<>();
    private final ObjectProperty<SessionRepository.Room> bookingRoom = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> bookingDate = new SimpleObjectProperty<>();
    private final StringProperty bookingStart = new SimpleStringProperty("");
    private final ObjectProperty<Integer> bookingMinutes = new SimpleObjectProperty<>(90);
    private final StringProperty overrideReason = new SimpleStringProperty("");
    private final BooleanProperty overrideNeeded = new SimpleBooleanProperty(false);
    private final StringProperty conflicts = new SimpleStringProperty("");
    private final ObservableList<SessionScheduler.MediatorSuggestion> suggestions = FXCollections.observableArrayList();

    /** Codes of the mediators or rooms chosen in the filter; empty shows them all. */
    private final ObservableList<String> shownResources = FXCollections.observableArrayList();
    private final StringProperty density = new SimpleStringProperty("");
    private int dayLimit = SessionDensity.DEFAULT_DAY_LIMIT;

    /**
     * Set while the lists behind the form's boxes are replaced: a combo box then passes through another value before
     * its own is put back (see the controller's replaceMediators), which is no edit of the booking.
     */
    private boolean replacingChoices;

    /** A case the booking form was opened for from the desk, picked once the open cases are read. */
    private UUID pendingDispute;

    private Instant loadedFrom;
    private Instant loadedTo;
    /**
     * Reads run on a pool of two and may come back in any order: only the latest one asked for is shown (see
     * {@code queryGeneration} in the incident queue). {@code requestedFrom}/{@code To} is the range it reads, the
     * one on screen once it is in; {@code shownGeneration} the read whose sessions are shown.
     */
    private long generation;
    private long shownGeneration;
    private Instant requestedFrom;
    private Instant requestedTo;

    public MediationCalendarViewModel(SessionScheduler scheduler, BackgroundRunner runner, Messages messages) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.messages = messages;
        this.zone = scheduler.zone();
        // Mediator codes mean nothing among rooms: a new grouping starts with every column shown.
        grouping.addListener((observable, before, now) -> shownResources.clear());
        // A refusal answers the booking as it was asked: once the case, day, time, length, mediator or room is
        // changed it no longer applies, and left standing it read as a conflict of the new choice (a 周末 refusal
        // under a Monday chosen since).
        for (javafx.beans.value.ObservableValue<?> input : List.of(bookingDispute, bookingDate, bookingStart, bookingMinutes,
                bookingMediator, bookingRoom)) {
            input.addListener((observable, before, now) -> {
                if (!replacingChoices && !java.util.Objects.equals(before, now)) {
                    conflicts.set("");
                    overrideNeeded.set(false);
                }
            });
        }
    }

    /** Mediators, rooms, open disputes and the holidays; once when the screen opens. */
    public void loadReferenceData() {
        runner.read(() -> new Reference(scheduler.mediators(), scheduler.rooms(), scheduler.openDisputes(),
                List.copyOf(scheduler.workingCalendar().exceptions())), loaded -> {
            // What the form holds is kept by identity: the lists come back a moment after the form opens, often after a
            // case was picked, and a combo box whose items are replaced keeps its index, not its item, which would
            // swap the picked case for whichever stands there now (a case booked meanwhile moves or reads anew).
            UUID keptDispute = bookingDispute.get() == null ? null : bookingDispute.get().id();
            String keptMediator = bookingMediator.get() == null ? null : bookingMediator.get().code();
            String keptRoom = bookingRoom.get() == null ? null : bookingRoom.get().code();
            replacingChoices = true;
            try {
                mediators.setAll(loaded.mediators());
                rooms.setAll(loaded.rooms());
                disputes.setAll(loaded.disputes());
                bookingDispute.set(keptDispute == null ? null : loaded.disputes().stream()
                        .filter(dispute -> dispute.id().equals(keptDispute)).findFirst().orElse(null));
                bookingMediator.set(keptMediator == null ? null : loaded.mediators().stream()
                        .filter(mediator -> mediator.code().equals(keptMediator)).findFirst().orElse(null));
                bookingRoom.set(keptRoom == null ? null : loaded.rooms().stream()
                        .filter(room -> room.code().equals(keptRoom)).findFirst().orElse(null));
            } finally {
                replacingChoices = false;
            }
            specialDays.setAll(loaded.days());
            if (pendingDispute != null) {
                UUID wanted = pendingDispute;
                pendingDispute = null;
                loaded.disputes().stream().filter(dispute -> dispute.id().equals(wanted)).findFirst()
                        .ifPresent(bookingDispute::set);
            }
        }, this::failed);
    }

    private record Reference(List<SessionRepository.Mediator> mediators, List<SessionRepository.Room> rooms,
                             List<SessionRepository.OpenDispute> disputes, List<CalendarDay> days) {
    }

    /**
     * The calendar shows the weeks around {@code date}: five weeks back and six ahead are read, so moving by a
     * week or switching to the month view needs no new read. Nothing is read when they are loaded already.
     */
    public void show(LocalDate date) {
        Instant from = date.minusWeeks(5).atStartOfDay(zone).toInstant();
        Instant to = date.plusWeeks(6).atStartOfDay(zone).toInstant();
        // Compared with the range last asked for, not the one shown: going back while a read of far weeks is under
        // way must read the near ones again, or the far read would land under the near date.
        if (requestedFrom != null && !from.isBefore(requestedFrom) && !to.isAfter(requestedTo)) {
            return;
        }
        reload(from, to);
    }

    public void reload() {
        if (requestedFrom != null) {
            reload(requestedFrom, requestedTo);
        }
    }

    private void reload(Instant from, Instant to) {
        long mine = ++generation;
        requestedFrom = from;
        requestedTo = to;
        busy.set(true);
        runner.read(() -> scheduler.between(from, to), loaded -> {
            if (mine != generation) {
                // A later read (other weeks, or the same after a change) was asked for: this one is out of date.
                return;
            }
            busy.set(false);
            loadedFrom = from;
            loadedTo = to;
            shownGeneration = mine;
            sessions.setAll(loaded);
        }, failure -> {
            if (mine != generation) {
                return;
            }
            // The weeks asked for were not read: asking for them again must read them.
            requestedFrom = loadedFrom;
            requestedTo = loadedTo;
            failed(failure);
        });
    }

    /** A session was dragged or resized on the calendar; refused moves put it back by reading the range again. */
    public void move(CalendarSession session, Instant startsAt, Instant endsAt) {
        if (session.startsAt().equals(startsAt) && session.endsAt().equals(endsAt)) {
            return;
        }
        runner.write(() -> {
            CalendarSession moved = scheduler.move(session.id(), session.rowVersion(), session.mediatorCode(), session.roomCode(),
                    startsAt, endsAt, null);
            return new Written(moved, scheduler.yearBeyondKnownCalendar(moved.startsAt(), moved.endsAt()));
        }, written -> {
            CalendarSession moved = written.session();
            String done = messages.text("mediation.calendar.moved", moved.caseNo(), describeTime(moved.startsAt(), moved.endsAt()));
            message.set(withCalendarWarning(done, written));
            replace(moved);
        }, failure -> {
            message.set(refusal(failure));
            reload();
        });
    }

    /** Records how a session went; the minutes can follow in the case file. */
    public void recordResult(CalendarSession session, String result) {
        runner.write(() -> scheduler.recordResult(session.id(), session.rowVersion(), result, null), recorded -> {
            message.set(messages.text("mediation.session.recorded", recorded.caseNo(),
                    messages.text("mediation.session." + result)));
            replace(recorded);
        }, failure -> {
            message.set(refusal(failure));
            reload();
        });
    }

    /**
     * The results a right-click on the calendar offers: those the scheduler would accept today, not the one the
     * session has. A session still to come offers cancelling only.
     */
    public List<String> resultsFor(CalendarSession session) {
        return scheduler.resultsAllowed(session, scheduler.today()).stream().filter(result -> !result.equals(session.status()))
                .toList();
    }

    /**
     * A right-click menu item for a result, worded as what it does (取消这场调解, 记为已调解): the result's own label
     * (已取消, 已调解) reads as a state, and a bare 取消 in a menu reads like closing it.
     */
    public String resultAction(String result) {
        return messages.text("mediation.calendar.record." + result);
    }

    /** Only a session still to come may be dragged to another time. */
    public boolean movable(CalendarSession session) {
        return SessionScheduler.movable(session.status());
    }

    private void replace(CalendarSession changed) {
        List<CalendarSession> updated = new ArrayList<>(sessions);
        updated.removeIf(existing -> existing.id().equals(changed.id()));
        updated.add(changed);
        sessions.setAll(updated);
        if (shownGeneration != generation) {
            // A read under way may have been taken before this change and would take it off the calendar: read again.
            reload(requestedFrom, requestedTo);
        }
    }

    // ---- booking -----------------------------------------------------------------------------------------

    /** Opens the booking form at a time (a click on the calendar) or empty (the button). */
    public void startBooking(LocalDateTime at) {
        LocalDateTime start = at == null ? null : at.withMinute(at.getMinute() < 30 ? 0 : 30).withSecond(0).withNano(0);
        bookingDate.set(start == null ? scheduler.today() : start.toLocalDate());
        bookingStart.set(start == null ? "09:00" : start.toLocalTime().format(TIME));
        overrideReason.set("");
        overrideNeeded.set(false);
        conflicts.set("");
        bookingOpen.set(true);
        // Cases registered at the desk since the calendar opened must be bookable, whichever way the form was opened.
        loadReferenceData();
        if (start == null) {
            // Opened from the button: the next working period still ahead, not today, which may be a Saturday.
            LocalDate offered = bookingDate.get();
            String offeredStart = bookingStart.get();
            runner.read(scheduler::nextBookableStart, next -> {
                if (bookingOpen.get() && offered.equals(bookingDate.get()) && offeredStart.equals(bookingStart.get())) {
                    bookingDate.set(next.toLocalDate());
                    bookingStart.set(next.toLocalTime().format(TIME));
                }
            }, this::failed);
        }
        suggest();
    }

    /** Opens the booking form on a case chosen at the desk (its 预约调解… button). */
    public void startBookingFor(UUID disputeId) {
        pendingDispute = disputeId;
        // Not the case the form was last opened with: none until this one is found among the bookable ones.
        bookingDispute.set(null);
        startBooking(null);
    }

    public void cancelBooking() {
        bookingOpen.set(false);
        conflicts.set("");
    }

    /** Orders the mediators for the chosen dispute and time: free, then specialists, then least busy. */
    public void suggest() {
        SessionRepository.OpenDispute dispute = bookingDispute.get();
        Instant[] slot = slot();
        if (dispute == null || slot == null) {
            return;
        }
        runner.read(() -> scheduler.suggestMediators(dispute.disputeType(), slot[0], slot[1]), loaded -> {
            replacingChoices = true;
            try {
                suggestions.setAll(loaded);
            } finally {
                replacingChoices = false;
            }
            if (bookingMediator.get() == null && !loaded.isEmpty()) {
                bookingMediator.set(loaded.get(0).mediator());
            }
        }, this::failed);
    }

    public void book() {
        SessionRepository.OpenDispute dispute = bookingDispute.get();
        SessionRepository.Mediator mediator = bookingMediator.get();
        Instant[] slot = slot();
        if (dispute == null || mediator == null) {
            conflicts.set(messages.text("mediation.booking.incomplete"));
            return;
        }
        if (slot == null) {
            conflicts.set(messages.text("mediation.booking.badTime", bookingStart.get()));
            return;
        }
        SessionRepository.Room room = bookingRoom.get();
        String reason = overrideReason.get();
        busy.set(true);
        runner.write(() -> {
            CalendarSession booked = scheduler.book(new SessionScheduler.Booking(dispute.id(), mediator.code(),
                    room == null ? null : room.code(), slot[0], slot[1], reason));
            return new Written(booked, scheduler.yearBeyondKnownCalendar(booked.startsAt(), booked.endsAt()));
        }, written -> {
            CalendarSession booked = written.session();
            busy.set(false);
            bookingOpen.set(false);
            conflicts.set("");
            // The room is said too: it is what the receptionist tells the parties, with the time.
            String done = booked.roomName() == null
                    ? messages.text("mediation.booking.booked", booked.caseNo(), booked.mediatorName(),
                            describeTime(booked.startsAt(), booked.endsAt()))
                    : messages.text("mediation.booking.bookedInRoom", booked.caseNo(), booked.mediatorName(),
                            describeTime(booked.startsAt(), booked.endsAt()), booked.roomName());
            message.set(withCalendarWarning(done, written));
            replace(booked);
        }, failure -> {
            busy.set(false);
            conflicts.set(refusal(failure));
            overrideNeeded.set(failure instanceof BookingRefused refused && refused.overridable());
        });
    }

    /** A session written, and the year of its days no holiday file covers, if any. */
    private record Written(CalendarSession session, java.util.OptionalInt uncheckedYear) {
    }

    /** A booking on a day no holiday file covers stands, but the receptionist is told it could not be checked. */
    private String withCalendarWarning(String done, Written written) {
        return written.uncheckedYear().isEmpty() ? done
                : messages.text("mediation.booking.beyondCalendar", done, String.valueOf(written.uncheckedYear().getAsInt()));
    }

    private Instant[] slot() {
        LocalDate date = bookingDate.get();
        Integer minutes = bookingMinutes.get();
        if (date == null || minutes == null) {
            return null;
        }
        try {
            LocalTime start = LocalTime.parse(bookingStart.get().trim().replace('：', ':'), TIME);
            Instant startsAt = date.atTime(start).atZone(zone).toInstant();
            return new Instant[] {startsAt, startsAt.plus(Duration.ofMinutes(minutes))};
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** Every conflict of a refusal, one per line, in the operator's words. */
    public String refusal(Throwable failure) {
        if (failure instanceof BookingRefused refused) {
            StringBuilder text = new StringBuilder(messages.text("mediation.booking.refused"));
            for (SessionConflict conflict : refused.conflicts()) {
                text.append('\n').append(messages.text("mediation.conflict." + conflict.kind().name(),
                        SessionTexts.detail(conflict, messages)));
            }
            if (refused.overridable()) {
                text.append('\n').append(messages.text("mediation.booking.overrideHint"));
            }
            return text.toString();
        }
        if (failure instanceof java.util.ConcurrentModificationException) {
            return messages.text("mediation.booking.stale");
        }
        if (failure instanceof DisputeRefused refused) {
            return messages.text(refused.key(), refused.arguments());
        }
        if (failure instanceof cn.zongzhi.auth.AccessDenied denied) {
            return cn.zongzhi.auth.AccessMessages.describe(denied, messages);
        }
        if (failure instanceof IllegalArgumentException) {
            return messages.text("mediation.booking.invalid", failure.getMessage());
        }
        return messages.text("common.error.unexpected", failure.getClass().getSimpleName());
    }

    private String describeTime(Instant from, Instant to) {
        return SessionTexts.span(from, to, zone, messages);
    }

    private void failed(Throwable failure) {
        busy.set(false);
        message.set(refusal(failure));
    }

    // ---- what the calendar draws ------------------------------------------------------------------------

    /** The mediators or rooms of the current grouping, in the order of their columns. */
    public List<SessionCalendarsView.Resource> resources() {
        if (grouping.get() == Grouping.ROOM) {
            return rooms.stream().map(room -> new SessionCalendarsView.Resource(room.code(), room.name())).toList();
        }
        return mediators.stream().map(mediator -> new SessionCalendarsView.Resource(mediator.code(), mediator.name())).toList();
    }

    /** The resources the filter lets through: all of them when nothing is chosen. */
    public List<SessionCalendarsView.Resource> shownResourceList() {
        List<SessionCalendarsView.Resource> all = resources();
        return shownResources.isEmpty() ? all
                : all.stream().filter(resource -> shownResources.contains(resource.code())).toList();
    }

    /**
     * The loaded sessions of the chosen resources, single on quiet days and as hourly bands on crowded ones;
     * the density line says which days were summarised and how to see their sessions one by one.
     */
    public SessionDensity.Layout layout() {
        boolean byRoom = grouping.get() == Grouping.ROOM;
        List<CalendarSession> shown = shownResources.isEmpty() ? List.copyOf(sessions)
                : sessions.stream().filter(session -> shownResources.contains(byRoom ? session.roomCode() : session.mediatorCode())).toList();
        SessionDensity.Layout layout = SessionDensity.lay(shown, zone, dayLimit);
        density.set(layout.summarised()
                ? messages.text("mediation.calendar.summarised", layout.summarisedDays().size(), dayLimit) : "");
        return layout;
    }

    public String bandTitle(SessionDensity.Band band) {
        return messages.text("mediation.calendar.band", band.sessions(), band.mediators(), band.rooms());
    }

    public ObservableList<String> shownResources() {
        return shownResources;
    }

    public StringProperty densityProperty() {
        return density;
    }

    /** Sessions a day shows one by one before it is summarised; tests lower it. */
    public void setDayLimit(int dayLimit) {
        this.dayLimit = dayLimit;
    }

    /** The title of a session on the calendar: type and parties first (what fits in a narrow column), then the case number. */
    public String title(CalendarSession session) {
        String title = DisputeType.label(session.disputeType(), messages)
                + (session.parties().isEmpty() ? "" : " · " + session.parties()) + " · " + session.caseNo();
        return SessionDensity.cancelled(session) ? messages.text("mediation.calendar.cancelledTitle", title) : title;
    }

    public String describe(SessionScheduler.MediatorSuggestion suggestion) {
        return suggestion.mediator().name() + "（" + suggestion.mediator().code() + "）"
                + (suggestion.free() ? "" : " " + messages.text("mediation.suggestion.busy"))
                + (suggestion.specialist() ? " " + messages.text("mediation.suggestion.specialist") : "")
                + " " + messages.text("mediation.suggestion.load", suggestion.sessionsNearby());
    }

    public ZoneId zone() {
        return zone;
    }

    /** The console's time in the office's zone: the calendar's today and its line of the present follow it. */
    public java.time.ZonedDateTime now() {
        return scheduler.now();
    }

    public Messages messages() {
        return messages;
    }

    public ObservableList<CalendarSession> sessions() {
        return sessions;
    }

    public ObservableList<SessionRepository.Mediator> mediators() {
        return mediators;
    }

    public ObservableList<SessionRepository.Room> rooms() {
        return rooms;
    }

    public ObservableList<SessionRepository.OpenDispute> disputes() {
        return disputes;
    }

    public ObservableList<CalendarDay> specialDays() {
        return specialDays;
    }

    public ObservableList<SessionScheduler.MediatorSuggestion> suggestions() {
        return suggestions;
    }

    public ObjectProperty<Grouping> groupingProperty() {
        return grouping;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty bookingOpenProperty() {
        return bookingOpen;
    }

    public ObjectProperty<SessionRepository.OpenDispute> bookingDisputeProperty() {
        return bookingDispute;
    }

    public ObjectProperty<SessionRepository.Mediator> bookingMediatorProperty() {
        return bookingMediator;
    }

    public ObjectProperty<SessionRepository.Room> bookingRoomProperty() {
        return bookingRoom;
    }

    public ObjectProperty<LocalDate> bookingDateProperty() {
        return bookingDate;
    }

    public StringProperty bookingStartProperty() {
        return bookingStart;
    }

    public ObjectProperty<Integer> bookingMinutesProperty() {
        return bookingMinutes;
    }

    public StringProperty overrideReasonProperty() {
        return overrideReason;
    }

    public BooleanProperty overrideNeededProperty() {
        return overrideNeeded;
    }

    public StringProperty conflictsProperty() {
        return conflicts;
    }

    /** For a test or a selection: the session with this id among the loaded ones. */
    public CalendarSession session(UUID id) {
        return sessions.stream().filter(session -> session.id().equals(id)).findFirst().orElse(null);
    }
}
