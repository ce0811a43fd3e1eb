package cn.zongzhi.mediation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides how much of a day the calendar can show session by session. A large center books hundreds of
 * sessions a day; in a week column they would be slivers nobody can read, and CalendarFX lays out one node per
 * entry on every frame. Beyond {@code dayLimit} sessions a day is shown as hourly bands (how many sessions are
 * under way, with how many mediators and rooms), and choosing mediators or rooms brings the single sessions back.
 */
public final class SessionDensity {
    /** Sessions a day column still shows one by one: about what fits side by side in a week column. */
    public static final int DEFAULT_DAY_LIMIT = 60;

    /** One clock hour of a crowded day: sessions under way in it and the people and rooms they take. */
    public record Band(LocalDate day, Instant from, Instant to, int sessions, int mediators, int rooms) {
    }

    /** What the calendar draws: single sessions on quiet days, bands on crowded ones. */
    public record Layout(List<CalendarSession> sessions, List<Band> bands, Set<LocalDate> summarisedDays) {
        public boolean summarised() {
            return !summarisedDays.isEmpty();
        }
    }

    private SessionDensity() {
    }

    /**
     * A cancelled session takes no one's time: it neither counts toward the limit nor appears in a band. On a day
     * shown session by session it is kept (drawn as cancelled); on a summarised day it is left out with the rest.
     */
    public static Layout lay(List<CalendarSession> sessions, ZoneId zone, int dayLimit) {
        Map<LocalDate, List<CalendarSession>> byDay = new TreeMap<>();
        Map<LocalDate, List<CalendarSession>> cancelledByDay = new TreeMap<>();
        for (CalendarSession session : sessions) {
            LocalDate day = session.startsAt().atZone(zone).toLocalDate();
            (cancelled(session) ? cancelledByDay : byDay).computeIfAbsent(day, key -> new ArrayList<>()).add(session);
            byDay.computeIfAbsent(day, key -> new ArrayList<>());
        }
        List<CalendarSession> single = new ArrayList<>();
        List<Band> bands = new ArrayList<>();
        Set<LocalDate> summarised = new HashSet<>();
        for (Map.Entry<LocalDate, List<CalendarSession>> day : byDay.entrySet()) {
            if (day.getValue().size() <= dayLimit) {
                single.addAll(day.getValue());
                single.addAll(cancelledByDay.getOrDefault(day.getKey(), List.of()));
            } else {
                summarised.add(day.getKey());
                bands.addAll(bands(day.getKey(), day.getValue(), zone));
            }
        }
        return new Layout(single, bands, summarised);
    }

    public static boolean cancelled(CalendarSession session) {
        return "CANCELLED".equals(session.status());
    }

    /** Hourly bands from the first session's hour to the last one's end; hours with nothing under way are left out. */
    private static List<Band> bands(LocalDate day, List<CalendarSession> sessions, ZoneId zone) {
        Instant first = sessions.stream().map(CalendarSession::startsAt).min(Instant::compareTo).orElseThrow();
        Instant last = sessions.stream().map(CalendarSession::endsAt).max(Instant::compareTo).orElseThrow();
        ZonedDateTime hour = first.atZone(zone).truncatedTo(ChronoUnit.HOURS);
        List<Band> bands = new ArrayList<>();
        while (hour.toInstant().isBefore(last)) {
            Instant from = hour.toInstant();
            Instant to = hour.plusHours(1).toInstant();
            int count = 0;
            Set<String> mediators = new HashSet<>();
            Set<String> rooms = new HashSet<>();
            for (CalendarSession session : sessions) {
                if (session.startsAt().isBefore(to) && session.endsAt().isAfter(from)) {
                    count++;
                    if (session.mediatorCode() != null) {
                        mediators.add(session.mediatorCode());
                    }
                    if (session.roomCode() != null) {
                        rooms.add(session.roomCode());
                    }
                }
            }
            if (count > 0) {
                bands.add(new Band(day, from, to, count, mediators.size(), rooms.size()));
            }
            hour = hour.plusHours(1);
        }
        return bands;
    }
}
