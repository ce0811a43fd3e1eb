package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.mediation.CalendarSession;
import cn.zongzhi.mediation.DisputeService;
import cn.zongzhi.mediation.MediationRepository;
import cn.zongzhi.mediation.MediationRows;
import cn.zongzhi.mediation.SessionScheduler;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.SyncClient;
import cn.zongzhi.sync.SyncTransport;
import cn.zongzhi.sync.protocol.EntityKind;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A township console and the city's console work offline on the same incidents, then sync through a real city
 * server on loopback (H2 and PostgreSQL), directly and through a faulty link. The township also registers a
 * mediation case, holds its session and records the agreement; the city proposes a correction of the case, which
 * the township adopts. Oracle: every outbox row on both sides ends with the city's answer, every conflict is visible
 * on both sides, and both consoles hold exactly the server's state of every incident, of the case and of the
 * proposal.
 */
class SyncConvergenceTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path folder;

    /**
     * A round as the scheduler would run it: tried again (here at once) until it gets through, so a faulty link
     * costs retries, never data.
     */
    private static SyncClient.RoundResult sync(SyncTestConsole console) {
        SyncTransport.Unavailable last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return console.round();
            } catch (SyncTransport.Unavailable unavailable) {
                last = unavailable;
            }
        }
        throw last;
    }

    @ParameterizedTest(name = "{0}, faulty link: {1}")
    @CsvSource({"h2,false", "postgresql,false", "h2,true", "postgresql,true"})
    void aDayOfOfflineWorkOnBothSidesConverges(String kind, boolean faultyLink) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock);
             FaultProxy proxy = new FaultProxy(server.port())) {
            int port = faultyLink ? proxy.port() : server.port();
            if (faultyLink) {
                // Every kind of break, at the first exchanges of both consoles.
                proxy.next("/sync/push", FaultProxy.Fault.LOSE_REPLY, FaultProxy.Fault.PASS, FaultProxy.Fault.DUPLICATE,
                        FaultProxy.Fault.CUT_REQUEST_MIDWAY, FaultProxy.Fault.PASS, FaultProxy.Fault.LOSE_REPLY);
                proxy.next("/sync/pull", FaultProxy.Fault.CUT_REPLY_MIDWAY, FaultProxy.Fault.PASS, FaultProxy.Fault.LOSE_REPLY,
                        FaultProxy.Fault.DUPLICATE, FaultProxy.Fault.CUT_REPLY_MIDWAY);
                proxy.next("/sync/hello", FaultProxy.Fault.PASS, FaultProxy.Fault.CUT_REPLY_MIDWAY);
                // The photo's upload is cut, then stored with its reply lost: the next pull tells the township the
                // city has it, so it is not sent a third time.
                proxy.next("/sync/attachment", FaultProxy.Fault.CUT_REQUEST_MIDWAY, FaultProxy.Fault.LOSE_REPLY);
            }
            Enrollments enrollments = new Enrollments(serverDb, clock);
            String townCode = enrollments.addOffice("TOWN-440111004", "景泰街道综治中心", "TOWN", List.of("440111004"));
            String cityCode = enrollments.addOffice("CITY-440111", "白云区综治中心", "CITY", List.of("440111"));
            String townReplica = UUID.randomUUID().toString();
            String cityReplica = UUID.randomUUID().toString();
            String townToken = enrollments.enroll(townCode, townReplica).token();
            String cityToken = enrollments.enroll(cityCode, cityReplica).token();
            try (SyncTestConsole town = new SyncTestConsole(folder.resolve("town"), "TOWN-440111004", "440111004001", "JT",
                    townToken, townReplica, port, clock);
                 SyncTestConsole city = new SyncTestConsole(folder.resolve("city"), "CITY-440111", "440111005001", "BY",
                         cityToken, cityReplica, port, clock)) {

                // Morning, offline at the township: three calls taken in, one accepted and dispatched.
                StoredIncident contested = town.report("小区门口垃圾堆积");
                StoredIncident handled = town.report("路灯不亮");
                StoredIncident untouched = town.report("井盖缺失");
                clock.advance(Duration.ofMinutes(20));
                town.act(handled.id(), IncidentAction.ACCEPT, ActionInput.none());
                town.act(handled.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("SW"));

                // A photo of the scene goes with the contested call.
                byte[] photo = new byte[200_000];
                java.util.Arrays.fill(photo, (byte) 3);
                System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, photo, 0, 8);
                var scene = town.incidents.attach(contested.id(), "现场.png", "image/png", photo, town.operator);

                // The one-window desk registers a neighbours' dispute that came in with the contested call, and books
                // a session with the township's own mediator and room.
                MediationRepository desk = new MediationRepository(town.database.dsl());
                desk.upsertMediators(List.of(new MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null)));
                desk.upsertRooms(List.of(new MediationRows.Room("R1", "第一调解室", 6, "一楼")));
                var dispute = town.disputeDesk().register(new DisputeService.NewDispute("NEIGHBOUR", "FROM_INCIDENT", "PEOPLES",
                        null, "垃圾堆放引发邻里纠纷", "YELLOW", "440111004001", contested.id(), List.of(
                        new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, "13800001234", null, null),
                        new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, "13900001234", null, null))));
                CalendarSession session = town.mediationCalendar().book(new SessionScheduler.Booking(dispute.id(), "M001", "R1",
                        MORNING.plus(Duration.ofHours(5)), MORNING.plus(Duration.ofHours(6)), null));

                assertThat(town.repository().counts().neverQueued()).as("three incidents, the photo and the case").isEqualTo(5);
                SyncClient.RoundResult first = sync(town);
                if (!faultyLink) {
                    assertThat(first.queued()).as("three incidents and the case").isEqualTo(4);
                    assertThat(first.applied()).as(first + " " + town.repository().refusals(10)).isEqualTo(4);
                }
                assertThat(town.repository().counts().rejected()).isZero();
                SyncClient.RoundResult cityFirst = sync(city);
                if (!faultyLink) {
                    assertThat(cityFirst.pulled()).isGreaterThanOrEqualTo(3);
                }

                // Both sides offline again. The city accepts and dispatches the contested one; the township, not
                // knowing, accepts it and handles it on the spot. The township also works the dispatched one.
                clock.advance(Duration.ofHours(1));
                city.act(contested.id(), IncidentAction.ACCEPT, ActionInput.none());
                city.act(contested.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"));
                town.act(contested.id(), IncidentAction.ACCEPT, ActionInput.none());
                town.act(contested.id(), IncidentAction.HANDLE_ON_SPOT, ActionInput.note("现场已清理"));
                town.act(handled.id(), IncidentAction.START, ActionInput.none());
                clock.advance(Duration.ofHours(2));
                town.act(handled.id(), IncidentAction.RESOLVE, ActionInput.note("已更换灯泡"));
                town.act(handled.id(), IncidentAction.VERIFY, ActionInput.none());
                town.act(handled.id(), IncidentAction.CLOSE, ActionInput.rating(Satisfaction.SATISFIED));

                // The session is held and ends in an agreement, still offline.
                clock.advance(Duration.ofHours(3));
                town.mediationCalendar().recordResult(session.id(), session.rowVersion(), "HELD", "双方同意轮流清理");
                long disputeVersion = town.database.dsl().select(DISPUTE.ROW_VERSION).from(DISPUTE)
                        .where(DISPUTE.ID.eq(dispute.id())).fetchOne(DISPUTE.ROW_VERSION);
                town.disputeDesk().recordOutcome(dispute.id(), disputeVersion, new DisputeService.Outcome("AGREEMENT",
                        "双方轮流清理门口垃圾", null, null, null, null, null));

                // The city, seeing the township's case, proposes that it be treated as higher risk (decision 0017).
                java.util.UUID raise = city.disputeDesk().proposals().propose(dispute.id(),
                        cn.zongzhi.mediation.ProposalField.RISK_LEVEL, "RED", "双方曾发生推搡");

                SyncClient.RoundResult cityRound = sync(city);
                if (!faultyLink) {
                    assertThat(cityRound.applied()).as("two steps and the proposal").isEqualTo(3);
                }
                SyncClient.RoundResult townRound = sync(town);
                // ACCEPT diverged (the city had dispatched); HANDLE_ON_SPOT became a closure request; the rest applied,
                // the mediation case's new state (minutes, agreement) among them.
                if (!faultyLink) {
                    assertThat(townRound.conflicts()).isEqualTo(2);
                    assertThat(townRound.applied()).isEqualTo(5);
                }
                // The township has pulled the proposal with the city's answers and adopts it.
                town.disputeDesk().proposals().adopt(raise);
                sync(city);
                sync(town);
                sync(city);

                // Nothing waits, on either side.
                for (SyncTestConsole console : List.of(town, city)) {
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                    assertThat(console.repository().counts().neverQueued()).isZero();
                }
                // The contested incident is what the city made of it, on both consoles; the township's closure is a
                // request the city's dispatcher is asked to decide, visible to both.
                for (SyncTestConsole console : List.of(town, city)) {
                    ObjectNode contestedNow = console.repository().incidentSnapshot(contested.id()).orElseThrow();
                    assertThat(contestedNow.get("status").asText()).isEqualTo("DISPATCHED");
                    assertThat(contestedNow.get("departmentCode").asText()).isEqualTo("CG");
                    assertThat(console.repository().openRecords(EntityKind.CONFLICT, 10))
                            .extracting(record -> record.data().get("kind").asText())
                            .containsExactlyInAnyOrder("STATUS", "CLOSURE_REQUEST");
                    assertThat(console.repository().openRecords(EntityKind.TASK, 10)).hasSize(1);
                }
                // The city's console shows the township's steps in the incident's history.
                List<IncidentEvent> history = city.incidents.history(handled.id());
                assertThat(history).extracting(IncidentEvent::action).containsSubsequence(IncidentAction.REPORT,
                        IncidentAction.START, IncidentAction.RESOLVE, IncidentAction.VERIFY, IncidentAction.CLOSE);
                ObjectNode closedAtCity = city.repository().incidentSnapshot(handled.id()).orElseThrow();
                assertThat(closedAtCity.get("satisfaction").asText()).isEqualTo("SATISFIED");
                assertThat(closedAtCity.get("dueAt").isNull()).isFalse();

                // Every replica holds exactly the server's state of every incident.
                var onServer = SyncTestConsole.serverIncidents(serverDb);
                assertThat(onServer).hasSize(3);
                assertThat(town.incidentsAsSynced()).isEqualTo(onServer);
                assertThat(city.incidentsAsSynced()).isEqualTo(onServer);
                // The photo reached the city whole, once.
                assertThat(city.incidents.attachments(contested.id())).extracting(IncidentRepository.Attachment::fileName)
                        .containsExactly("现场.png");
                assertThat(city.database.dsl().select(INCIDENT_ATTACHMENT.CONTENT).from(INCIDENT_ATTACHMENT)
                        .where(INCIDENT_ATTACHMENT.ID.eq(scene.id())).fetchOne(INCIDENT_ATTACHMENT.CONTENT)).isEqualTo(photo);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("incident_attachment"))).isEqualTo(1);
                assertThat(town.repository().refusals(10)).isEmpty();

                // The township's case is on the server and at the city exactly as the township has it: agreement,
                // minutes and the link to the incident included.
                var casesOnServer = SyncTestConsole.serverCases(serverDb);
                assertThat(casesOnServer).containsOnlyKeys(dispute.id());
                assertThat(casesOnServer.get(dispute.id()).get("agreementTerms").asText()).isEqualTo("双方轮流清理门口垃圾");
                assertThat(casesOnServer.get(dispute.id()).get("incidentId").asText()).isEqualTo(contested.id().toString());
                assertThat(casesOnServer.get(dispute.id()).get("riskLevel").asText()).as("the adopted proposal").isEqualTo("RED");
                for (SyncTestConsole console : List.of(town, city)) {
                    assertThat(new cn.zongzhi.mediation.CaseProposalRepository(console.database.dsl()).ofDispute(dispute.id()))
                            .singleElement().satisfies(proposal -> {
                                assertThat(proposal.id()).isEqualTo(raise);
                                assertThat(proposal.status()).isEqualTo("ADOPTED");
                            });
                }
                Map<UUID, String> owners = Map.of(dispute.id(), "TOWN-440111004");
                assertThat(town.casesAsSynced(owners)).isEqualTo(casesOnServer);
                assertThat(city.casesAsSynced(owners)).isEqualTo(casesOnServer);
                if (faultyLink) {
                    assertThat(proxy.faultsLeft()).as("every queued break happened").isZero();
                }
            }
        }
    }
}
