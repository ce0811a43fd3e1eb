package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.db.OutboxRepository;
import cn.zongzhi.mediation.CaseProposalRepository;
import cn.zongzhi.mediation.CaseProposals;
import cn.zongzhi.mediation.DisputeRefused;
import cn.zongzhi.mediation.DisputeService;
import cn.zongzhi.mediation.ProposalField;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Others' writes become proposals (decision 0017): the city, seeing a township's mediation case, proposes
 * corrections instead of changing it; the township pulls them, adopts one (its case changes and travels as its own
 * edit) and declines the other with a reason; the city pulls both answers and the corrected case. Proposals the
 * server cannot take (another township's, an answer from an office that does not own the case) are refused, and
 * the refusal is visible where it was made. On H2 and PostgreSQL.
 */
class CaseProposalSyncTest {
    private static final Instant MORNING = Instant.parse("2026-12-04T01:00:00Z");
    private static final String TOWN = "TOWN-440111004";
    private static final String CITY = "CITY-440111";

    @TempDir
    Path folder;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theCityProposesAndTheOwningTownshipAnswers(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = SyncTestConsole.enrolled(folder, enrollments, server, clock, TOWN, TOWN, "TOWN",
                    "440111004", "440111004001", "JT");
                 SyncTestConsole other = SyncTestConsole.sanyuanli(folder, enrollments, server, clock);
                 SyncTestConsole city = SyncTestConsole.enrolled(folder, enrollments, server, clock, CITY, CITY, "CITY",
                         "440111", "440111005001", "BY")) {
                DisputeService townDesk = town.disputeDesk();
                var registered = registerLeak(townDesk);
                town.round();
                city.round();

                // The city may not change the township's case; it proposes instead, with its reasons.
                CaseProposals cityProposals = city.disputeDesk().proposals();
                long cityRowVersion = city.database.dsl().select(DISPUTE.ROW_VERSION).from(DISPUTE)
                        .where(DISPUTE.ID.eq(registered.id())).fetchOne(DISPUTE.ROW_VERSION);
                assertThatThrownBy(() -> cityProposals.correct(registered.id(), cityRowVersion, ProposalField.RISK_LEVEL, "RED"))
                        .isInstanceOfSatisfying(DisputeRefused.class, refused ->
                                assertThat(refused.key()).isEqualTo("mediation.refused.notOwn"));
                assertThatThrownBy(() -> cityProposals.propose(registered.id(), ProposalField.RISK_LEVEL, "YELLOW", "核实"))
                        .as("a proposal that changes nothing").isInstanceOfSatisfying(DisputeRefused.class, refused ->
                                assertThat(refused.key()).isEqualTo("mediation.proposal.noChange"));
                assertThatThrownBy(() -> cityProposals.propose(registered.id(), ProposalField.RISK_LEVEL, "RED", "  "))
                        .isInstanceOfSatisfying(DisputeRefused.class, refused ->
                                assertThat(refused.key()).isEqualTo("mediation.proposal.reasonRequired"));
                UUID raiseRisk = cityProposals.propose(registered.id(), ProposalField.RISK_LEVEL, "RED", "楼下住户多次到市里上访，风险升级");
                UUID retype = cityProposals.propose(registered.id(), ProposalField.DISPUTE_TYPE, "PROPERTY_MANAGEMENT",
                        "漏水源自公共管道，属物业纠纷");
                UUID amount = cityProposals.propose(registered.id(), ProposalField.AMOUNT, "4,500.5", "损失清单已更新");
                assertThat(cityProposals.of(registered.id())).as("kept on the city's console while they travel")
                        .extracting(CaseProposalRepository.Row::status).containsOnly(CaseProposalRepository.PENDING);
                assertThat(cityProposals.waiting()).as("nothing for the city to answer").isZero();

                assertThat(new cn.zongzhi.audit.AuditRepository(city.database.dsl()).page(null, "PROPOSE", null, null, 50))
                        .hasSize(3).allSatisfy(row -> {
                            assertThat(row.entityId()).isEqualTo(registered.caseNo());
                            assertThat(row.operatorName()).isEqualTo(CITY + " 值班员");
                            assertThat(row.detail()).endsWith("to office " + TOWN).doesNotContain("RED", "4500");
                        });
                assertThat(city.round().pushed()).isEqualTo(3);
                assertThat(city.repository().refusals(10)).isEmpty();

                // The township pulls them and answers: adopts two, declines one with its reason.
                town.round();
                CaseProposals townProposals = townDesk.proposals();
                List<CaseProposalRepository.Row> received = townProposals.of(registered.id());
                assertThat(received).hasSize(3).allSatisfy(row -> {
                    assertThat(row.pending()).isTrue();
                    assertThat(row.proposerOffice()).isEqualTo(CITY);
                    assertThat(row.proposerName()).isEqualTo(CITY + " 值班员");
                    assertThat(row.caseNo()).isEqualTo(registered.caseNo());
                    assertThat(townProposals.answersHere(row)).isTrue();
                });
                assertThat(received).filteredOn(row -> row.id().equals(amount)).singleElement().satisfies(row -> {
                    assertThat(row.proposedValue()).isEqualTo("4500.50");
                    assertThat(row.currentValue()).isEqualTo("3000.00");
                });
                assertThat(townProposals.waiting()).isEqualTo(3);
                assertThatThrownBy(() -> townProposals.decline(retype, ""))
                        .isInstanceOfSatisfying(DisputeRefused.class, refused ->
                                assertThat(refused.key()).isEqualTo("mediation.proposal.declineReasonRequired"));
                clock.advance(Duration.ofHours(2));
                townProposals.adopt(raiseRisk);
                townProposals.adopt(amount);
                townProposals.decline(retype, "经现场核实，漏水源自楼上住户自装管道，仍属邻里纠纷");
                assertThatThrownBy(() -> townProposals.adopt(retype)).isInstanceOfSatisfying(DisputeRefused.class, refused ->
                        assertThat(refused.key()).isEqualTo("mediation.proposal.answered"));
                var townCase = town.database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
                assertThat(townCase.getRiskLevel()).isEqualTo("RED");
                assertThat(townCase.getAmount()).isEqualByComparingTo("4500.50");
                assertThat(townCase.getDisputeType()).isEqualTo("NEIGHBOUR");
                assertThat(townProposals.waiting()).isZero();
                // Each answer is in the township's audit log: who, which case, which field, from whom; never the values.
                assertThat(new cn.zongzhi.audit.AuditRepository(town.database.dsl()).page(null, null, null, null, 50))
                        .filteredOn(row -> row.action().startsWith("PROPOSAL_"))
                        .extracting(row -> row.action() + " " + row.entityId() + " " + row.detail())
                        .containsExactlyInAnyOrder(
                                "PROPOSAL_ADOPTED " + registered.caseNo() + " field riskLevel, from office " + CITY,
                                "PROPOSAL_ADOPTED " + registered.caseNo() + " field amount, from office " + CITY,
                                "PROPOSAL_DECLINED " + registered.caseNo() + " field disputeType, from office " + CITY);
                // The township also corrects its summary itself, as an audited edit that travels with the case.
                long rowVersion = town.database.dsl().select(DISPUTE.ROW_VERSION).from(DISPUTE)
                        .where(DISPUTE.ID.eq(registered.id())).fetchOne(DISPUTE.ROW_VERSION);
                townProposals.correct(registered.id(), rowVersion, ProposalField.SUMMARY, "楼上卫生间漏水致楼下天花板受损");
                assertThat(new cn.zongzhi.audit.AuditRepository(town.database.dsl()).page(null, "EDIT", null, null, 50))
                        .singleElement().satisfies(row -> {
                            assertThat(row.entityId()).isEqualTo(registered.caseNo());
                            assertThat(row.detail()).isEqualTo("fields: summary");
                        });

                town.round();
                city.round();

                // The city sees the corrected case and how each proposal ended.
                var cityCase = city.database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
                assertThat(cityCase.getRiskLevel()).isEqualTo("RED");
                assertThat(cityCase.getAmount()).isEqualByComparingTo("4500.50");
                assertThat(cityCase.getDisputeType()).isEqualTo("NEIGHBOUR");
                assertThat(cityCase.getSummary()).isEqualTo("楼上卫生间漏水致楼下天花板受损");
                Map<UUID, CaseProposalRepository.Row> atCity = cityProposals.of(registered.id()).stream()
                        .collect(Collectors.toMap(CaseProposalRepository.Row::id, row -> row));
                assertThat(atCity.get(raiseRisk).status()).isEqualTo(CaseProposalRepository.ADOPTED);
                assertThat(atCity.get(amount).status()).isEqualTo(CaseProposalRepository.ADOPTED);
                assertThat(atCity.get(retype)).satisfies(row -> {
                    assertThat(row.status()).isEqualTo(CaseProposalRepository.DECLINED);
                    assertThat(row.decisionNote()).isEqualTo("经现场核实，漏水源自楼上住户自装管道，仍属邻里纠纷");
                    assertThat(row.decidedBy()).isEqualTo(TOWN + " 值班员");
                    assertThat(row.decidedAt()).isEqualTo(MORNING.plus(Duration.ofHours(2)));
                });
                assertThat(cityProposals.of(registered.id())).as("the city cannot answer its own proposals")
                        .noneMatch(cityProposals::answersHere);
                assertThat(other.round().pulled()).as("another township sees neither the case nor its proposals").isZero();

                // What the server refuses is refused where it was made, and listed there.
                UUID forged = UUID.randomUUID();
                other.database.dsl().transaction(tx -> {
                    new CaseProposalRepository(tx.dsl()).insert(forged, registered.id(), ProposalField.SUMMARY, "改写的摘要",
                            null, "越权", "TOWN-440111005", "值班员", clock.instant());
                    new OutboxRepository(tx.dsl()).appendFields("PROPOSAL", new OutboxRepository.Fields(UUID.randomUUID(),
                            "CREATE", forged, null, 1L << 40, null, null, SyncJson.MAPPER.createObjectNode()
                            .put("caseId", registered.id().toString()).put("field", "summary").put("value", "改写的摘要")
                            .put("reason", "越权").toString(), clock.instant()));
                });
                assertThat(other.round().rejected()).isEqualTo(1);
                assertThat(other.repository().refusals(10)).singleElement()
                        .satisfies(refusal -> {
                            assertThat(refusal.reasonCode()).isEqualTo("outside-jurisdiction");
                            assertThat(refusal.kind()).isEqualTo("PROPOSE");
                        });
                assertThat(new CaseProposalRepository(other.database.dsl()).ofDispute(registered.id()))
                        .singleElement().extracting(CaseProposalRepository.Row::status).isEqualTo(CaseProposalRepository.REFUSED);
                city.database.dsl().transaction(tx -> new OutboxRepository(tx.dsl()).appendFields("PROPOSAL",
                        new OutboxRepository.Fields(UUID.randomUUID(), "RESOLVE", retype, null, 1L << 40, null, null,
                                SyncJson.MAPPER.createObjectNode().put("decision", "ADOPTED").toString(), clock.instant())));
                assertThat(city.round().rejected()).as("only the owner answers").isEqualTo(1);
                assertThat(city.repository().refusals(10)).singleElement().satisfies(refusal -> {
                    assertThat(refusal.reasonCode()).isEqualTo("not-owner");
                    assertThat(refusal.kind()).isEqualTo("ANSWER_PROPOSAL");
                    assertThat(refusal.caseNo()).isEqualTo(registered.caseNo());
                });

                // Converged: nothing waits, both replicas hold the server's case and the same answers.
                ObjectNode onServer = (ObjectNode) SyncJson.MAPPER.readTree(new CaseRepository(serverDb.dsl())
                        .data(registered.id().toString()).orElseThrow());
                for (SyncTestConsole console : List.of(town, city)) {
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                    ObjectNode replica = new MediationCaseSyncRepository(console.database.dsl()).caseSnapshot(registered.id())
                            .orElseThrow();
                    replica.put("originOffice", TOWN);
                    assertThat(replica).isEqualTo(onServer);
                    assertThat(new CaseProposalRepository(console.database.dsl()).ofDispute(registered.id()))
                            .extracting(CaseProposalRepository.Row::id, CaseProposalRepository.Row::status,
                                    CaseProposalRepository.Row::decisionNote)
                            .containsExactlyInAnyOrderElementsOf(new CaseProposalRepository(town.database.dsl())
                                    .ofDispute(registered.id()).stream().map(row -> org.assertj.core.groups.Tuple.tuple(
                                            row.id(), row.status(), row.decisionNote())).toList());
                }
                assertThat(town.repository().refusals(10)).extracting(SyncClientRepository.Refusal::reasonCode).isEmpty();
            }
        }
    }

    /**
     * Two seats of the owning township answer one proposal at the same moment, offline. When the decline reaches the
     * city first, the adoption that follows still stands: the adopting seat has corrected the case already, and the
     * proposal must not say "declined" of a value every copy of the case carries. The overruled decline is kept and
     * shown. When the adoption reaches the city first, the decline after it changes nothing.
     */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void twoSeatsOfTheOwnerAnswerOneProposalAtOnce(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole window = SyncTestConsole.enrolled(folder, enrollments, server, clock, TOWN, TOWN, "TOWN",
                    "440111004", "440111004001", "JT");
                 SyncTestConsole backOffice = SyncTestConsole.anotherSeat(folder, enrollments, server, clock, TOWN,
                         "440111004001", "JT");
                 SyncTestConsole city = SyncTestConsole.enrolled(folder, enrollments, server, clock, CITY, CITY, "CITY",
                         "440111", "440111004001", "BY")) {
                var registered = registerLeak(window.disputeDesk());
                window.round();
                backOffice.round();
                city.round();
                UUID raiseRisk = city.disputeDesk().proposals().propose(registered.id(), ProposalField.RISK_LEVEL, "RED",
                        "楼下住户多次到市里上访，风险升级");
                city.round();
                window.round();
                backOffice.round();

                // Both seats answer while offline: the window declines, the back office adopts. The decline arrives first.
                clock.advance(Duration.ofMinutes(30));
                window.disputeDesk().proposals().decline(raiseRisk, "已与双方沟通，风险可控");
                backOffice.disputeDesk().proposals().adopt(raiseRisk);
                window.round();
                assertThat(proposalAt(serverDb, raiseRisk).path("status").asText()).isEqualTo("DECLINED");
                var adopting = backOffice.round();
                assertThat(adopting.rejected()).isZero();
                ObjectNode onServer = proposalAt(serverDb, raiseRisk);
                assertThat(onServer.path("status").asText()).as("the adoption stands").isEqualTo("ADOPTED");
                assertThat(onServer.path("overruledDecline").path("decisionNote").asText()).isEqualTo("已与双方沟通，风险可控");
                window.round();
                city.round();
                for (SyncTestConsole console : List.of(window, backOffice, city)) {
                    assertThat(console.database.dsl().select(DISPUTE.RISK_LEVEL).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                            .fetchOne(DISPUTE.RISK_LEVEL)).isEqualTo("RED");
                    assertThat(new CaseProposalRepository(console.database.dsl()).ofDispute(registered.id())).singleElement()
                            .satisfies(row -> {
                                assertThat(row.status()).isEqualTo(CaseProposalRepository.ADOPTED);
                                assertThat(row.decisionNote()).isNull();
                                assertThat(row.overruledBy()).isEqualTo(TOWN + " 值班员");
                                assertThat(row.overruledNote()).isEqualTo("已与双方沟通，风险可控");
                            });
                }
                // The seat whose decline was overruled reads what became of it beside the answer.
                var desk = new cn.zongzhi.mediation.DisputeDeskViewModel(window.disputeDesk(), null, null,
                        cn.zongzhi.common.Messages.forLanguage("zh"), clock);
                assertThat(desk.describeProposal(new CaseProposalRepository(window.database.dsl()).ofDispute(registered.id()).get(0)))
                        .contains("已采纳").endsWith("；" + TOWN + " 值班员 曾在另一座席答复不采纳（已与双方沟通，风险可控），但采纳已改入案件，以采纳为准");

                // The other way round: the adoption arrives first, and the decline after it changes nothing.
                UUID raiseAmount = city.disputeDesk().proposals().propose(registered.id(), ProposalField.AMOUNT, "4500",
                        "损失清单已更新");
                city.round();
                window.round();
                backOffice.round();
                clock.advance(Duration.ofMinutes(30));
                backOffice.disputeDesk().proposals().adopt(raiseAmount);
                window.disputeDesk().proposals().decline(raiseAmount, "金额待核实");
                backOffice.round();
                assertThat(window.round().rejected()).isZero();
                backOffice.round();
                city.round();
                for (SyncTestConsole console : List.of(window, backOffice, city)) {
                    assertThat(console.database.dsl().select(DISPUTE.AMOUNT).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                            .fetchOne(DISPUTE.AMOUNT)).isEqualByComparingTo("4500");
                    assertThat(new CaseProposalRepository(console.database.dsl()).ofDispute(registered.id()))
                            .filteredOn(row -> row.id().equals(raiseAmount)).singleElement().satisfies(row -> {
                                assertThat(row.status()).isEqualTo(CaseProposalRepository.ADOPTED);
                                assertThat(row.overruledBy()).isNull();
                                assertThat(row.overruledNote()).isNull();
                            });
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                }
                assertThat(proposalAt(serverDb, raiseAmount).path("overruledDecline").isMissingNode()).isTrue();
            }
        }
    }

    /** The township's case both tests work on: a leak from the flat above, 3,000 yuan, yellow. */
    private static DisputeService.Registered registerLeak(DisputeService desk) {
        return desk.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES",
                new BigDecimal("3000"), "楼上漏水致楼下天花板受损", "YELLOW", "440111004001", null, List.of(
                new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, "13800001234", "松柏街1号", null),
                new DisputeService.NewParty("RESPONDENT", "PERSON", "李四", null, "13900001234", "松柏街1号楼上", null))));
    }

    /** The proposal as the server holds it and the feed carries it. */
    private static ObjectNode proposalAt(ServerDatabase serverDb, UUID proposal) throws Exception {
        return (ObjectNode) SyncJson.MAPPER.readTree(new CaseRepository(serverDb.dsl()).proposalForUpdate(proposal.toString())
                .orElseThrow().data());
    }
}
