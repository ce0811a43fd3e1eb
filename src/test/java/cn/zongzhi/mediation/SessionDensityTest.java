package cn.zongzhi.mediation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SessionDensityTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static CalendarSession session(String localStart, int minutes, String mediator, String room) {
        return session(localStart, minutes, mediator, room, "BOOKED");
    }

    private static CalendarSession session(String localStart, int minutes, String mediator, String room, String status) {
        Instant start = java.time.LocalDateTime.parse(localStart).atZone(ZONE).toInstant();
        return new CalendarSession(UUID.randomUUID(), UUID.randomUUID(), "TJ", "NEIGHBOUR", "", "", mediator, mediator,
                room, room, start, start.plusSeconds(minutes * 60L), status, null, 0);
    }

    @Test
    void cancelledSessionsNeitherCrowdADayNorCountInItsBands() {
        List<CalendarSession> sessions = new ArrayList<>();
        // Monday: two sessions and three called off, against a limit of two: still shown one by one, the cancelled too.
        sessions.add(session("2026-11-23T09:00", 60, "M1", "R1"));
        sessions.add(session("2026-11-23T10:00", 60, "M1", "R1"));
        for (int i = 0; i < 3; i++) {
            sessions.add(session("2026-11-23T09:00", 60, "M" + (i + 2), "R" + (i + 2), "CANCELLED"));
        }
        // Tuesday: only a cancelled session.
        sessions.add(session("2026-11-24T14:00", 60, "M1", "R1", "CANCELLED"));
        // Wednesday: three sessions and one cancelled at nine: summarised, the band counts the three.
        sessions.add(session("2026-11-25T09:00", 60, "M1", "R1"));
        sessions.add(session("2026-11-25T09:00", 60, "M2", "R2"));
        sessions.add(session("2026-11-25T09:00", 60, "M3", "R3"));
        sessions.add(session("2026-11-25T09:00", 60, "M4", "R4", "CANCELLED"));
        SessionDensity.Layout layout = SessionDensity.lay(sessions, ZONE, 2);

        assertThat(layout.summarisedDays()).containsExactly(LocalDate.of(2026, 11, 25));
        assertThat(layout.sessions()).hasSize(6);
        assertThat(layout.sessions()).filteredOn(SessionDensity::cancelled).hasSize(4);
        assertThat(layout.bands()).singleElement().satisfies(band -> {
            assertThat(band.sessions()).isEqualTo(3);
            assertThat(band.mediators()).isEqualTo(3);
        });
    }

    @Test
    void cancelledSessionsAreDrawnInAGreyReadOnlyCalendarOfTheirOwn() {
        List<CalendarSession> sessions = List.of(session("2026-11-23T09:00", 60, "M1", "R1"),
                session("2026-11-23T09:00", 60, "M1", "R1", "CANCELLED"));
        var sources = new SessionCalendarsView(s -> s.status(), band -> "", moved -> { })
                .build(SessionDensity.lay(sessions, ZONE, 60), false, List.of(new SessionCalendarsView.Resource("M1", "王调解")),
                        "调解员", "时段汇总", "已取消", ZONE);
        var calendars = sources.get(0).getCalendars();
        assertThat(calendars).extracting(com.calendarfx.model.Calendar::getName).containsExactly("王调解", "已取消");
        assertThat(calendars.get(1).isReadOnly()).isTrue();
        assertThat(calendars.get(1).getStyle()).isEqualTo(SessionCalendarsView.CANCELLED_STYLE);
        assertThat(((com.calendarfx.model.Calendar<?>) calendars.get(1)).findEntries("").stream()
                .map(com.calendarfx.model.Entry::getTitle).toList()).containsExactly("CANCELLED");
        assertThat(((com.calendarfx.model.Calendar<?>) calendars.get(0)).findEntries("").stream()
                .map(com.calendarfx.model.Entry::getTitle).toList()).containsExactly("BOOKED");
    }

    @Test
    void quietDaysKeepEverySessionAndCrowdedDaysBecomeHourlyBands() {
        List<CalendarSession> sessions = new ArrayList<>();
        sessions.add(session("2026-11-23T09:00", 60, "M1", "R1"));
        sessions.add(session("2026-11-23T10:00", 60, "M1", "R1"));
        // Tuesday: three sessions against a limit of two.
        sessions.add(session("2026-11-24T09:30", 90, "M1", "R1"));   // 9:30–11:00
        sessions.add(session("2026-11-24T09:00", 60, "M2", "R2"));   // 9:00–10:00
        sessions.add(session("2026-11-24T14:00", 30, "M2", null));   // 14:00–14:30
        SessionDensity.Layout layout = SessionDensity.lay(sessions, ZONE, 2);

        assertThat(layout.sessions()).hasSize(2).allMatch(s -> s.startsAt().atZone(ZONE).getDayOfMonth() == 23);
        assertThat(layout.summarisedDays()).containsExactly(LocalDate.of(2026, 11, 24));
        assertThat(layout.summarised()).isTrue();
        // 9–10: both morning sessions, two mediators, two rooms; 10–11: the long one only; 11–14 empty and left out.
        assertThat(layout.bands()).extracting(band -> band.from().atZone(ZONE).getHour(), SessionDensity.Band::sessions,
                        SessionDensity.Band::mediators, SessionDensity.Band::rooms)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(9, 2, 2, 2),
                        org.assertj.core.groups.Tuple.tuple(10, 1, 1, 1),
                        org.assertj.core.groups.Tuple.tuple(14, 1, 1, 0));
    }

    @Test
    void aDayAtTheLimitIsStillShownSessionBySession() {
        List<CalendarSession> sessions = List.of(session("2026-11-23T09:00", 60, "M1", "R1"),
                session("2026-11-23T09:00", 60, "M2", "R2"));
        SessionDensity.Layout layout = SessionDensity.lay(sessions, ZONE, 2);
        assertThat(layout.summarised()).isFalse();
        assertThat(layout.bands()).isEmpty();
        assertThat(layout.sessions()).hasSize(2);
    }
}
