package cn.zongzhi.mediation;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Booking rules on a small hand-made desk: two mediators, two rooms, three disputes, one shared party. */
class SessionSchedulerTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final cn.zongzhi.common.Messages ZH = cn.zongzhi.common.Messages.forLanguage("zh");
    private static final cn.zongzhi.common.Messages EN = cn.zongzhi.common.Messages.forLanguage("en");
    private static final UUID FIRST = UUID.randomUUID();
    private static final UUID SECOND = UUID.randomUUID();
    private static final UUID THIRD = UUID.randomUUID();
    /** Wednesday 25 November 2026, noon in Guangzhou: the day of most sessions here, its morning over. */
    private static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");

    @TempDir
    Path folder;
    private Database database;
    private SessionScheduler scheduler;
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void desk() {
        database = TestDatabases.fresh(folder);
        new CalendarService(database.dsl()).seedBundledIfEmpty();
        MediationRepository desk = new MediationRepository(database.dsl());
        desk.upsertMediators(List.of(new MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR,LABOUR", null, null),
                new MediationRows.Mediator("M002", "李调解", "LAWYER", "CONTRACT", null, null)));
        desk.upsertRooms(List.of(new MediationRows.Room("R1", "第一调解室", 6, "一楼"), new MediationRows.Room("R2", "小调解室", 2, "二楼")));
        Instant registered = Instant.parse("2026-11-20T01:00:00Z");
        desk.insertDisputes(List.of(dispute(FIRST, "TJ-1", registered), dispute(SECOND, "TJ-2", registered),
                        dispute(THIRD, "TJ-3", registered)),
                List.of(party(FIRST, "张三", "110102199101010078"), party(FIRST, "李四", null),
                        party(SECOND, "张三", "110102199101010078"), party(SECOND, "王五", null),
                        party(THIRD, "赵六", null)),
                List.of());
        scheduler = new SessionScheduler(database.dsl(), () -> new CalendarService(database.dsl()).calendar(),
                WorkingHours.standard(), ZONE, new HybridClock(clock), "TEST", cn.zongzhi.TestOperators.receptionist());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static MediationRows.Dispute dispute(UUID id, String caseNo, Instant registered) {
        return new MediationRows.Dispute(id, caseNo, "NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", "相邻关系纠纷", BigDecimal.TEN,
                "YELLOW", "REGISTERED", null, null, registered, registered.plusSeconds(30 * 86_400), null, null, null, false,
                "TEST", 1);
    }

    private static MediationRows.Party party(UUID dispute, String name, String idNumber) {
        return new MediationRows.Party(UUID.randomUUID(), dispute, "APPLICANT", "PERSON", name, idNumber, null, null, "TEST", 1);
    }

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    private CalendarSession book(UUID dispute, String mediator, String room, String from, String to, String reason) {
        return scheduler.book(new SessionScheduler.Booking(dispute, mediator, room, at(from), at(to), reason));
    }

    private SessionScheduler schedulerOf(cn.zongzhi.auth.Operator actor) {
        return new SessionScheduler(database.dsl(), () -> new CalendarService(database.dsl()).calendar(),
                WorkingHours.standard(), ZONE, new HybridClock(clock), "TEST", actor);
    }

    /** A dispute placed in a community of street 440111004 (Baiyun), with one party. */
    private UUID placedDispute(String caseNo) {
        if (database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.ADMIN_AREA) == 0) {
            database.dsl().execute("insert into admin_area(code, name, level) values ('440111004001', '景泰社区', 'COMMUNITY')");
        }
        UUID id = UUID.randomUUID();
        Instant registered = Instant.parse("2026-11-20T01:00:00Z");
        new MediationRepository(database.dsl()).insertDisputes(List.of(new MediationRows.Dispute(id, caseNo, "NEIGHBOUR",
                        "PARTY_APPLICATION", "PEOPLES", "相邻关系纠纷", BigDecimal.TEN, "YELLOW", "REGISTERED", "440111004001", null,
                        registered, registered.plusSeconds(30 * 86_400), null, null, null, false, "TEST", 1)),
                List.of(party(id, "钱七", null)), List.of());
        return id;
    }

    @Test
    void aReceptionistBooksAndRecordsOnlyCasesOfTheirOwnArea() {
        UUID placed = placedDispute("TJ-4");
        SessionScheduler otherDistrict = schedulerOf(cn.zongzhi.TestOperators.of(cn.zongzhi.auth.Role.MEDIATION_RECEPTIONIST,
                "440106000000"));
        SessionScheduler sameStreet = schedulerOf(cn.zongzhi.TestOperators.of(cn.zongzhi.auth.Role.MEDIATION_RECEPTIONIST,
                "440111004000"));

        assertThat(otherDistrict.openDisputes()).as("the booking list offers only cases of the operator's area")
                .extracting(SessionRepository.OpenDispute::caseNo).doesNotContain("TJ-4").contains("TJ-1");
        assertThat(sameStreet.openDisputes()).extracting(SessionRepository.OpenDispute::caseNo).contains("TJ-4");
        assertThatThrownBy(() -> otherDistrict.book(new SessionScheduler.Booking(placed, "M001", "R1",
                at("2026-11-25T09:00"), at("2026-11-25T10:30"), null)))
                .isInstanceOfSatisfying(cn.zongzhi.auth.AccessDenied.class, denied ->
                        assertThat(denied.reason()).isEqualTo(cn.zongzhi.auth.AccessDenied.Reason.AREA));
        assertThat(database.dsl().fetchCount(MEDIATION_SESSION)).as("nothing was booked").isZero();

        CalendarSession booked = sameStreet.book(new SessionScheduler.Booking(placed, "M001", "R1",
                at("2026-11-25T09:00"), at("2026-11-25T10:30"), null));
        assertThat(sameStreet.between(at("2026-11-25T00:00"), at("2026-11-26T00:00")))
                .extracting(CalendarSession::caseNo).containsExactly("TJ-4");
        assertThatThrownBy(() -> otherDistrict.move(booked.id(), booked.rowVersion(), "M001", "R1", at("2026-11-25T14:00"),
                at("2026-11-25T15:30"), null)).isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        assertThatThrownBy(() -> otherDistrict.recordResult(booked.id(), booked.rowVersion(), "HELD", null))
                .isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        assertThat(database.dsl().select(MEDIATION_SESSION.STATUS, MEDIATION_SESSION.STARTS_AT).from(MEDIATION_SESSION)
                .fetchSingle().value1()).isEqualTo("SCHEDULED");
        assertThat(sameStreet.recordResult(booked.id(), booked.rowVersion(), "HELD", null).status()).isEqualTo("HELD");
    }

    @Test
    void refusesADoubleBookedMediatorRoomOrPartyNamingTheOtherSession() {
        CalendarSession first = book(FIRST, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        assertThat(first.caseNo()).isEqualTo("TJ-1");
        var dispute = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.DISPUTE)
                .where(cn.zongzhi.db.jooq.Tables.DISPUTE.ID.eq(FIRST)).fetchOne();
        assertThat(dispute.getMediatorCode()).as("booking assigns the mediator").isEqualTo("M001");
        assertThat(dispute.getStatus()).isEqualTo("IN_MEDIATION");
        assertThat(first.parties()).as("people are shown masked on the calendar").isEqualTo("张*、李*");

        assertThatThrownBy(() -> book(THIRD, "M001", "R2", "2026-11-25T10:00", "2026-11-25T11:00", "urgent"))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> {
                    assertThat(refused.conflicts()).extracting(SessionConflict::kind).containsExactly(SessionConflict.Kind.MEDIATOR_BUSY);
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), ZH)).isEqualTo("王调解 11月25日 09:00–10:30 TJ-1");
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), EN)).isEqualTo("王调解 Nov 25 09:00–10:30 TJ-1");
                    assertThat(refused.overridable()).as("a reason does not free a mediator").isFalse();
                });
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-11-25T10:00", "2026-11-25T11:00", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> assertThat(refused.conflicts())
                        .extracting(SessionConflict::kind).containsExactly(SessionConflict.Kind.ROOM_BUSY));
        // 张三 is a party of TJ-1 and TJ-2: he cannot be in two rooms at once.
        assertThatThrownBy(() -> book(SECOND, "M002", "R2", "2026-11-25T10:00", "2026-11-25T11:00", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> {
                    assertThat(refused.conflicts()).extracting(SessionConflict::kind)
                            .contains(SessionConflict.Kind.PARTY_BUSY, SessionConflict.Kind.ROOM_TOO_SMALL);
                    assertThat(refused.conflicts()).filteredOn(conflict -> conflict.kind() == SessionConflict.Kind.PARTY_BUSY)
                            .extracting(conflict -> SessionTexts.detail(conflict, ZH)).containsExactly("张三 11月25日 09:00–10:30 TJ-1");
                });
        // Back to back is fine: 10:30 is free again.
        assertThat(book(THIRD, "M001", "R1", "2026-11-25T10:30", "2026-11-25T12:00", null).mediatorCode()).isEqualTo("M001");
        assertThat(database.dsl().fetchCount(MEDIATION_SESSION)).isEqualTo(2);
    }

    @Test
    void holidaysWeekendsAndEveningsNeedARecordedReason() {
        // 2026-10-01, National Day: refused without a reason, named.
        assertThatThrownBy(() -> book(FIRST, "M001", "R1", "2026-10-01T09:00", "2026-10-01T10:00", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> {
                    assertThat(refused.overridable()).isTrue();
                    assertThat(refused.conflicts().get(0).kind()).isEqualTo(SessionConflict.Kind.NOT_A_WORKING_DAY);
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), ZH)).startsWith("2026-10-01").contains("国庆");
                });
        CalendarSession overridden = book(FIRST, "M001", "R1", "2026-10-01T09:00", "2026-10-01T10:00", "当事人节后出国，经双方同意");
        assertThat(overridden.overrideReason()).isEqualTo("当事人节后出国，经双方同意");

        // Across lunch (11:30–12:30) is outside the working hours 09:00–12:00 and 14:00–17:30.
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-11-26T11:30", "2026-11-26T12:30", " "))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> assertThat(refused.conflicts())
                        .extracting(SessionConflict::kind).containsExactly(SessionConflict.Kind.OUTSIDE_WORKING_HOURS));
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-11-26T11:30", "2026-11-26T12:30", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> {
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), ZH)).isEqualTo("11:30–12:30，工作时间 09:00–12:00、14:00–17:30");
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), EN))
                            .isEqualTo("11:30–12:30; working hours 09:00–12:00, 14:00–17:30");
                });
        // A Saturday.
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-11-28T09:00", "2026-11-28T10:00", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> {
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), ZH)).isEqualTo("2026-11-28 周末");
                    assertThat(SessionTexts.detail(refused.conflicts().get(0), EN)).isEqualTo("2026-11-28 (weekend)");
                });
        // An evening hour is refused; so is an afternoon that runs to midnight (00:00 of the next day).
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-12-08T17:00", "2026-12-08T18:00", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> assertThat(refused.conflicts())
                        .extracting(SessionConflict::kind).containsExactly(SessionConflict.Kind.OUTSIDE_WORKING_HOURS));
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-12-08T14:00", "2026-12-09T00:00", null))
                .isInstanceOfSatisfying(BookingRefused.class, refused -> {
                    assertThat(refused.conflicts()).extracting(SessionConflict::kind)
                            .containsExactly(SessionConflict.Kind.OUTSIDE_WORKING_HOURS);
                    assertThat(refused.overridable()).isTrue();
                });
        assertThat(book(THIRD, "M002", "R1", "2026-12-08T14:00", "2026-12-09T00:00", "调解至深夜，双方同意").overrideReason())
                .isEqualTo("调解至深夜，双方同意");
    }

    @Test
    void movingChecksTheSameRulesAndRefusesAStaleCopy() {
        CalendarSession first = book(FIRST, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        CalendarSession other = book(THIRD, "M002", "R1", "2026-11-25T14:00", "2026-11-25T15:30", null);
        // Dragged onto the other session's room and time: refused, nothing moves.
        assertThatThrownBy(() -> scheduler.move(first.id(), first.rowVersion(), "M001", "R1", at("2026-11-25T14:30"),
                at("2026-11-25T16:00"), null)).isInstanceOf(BookingRefused.class);
        assertThat(scheduler.between(at("2026-11-25T00:00"), at("2026-11-26T00:00")))
                .extracting(CalendarSession::startsAt).containsExactly(at("2026-11-25T09:00"), at("2026-11-25T14:00"));
        // Resized within its own slot: fine (it does not collide with itself).
        CalendarSession longer = scheduler.move(first.id(), first.rowVersion(), "M001", "R1", at("2026-11-25T09:00"),
                at("2026-11-25T11:00"), null);
        assertThat(longer.endsAt()).isEqualTo(at("2026-11-25T11:00"));
        assertThat(longer.rowVersion()).isEqualTo(first.rowVersion() + 1);
        assertThatThrownBy(() -> scheduler.move(first.id(), first.rowVersion(), "M001", "R1", at("2026-11-25T09:00"),
                at("2026-11-25T10:00"), null)).isInstanceOf(ConcurrentModificationException.class);
        assertThat(other.id()).isNotEqualTo(first.id());

        CalendarSession held = scheduler.recordResult(longer.id(), longer.rowVersion(), "HELD", "双方达成初步意向");
        assertThat(held.status()).isEqualTo("HELD");
    }

    @Test
    void aCancelledSessionCannotBeHeldAndASessionWithAResultCannotBeMoved() {
        CalendarSession first = book(FIRST, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        CalendarSession cancelled = scheduler.recordResult(first.id(), first.rowVersion(), "CANCELLED", "申请人临时有事");
        // The slot is free again and goes to another case, with the same mediator and room.
        CalendarSession second = book(THIRD, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);

        assertThatThrownBy(() -> scheduler.recordResult(cancelled.id(), cancelled.rowVersion(), "HELD", "双方到场"))
                .isInstanceOfSatisfying(DisputeRefused.class, refused -> {
                    assertThat(refused.key()).isEqualTo("mediation.refused.sessionCancelled");
                    assertThat(refused.arguments()).containsExactly("TJ-1");
                });
        assertThatThrownBy(() -> scheduler.move(cancelled.id(), cancelled.rowVersion(), "M001", "R1", at("2026-11-26T09:00"),
                at("2026-11-26T10:30"), null)).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.sessionCancelled"));
        assertThat(database.dsl().fetchCount(MEDIATION_SESSION, MEDIATION_SESSION.MEDIATOR_CODE.eq("M001")
                .and(MEDIATION_SESSION.STATUS.ne("CANCELLED")))).as("M001 holds one session at nine, not two").isEqualTo(1);
        assertThat(scheduler.suggestMediators("NEIGHBOUR", at("2026-11-25T14:00"), at("2026-11-25T15:00")))
                .filteredOn(suggestion -> suggestion.mediator().code().equals("M001"))
                .extracting(SessionScheduler.MediatorSuggestion::sessionsNearby).as("a cancelled session is no load").containsExactly(1);
        // Why it was cancelled may still be written down.
        assertThat(scheduler.recordResult(cancelled.id(), cancelled.rowVersion(), "CANCELLED", "改约另期").status())
                .isEqualTo("CANCELLED");

        CalendarSession held = scheduler.recordResult(second.id(), second.rowVersion(), "HELD", "双方达成初步意向");
        assertThatThrownBy(() -> scheduler.move(held.id(), held.rowVersion(), "M001", "R1", at("2026-11-25T14:00"),
                at("2026-11-25T15:30"), null)).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.sessionNotMovable"));
        assertThatThrownBy(() -> scheduler.recordResult(held.id(), held.rowVersion(), "CANCELLED", null))
                .isInstanceOfSatisfying(DisputeRefused.class,
                        refused -> assertThat(refused.key()).isEqualTo("mediation.refused.sessionTookPlace"));
        // A slip between the results of a session that took place is put right; its minutes can follow.
        CalendarSession adjourned = scheduler.recordResult(held.id(), held.rowVersion(), "ADJOURNED", null);
        assertThat(adjourned.status()).isEqualTo("ADJOURNED");
        assertThat(scheduler.recordResult(adjourned.id(), adjourned.rowVersion(), "ADJOURNED", "下周再议").status())
                .isEqualTo("ADJOURNED");
        assertThat(database.dsl().select(MEDIATION_SESSION.STARTS_AT).from(MEDIATION_SESSION)
                .where(MEDIATION_SESSION.ID.eq(held.id())).fetchOne(MEDIATION_SESSION.STARTS_AT).toInstant())
                .isEqualTo(at("2026-11-25T09:00"));
    }

    @Test
    void aSessionStillToComeCanBeCancelledButNotSaidToHaveTakenPlace() {
        CalendarSession nextWeek = book(FIRST, "M001", "R1", "2026-12-02T09:00", "2026-12-02T10:30", null);
        assertThat(scheduler.resultsAllowed(nextWeek, scheduler.today())).containsExactly("CANCELLED");

        for (String result : List.of("HELD", "ADJOURNED", "PARTY_ABSENT")) {
            assertThatThrownBy(() -> scheduler.recordResult(nextWeek.id(), nextWeek.rowVersion(), result, "双方到场"))
                    .as(result).isInstanceOfSatisfying(DisputeRefused.class, refused -> {
                        assertThat(refused.key()).isEqualTo("mediation.refused.sessionNotDue");
                        assertThat(ZH.text(refused.key(), refused.arguments()))
                                .isEqualTo("TJ-1 的这场调解定在 2026-12-02，尚未到期，只能取消。");
                        assertThat(EN.text(refused.key(), refused.arguments()))
                                .isEqualTo("This session of TJ-1 is set for 2026-12-02, which has not come yet: it can only be cancelled.");
                    });
        }
        var stored = database.dsl().selectFrom(MEDIATION_SESSION).where(MEDIATION_SESSION.ID.eq(nextWeek.id())).fetchSingle();
        assertThat(stored.getStatus()).as("nothing was written").isEqualTo("SCHEDULED");
        assertThat(stored.getMinutes()).isNull();
        assertThat(stored.getRowVersion()).isEqualTo(nextWeek.rowVersion());

        CalendarSession cancelled = scheduler.recordResult(nextWeek.id(), nextWeek.rowVersion(), "CANCELLED", "申请人临时出差");
        assertThat(cancelled.status()).isEqualTo("CANCELLED");
    }

    @Test
    void aSessionMayBeGivenAnyResultFromTheStartOfItsDayInTheOfficesZone() {
        // This afternoon's, at noon: a session may begin early, and a no-show is written down at the start.
        CalendarSession afternoon = book(FIRST, "M001", "R1", "2026-11-25T14:00", "2026-11-25T15:30", null);
        assertThat(scheduler.resultsAllowed(afternoon, scheduler.today())).containsExactlyElementsOf(SessionScheduler.RESULTS);
        assertThat(scheduler.recordResult(afternoon.id(), afternoon.rowVersion(), "PARTY_ABSENT", "被申请人未到").status())
                .isEqualTo("PARTY_ABSENT");

        // Tomorrow morning's: not late this evening; just after midnight in Guangzhou it is, while UTC is still on the
        // 25th (16:30Z): the day is the office's.
        CalendarSession tomorrow = book(THIRD, "M002", "R2", "2026-11-26T09:00", "2026-11-26T10:00", null);
        clock.set(at("2026-11-25T23:59"));
        assertThatThrownBy(() -> scheduler.recordResult(tomorrow.id(), tomorrow.rowVersion(), "HELD", null))
                .isInstanceOfSatisfying(DisputeRefused.class,
                        refused -> assertThat(refused.key()).isEqualTo("mediation.refused.sessionNotDue"));
        clock.set(at("2026-11-26T00:30"));
        assertThat(scheduler.today()).isEqualTo(java.time.LocalDate.of(2026, 11, 26));
        assertThat(scheduler.recordResult(tomorrow.id(), tomorrow.rowVersion(), "HELD", null).status()).isEqualTo("HELD");
    }

    private String storedMinutes(CalendarSession session) {
        return database.dsl().select(MEDIATION_SESSION.MINUTES).from(MEDIATION_SESSION).where(MEDIATION_SESSION.ID.eq(session.id()))
                .fetchOne(MEDIATION_SESSION.MINUTES);
    }

    @Test
    void minutesAreKeptWhenNoneAreGivenAndClearedWhenBlank() {
        CalendarSession booked = book(FIRST, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        CalendarSession held = scheduler.recordResult(booked.id(), booked.rowVersion(), "HELD", "双方到场，李四同意赔偿");
        // A result alone (the calendar's right-click) leaves the minutes as they are.
        CalendarSession adjourned = scheduler.recordResult(held.id(), held.rowVersion(), "ADJOURNED", null);
        assertThat(storedMinutes(adjourned)).isEqualTo("双方到场，李四同意赔偿");

        // Emptied at the desk: gone, not kept, and stored as none rather than as an empty text.
        CalendarSession cleared = scheduler.recordResult(adjourned.id(), adjourned.rowVersion(), "ADJOURNED", "");
        assertThat(cleared.status()).isEqualTo("ADJOURNED");
        assertThat(storedMinutes(cleared)).isNull();
        CalendarSession again = scheduler.recordResult(cleared.id(), cleared.rowVersion(), "HELD", "补记：双方到场");
        assertThat(storedMinutes(again)).isEqualTo("补记：双方到场");
        assertThat(storedMinutes(scheduler.recordResult(again.id(), again.rowVersion(), "HELD", " \n "))).as("blank is empty").isNull();
    }

    @Test
    void noSessionIsBookedOrMovedForAClosedCase() {
        UUID withdrawn = UUID.randomUUID();
        Instant registered = Instant.parse("2026-11-20T01:00:00Z");
        new MediationRepository(database.dsl()).insertDisputes(List.of(new MediationRows.Dispute(withdrawn, "TJ-9", "NEIGHBOUR",
                        "PARTY_APPLICATION", "PEOPLES", "相邻关系纠纷", BigDecimal.TEN, "YELLOW", "CLOSED", null, "M001", registered,
                        registered.plusSeconds(30 * 86_400), registered.plusSeconds(86_400), "WITHDRAWN", null, false, "TEST", 1)),
                List.of(party(withdrawn, "孙八", null)), List.of());
        assertThatThrownBy(() -> book(withdrawn, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null))
                .isInstanceOfSatisfying(DisputeRefused.class, refused -> {
                    assertThat(refused.key()).isEqualTo("mediation.refused.sessionOnClosedCase");
                    assertThat(refused.arguments()).containsExactly("TJ-9");
                });
        assertThat(database.dsl().fetchCount(MEDIATION_SESSION)).isZero();

        // A case closed with a session still to come: the session is not moved to a new date either.
        CalendarSession booked = book(THIRD, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        database.dsl().update(cn.zongzhi.db.jooq.Tables.DISPUTE).set(cn.zongzhi.db.jooq.Tables.DISPUTE.STATUS, "CLOSED")
                .set(cn.zongzhi.db.jooq.Tables.DISPUTE.OUTCOME, "AGREEMENT")
                .where(cn.zongzhi.db.jooq.Tables.DISPUTE.ID.eq(THIRD)).execute();
        assertThatThrownBy(() -> scheduler.move(booked.id(), booked.rowVersion(), "M001", "R1", at("2026-11-26T09:00"),
                at("2026-11-26T10:30"), null)).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.sessionOnClosedCase"));
        assertThatThrownBy(() -> book(THIRD, "M002", "R1", "2026-11-26T09:00", "2026-11-26T10:30", null))
                .isInstanceOf(DisputeRefused.class);
    }

    @Test
    void aVoidedSessionHoldsNoMediatorRoomOrParty() {
        // 张三 is a party of TJ-1 and TJ-2; TJ-1's session was dropped by its owner and voided when the case came back.
        CalendarSession dropped = book(FIRST, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        database.dsl().update(MEDIATION_SESSION).set(MEDIATION_SESSION.VOIDED, true)
                .where(MEDIATION_SESSION.ID.eq(dropped.id())).execute();

        assertThat(scheduler.conflicts(SECOND, "M001", "R1", at("2026-11-25T09:00"), at("2026-11-25T10:30"), null)).isEmpty();
        CalendarSession booked = book(SECOND, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        assertThat(booked.caseNo()).isEqualTo("TJ-2");
    }

    @Test
    void suggestsFreeSpecialistsFirst() {
        book(FIRST, "M001", "R1", "2026-11-25T09:00", "2026-11-25T10:30", null);
        var suggestions = scheduler.suggestMediators("NEIGHBOUR", at("2026-11-25T09:30"), at("2026-11-25T10:30"));
        assertThat(suggestions.get(0).mediator().code()).as("M001 specialises but is busy").isEqualTo("M002");
        assertThat(suggestions.get(0).free()).isTrue();
        var later = scheduler.suggestMediators("NEIGHBOUR", at("2026-11-25T14:00"), at("2026-11-25T15:00"));
        assertThat(later.get(0).mediator().code()).as("free and a specialist").isEqualTo("M001");
    }
}
