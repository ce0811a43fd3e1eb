package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.mediation.CalendarSession;
import cn.zongzhi.mediation.DisputeRefused;
import cn.zongzhi.mediation.DisputeService;
import cn.zongzhi.mediation.MediationRepository;
import cn.zongzhi.mediation.MediationRows;
import cn.zongzhi.mediation.SessionScheduler;
import cn.zongzhi.sync.MediationCaseSyncRepository;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.protocol.SyncJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mediation cases travel (decision 0017): the township that registered a case sends it whole — parties, sessions,
 * outcome — and the city's console receives it to see, not to change; the other township never sees it. The owner's
 * later steps follow. What an agreement binds does not change once the city holds it, and another office's change
 * is refused; either way the console that tried is put back to the city's copy. On H2 and PostgreSQL.
 */
class MediationCaseSyncTest {
    private static final Instant MORNING = Instant.parse("2026-12-03T01:00:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String TOWN = "TOWN-440111004";

    @TempDir
    Path folder;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theOwnersCaseReachesTheCityWholeAndOnlyTheOwnerChangesIt(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.enrolled(folder, enrollments, server, clock, TOWN, TOWN, "TOWN",
                    "440111004", "440111004001", "JT");
                 SyncTestConsole other = SyncTestConsole.sanyuanli(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {
                // The township's own mediator and room, which the city has never heard of.
                MediationRepository desk = new MediationRepository(town.database.dsl());
                desk.upsertMediators(List.of(new MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null)));
                desk.upsertRooms(List.of(new MediationRows.Room("R1", "第一调解室", 6, "一楼")));
                DisputeService townDesk = disputes(town, clock);
                var registered = townDesk.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES",
                        new BigDecimal("3000.00"), "楼上漏水致楼下天花板受损", "YELLOW", "440111004001", null, List.of(
                        new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, "13800001234", "松柏街1号", null),
                        new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, "13900001234", "松柏街1号楼上", "王律师"))));
                SessionScheduler townCalendar = calendar(town);
                CalendarSession session = townCalendar.book(new SessionScheduler.Booking(registered.id(), "M001", "R1",
                        Instant.parse("2026-12-04T01:00:00Z"), Instant.parse("2026-12-04T02:30:00Z"), null));

                assertThat(town.round().pushed()).as("the case goes in the township's round").isGreaterThanOrEqualTo(1);
                city.round();
                other.round();

                ObjectNode onServer = serverCase(serverDb, registered.id());
                assertThat(onServer.get("caseNo").asText()).isEqualTo(registered.caseNo());
                assertThat(onServer.get("parties")).hasSize(2);
                assertThat(onServer.get("sessions")).hasSize(1);
                var cityRow = city.database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
                assertThat(cityRow).as("the city sees the township's case").isNotNull();
                assertThat(cityRow.getCaseNo()).isEqualTo(registered.caseNo());
                assertThat(cityRow.getOriginOffice()).isEqualTo(TOWN);
                assertThat(city.database.dsl().fetchCount(DISPUTE_PARTY, DISPUTE_PARTY.DISPUTE_ID.eq(registered.id()))).isEqualTo(2);
                assertThat(city.database.dsl().selectFrom(MEDIATOR).where(MEDIATOR.CODE.eq("M001")).fetchOne())
                        .as("the township's mediator, kept by name and withdrawn from the city's own booking")
                        .satisfies(mediator -> {
                            assertThat(mediator.getName()).isEqualTo("王调解");
                            assertThat(mediator.getActive()).isFalse();
                        });
                assertThat(other.database.dsl().fetchCount(DISPUTE)).as("another township's case is not this one's").isZero();

                // The city sees; it does not mediate, book or close the township's case.
                DisputeService cityDesk = disputes(city, clock);
                assertThatThrownBy(() -> cityDesk.recordOutcome(registered.id(), cityRow.getRowVersion(),
                        new DisputeService.Outcome("WITHDRAWN", null, null, null, null, null, null)))
                        .isInstanceOfSatisfying(DisputeRefused.class, refused -> {
                            assertThat(refused.key()).isEqualTo("mediation.refused.notOwn");
                            assertThat(refused.arguments()).containsExactly(registered.caseNo(), TOWN);
                        });
                assertThatThrownBy(() -> calendar(city).book(new SessionScheduler.Booking(registered.id(), "M001", null,
                        Instant.parse("2026-12-05T01:00:00Z"), Instant.parse("2026-12-05T02:00:00Z"), null)))
                        .isInstanceOf(DisputeRefused.class);
                assertThat(calendar(city).openDisputes()).as("nothing of another office to book").isEmpty();

                // The township holds the session and reaches an agreement; the city receives both.
                clock.advance(Duration.ofDays(1));
                townCalendar.recordResult(session.id(), session.rowVersion(), "HELD", "双方同意由李四承担维修费");
                long rowVersion = town.database.dsl().select(DISPUTE.ROW_VERSION).from(DISPUTE)
                        .where(DISPUTE.ID.eq(registered.id())).fetchOne(DISPUTE.ROW_VERSION);
                townDesk.recordOutcome(registered.id(), rowVersion, new DisputeService.Outcome("AGREEMENT",
                        "李四承担维修费用2000元", new BigDecimal("2000.00"), "银行转账", LocalDate.of(2026, 12, 20), null, null));
                town.round();
                city.round();
                var closed = city.database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
                assertThat(closed.getStatus()).isEqualTo("CLOSED");
                assertThat(closed.getOutcome()).isEqualTo("AGREEMENT");
                assertThat(closed.getAgreementTerms()).isEqualTo("李四承担维修费用2000元");
                assertThat(closed.getAgreedAmount()).isEqualByComparingTo("2000");
                var citySession = city.database.dsl().selectFrom(MEDIATION_SESSION).where(MEDIATION_SESSION.ID.eq(session.id())).fetchOne();
                assertThat(citySession.getStatus()).isEqualTo("HELD");
                assertThat(citySession.getMinutes()).isEqualTo("双方同意由李四承担维修费");

                // The agreement binds: a changed term is refused and the township is put back to what the city holds.
                town.database.dsl().update(DISPUTE).set(DISPUTE.AGREEMENT_TERMS, "李四承担一半")
                        .set(DISPUTE.SYNC_STATE, "PENDING").where(DISPUTE.ID.eq(registered.id())).execute();
                town.round();
                assertThat(town.repository().refusals(10)).filteredOn(refusal -> refusal.reasonCode().equals("binding-field"))
                        .singleElement().satisfies(refusal -> {
                            assertThat(refusal.caseNo()).as("listed under its case number").isEqualTo(registered.caseNo());
                            assertThat(refusal.kind()).isEqualTo("SNAPSHOT");
                        });
                assertThat(town.database.dsl().select(DISPUTE.AGREEMENT_TERMS).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                        .fetchOne(DISPUTE.AGREEMENT_TERMS)).isEqualTo("李四承担维修费用2000元");

                // A change forced into the city's copy (an older console, a forged request) is refused the same way.
                city.database.dsl().update(DISPUTE).set(DISPUTE.SUMMARY, "市里改的摘要").set(DISPUTE.SYNC_STATE, "PENDING")
                        .where(DISPUTE.ID.eq(registered.id())).execute();
                city.round();
                assertThat(city.repository().refusals(10)).extracting(SyncClientRepository.Refusal::reasonCode).contains("not-owner");

                // Later steps that do not touch the agreement still travel: the follow-up visit.
                town.round();
                rowVersion = town.database.dsl().select(DISPUTE.ROW_VERSION).from(DISPUTE)
                        .where(DISPUTE.ID.eq(registered.id())).fetchOne(DISPUTE.ROW_VERSION);
                clock.advance(Duration.ofDays(20));
                townDesk.recordFollowUp(registered.id(), rowVersion, true, "已按约履行");
                town.round();
                city.round();

                ObjectNode finalCase = serverCase(serverDb, registered.id());
                assertThat(finalCase.get("performed").asBoolean()).isTrue();
                for (SyncTestConsole console : List.of(town, city)) {
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                    ObjectNode replica = new MediationCaseSyncRepository(console.database.dsl()).caseSnapshot(registered.id()).orElseThrow();
                    replica.put("originOffice", TOWN);
                    assertThat(replica).as("every replica equals the server's case").isEqualTo(finalCase);
                }
            }
        }
    }

    /**
     * The owner's own case refused for a reason that is not another office's change (here: too large) keeps what the
     * township wrote: before, the console put it back to the city's older copy, emptying the minutes and voiding
     * the sessions the city lacked. And the desk refuses minutes that would make the case larger than the city takes.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theOwnersOwnRefusedCaseKeepsItsMinutesAndTheDeskRefusesACaseTooLargeToSend(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.enrolled(folder, enrollments, server, clock, TOWN, TOWN, "TOWN",
                    "440111004", "440111004001", "JT")) {
                MediationRepository desk = new MediationRepository(town.database.dsl());
                desk.upsertMediators(List.of(new MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null)));
                desk.upsertRooms(List.of(new MediationRows.Room("R1", "第一调解室", 6, "一楼")));
                var registered = disputes(town, clock).register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION",
                        "PEOPLES", new BigDecimal("3000.00"), "楼上漏水致楼下天花板受损", "YELLOW", "440111004001", null, List.of(
                        new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, "13800001234", "松柏街1号", null),
                        new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, "13900001234", "松柏街1号楼上", null))));
                SessionScheduler calendar = calendar(town);
                CalendarSession first = calendar.book(new SessionScheduler.Booking(registered.id(), "M001", "R1",
                        Instant.parse("2026-12-04T01:00:00Z"), Instant.parse("2026-12-04T02:30:00Z"), null));
                town.round();
                assertThat(serverCase(serverDb, registered.id()).get("sessions")).hasSize(1);

                // Written here since (by a console before the desk's limit): more than the city takes as one case.
                String tooMuch = "双方陈述".repeat(55_000);
                CalendarSession second = calendar.book(new SessionScheduler.Booking(registered.id(), "M001", "R1",
                        Instant.parse("2026-12-04T06:00:00Z"), Instant.parse("2026-12-04T07:30:00Z"), null));
                town.database.dsl().update(MEDIATION_SESSION).set(MEDIATION_SESSION.MINUTES, tooMuch).set(MEDIATION_SESSION.STATUS, "HELD")
                        .set(MEDIATION_SESSION.SYNC_STATE, "PENDING").where(MEDIATION_SESSION.ID.eq(first.id())).execute();
                town.round();
                assertThat(town.repository().refusals(10)).extracting(SyncClientRepository.Refusal::reasonCode)
                        .containsExactly("mutation-too-large");
                assertThat(tooMuch.equals(minutes(town, first.id()))).as("the township's minutes are kept").isTrue();
                assertThat(town.database.dsl().select(MEDIATION_SESSION.VOIDED).from(MEDIATION_SESSION)
                        .where(MEDIATION_SESSION.ID.eq(second.id())).fetchOne(MEDIATION_SESSION.VOIDED))
                        .as("the session the city lacks is not voided").isFalse();
                town.round();
                assertThat(tooMuch.equals(minutes(town, first.id()))).as("and stay so").isTrue();
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).as("not sent again as it is").isZero();

                // The desk: minutes that would take the case past what the city accepts are refused, in words.
                town.database.dsl().update(MEDIATION_SESSION).set(MEDIATION_SESSION.MINUTES, "双方陈述".repeat(37_000))
                        .where(MEDIATION_SESSION.ID.eq(first.id())).execute();
                long secondVersion = town.database.dsl().select(MEDIATION_SESSION.ROW_VERSION).from(MEDIATION_SESSION)
                        .where(MEDIATION_SESSION.ID.eq(second.id())).fetchOne(MEDIATION_SESSION.ROW_VERSION);
                assertThatThrownBy(() -> calendar.recordResult(second.id(), secondVersion, "HELD", "调解意见".repeat(5_000)))
                        .isInstanceOfSatisfying(DisputeRefused.class, refused -> {
                            assertThat(refused.key()).isEqualTo("mediation.refused.caseTooLarge");
                            assertThat(refused.arguments()).containsExactly(registered.caseNo(), 168_000L,
                                    SessionScheduler.CASE_MINUTES_LIMIT);
                        });
                // Shorter minutes fit, and the case, trimmed, reaches the city again.
                calendar.recordResult(second.id(), secondVersion, "HELD", "调解意见".repeat(1_000));
                town.round();
                assertThat(serverCase(serverDb, registered.id()).get("sessions")).hasSize(2);
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
            }
        }
    }

    /** Compared, not printed: a failure would print some 200,000 characters. */
    private static String minutes(SyncTestConsole console, UUID session) {
        return console.database.dsl().select(MEDIATION_SESSION.MINUTES).from(MEDIATION_SESSION)
                .where(MEDIATION_SESSION.ID.eq(session)).fetchOne(MEDIATION_SESSION.MINUTES);
    }

    private static ObjectNode serverCase(ServerDatabase serverDb, UUID id) throws Exception {
        String data = new CaseRepository(serverDb.dsl()).data(id.toString()).orElseThrow();
        return (ObjectNode) SyncJson.MAPPER.readTree(data);
    }

    private static DisputeService disputes(SyncTestConsole console, MutableClock clock) {
        return new DisputeService(console.database.dsl(), new HybridClock(clock), clock, SHANGHAI, console.operator.officeCode(),
                "JT", console.operator);
    }

    private static SessionScheduler calendar(SyncTestConsole console) {
        return new SessionScheduler(console.database.dsl(), () -> new CalendarService(console.database.dsl()).calendar(),
                WorkingHours.standard(), SHANGHAI, new HybridClock(java.time.Clock.systemUTC()), console.operator.officeCode(),
                console.operator);
    }
}
