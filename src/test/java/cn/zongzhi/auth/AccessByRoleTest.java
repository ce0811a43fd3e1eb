package cn.zongzhi.auth;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.TestOperators;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.DeadlineRule;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.mediation.DisputeService;
import cn.zongzhi.mediation.MediationRepository;
import cn.zongzhi.mediation.MediationRows;
import cn.zongzhi.mediation.SessionScheduler;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Calls the services directly, as each role, the way no screen would: the refusals come from the services.
 * The matrix is in {@link Role}; here every role meets every guarded entry point once.
 */
class AccessByRoleTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path folder;
    private Database database;
    private IncidentService incidents;

    @BeforeEach
    void office() {
        database = TestDatabases.fresh(folder);
        TestDatabases.seedOneCategory(database, "440111004001", "某社区");
        DeadlineRule plainDays = (from, amount, unit) -> from.plus(Duration.ofDays(amount));
        incidents = new IncidentService(database.dsl(), plainDays, (lon, lat) -> new IncidentService.Location("440111004001", null),
                new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC), ZONE, "440111-DEMO", "BY");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private StoredIncident report(Operator operator) {
        return incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", "垃圾堆积",
                "三天无人清运", "某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);
    }

    /** {@code reason} null: refused for another reason than access (a booking conflict). */
    private static void refused(ThrowableAssert.ThrowingCallable call, AccessDenied.Reason reason) {
        if (reason == null) {
            assertThatThrownBy(call).isInstanceOf(cn.zongzhi.mediation.BookingRefused.class);
            return;
        }
        assertThatThrownBy(call).isInstanceOfSatisfying(AccessDenied.class, denied -> assertThat(denied.reason()).isEqualTo(reason));
    }

    @Test
    void onlyTheIncidentDesksTakeInAndWorkIncidents() {
        for (Role role : List.of(Role.MEDIATION_RECEPTIONIST, Role.MEDIATOR, Role.SUPERVISOR)) {
            refused(() -> report(TestOperators.of(role)), AccessDenied.Reason.ROLE);
        }
        refused(() -> report(null), AccessDenied.Reason.NOT_SIGNED_IN);
        assertThatThrownBy(() -> report(TestOperators.receptionist())).isInstanceOfSatisfying(AccessDenied.class, denied ->
                assertThat(AccessMessages.describe(denied, cn.zongzhi.common.Messages.forLanguage("zh"))).isEqualTo("您的角色无权登记事件。"));
        StoredIncident incident = report(TestOperators.of(Role.SEAT_OPERATOR));
        assertThat(report(TestOperators.of(Role.ADMINISTRATOR)).caseNo()).as("the administrator may stand in").isNotBlank();

        for (Role role : List.of(Role.MEDIATION_RECEPTIONIST, Role.MEDIATOR)) {
            refused(() -> incidents.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), TestOperators.of(role)),
                    AccessDenied.Reason.ROLE);
            refused(() -> incidents.attach(incident.id(), "a.png", "image/png", cn.zongzhi.incidents.TestAttachments.png(1), TestOperators.of(role)),
                    AccessDenied.Reason.ROLE);
            refused(() -> incidents.merge(incident.id(), "X", TestOperators.of(role)), AccessDenied.Reason.ROLE);
        }
        incidents.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), TestOperators.of(Role.SUPERVISOR));
        incidents.act(incident.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"), TestOperators.of(Role.SEAT_OPERATOR));
        // Nothing refused changed the incident.
        assertThat(incidents.detail(incident.id()).history()).hasSize(3);
    }

    @Test
    void anAccountActsOnlyInsideItsAreaSubtree() {
        StoredIncident incident = report(TestOperators.of(Role.SEAT_OPERATOR));
        Operator neighbouringDistrict = TestOperators.of(Role.SEAT_OPERATOR, "440112000000");
        Operator otherTown = TestOperators.of(Role.SUPERVISOR, "440111005000");
        Operator ownTown = TestOperators.of(Role.SUPERVISOR, "440111004000");
        Operator city = TestOperators.of(Role.SEAT_OPERATOR, "440100000000");
        refused(() -> incidents.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), neighbouringDistrict), AccessDenied.Reason.AREA);
        refused(() -> incidents.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), otherTown), AccessDenied.Reason.AREA);
        Operator otherTownsSeat = TestOperators.of(Role.SEAT_OPERATOR, "440111005000");
        refused(() -> incidents.attach(incident.id(), "a.png", "image/png", cn.zongzhi.incidents.TestAttachments.png(1), otherTownsSeat), AccessDenied.Reason.AREA);
        refused(() -> incidents.attach(incident.id(), "a.png", "image/png", cn.zongzhi.incidents.TestAttachments.png(1), neighbouringDistrict), AccessDenied.Reason.AREA);
        assertThat(incidents.attachments(incident.id())).as("nothing refused was stored").isEmpty();
        assertThatCode(() -> incidents.attach(incident.id(), "a.png", "image/png", cn.zongzhi.incidents.TestAttachments.png(1),
                TestOperators.of(Role.SEAT_OPERATOR, "440111004000"))).doesNotThrowAnyException();
        assertThatCode(() -> incidents.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), ownTown)).doesNotThrowAnyException();
        assertThatCode(() -> incidents.act(incident.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"), city))
                .doesNotThrowAnyException();
        assertThat(Access.scope(otherTown)).isEqualTo("440111005");
        // Reading: the queue shows each account its own subtree, whatever the filter asks.
        var any = cn.zongzhi.incidents.IncidentFilter.any();
        assertThat(incidents.count(any, ownTown)).isEqualTo(1);
        assertThat(incidents.count(any, otherTown)).isZero();
        assertThat(incidents.count(any.withAreaCodePrefix("440111004"), otherTown)).as("asking for another town shows nothing").isZero();
        assertThat(incidents.count(any.withAreaCodePrefix("4401"), ownTown)).as("asking wider stays within the town").isEqualTo(1);
        assertThat(incidents.page(any, cn.zongzhi.incidents.IncidentSort.values()[0], 0, 10, neighbouringDistrict)).isEmpty();
        assertThat(incidents.count(any, city)).isEqualTo(1);
        assertThat(Access.scope(city)).isEqualTo("4401");
        assertThat(Access.scope(TestOperators.of(Role.SEAT_OPERATOR, "440111100000"))).as("town 100, not a prefix of 101").isEqualTo("440111100");
    }

    @Test
    void anIncidentIsOpenedOnlyInsideTheReadersAreaSubtree() {
        Operator ownSeat = TestOperators.of(Role.SEAT_OPERATOR, "440111004000");
        StoredIncident ours = report(ownSeat);
        incidents.attach(ours.id(), "现场.png", "image/png", cn.zongzhi.incidents.TestAttachments.png(7), ownSeat);
        // The same caller reported a second matter now kept by the neighbouring town 005.
        StoredIncident theirs = report(ownSeat);
        database.dsl().execute("insert into admin_area(code, name, level) values ('440111005001', '邻社区', 'COMMUNITY')");
        database.dsl().execute("update incident set area_code = '440111005001' where id = ?", theirs.id());
        Operator otherTownsSeat = TestOperators.of(Role.SEAT_OPERATOR, "440111005000");
        Operator neighbouringDistrict = TestOperators.of(Role.SUPERVISOR, "440112000000");
        var photo = incidents.attachments(ours.id(), ownSeat).get(0);

        for (Operator outsider : List.of(otherTownsSeat, neighbouringDistrict)) {
            refused(() -> incidents.detail(ours.id(), outsider), AccessDenied.Reason.AREA);
            refused(() -> incidents.attachments(ours.id(), outsider), AccessDenied.Reason.AREA);
            refused(() -> incidents.attachmentContent(photo.id(), outsider), AccessDenied.Reason.AREA);
            refused(() -> incidents.duplicateCandidates(ours.id(), outsider), AccessDenied.Reason.AREA);
        }
        refused(() -> incidents.detail(ours.id(), null), AccessDenied.Reason.NOT_SIGNED_IN);
        refused(() -> incidents.callerHistory("13800001234", null), AccessDenied.Reason.NOT_SIGNED_IN);

        assertThat(incidents.detail(ours.id(), ownSeat).caseNo()).isEqualTo(ours.caseNo());
        assertThat(incidents.attachmentContent(photo.id(), ownSeat)).containsExactly(cn.zongzhi.incidents.TestAttachments.png(7));
        // Same category, place and caller: each is the other's look-alike, but only where the reader may open it.
        assertThat(incidents.duplicateCandidates(ours.id(), TestOperators.of(Role.SEAT_OPERATOR, "440100000000")))
                .extracting(cn.zongzhi.incidents.IncidentRepository.NearbyIncident::caseNo).containsExactly(theirs.caseNo());
        assertThat(incidents.duplicateCandidates(ours.id(), ownSeat)).isEmpty();
        assertThat(incidents.duplicateCandidates(theirs.id(), otherTownsSeat)).isEmpty();

        // The repeat-caller list of the intake form: each town sees its own case of the caller, the city both.
        assertThat(incidents.callerHistory("13800001234", ownSeat)).extracting(cn.zongzhi.incidents.IncidentSummary::caseNo)
                .containsExactly(ours.caseNo());
        assertThat(incidents.callerHistory("13800001234", otherTownsSeat)).extracting(cn.zongzhi.incidents.IncidentSummary::caseNo)
                .containsExactly(theirs.caseNo());
        assertThat(incidents.callerHistory("13800001234", TestOperators.of(Role.SEAT_OPERATOR, "440100000000"))).hasSize(2);
        assertThat(incidents.callerHistory("13800001234", neighbouringDistrict)).isEmpty();
        refused(() -> incidents.callerHistoryCounted("13800001234", null), AccessDenied.Reason.NOT_SIGNED_IN);
        // The count past the list's limit is held to the same subtree as the list.
        var phones = new cn.zongzhi.incidents.IncidentRepository(database.dsl());
        assertThat(phones.countByReporterPhone("13800001234", Access.scope(ownSeat))).isEqualTo(1);
        assertThat(phones.countByReporterPhone("13800001234", Access.scope(otherTownsSeat))).isEqualTo(1);
        assertThat(phones.countByReporterPhone("13800001234", "4401")).isEqualTo(2);
        assertThat(phones.countByReporterPhone("13800001234", Access.scope(neighbouringDistrict))).isZero();
    }

    @Test
    void theMediationDesksSplitRegisteringFromMediating() {
        MediationRepository desk = new MediationRepository(database.dsl());
        desk.upsertMediators(List.of(new MediationRows.Mediator("M1", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null)));
        new CalendarService(database.dsl()).seedBundledIfEmpty();
        var parties = List.of(new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, null, null, null),
                new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, null, null, null));
        var dispute = new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", null, "漏水", "YELLOW", null, null, parties);
        for (Role role : List.of(Role.SEAT_OPERATOR, Role.MEDIATOR, Role.SUPERVISOR)) {
            refused(() -> disputes(role).register(dispute), AccessDenied.Reason.ROLE);
        }
        var registered = disputes(Role.MEDIATION_RECEPTIONIST).register(dispute);

        // This afternoon's session: its day has come (NOW is 10:00 that day), so the mediator may record it as held.
        Instant start = LocalDateTime.parse("2026-11-23T14:00").atZone(ZONE).toInstant();
        var booking = new SessionScheduler.Booking(registered.id(), "M1", null, start, start.plusSeconds(3600), null);
        refused(() -> scheduler(Role.MEDIATOR).book(booking), AccessDenied.Reason.ROLE);
        refused(() -> scheduler(Role.SEAT_OPERATOR).book(booking), AccessDenied.Reason.ROLE);
        var session = scheduler(Role.MEDIATION_RECEPTIONIST).book(booking);
        refused(() -> scheduler(Role.SEAT_OPERATOR).recordResult(session.id(), session.rowVersion(), "HELD", "记录"), AccessDenied.Reason.ROLE);
        scheduler(Role.MEDIATOR).recordResult(session.id(), session.rowVersion(), "HELD", "双方到场");

        var outcome = new DisputeService.Outcome("AGREEMENT", "赔偿", null, null, null, null, null);
        for (Role role : List.of(Role.SEAT_OPERATOR, Role.SUPERVISOR)) {
            refused(() -> disputes(role).recordOutcome(registered.id(), 1, outcome), AccessDenied.Reason.ROLE);
            refused(() -> disputes(role).extendTimeLimit(registered.id(), 1, 10, "同意"), AccessDenied.Reason.ROLE);
        }
        assertThatCode(() -> disputes(Role.MEDIATOR).recordOutcome(registered.id(), 1, outcome)).doesNotThrowAnyException();

        // Full names, ID numbers and phones: the desks that need them, audited; a supervisor works masked.
        refused(() -> disputes(Role.SUPERVISOR).revealParties(registered.id()), AccessDenied.Reason.ROLE);
        int audited = database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG);
        assertThat(disputes(Role.MEDIATION_RECEPTIONIST).revealParties(registered.id()))
                .extracting(cn.zongzhi.mediation.DisputeRepository.PartyRow::name).containsExactlyInAnyOrder("张三", "李四");
        var entry = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)
                .orderBy(cn.zongzhi.db.jooq.Tables.AUDIT_LOG.SEQ.desc()).limit(1).fetchOne();
        assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)).isEqualTo(audited + 1);
        assertThat(entry.getAction()).isEqualTo("REVEAL");
        assertThat(entry.getEntityId()).isEqualTo(registered.caseNo());
        assertThat(entry.getDetail()).doesNotContain("张三");
    }

    @Test
    void aTownsMediationDeskSeesAndChangesOnlyItsTownsDisputes() {
        database.dsl().execute("insert into admin_area(code, name, level) values ('440111005001', '别的社区', 'COMMUNITY')");
        var parties = List.of(new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, null, null, null),
                new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, null, null, null));
        var city = new DisputeService(database.dsl(), new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC),
                ZONE, "440111-DEMO", "BY", TestOperators.of(Role.MEDIATION_RECEPTIONIST, null));
        var town = new DisputeService(database.dsl(), new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC),
                ZONE, "440111-DEMO", "BY", TestOperators.of(Role.MEDIATION_RECEPTIONIST, "440111004000"));
        var elsewhere = city.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", null, "漏水", "YELLOW",
                "440111005001", null, parties));
        var ours = town.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", null, "噪音", "YELLOW",
                "440111004001", null, parties));
        var unplaced = town.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", null, "窗口登记", "YELLOW",
                null, null, parties));
        assertThat(town.list(true)).extracting(cn.zongzhi.mediation.DisputeRepository.Summary::caseNo)
                .containsExactlyInAnyOrder(ours.caseNo(), unplaced.caseNo());
        assertThat(city.list(true)).hasSize(3);
        refused(() -> town.extendTimeLimit(elsewhere.id(), 0, 10, "同意"), AccessDenied.Reason.AREA);
        refused(() -> town.revealParties(elsewhere.id()), AccessDenied.Reason.AREA);
        refused(() -> town.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", null, "越界", "YELLOW",
                "440111005001", null, parties)), AccessDenied.Reason.AREA);
        assertThatCode(() -> town.extendTimeLimit(ours.id(), 0, 10, "同意")).doesNotThrowAnyException();

        // The calendar shows each desk its own disputes' sessions; the mediator stays shared and is never double-booked.
        new MediationRepository(database.dsl()).upsertMediators(List.of(new MediationRows.Mediator("M1", "王调解", "MODEL_MEDIATOR",
                "NEIGHBOUR", null, null)));
        new CalendarService(database.dsl()).seedBundledIfEmpty();
        SessionScheduler citySchedule = new SessionScheduler(database.dsl(), () -> new CalendarService(database.dsl()).calendar(),
                WorkingHours.standard(), ZONE, new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), "440111-DEMO",
                TestOperators.of(Role.MEDIATION_RECEPTIONIST, null));
        SessionScheduler townSchedule = new SessionScheduler(database.dsl(), () -> new CalendarService(database.dsl()).calendar(),
                WorkingHours.standard(), ZONE, new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), "440111-DEMO",
                TestOperators.of(Role.MEDIATION_RECEPTIONIST, "440111004000"));
        Instant nine = LocalDateTime.parse("2026-11-25T09:00").atZone(ZONE).toInstant();
        citySchedule.book(new SessionScheduler.Booking(elsewhere.id(), "M1", null, nine, nine.plusSeconds(3600), null));
        refused(() -> townSchedule.book(new SessionScheduler.Booking(ours.id(), "M1", null, nine, nine.plusSeconds(3600), null)),
                null);
        Instant two = LocalDateTime.parse("2026-11-25T14:00").atZone(ZONE).toInstant();
        townSchedule.book(new SessionScheduler.Booking(ours.id(), "M1", null, two, two.plusSeconds(3600), null));
        Instant monday = LocalDateTime.parse("2026-11-23T00:00").atZone(ZONE).toInstant();
        assertThat(townSchedule.between(monday, monday.plusSeconds(7 * 86400L))).extracting(cn.zongzhi.mediation.CalendarSession::caseNo)
                .containsExactly(ours.caseNo());
        assertThat(citySchedule.between(monday, monday.plusSeconds(7 * 86400L))).hasSize(2);
    }

    @Test
    void aSupervisorCannotRevealAReporter() {
        StoredIncident incident = report(TestOperators.of(Role.SEAT_OPERATOR));
        refused(() -> incidents.recordReveal(incident.id(), TestOperators.of(Role.SUPERVISOR)), AccessDenied.Reason.ROLE);
        refused(() -> incidents.recordReveal(incident.id(), TestOperators.of(Role.SEAT_OPERATOR, "440112000000")), AccessDenied.Reason.AREA);
        assertThatCode(() -> incidents.recordReveal(incident.id(), TestOperators.of(Role.SEAT_OPERATOR))).doesNotThrowAnyException();
    }

    @Test
    void aDisputeIntakeGetsTheReporterInClearOnlyWhereTheAccountMayRevealThemAndAuditsIt() {
        StoredIncident incident = report(TestOperators.of(Role.SEAT_OPERATOR));
        int audited = database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG);
        assertThat(incidents.handOverReporter(incident.id(), TestOperators.of(Role.SUPERVISOR))).isFalse();
        assertThat(incidents.handOverReporter(incident.id(), TestOperators.of(Role.SEAT_OPERATOR, "440112000000"))).isFalse();
        assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)).as("nothing shown, nothing written").isEqualTo(audited);

        assertThat(incidents.handOverReporter(incident.id(), TestOperators.of(Role.SEAT_OPERATOR))).isTrue();
        var entry = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)
                .orderBy(cn.zongzhi.db.jooq.Tables.AUDIT_LOG.SEQ.desc()).limit(1).fetchOne();
        assertThat(entry.getAction()).isEqualTo("REVEAL");
        assertThat(entry.getEntityId()).isEqualTo(incident.caseNo());
        assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)).isEqualTo(audited + 1);
    }

    @Test
    void theMediationDeskResolvesOnlyTheIncidentItsConcludedDisputeCameFrom() {
        StoredIncident unrelated = report(TestOperators.of(Role.SEAT_OPERATOR));
        refused(() -> incidents.resolveFromDispute(unrelated.id(), "结案", TestOperators.receptionist()), AccessDenied.Reason.ROLE);
        refused(() -> incidents.resolveFromDispute(unrelated.id(), "结案", TestOperators.of(Role.SEAT_OPERATOR)), AccessDenied.Reason.ROLE);
    }

    private DisputeService disputes(Role role) {
        return new DisputeService(database.dsl(), new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC),
                ZONE, "440111-DEMO", "BY", TestOperators.of(role));
    }

    private SessionScheduler scheduler(Role role) {
        return new SessionScheduler(database.dsl(), () -> new CalendarService(database.dsl()).calendar(), WorkingHours.standard(),
                ZONE, new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), "440111-DEMO", TestOperators.of(role));
    }
}
