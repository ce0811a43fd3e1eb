package cn.zongzhi.mediation;

import cn.zongzhi.calendar.CalendarDay;
import cn.zongzhi.ui.Converters;
import com.calendarfx.model.Calendar;
import com.calendarfx.model.CalendarSource;
import com.calendarfx.model.Entry;
import com.calendarfx.view.CalendarView;
import com.calendarfx.view.DateControl;
import javafx.collections.ListChangeListener;
import org.controlsfx.control.CheckComboBox;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;

import java.time.LocalTime;
import java.util.List;

/**
 * Glue between CalendarFX and the mediation calendar's view model. Sessions become entries in one calendar
 * per mediator (or per room); the holidays and make-up working days are a read-only calendar of their own.
 * Moving or resizing an entry asks the scheduler; a refusal reloads the range, which puts the entry back.
 */
public final class MediationCalendarController {
    private final MediationCalendarViewModel viewModel;
    private final SessionCalendarsView calendarsView;
    private final Calendar holidays = new Calendar();
    private boolean updatingFilter;
    private boolean rebuildPending;

    @FXML private CalendarView calendarView;
    private javafx.animation.Timeline ticker;
    @FXML private ToggleButton byMediatorButton;
    @FXML private ToggleButton byRoomButton;
    @FXML private Label messageLabel;
    @FXML private Label densityLabel;
    @FXML private CheckComboBox<SessionCalendarsView.Resource> resourceFilter;
    @FXML private Button bookButton;
    @FXML private ScrollPane bookingPane;
    @FXML private ComboBox<SessionRepository.OpenDispute> disputeBox;
    @FXML private DatePicker datePicker;
    @FXML private TextField startField;
    @FXML private ComboBox<Integer> minutesBox;
    @FXML private ComboBox<SessionRepository.Mediator> mediatorBox;
    @FXML private ComboBox<SessionRepository.Room> roomBox;
    @FXML private Label conflictsLabel;
    @FXML private Label overrideLabel;
    @FXML private TextField overrideField;
    @FXML private Button confirmBookingButton;

    public MediationCalendarController(MediationCalendarViewModel viewModel) {
        this.viewModel = viewModel;
        this.calendarsView = new SessionCalendarsView(viewModel::title, viewModel::bandTitle,
                moved -> viewModel.move(moved.session(), moved.interval().getStartZonedDateTime().toInstant(),
                        moved.interval().getEndZonedDateTime().toInstant()));
    }

    @FXML
    private void initialize() {
        var messages = viewModel.messages();
        calendarView.setZoneId(viewModel.zone());
        followTheClock();
        calendarView.setShowAddCalendarButton(false);
        calendarView.setShowPrintButton(false);
        calendarView.setShowSearchField(false);
        calendarView.setShowDeveloperConsole(false);
        // Working hours: earlier and later hours are shaded.
        calendarView.setStartTime(LocalTime.of(9, 0));
        calendarView.setEndTime(LocalTime.of(17, 30));
        calendarView.setRequestedTime(LocalTime.of(8, 30));
        // Outside working hours is compressed, not hidden: an evening session booked with a reason stays visible.
        calendarView.getWeekPage().getDetailedWeekView().setEarlyLateHoursStrategy(
                com.calendarfx.view.DayViewBase.EarlyLateHoursStrategy.SHOW_COMPRESSED);
        calendarView.getDayPage().getDetailedDayView().setEarlyLateHoursStrategy(
                com.calendarfx.view.DayViewBase.EarlyLateHoursStrategy.SHOW_COMPRESSED);
        // Weeks begin on Monday in China, whatever the JVM's locale says.
        calendarView.setWeekFields(java.time.temporal.WeekFields.of(java.time.DayOfWeek.MONDAY, 1));
        calendarView.showWeekPage();
        // Our own form books sessions; CalendarFX's generic entry popover knows nothing about disputes or rooms.
        calendarView.setEntryFactory(this::bookAt);
        calendarView.setEntryDetailsCallback(parameter -> true);
        // Only a session still to come can be dragged: one held or cancelled stays where it was (the scheduler refuses too).
        calendarView.setEntryEditPolicy(parameter ->
                !(parameter.getEntry().getUserObject() instanceof CalendarSession session) || viewModel.movable(session));
        // Right-click on a session: record how it went (held, adjourned, a party absent, cancelled).
        calendarView.setEntryContextMenuCallback(parameter -> {
            if (!(parameter.getEntry().getUserObject() instanceof CalendarSession session)) {
                return null;
            }
            List<String> results = viewModel.resultsFor(session);
            if (results.isEmpty()) {
                return null;
            }
            javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
            for (String result : results) {
                javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(viewModel.resultAction(result));
                item.setOnAction(event -> viewModel.recordResult(session, result));
                menu.getItems().add(item);
            }
            return menu;
        });

        holidays.setName(messages.text("mediation.calendar.holidays"));
        holidays.setShortName(messages.text("mediation.calendar.holidays"));
        holidays.setReadOnly(true);
        holidays.setStyle(Calendar.Style.STYLE7);

        ToggleGroup grouping = new ToggleGroup();
        byMediatorButton.setToggleGroup(grouping);
        byRoomButton.setToggleGroup(grouping);
        grouping.selectedToggleProperty().addListener((observable, before, now) -> {
            if (now == null) {
                before.setSelected(true);
                return;
            }
            viewModel.groupingProperty().set(now == byRoomButton
                    ? MediationCalendarViewModel.Grouping.ROOM : MediationCalendarViewModel.Grouping.MEDIATOR);
        });
        viewModel.groupingProperty().addListener((observable, before, now) -> {
            refreshResourceFilter();
            requestRebuild();
        });
        viewModel.sessions().addListener((ListChangeListener<CalendarSession>) change -> requestRebuild());
        viewModel.mediators().addListener((ListChangeListener<SessionRepository.Mediator>) change -> {
            refreshResourceFilter();
            requestRebuild();
        });
        viewModel.rooms().addListener((ListChangeListener<SessionRepository.Room>) change -> {
            refreshResourceFilter();
            requestRebuild();
        });
        viewModel.shownResources().addListener((ListChangeListener<String>) change -> requestRebuild());
        resourceFilter.setConverter(Converters.labelled(SessionCalendarsView.Resource::name));
        showFilterTitle();
        resourceFilter.getCheckModel().getCheckedItems().addListener((ListChangeListener<SessionCalendarsView.Resource>) change -> {
            showFilterTitle();
            if (!updatingFilter) {
                viewModel.shownResources().setAll(resourceFilter.getCheckModel().getCheckedItems().stream()
                        .map(SessionCalendarsView.Resource::code).toList());
            }
        });
        densityLabel.textProperty().bind(viewModel.densityProperty());
        densityLabel.visibleProperty().bind(viewModel.densityProperty().isNotEmpty());
        densityLabel.managedProperty().bind(densityLabel.visibleProperty());
        viewModel.specialDays().addListener((ListChangeListener<CalendarDay>) change -> rebuildHolidays());
        calendarView.dateProperty().addListener((observable, before, now) -> viewModel.show(now));
        messageLabel.textProperty().bind(viewModel.messageProperty());

        disputeBox.setItems(viewModel.disputes());
        disputeBox.setConverter(Converters.labelled(dispute -> dispute.caseNo() + " "
                + DisputeType.label(dispute.disputeType(), messages) + " · " + dispute.parties()));
        disputeBox.valueProperty().bindBidirectional(viewModel.bookingDisputeProperty());
        datePicker.valueProperty().bindBidirectional(viewModel.bookingDateProperty());
        // The calendar shows the day being booked, so the receptionist sees who and which room is taken that day,
        // and the session just booked, rather than the week the calendar happened to be on.
        viewModel.bookingDateProperty().addListener((observable, before, now) -> {
            if (now != null && viewModel.bookingOpenProperty().get()) {
                calendarView.setDate(now);
            }
        });
        startField.textProperty().bindBidirectional(viewModel.bookingStartProperty());
        minutesBox.getItems().setAll(30, 60, 90, 120, 180);
        minutesBox.setConverter(Converters.labelled(minutes -> messages.text("mediation.booking.minutesValue", minutes)));
        minutesBox.valueProperty().bindBidirectional(viewModel.bookingMinutesProperty());
        mediatorBox.setConverter(Converters.labelled(mediator -> viewModel.suggestions().stream()
                .filter(suggestion -> suggestion.mediator().code().equals(mediator.code())).findFirst()
                .map(viewModel::describe).orElse(mediator.name() + "（" + mediator.code() + "）")));
        viewModel.suggestions().addListener((ListChangeListener<SessionScheduler.MediatorSuggestion>) change ->
                replaceMediators(viewModel.suggestions().stream().map(SessionScheduler.MediatorSuggestion::mediator).toList()));
        viewModel.mediators().addListener((ListChangeListener<SessionRepository.Mediator>) change -> {
            if (viewModel.suggestions().isEmpty()) {
                replaceMediators(List.copyOf(viewModel.mediators()));
            }
        });
        mediatorBox.valueProperty().bindBidirectional(viewModel.bookingMediatorProperty());
        roomBox.setItems(viewModel.rooms());
        roomBox.setConverter(Converters.labelled(room -> messages.text("mediation.booking.roomValue", room.name(), room.capacity())));
        roomBox.valueProperty().bindBidirectional(viewModel.bookingRoomProperty());
        for (var property : List.of(disputeBox.valueProperty(), datePicker.valueProperty(), minutesBox.valueProperty())) {
            property.addListener((observable, before, now) -> viewModel.suggest());
        }
        startField.focusedProperty().addListener((observable, was, focused) -> {
            if (!focused) {
                viewModel.suggest();
            }
        });
        conflictsLabel.textProperty().bind(viewModel.conflictsProperty());
        overrideLabel.visibleProperty().bind(viewModel.overrideNeededProperty());
        overrideLabel.managedProperty().bind(viewModel.overrideNeededProperty());
        overrideField.visibleProperty().bind(viewModel.overrideNeededProperty());
        overrideField.managedProperty().bind(viewModel.overrideNeededProperty());
        overrideField.textProperty().bindBidirectional(viewModel.overrideReasonProperty());
        confirmBookingButton.disableProperty().bind(viewModel.busyProperty());
        viewModel.bookingOpenProperty().addListener((observable, was, open) -> {
            bookingPane.setVisible(open);
            bookingPane.setManaged(open);
            if (open && viewModel.bookingDateProperty().get() != null) {
                calendarView.setDate(viewModel.bookingDateProperty().get());
            }
            if (open) {
                // Opened from the desk (its 预约调解… button), the calendar's tab comes to the front with it.
                showOwnTab();
                disputeBox.requestFocus();
            }
        });

        viewModel.loadReferenceData();
        viewModel.show(calendarView.getDate());
    }

    /** The mediation section's tab holding this calendar, brought to the front (as the desk does for its intake form). */
    private void showOwnTab() {
        javafx.scene.Node content = bookingPane;
        while (content != null && (content.getParent() == null || !content.getParent().getStyleClass().contains("tab-content-area"))) {
            content = content.getParent();
        }
        if (content == null) {
            return;
        }
        javafx.scene.Node tabContent = content;
        for (javafx.scene.Node up = content.getParent(); up != null; up = up.getParent()) {
            if (up instanceof javafx.scene.control.TabPane tabs) {
                tabs.getTabs().stream().filter(tab -> tab.getContent() == tabContent).findFirst()
                        .ifPresent(tab -> tabs.getSelectionModel().select(tab));
                return;
            }
        }
    }

    private Entry<?> bookAt(DateControl.CreateEntryParameter parameter) {
        viewModel.startBooking(parameter.getZonedDateTime().withZoneSameInstant(viewModel.zone()).toLocalDateTime());
        return null;
    }

    /**
     * Mediators, rooms and sessions arrive one list after the other (at start-up, after a booking); the
     * calendar is built once for all of them, on the next pulse, rather than once per list.
     */
    private void requestRebuild() {
        if (!rebuildPending) {
            rebuildPending = true;
            javafx.application.Platform.runLater(() -> {
                rebuildPending = false;
                rebuild();
            });
        }
    }

    /** Builds the calendars and their entries from the loaded sessions; CalendarFX keeps its own model. */
    private void rebuild() {
        boolean byRoom = viewModel.groupingProperty().get() == MediationCalendarViewModel.Grouping.ROOM;
        var messages = viewModel.messages();
        List<CalendarSource> sources = new java.util.ArrayList<>(calendarsView.build(viewModel.layout(), byRoom,
                viewModel.shownResourceList(),
                messages.text(byRoom ? "mediation.calendar.rooms" : "mediation.calendar.mediators"),
                messages.text("mediation.calendar.bands"), messages.text("mediation.calendar.cancelled"), viewModel.zone()));
        CalendarSource days = new CalendarSource(messages.text("mediation.calendar.holidays"));
        days.getCalendars().setAll(holidays);
        sources.add(days);
        calendarView.getCalendarSources().setAll(sources);
    }

    /** With nothing ticked the filter says that every column is shown; otherwise it lists the ticked ones. */
    private void showFilterTitle() {
        boolean byRoom = viewModel.groupingProperty().get() == MediationCalendarViewModel.Grouping.ROOM;
        resourceFilter.setTitle(resourceFilter.getCheckModel().getCheckedItems().isEmpty()
                ? viewModel.messages().text(byRoom ? "mediation.calendar.allRooms" : "mediation.calendar.allMediators") : null);
    }

    /** The filter's choices follow the grouping: mediators or rooms. */
    private void refreshResourceFilter() {
        updatingFilter = true;
        try {
            resourceFilter.getCheckModel().clearChecks();
            resourceFilter.getItems().setAll(viewModel.resources());
            for (SessionCalendarsView.Resource resource : viewModel.resources()) {
                if (viewModel.shownResources().contains(resource.code())) {
                    resourceFilter.getCheckModel().check(resource);
                }
            }
            showFilterTitle();
        } finally {
            updatingFilter = false;
        }
    }

    private void rebuildHolidays() {
        holidays.setReadOnly(false);
        holidays.clear();
        var messages = viewModel.messages();
        for (CalendarDay day : viewModel.specialDays()) {
            Entry<CalendarDay> entry = new Entry<>(day.offDay()
                    ? messages.text("mediation.calendar.dayOff", day.name() == null ? "" : day.name())
                    : messages.text("mediation.calendar.makeUpDay", day.name() == null ? "" : day.name()));
            entry.setInterval(day.date());
            entry.setFullDay(true);
            entry.setUserObject(day);
            holidays.addEntry(entry);
        }
        holidays.setReadOnly(true);
    }

    @FXML
    private void onBook() {
        viewModel.startBooking(null);
    }

    @FXML
    private void onCancelBooking() {
        viewModel.cancelBooking();
    }

    @FXML
    private void onConfirmBooking() {
        viewModel.book();
    }

    /**
     * New suggestions come in a new order (free mediators first). A combo box keeps its selected index when its
     * items are replaced, which would silently swap the mediator the receptionist chose for whoever now stands in
     * that place; the choice is put back.
     */
    private void replaceMediators(List<SessionRepository.Mediator> ordered) {
        SessionRepository.Mediator chosen = viewModel.bookingMediatorProperty().get();
        mediatorBox.getItems().setAll(ordered);
        if (chosen != null && !chosen.equals(mediatorBox.getValue())) {
            mediatorBox.setValue(chosen);
        }
    }

    /**
     * CalendarFX takes today and the time of day from the machine's zone once, when the view is built, and never moves
     * them: on a machine kept on UTC the calendar marked yesterday as today from midnight in Guangzhou until 8 a.m., and
     * a console left open overnight kept yesterday. Both follow the console's clock in the office's zone instead,
     * and the calendar opens on that today.
     */
    private void followTheClock() {
        java.time.ZonedDateTime now = viewModel.now();
        showTime(now);
        calendarView.setDate(now.toLocalDate());
        ticker = new javafx.animation.Timeline(new javafx.animation.KeyFrame(javafx.util.Duration.seconds(30),
                event -> showTime(viewModel.now())));
        ticker.setCycleCount(javafx.animation.Animation.INDEFINITE);
        ticker.play();
    }

    private void showTime(java.time.ZonedDateTime now) {
        calendarView.setToday(now.toLocalDate());
        calendarView.setTime(now.toLocalTime());
    }

    /**
     * Stops the clock's ticker when the console closes, as the queue's and the map's timers stop: a running Timeline
     * is held by the animation pulse, and with it this screen and everything it reaches.
     */
    public void stop() {
        if (ticker != null) {
            ticker.stop();
        }
    }
}
