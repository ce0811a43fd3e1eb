package cn.zongzhi.mediation;

import com.calendarfx.model.Calendar;
import com.calendarfx.model.CalendarEvent;
import com.calendarfx.model.CalendarSource;
import com.calendarfx.model.Entry;
import com.calendarfx.model.Interval;
import javafx.event.EventHandler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns sessions into CalendarFX calendars: one per mediator or room, single sessions on quiet days, and on
 * crowded days (see {@link SessionDensity}) a read-only calendar of hourly bands. The console and the calendar
 * benchmark build the calendar through this one class, so the benchmark measures what operators see.
 */
public final class SessionCalendarsView {
    /** A column of the calendar: a mediator or a room. */
    public record Resource(String code, String name) {
    }

    /** A session dragged or resized on the calendar, with its new interval. */
    public record Moved(CalendarSession session, Interval interval) {
    }

    private static final Calendar.Style[] STYLES = Calendar.Style.values();

    /** CSS style of the cancelled sessions' calendar: its entries are {@code mediation-cancelled-entry} (zongzhi.css). */
    public static final String CANCELLED_STYLE = "mediation-cancelled";

    private final Function<CalendarSession, String> title;
    private final Function<SessionDensity.Band, String> bandTitle;
    private final Consumer<Moved> onMoved;
    private boolean building;

    public SessionCalendarsView(Function<CalendarSession, String> title, Function<SessionDensity.Band, String> bandTitle,
                                Consumer<Moved> onMoved) {
        this.title = title;
        this.bandTitle = bandTitle;
        this.onMoved = onMoved;
    }

    /**
     * The sources to show: the resources' calendars (every resource listed, even with nothing booked) and, if
     * a day was summarised, the bands' calendar. Cancelled sessions go in a read-only calendar of their own
     * ({@code cancelledName}), grey: a receptionist still sees that the session was there and was called off (a
     * party ringing about it, the case's history), yet the slot does not read as taken, and a cancelled session
     * cannot be dragged. Hiding them would leave a right-click on 取消 looking like the session had vanished.
     */
    public List<CalendarSource> build(SessionDensity.Layout layout, boolean byRoom, List<Resource> resources,
                                      String resourcesName, String bandsName, String cancelledName, java.time.ZoneId zone) {
        building = true;
        try {
            Map<String, Calendar> calendars = new LinkedHashMap<>();
            for (Resource resource : resources) {
                calendars.put(resource.code(), calendar(resource.name(), calendars.size()));
            }
            Calendar cancelled = null;
            for (CalendarSession session : layout.sessions()) {
                String key = byRoom ? session.roomCode() : session.mediatorCode();
                if (SessionDensity.cancelled(session) && cancelled == null) {
                    cancelled = new Calendar(cancelledName);
                    cancelled.setShortName(cancelledName);
                    cancelled.setStyle(CANCELLED_STYLE);
                }
                Calendar calendar = SessionDensity.cancelled(session) ? cancelled : calendars.computeIfAbsent(key == null ? "" : key,
                        code -> calendar(byRoom ? session.roomName() : session.mediatorName(), calendars.size()));
                Entry<CalendarSession> entry = new Entry<>(title.apply(session),
                        new Interval(session.startsAt(), session.endsAt(), zone));
                entry.setId(session.id().toString());
                entry.setUserObject(session);
                entry.setLocation(byRoom ? session.mediatorName() : session.roomName());
                calendar.addEntry(entry);
            }
            CalendarSource source = new CalendarSource(resourcesName);
            source.getCalendars().setAll(calendars.values());
            if (cancelled != null) {
                cancelled.setReadOnly(true);
                source.getCalendars().add(cancelled);
            }
            if (!layout.summarised()) {
                return List.of(source);
            }
            Calendar bands = new Calendar(bandsName);
            bands.setShortName(bandsName);
            bands.setStyle(Calendar.Style.STYLE6);
            for (SessionDensity.Band band : layout.bands()) {
                Entry<SessionDensity.Band> entry = new Entry<>(bandTitle.apply(band), new Interval(band.from(), band.to(), zone));
                entry.setUserObject(band);
                bands.addEntry(entry);
            }
            bands.setReadOnly(true);
            CalendarSource summary = new CalendarSource(bandsName);
            summary.getCalendars().setAll(bands);
            return List.of(source, summary);
        } finally {
            building = false;
        }
    }

    private Calendar calendar(String name, int index) {
        Calendar calendar = new Calendar(name);
        calendar.setShortName(name);
        // Styles 1–5 for people and rooms; 6 is the bands', 7 the holidays'.
        calendar.setStyle(STYLES[index % (STYLES.length - 2)]);
        EventHandler<CalendarEvent> moved = event -> {
            if (building || event.getEventType() != CalendarEvent.ENTRY_INTERVAL_CHANGED
                    || !(event.getEntry().getUserObject() instanceof CalendarSession session)) {
                return;
            }
            onMoved.accept(new Moved(session, event.getEntry().getInterval()));
        };
        calendar.addEventHandler(moved);
        return calendar;
    }
}
