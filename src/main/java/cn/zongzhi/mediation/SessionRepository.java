package cn.zongzhi.mediation;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_ROOM;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;

/** Sessions, mediators and rooms for the calendar; overlap queries use the (mediator|room, starts_at) indexes. */
public final class SessionRepository {
    /** No session runs longer than a working day; bounds the index range an overlap query scans. */
    static final java.time.Duration LONGEST_SESSION = java.time.Duration.ofHours(12);

    private final DSLContext dsl;

    public SessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public record Mediator(String code, String name, String kind, List<String> specialties) {
    }

    public record Room(String code, String name, int capacity, String location) {
    }

    /** A dispute that can be given a session: registered or in mediation. */
    public record OpenDispute(UUID id, String caseNo, String disputeType, String summary, String mediatorCode,
                              String parties, int partyCount) {
    }

    public List<Mediator> mediators() {
        return dsl.selectFrom(MEDIATOR).where(MEDIATOR.ACTIVE.isTrue()).orderBy(MEDIATOR.CODE)
                .fetch(row -> new Mediator(row.getCode(), row.getName(), row.getKind(),
                        row.getSpecialties() == null || row.getSpecialties().isBlank() ? List.of()
                                : List.of(row.getSpecialties().split(","))));
    }

    public List<Room> rooms() {
        return dsl.selectFrom(MEDIATION_ROOM).where(MEDIATION_ROOM.ACTIVE.isTrue()).orderBy(MEDIATION_ROOM.CODE)
                .fetch(row -> new Room(row.getCode(), row.getName(), row.getCapacity(), row.getLocation()));
    }

    /** The statuses of a case that sessions may be booked and moved for: registered, or in mediation. */
    static final List<String> BOOKABLE_CASE_STATUSES = List.of("REGISTERED", "IN_MEDIATION");

    /**
     * Open cases this office may book sessions for: its own (another office's case came from the city to be seen),
     * limited to an account's area scope (null for none) as {@link #between(Instant, Instant, String)} is.
     */
    public List<OpenDispute> openDisputes(String office, String scope) {
        Condition open = DISPUTE.STATUS.in(BOOKABLE_CASE_STATUSES).and(DISPUTE.VOIDED.isFalse())
                .and(DISPUTE.ORIGIN_OFFICE.eq(office)).and(DisputeRepository.inScope(scope));
        Map<UUID, List<String>> names = partyNames(open);
        return dsl.select(DISPUTE.ID, DISPUTE.CASE_NO, DISPUTE.DISPUTE_TYPE, DISPUTE.SUMMARY, DISPUTE.MEDIATOR_CODE)
                .from(DISPUTE)
                .where(open)
                .orderBy(DISPUTE.REGISTERED_AT.desc())
                .fetch(row -> {
                    List<String> parties = names.getOrDefault(row.value1(), List.of());
                    return new OpenDispute(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                            String.join("、", parties), parties.size());
                });
    }

    /**
     * The parties' names as calendars, booking lists and exported schedules show them: a person's name is
     * personal data and appears masked (张*), an organisation's in full.
     */
    private Map<UUID, List<String>> partyNames(Condition disputes) {
        Map<UUID, List<String>> names = new HashMap<>();
        dsl.select(DISPUTE_PARTY.DISPUTE_ID, DISPUTE_PARTY.NAME, DISPUTE_PARTY.KIND).from(DISPUTE_PARTY).join(DISPUTE)
                .on(DISPUTE.ID.eq(DISPUTE_PARTY.DISPUTE_ID))
                .where(disputes.and(DISPUTE_PARTY.VOIDED.isFalse()))
                .orderBy(DISPUTE_PARTY.ROLE, DISPUTE_PARTY.NAME)
                .forEach(row -> names.computeIfAbsent(row.value1(), id -> new ArrayList<>())
                        .add("PERSON".equals(row.value3()) ? cn.zongzhi.common.Masking.name(row.value2()) : row.value2()));
        return names;
    }

    /** Sessions that overlap [from, to), for the calendar's visible range. */
    public List<CalendarSession> between(Instant from, Instant to) {
        return between(from, to, null);
    }

    /** The same, limited to the sessions of disputes an account with this area scope may see. */
    public List<CalendarSession> between(Instant from, Instant to, String scope) {
        Condition overlapping = MEDIATION_SESSION.STARTS_AT.lt(at(to)).and(MEDIATION_SESSION.ENDS_AT.gt(at(from)))
                .and(MEDIATION_SESSION.STARTS_AT.gt(at(from.minus(LONGEST_SESSION))));
        return sessions(overlapping.and(DisputeRepository.inScope(scope)));
    }

    public CalendarSession session(UUID id) {
        List<CalendarSession> found = sessions(MEDIATION_SESSION.ID.eq(id));
        return found.isEmpty() ? null : found.get(0);
    }

    /** A session with its minutes (调解记录), for the case file. */
    public record SessionMinutes(CalendarSession session, String minutes) {
    }

    /** Every session of a dispute, the first first, with its minutes. */
    public List<SessionMinutes> ofDispute(UUID disputeId) {
        Map<UUID, String> minutes = new java.util.HashMap<>();
        dsl.select(MEDIATION_SESSION.ID, MEDIATION_SESSION.MINUTES).from(MEDIATION_SESSION)
                .where(MEDIATION_SESSION.DISPUTE_ID.eq(disputeId))
                .forEach(row -> minutes.put(row.value1(), row.value2()));
        return sessions(MEDIATION_SESSION.DISPUTE_ID.eq(disputeId)).stream()
                .map(session -> new SessionMinutes(session, minutes.get(session.id()))).toList();
    }

    /** Sessions of one mediator or one room between two instants, for the iCalendar export. */
    public List<CalendarSession> forResource(String mediatorCode, String roomCode, Instant from, Instant to) {
        Condition condition = MEDIATION_SESSION.STARTS_AT.lt(at(to)).and(MEDIATION_SESSION.ENDS_AT.gt(at(from)));
        if (mediatorCode != null) {
            condition = condition.and(MEDIATION_SESSION.MEDIATOR_CODE.eq(mediatorCode));
        }
        if (roomCode != null) {
            condition = condition.and(MEDIATION_SESSION.ROOM_CODE.eq(roomCode));
        }
        return sessions(condition);
    }

    private List<CalendarSession> sessions(Condition condition) {
        var rows = dsl.select(MEDIATION_SESSION.ID, MEDIATION_SESSION.DISPUTE_ID, DISPUTE.CASE_NO, DISPUTE.DISPUTE_TYPE,
                        DISPUTE.SUMMARY, MEDIATION_SESSION.MEDIATOR_CODE, MEDIATOR.NAME, MEDIATION_SESSION.ROOM_CODE,
                        MEDIATION_ROOM.NAME, MEDIATION_SESSION.STARTS_AT, MEDIATION_SESSION.ENDS_AT, MEDIATION_SESSION.STATUS,
                        MEDIATION_SESSION.OVERRIDE_REASON, MEDIATION_SESSION.ROW_VERSION)
                .from(MEDIATION_SESSION)
                .join(DISPUTE).on(DISPUTE.ID.eq(MEDIATION_SESSION.DISPUTE_ID))
                .join(MEDIATOR).on(MEDIATOR.CODE.eq(MEDIATION_SESSION.MEDIATOR_CODE))
                .leftJoin(MEDIATION_ROOM).on(MEDIATION_ROOM.CODE.eq(MEDIATION_SESSION.ROOM_CODE))
                .where(condition.and(MEDIATION_SESSION.VOIDED.isFalse()))
                .orderBy(MEDIATION_SESSION.STARTS_AT)
                .fetch();
        List<UUID> disputeIds = rows.stream().map(row -> row.value2()).distinct().toList();
        Map<UUID, List<String>> names = disputeIds.isEmpty() ? Map.of() : partyNames(DISPUTE.ID.in(disputeIds));
        return rows.map(row -> new CalendarSession(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                String.join("、", names.getOrDefault(row.value2(), List.of())), row.value6(), row.value7(), row.value8(),
                row.value9(), row.value10().toInstant(), row.value11().toInstant(), row.value12(), row.value13(),
                row.value14()));
    }

    /** Sessions of this mediator (or room) overlapping [from, to), other than {@code except}. */
    public List<CalendarSession> overlapping(String mediatorCode, String roomCode, Instant from, Instant to, UUID except) {
        Condition time = MEDIATION_SESSION.STARTS_AT.lt(at(to)).and(MEDIATION_SESSION.ENDS_AT.gt(at(from)))
                .and(MEDIATION_SESSION.STARTS_AT.gt(at(from.minus(LONGEST_SESSION))))
                .and(MEDIATION_SESSION.STATUS.ne("CANCELLED"));
        if (except != null) {
            time = time.and(MEDIATION_SESSION.ID.ne(except));
        }
        return sessions(time.and(mediatorCode != null ? MEDIATION_SESSION.MEDIATOR_CODE.eq(mediatorCode)
                : MEDIATION_SESSION.ROOM_CODE.eq(roomCode)));
    }

    /**
     * Sessions of other disputes overlapping [from, to) that one of this dispute's parties also belongs to,
     * matched by ID number or credit code, with the party's name.
     */
    public List<Map.Entry<String, CalendarSession>> partiesBusy(UUID disputeId, Instant from, Instant to, UUID except) {
        var mine = DISPUTE_PARTY.as("MINE");
        var theirs = DISPUTE_PARTY.as("THEIRS");
        Condition time = MEDIATION_SESSION.STARTS_AT.lt(at(to)).and(MEDIATION_SESSION.ENDS_AT.gt(at(from)))
                .and(MEDIATION_SESSION.STATUS.ne("CANCELLED")).and(MEDIATION_SESSION.DISPUTE_ID.ne(disputeId))
                // A session the owner's copy no longer has is voided (decision 0017): it is nobody's appointment, and
                // session(id) below, which leaves voided sessions out as every read does, would find nothing.
                .and(MEDIATION_SESSION.VOIDED.isFalse());
        if (except != null) {
            time = time.and(MEDIATION_SESSION.ID.ne(except));
        }
        var clashes = dsl.select(mine.NAME, MEDIATION_SESSION.ID)
                .from(mine)
                .join(theirs).on(theirs.ID_NUMBER.eq(mine.ID_NUMBER).and(theirs.DISPUTE_ID.ne(mine.DISPUTE_ID)))
                .join(MEDIATION_SESSION).on(MEDIATION_SESSION.DISPUTE_ID.eq(theirs.DISPUTE_ID))
                .where(mine.DISPUTE_ID.eq(disputeId).and(mine.ID_NUMBER.isNotNull()).and(mine.VOIDED.isFalse())
                        .and(theirs.VOIDED.isFalse()).and(time))
                .fetch();
        List<Map.Entry<String, CalendarSession>> found = new ArrayList<>();
        for (var clash : clashes) {
            found.add(Map.entry(clash.value1(), session(clash.value2())));
        }
        return found;
    }

    public int partyCount(UUID disputeId) {
        return dsl.fetchCount(DISPUTE_PARTY, DISPUTE_PARTY.DISPUTE_ID.eq(disputeId).and(DISPUTE_PARTY.VOIDED.isFalse()));
    }

    public String caseNo(UUID disputeId) {
        return dsl.select(DISPUTE.CASE_NO).from(DISPUTE).where(DISPUTE.ID.eq(disputeId)).fetchOne(DISPUTE.CASE_NO);
    }

    public void insert(UUID id, UUID disputeId, String mediatorCode, String roomCode, Instant startsAt, Instant endsAt,
                       String overrideReason, String office, long hlc) {
        dsl.insertInto(MEDIATION_SESSION)
                .set(MEDIATION_SESSION.ID, id).set(MEDIATION_SESSION.DISPUTE_ID, disputeId)
                .set(MEDIATION_SESSION.MEDIATOR_CODE, mediatorCode).set(MEDIATION_SESSION.ROOM_CODE, roomCode)
                .set(MEDIATION_SESSION.STARTS_AT, at(startsAt)).set(MEDIATION_SESSION.ENDS_AT, at(endsAt))
                .set(MEDIATION_SESSION.STATUS, "SCHEDULED").set(MEDIATION_SESSION.OVERRIDE_REASON, overrideReason)
                .set(MEDIATION_SESSION.ORIGIN_OFFICE, office).set(MEDIATION_SESSION.HLC, hlc).set(MEDIATION_SESSION.SYNC_STATE, "PENDING")
                .execute();
        dsl.update(DISPUTE).set(DISPUTE.STATUS, "IN_MEDIATION").set(DISPUTE.HLC, hlc)
                .set(DISPUTE.ROW_VERSION, DISPUTE.ROW_VERSION.plus(1))
                .where(DISPUTE.ID.eq(disputeId).and(DISPUTE.STATUS.eq("REGISTERED"))).execute();
        // The first session's mediator is the case's mediator unless one was assigned before.
        dsl.update(DISPUTE).set(DISPUTE.MEDIATOR_CODE, mediatorCode)
                .where(DISPUTE.ID.eq(disputeId).and(DISPUTE.MEDIATOR_CODE.isNull())).execute();
    }

    /** Moves a session; false when someone changed it since it was read (row version). */
    public boolean move(UUID id, long rowVersion, String mediatorCode, String roomCode, Instant startsAt, Instant endsAt,
                        String overrideReason, long hlc) {
        return dsl.update(MEDIATION_SESSION)
                .set(MEDIATION_SESSION.MEDIATOR_CODE, mediatorCode).set(MEDIATION_SESSION.ROOM_CODE, roomCode)
                .set(MEDIATION_SESSION.STARTS_AT, at(startsAt)).set(MEDIATION_SESSION.ENDS_AT, at(endsAt))
                .set(MEDIATION_SESSION.OVERRIDE_REASON, overrideReason).set(MEDIATION_SESSION.HLC, hlc)
                .set(MEDIATION_SESSION.ROW_VERSION, MEDIATION_SESSION.ROW_VERSION.plus(1))
                .set(MEDIATION_SESSION.SYNC_STATE, "PENDING")
                .where(MEDIATION_SESSION.ID.eq(id).and(MEDIATION_SESSION.ROW_VERSION.eq(rowVersion)))
                .execute() == 1;
    }

    /**
     * Minutes {@code null} keep those already written (a result given alone, by a right-click on the calendar); empty
     * minutes clear them, stored as none so that an emptied record reads like one never written.
     */
    public boolean recordResult(UUID id, long rowVersion, String status, String minutes, long hlc) {
        org.jooq.Field<String> written = minutes == null ? MEDIATION_SESSION.MINUTES
                : org.jooq.impl.DSL.val(minutes.isEmpty() ? null : minutes, MEDIATION_SESSION.MINUTES);
        return dsl.update(MEDIATION_SESSION)
                .set(MEDIATION_SESSION.STATUS, status)
                .set(MEDIATION_SESSION.MINUTES, written)
                .set(MEDIATION_SESSION.HLC, hlc).set(MEDIATION_SESSION.ROW_VERSION, MEDIATION_SESSION.ROW_VERSION.plus(1))
                .set(MEDIATION_SESSION.SYNC_STATE, "PENDING")
                .where(MEDIATION_SESSION.ID.eq(id).and(MEDIATION_SESSION.ROW_VERSION.eq(rowVersion)))
                .execute() == 1;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

}
