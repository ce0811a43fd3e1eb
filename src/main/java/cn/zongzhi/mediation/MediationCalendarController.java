package cn.zongzhi.mediation;

import cn.zongzhi.calendar.CalendarDay;
import cn.zongzhi.ui.Converters;
import com.calendarfx.model.Calendar;
import com.calendarfx.model.CalendarEvent;
import com.calendarfx.model.CalendarSource;
import com.calendarfx.model.Entry;
import com.calendarfx.model.Interval;
import com.calendarfx.view.CalendarView;
import com.calendarfx.view.DateControl;
import javafx.collections.ListChangeListener;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Glue between CalendarFX and the mediation calendar's view model. Sessions become entries in one calendar
 * per mediator (or per room); the holidays and make-up working days are a read-only calendar of their own.
 * Moving or resizing an entry asks the scheduler; a refusal reloads the range, which puts the entry back.
 */
public final class MediationCalendarController {
    private static final Calendar.Style[] STYLES = Calendar.Style.values();

    private final MediationCalendarViewModel viewModel;
    private final Map<String, Calendar> calendars = new LinkedHashMap<>();
    private final Calendar holidays = new Calendar();
    private boolean rebuilding;

    @FXML private CalendarView calendarView;
    @FXML private ToggleButton byMediatorButton;
    @FXML private ToggleButton byRoomButton;
    @FXML private Label messageLabel;
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
    }

    @FXML
    private void initialize() {
        var messages = viewModel.messages();
        calendarView.setZoneId(viewModel.zone());
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
        // Right-click on a session: record how it went (held, adjourned, a party absent, cancelled).
        calendarView.setEntryContextMenuCallback(parameter -> {
            if (!(parameter.getEntry().getUserObject() instanceof CalendarSession session)) {
                return null;
            }
            javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
            for (String result : List.of("HELD", "ADJOURNED", "PARTY_ABSENT", "CANCELLED")) {
                javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(messages.text("mediation.session." + result));
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
        viewModel.groupingProperty().addListener((observable, before, now) -> rebuild());
        viewModel.sessions().addListener((ListChangeListener<CalendarSession>) change -> rebuild());
        viewModel.mediators().addListener((ListChangeListener<SessionRepository.Mediator>) change -> rebuild());
        viewModel.rooms().addListener((ListChangeListener<SessionRepository.Room>) change -> rebuild());
        viewModel.specialDays().addListener((ListChangeListener<CalendarDay>) change -> rebuildHolidays());
        calendarView.dateProperty().addListener((observable, before, now) -> viewModel.show(now));
        messageLabel.textProperty().bind(viewModel.messageProperty());

        disputeBox.setItems(viewModel.disputes());
        disputeBox.setConverter(Converters.labelled(dispute -> dispute.caseNo() + " "
                + DisputeType.chineseNameOf(dispute.disputeType()) + " · " + dispute.parties()));
        disputeBox.valueProperty().bindBidirectional(viewModel.bookingDisputeProperty());
        datePicker.valueProperty().bindBidirectional(viewModel.bookingDateProperty());
        startField.textProperty().bindBidirectional(viewModel.bookingStartProperty());
        minutesBox.getItems().setAll(30, 60, 90, 120, 180);
        minutesBox.setConverter(Converters.labelled(minutes -> messages.text("mediation.booking.minutesValue", minutes)));
        minutesBox.valueProperty().bindBidirectional(viewModel.bookingMinutesProperty());
        mediatorBox.setConverter(Converters.labelled(mediator -> viewModel.suggestions().stream()
                .filter(suggestion -> suggestion.mediator().code().equals(mediator.code())).findFirst()
                .map(viewModel::describe).orElse(mediator.name() + "（" + mediator.code() + "）")));
        viewModel.suggestions().addListener((ListChangeListener<SessionScheduler.MediatorSuggestion>) change ->
                mediatorBox.getItems().setAll(viewModel.suggestions().stream().map(SessionScheduler.MediatorSuggestion::mediator).toList()));
        viewModel.mediators().addListener((ListChangeListener<SessionRepository.Mediator>) change -> {
            if (viewModel.suggestions().isEmpty()) {
                mediatorBox.getItems().setAll(viewModel.mediators());
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
            if (open) {
                disputeBox.requestFocus();
            }
        });

        viewModel.loadReferenceData();
        viewModel.show(calendarView.getDate());
    }

    private Entry<?> bookAt(DateControl.CreateEntryParameter parameter) {
        viewModel.startBooking(parameter.getZonedDateTime().withZoneSameInstant(viewModel.zone()).toLocalDateTime());
        return null;
    }

    /** Builds the calendars and their entries from the loaded sessions; CalendarFX keeps its own model. */
    private void rebuild() {
        rebuilding = true;
        try {
            boolean byRoom = viewModel.groupingProperty().get() == MediationCalendarViewModel.Grouping.ROOM;
            calendars.clear();
            int style = 0;
            if (byRoom) {
                for (SessionRepository.Room room : viewModel.rooms()) {
                    calendars.put(room.code(), calendar(room.name(), style++));
                }
            } else {
                for (SessionRepository.Mediator mediator : viewModel.mediators()) {
                    calendars.put(mediator.code(), calendar(mediator.name(), style++));
                }
            }
            for (CalendarSession session : viewModel.sessions()) {
                String key = byRoom ? session.roomCode() : session.mediatorCode();
                Calendar calendar = calendars.computeIfAbsent(key == null ? "" : key,
                        code -> calendar(byRoom ? session.roomName() : session.mediatorName(), calendars.size()));
                Entry<CalendarSession> entry = new Entry<>(viewModel.title(session),
                        new Interval(session.startsAt(), session.endsAt(), viewModel.zone()));
                entry.setId(session.id().toString());
                entry.setUserObject(session);
                entry.setLocation(byRoom ? session.mediatorName() : session.roomName());
                calendar.addEntry(entry);
            }
            CalendarSource source = new CalendarSource(viewModel.messages().text(byRoom
                    ? "mediation.calendar.rooms" : "mediation.calendar.mediators"));
            source.getCalendars().setAll(calendars.values());
            CalendarSource days = new CalendarSource(viewModel.messages().text("mediation.calendar.holidays"));
            days.getCalendars().setAll(holidays);
            calendarView.getCalendarSources().setAll(source, days);
        } finally {
            rebuilding = false;
        }
    }

    private Calendar calendar(String name, int index) {
        Calendar calendar = new Calendar(name);
        calendar.setShortName(name);
        calendar.setStyle(STYLES[index % (STYLES.length - 1)]);
        javafx.event.EventHandler<CalendarEvent> moved = event -> {
            if (rebuilding || event.getEventType() != CalendarEvent.ENTRY_INTERVAL_CHANGED
                    || !(event.getEntry().getUserObject() instanceof CalendarSession session)) {
                return;
            }
            Interval interval = event.getEntry().getInterval();
            viewModel.move(session, interval.getStartZonedDateTime().toInstant(), interval.getEndZonedDateTime().toInstant());
        };
        calendar.addEventHandler(moved);
        return calendar;
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
        // Disputes registered at the desk since the calendar opened must be bookable.
        viewModel.loadReferenceData();
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
}
