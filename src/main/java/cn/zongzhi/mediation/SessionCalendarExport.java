package cn.zongzhi.mediation;

import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import net.fortuna.ical4j.validate.ValidationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A mediator's or a room's sessions as an iCalendar file (RFC 5545) for any calendar program: times carry
 * their time zone (TZID with its VTIMEZONE), every event a stable UID so a re-import updates rather than
 * duplicates. Parties' names stay out: the file leaves the console.
 */
public final class SessionCalendarExport {
    private final ZoneId zone;

    public SessionCalendarExport(ZoneId zone) {
        this.zone = zone;
    }

    /** Writes the file atomically (a half-written calendar never replaces a good one); returns the events written. */
    public int write(List<CalendarSession> sessions, String calendarName, Path out) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Zongzhi Console//Mediation calendar//ZH"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(new XProperty("X-WR-CALNAME", calendarName));
        TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
        calendar.add(registry.getTimeZone(zone.getId()).getVTimeZone());
        int written = 0;
        for (CalendarSession session : sessions) {
            ZonedDateTime start = session.startsAt().atZone(zone);
            ZonedDateTime end = session.endsAt().atZone(zone);
            VEvent event = new VEvent(start, end, "调解 " + session.caseNo() + "（" + DisputeType.chineseNameOf(session.disputeType()) + "）");
            event.add(new Uid(session.id() + "@zongzhi.cn"));
            if (session.roomName() != null) {
                event.add(new Location(session.roomName()));
            }
            event.add(new Description("调解员：" + session.mediatorName()
                    + (session.roomName() == null ? "" : "；调解室：" + session.roomName()) + "；状态：" + session.status()));
            event.add("CANCELLED".equals(session.status()) ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
            calendar.add(event);
            written++;
        }
        try {
            Path temporary = Files.createTempFile(out.toAbsolutePath().getParent(), ".calendar", ".ics.part");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                new CalendarOutputter(true).output(calendar, writer);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ValidationException e) {
            throw new IllegalStateException("the calendar did not validate: " + e.getMessage(), e);
        }
        return written;
    }
}
