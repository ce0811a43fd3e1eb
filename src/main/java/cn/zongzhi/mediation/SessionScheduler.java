package cn.zongzhi.mediation;

import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Ids;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Books and moves mediation sessions. A booking is refused, naming every conflict, when the mediator or the
 * room is already taken, a party is due in another session, or the room is too small; a session outside
 * working hours or off working days needs a reason, which is recorded. Each booking is one transaction: the
 * check and the write cannot be split by another booking.
 */
public final class SessionScheduler {
    private final DSLContext dsl;
    private final Supplier<WorkingCalendar> calendar;
    private final WorkingHours hours;
    private final ZoneId zone;
    private final HybridClock clock;
    private final String office;

    /** {@code actor}: the signed-in account bookings and results are checked against. */
    public SessionScheduler(DSLContext dsl, Supplier<WorkingCalendar> calendar, WorkingHours hours, ZoneId zone,
                            HybridClock clock, String office, cn.zongzhi.auth.Operator actor) {
        this.dsl = dsl;
        this.actor = actor;
        this.calendar = calendar;
        this.hours = hours;
        this.zone = zone;
        this.clock = clock;
        this.office = office;
    }

    private final cn.zongzhi.auth.Operator actor;

    /** What the receptionist asks for; the override reason may be null. */
    public record Booking(UUID disputeId, String mediatorCode, String roomCode, Instant startsAt, Instant endsAt,
                          String overrideReason) {
    }

    public CalendarSession book(Booking booking) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_REGISTER);
        validate(booking.startsAt(), booking.endsAt());
        return dsl.transactionResult(configuration -> {
            SessionRepository sessions = new SessionRepository(configuration.dsl());
            requireOpen(requireMayAct(configuration.dsl(), booking.disputeId()));
            List<SessionConflict> conflicts = conflicts(sessions, booking.disputeId(), booking.mediatorCode(),
                    booking.roomCode(), booking.startsAt(), booking.endsAt(), null);
            String reason = refuseUnlessOverridden(conflicts, booking.overrideReason());
            UUID id = Ids.newId();
            sessions.insert(id, booking.disputeId(), booking.mediatorCode(), booking.roomCode(), booking.startsAt(),
                    booking.endsAt(), reason, office, clock.next());
            return sessions.session(id);
        });
    }

    /** Moves (or resizes, or hands to another mediator or room) a session read at {@code rowVersion}. */
    public CalendarSession move(UUID sessionId, long rowVersion, String mediatorCode, String roomCode, Instant startsAt,
                                Instant endsAt, String overrideReason) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_REGISTER);
        validate(startsAt, endsAt);
        return dsl.transactionResult(configuration -> {
            SessionRepository sessions = new SessionRepository(configuration.dsl());
            CalendarSession current = sessions.session(sessionId);
            if (current == null) {
                throw new IllegalArgumentException("no such session");
            }
            requireOpen(requireMayAct(configuration.dsl(), current.disputeId()));
            requireCurrent(current, rowVersion);
            if (!movable(current.status())) {
                throw new DisputeRefused("CANCELLED".equals(current.status()) ? "mediation.refused.sessionCancelled"
                        : "mediation.refused.sessionNotMovable", current.caseNo());
            }
            List<SessionConflict> conflicts = conflicts(sessions, current.disputeId(), mediatorCode, roomCode, startsAt,
                    endsAt, sessionId);
            String reason = refuseUnlessOverridden(conflicts, overrideReason);
            if (!sessions.move(sessionId, rowVersion, mediatorCode, roomCode, startsAt, endsAt, reason, clock.next())) {
                throw new java.util.ConcurrentModificationException("the session was changed by someone else; reload");
            }
            return sessions.session(sessionId);
        });
    }

    /** Minutes longer than this are a paste gone wrong rather than a record of one session. */
    public static final int MINUTES_LIMIT = 20_000;

    /**
     * What the minutes of one case may come to together, as they travel. The city takes a case as one snapshot of
     * at most {@code SyncLimits.MAX_CASE_CHARS} and refuses a larger one: ten sessions of full minutes were such a
     * case, refused for good. The rest of the case (parties, summary, agreement, names) keeps 40,000 beside them.
     */
    public static final int CASE_MINUTES_LIMIT = cn.zongzhi.sync.protocol.SyncLimits.MAX_CASE_CHARS - 40_000;

    /** Every result a session may be given, in the order the desk and the calendar offer them. */
    public static final List<String> RESULTS = List.of("HELD", "ADJOURNED", "PARTY_ABSENT", "CANCELLED");

    /** The results of a session that took place in its slot: one recorded by mistake may be changed for another. */
    private static final List<String> TOOK_PLACE = List.of("HELD", "ADJOURNED", "PARTY_ABSENT");

    /**
     * The results {@code session} may be given on {@code today} (in the office's zone), the one it has included (its
     * minutes can be written later). A scheduled session may be cancelled at any time, but said to have taken place
     * (held, adjourned, a party absent) only once its day has come: a result for next week's session is a slip that
     * would count a meeting nobody has had. The same day is allowed, since a session may begin early and a no-show
     * is written down at the start. One that took place may get another of those, never cancelled. A cancelled
     * session stays cancelled: its slot was given up and may have gone to another case with the same mediator and
     * room, which no check stands between; another meeting is a new booking.
     */
    public List<String> resultsAllowed(CalendarSession session, LocalDate today) {
        if (movable(session.status())) {
            return due(session, today) ? RESULTS : List.of("CANCELLED");
        }
        return TOOK_PLACE.contains(session.status()) ? TOOK_PLACE : List.of(session.status());
    }

    /** Whether the session's day (of its start, in the office's zone) is {@code today} or earlier. */
    private boolean due(CalendarSession session, LocalDate today) {
        return !dayOf(session).isAfter(today);
    }

    private LocalDate dayOf(CalendarSession session) {
        return session.startsAt().atZone(zone).toLocalDate();
    }

    /** Today in the office's zone, by the clock this scheduler stamps its changes with and checks results against. */
    public LocalDate today() {
        return now().toLocalDate();
    }

    /** The moment on that clock, in the office's zone. */
    public java.time.ZonedDateTime now() {
        return clock.now().atZone(zone);
    }

    /**
     * Where a booking opened without a time starts: the next working period still ahead, on a working day by the
     * holiday calendar (a Saturday offers Monday 09:00, a Monday at 10:00 offers 14:00 that day). Reads the calendar.
     */
    public java.time.LocalDateTime nextBookableStart() {
        java.time.LocalDateTime now = now().toLocalDateTime();
        WorkingCalendar days = workingCalendar();
        for (LocalDate day = now.toLocalDate(); day.isBefore(now.toLocalDate().plusDays(60)); day = day.plusDays(1)) {
            if (!days.isWorkingDay(day)) {
                continue;
            }
            for (WorkingHours.Period period : hours.periods()) {
                java.time.LocalDateTime start = day.atTime(period.start());
                if (start.isAfter(now)) {
                    return start;
                }
            }
        }
        return now.toLocalDate().plusDays(1).atTime(hours.periods().get(0).start());
    }

    /** Only a session still to come (scheduled) may be moved to another time. */
    public static boolean movable(String status) {
        return "SCHEDULED".equals(status);
    }

    /**
     * Held, adjourned, a party absent or cancelled, with the minutes (调解记录): {@code null} leaves the minutes as they
     * are (the calendar gives a result alone), blank clears them (the desk's box emptied of minutes once written).
     */
    public CalendarSession recordResult(UUID sessionId, long rowVersion, String status, String minutes) {
        cn.zongzhi.auth.Access.require(actor, cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
        if (!RESULTS.contains(status)) {
            throw new IllegalArgumentException("unknown session result " + status);
        }
        if (minutes != null && minutes.length() > MINUTES_LIMIT) {
            throw new IllegalArgumentException("minutes longer than " + MINUTES_LIMIT + " characters");
        }
        String written = minutes == null || !minutes.isBlank() ? minutes : "";
        LocalDate today = today();
        return dsl.transactionResult(configuration -> {
            SessionRepository sessions = new SessionRepository(configuration.dsl());
            CalendarSession current = sessions.session(sessionId);
            if (current != null) {
                requireMayAct(configuration.dsl(), current.disputeId());
                requireCurrent(current, rowVersion);
                if (!resultsAllowed(current, today).contains(status)) {
                    throw resultRefused(current);
                }
                // This session's minutes as they will be (null keeps the ones it has), with all the others'.
                long together = sessions.ofDispute(current.disputeId()).stream()
                        .mapToLong(other -> travellingLength(other.session().id().equals(sessionId) && written != null
                                ? written : other.minutes())).sum();
                if (together > CASE_MINUTES_LIMIT) {
                    throw new DisputeRefused("mediation.refused.caseTooLarge", current.caseNo(), together, CASE_MINUTES_LIMIT);
                }
            }
            if (!sessions.recordResult(sessionId, rowVersion, status, written, clock.next())) {
                throw new java.util.ConcurrentModificationException("the session was changed by someone else; reload");
            }
            return sessions.session(sessionId);
        });
    }

    /** Why {@code current} cannot be given the result asked for; a scheduled one can be refused only for its day. */
    private DisputeRefused resultRefused(CalendarSession current) {
        if ("CANCELLED".equals(current.status())) {
            return new DisputeRefused("mediation.refused.sessionCancelled", current.caseNo());
        }
        if (movable(current.status())) {
            return new DisputeRefused("mediation.refused.sessionNotDue", current.caseNo(), dayOf(current));
        }
        return new DisputeRefused("mediation.refused.sessionTookPlace", current.caseNo());
    }

    /** A text's length as it travels in JSON: quotes, backslashes and control characters are escaped. */
    static long travellingLength(String text) {
        if (text == null) {
            return 0;
        }
        long length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                length += 1;
            } else if (c < 0x20) {
                length += 5;
            }
        }
        return length;
    }

    /**
     * The case must be this office's (another office's case came from the city to be seen; its owner alone books
     * and records, decision 0017) and lie in the operator's area, as for every other step of the desk: a
     * receptionist of one district neither books nor records a session of a case of another.
     */
    private DisputeRepository.State requireMayAct(DSLContext tx, UUID disputeId) {
        DisputeRepository.State state = new DisputeRepository(tx).state(disputeId);
        if (state == null) {
            throw new DisputeRefused("mediation.refused.missing");
        }
        CaseOwnership.require(state, office);
        cn.zongzhi.auth.Access.requireArea(actor, state.areaCode(), cn.zongzhi.auth.Permission.DISPUTE_MEDIATE);
        return state;
    }

    /**
     * Sessions are booked and moved only while the case is open (registered or in mediation). A closed case, however
     * it ended (agreement, failure, withdrawal), has nothing left to meet about; any status not known to be open is
     * refused rather than let through.
     */
    private static void requireOpen(DisputeRepository.State state) {
        if (!SessionRepository.BOOKABLE_CASE_STATUSES.contains(state.status())) {
            throw new DisputeRefused("mediation.refused.sessionOnClosedCase", state.caseNo());
        }
    }

    /** A copy read before someone else's change is refused as stale before its status is judged: reload and look again. */
    private static void requireCurrent(CalendarSession current, long rowVersion) {
        if (current.rowVersion() != rowVersion) {
            throw new java.util.ConcurrentModificationException("the session was changed by someone else; reload");
        }
    }

    private static void validate(Instant startsAt, Instant endsAt) {
        if (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a session ends after it starts");
        }
        if (java.time.Duration.between(startsAt, endsAt).compareTo(SessionRepository.LONGEST_SESSION) > 0) {
            throw new IllegalArgumentException("a session lasts at most 12 hours");
        }
    }

    private static String refuseUnlessOverridden(List<SessionConflict> conflicts, String overrideReason) {
        if (conflicts.isEmpty()) {
            return null;
        }
        BookingRefused refused = new BookingRefused(conflicts);
        if (!refused.overridable() || overrideReason == null || overrideReason.isBlank()) {
            throw refused;
        }
        return overrideReason.trim();
    }

    /** Every reason the session cannot be held as asked; empty when it can. */
    public List<SessionConflict> conflicts(UUID disputeId, String mediatorCode, String roomCode, Instant startsAt,
                                           Instant endsAt, UUID except) {
        return conflicts(new SessionRepository(dsl), disputeId, mediatorCode, roomCode, startsAt, endsAt, except);
    }

    private List<SessionConflict> conflicts(SessionRepository sessions, UUID disputeId, String mediatorCode, String roomCode,
                                            Instant startsAt, Instant endsAt, UUID except) {
        List<SessionConflict> conflicts = new ArrayList<>();
        for (CalendarSession other : sessions.overlapping(mediatorCode, null, startsAt, endsAt, except)) {
            conflicts.add(busy(SessionConflict.Kind.MEDIATOR_BUSY, other.mediatorName(), other));
        }
        if (roomCode != null) {
            for (CalendarSession other : sessions.overlapping(null, roomCode, startsAt, endsAt, except)) {
                conflicts.add(busy(SessionConflict.Kind.ROOM_BUSY, other.roomName(), other));
            }
            sessions.rooms().stream().filter(room -> room.code().equals(roomCode)).findFirst().ifPresent(room -> {
                int people = sessions.partyCount(disputeId) + 1;
                if (people > room.capacity()) {
                    conflicts.add(new SessionConflict(SessionConflict.Kind.ROOM_TOO_SMALL, "mediation.conflict.detail.seats",
                            List.of(room.name(), room.capacity(), people)));
                }
            });
        }
        for (Map.Entry<String, CalendarSession> busy : sessions.partiesBusy(disputeId, startsAt, endsAt, except)) {
            conflicts.add(busy(SessionConflict.Kind.PARTY_BUSY, busy.getKey(), busy.getValue()));
        }
        ZonedDateTime start = startsAt.atZone(zone);
        ZonedDateTime end = endsAt.atZone(zone);
        WorkingCalendar days = calendar.get();
        for (LocalDate day = start.toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
            if (!days.isWorkingDay(day)) {
                java.util.Optional<String> holiday = days.dayName(day);
                conflicts.add(holiday.isPresent()
                        ? new SessionConflict(SessionConflict.Kind.NOT_A_WORKING_DAY, "mediation.conflict.detail.holiday",
                                List.of(day, holiday.get()))
                        : new SessionConflict(SessionConflict.Kind.NOT_A_WORKING_DAY, day.getDayOfWeek().getValue() >= 6
                                ? "mediation.conflict.detail.weekend" : "mediation.conflict.detail.offDay", List.of(day)));
                break;
            }
        }
        if (!withinOnePeriod(start, end)) {
            conflicts.add(new SessionConflict(SessionConflict.Kind.OUTSIDE_WORKING_HOURS, "mediation.conflict.detail.hours",
                    List.of(start.toLocalTime(), end.toLocalTime(), List.copyOf(hours.periods()))));
        }
        return conflicts;
    }

    /**
     * Whether the session sits inside one working period of its day. One that ends on a later day does not, even
     * at midnight: its end read as a time of day (00:00) would be "not after 17:30" and let an afternoon-to-midnight
     * session through without the reason an evening one needs.
     */
    private boolean withinOnePeriod(ZonedDateTime start, ZonedDateTime end) {
        if (!start.toLocalDate().equals(end.toLocalDate())) {
            return false;
        }
        LocalTime from = start.toLocalTime();
        LocalTime to = end.toLocalTime();
        return hours.periods().stream().anyMatch(period -> !from.isBefore(period.start()) && !to.isAfter(period.end()));
    }

    private SessionConflict busy(SessionConflict.Kind kind, String who, CalendarSession other) {
        return new SessionConflict(kind, "mediation.conflict.detail.session", List.of(who,
                other.startsAt().atZone(zone).toLocalDateTime(), other.endsAt().atZone(zone).toLocalTime(), other.caseNo()));
    }

    /**
     * Mediators for a dispute at a time: those free then first, then those whose specialties include the type,
     * then the least busy over the fortnight around it.
     */
    public List<MediatorSuggestion> suggestMediators(String disputeType, Instant startsAt, Instant endsAt) {
        SessionRepository sessions = new SessionRepository(dsl);
        List<MediatorSuggestion> suggestions = new ArrayList<>();
        List<CalendarSession> fortnight = sessions.between(startsAt.minus(java.time.Duration.ofDays(7)),
                startsAt.plus(java.time.Duration.ofDays(7)));
        for (SessionRepository.Mediator mediator : sessions.mediators()) {
            boolean free = sessions.overlapping(mediator.code(), null, startsAt, endsAt, null).isEmpty();
            boolean specialist = mediator.specialties().contains(disputeType);
            int load = (int) fortnight.stream().filter(session -> session.mediatorCode().equals(mediator.code())
                    && !SessionDensity.cancelled(session)).count();
            suggestions.add(new MediatorSuggestion(mediator, free, specialist, load));
        }
        suggestions.sort(Comparator.comparing((MediatorSuggestion suggestion) -> !suggestion.free())
                .thenComparing(suggestion -> !suggestion.specialist())
                .thenComparingInt(MediatorSuggestion::sessionsNearby)
                .thenComparing(suggestion -> suggestion.mediator().code()));
        return suggestions;
    }

    public record MediatorSuggestion(SessionRepository.Mediator mediator, boolean free, boolean specialist,
                                     int sessionsNearby) {
    }

    public List<SessionRepository.SessionMinutes> sessionsOf(UUID disputeId) {
        return new SessionRepository(dsl).ofDispute(disputeId);
    }

    /**
     * The calendar's sessions: those of disputes in the account's subtree. Conflicts are still checked against
     * every session, so a mediator booked by another town is never double-booked.
     */
    public List<CalendarSession> between(Instant from, Instant to) {
        return new SessionRepository(dsl).between(from, to, cn.zongzhi.auth.Access.scope(actor));
    }

    public List<SessionRepository.Mediator> mediators() {
        return new SessionRepository(dsl).mediators();
    }

    public List<SessionRepository.Room> rooms() {
        return new SessionRepository(dsl).rooms();
    }

    /** The cases the booking list offers: this office's open ones, in the account's subtree as on the calendar. */
    public List<SessionRepository.OpenDispute> openDisputes() {
        return new SessionRepository(dsl).openDisputes(office, cn.zongzhi.auth.Access.scope(actor));
    }

    /**
     * The first year of the session's days that no holiday file covers, if any. Such a day was checked as a plain
     * Monday-to-Friday week (2027-01-01, 元旦, passes as a Friday), so the booking stands but the receptionist is
     * told it could not be checked, as a deadline running into such a year is ({@code beyondKnownCalendar}).
     */
    public java.util.OptionalInt yearBeyondKnownCalendar(Instant startsAt, Instant endsAt) {
        WorkingCalendar days = calendar.get();
        LocalDate last = endsAt.atZone(zone).toLocalDate();
        for (LocalDate day = startsAt.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!days.covers(day)) {
                return java.util.OptionalInt.of(day.getYear());
            }
        }
        return java.util.OptionalInt.empty();
    }

    public ZoneId zone() {
        return zone;
    }

    public WorkingCalendar workingCalendar() {
        return calendar.get();
    }

    public WorkingHours workingHours() {
        return hours;
    }
}
