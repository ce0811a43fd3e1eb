package cn.zongzhi.mediation;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DisputeServiceTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;
    private Database database;
    private DisputeService disputes;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"));

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        disputes = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "TEST", "BY", cn.zongzhi.TestOperators.receptionist());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static DisputeService.NewDispute neighbours(List<DisputeService.NewParty> parties) {
        return new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES", new BigDecimal("3000.00"),
                "楼上漏水致楼下天花板受损，双方就维修费用争执", "YELLOW", null, null, parties);
    }

    private static DisputeService.NewParty person(String role, String name, String id) {
        return new DisputeService.NewParty(role, "PERSON", name, id, "13800001234", "松柏街1号", null);
    }

    @Test
    void registersADisputeWithCheckedPartiesAndAThirtyDayLimit() {
        var registered = disputes.register(neighbours(List.of(person("APPLICANT", "张三", "44011320141005001x"),
                person("RESPONDENT", "李四", "110102199101010078"),
                new DisputeService.NewParty("THIRD_PARTY", "ORGANISATION", "某物业公司", "91 110000 600037341L", "020-87654321", null, "王律师"))));
        assertThat(registered.caseNo()).isEqualTo("BYTJ20261123-0001");
        assertThat(registered.dueAt()).isEqualTo(Instant.parse("2026-12-23T02:00:00Z"));
        assertThat(disputes.register(neighbours(List.of(person("APPLICANT", "甲", null), person("RESPONDENT", "乙", null)))).caseNo())
                .isEqualTo("BYTJ20261123-0002");
        var stored = database.dsl().selectFrom(DISPUTE_PARTY).where(DISPUTE_PARTY.DISPUTE_ID.eq(registered.id()))
                .orderBy(DISPUTE_PARTY.NAME).fetch();
        var zhang = stored.stream().filter(row -> row.getName().equals("张三")).findFirst().orElseThrow();
        assertThat(zhang.getIdNumber()).as("stored in its canonical form").isEqualTo("44011320141005001X");
        assertThat(zhang.getBirthDate()).isEqualTo(LocalDate.of(2014, 10, 5));
        assertThat(zhang.getRegionCode()).isEqualTo("440113");
        var company = stored.stream().filter(row -> row.getKind().equals("ORGANISATION")).findFirst().orElseThrow();
        assertThat(company.getIdNumber()).isEqualTo("91110000600037341L");
        assertThat(company.getAgentName()).isEqualTo("王律师");
        assertThat(database.dsl().select(DISPUTE.STATUS).from(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne(DISPUTE.STATUS))
                .isEqualTo("REGISTERED");
    }

    @Test
    void refusesBadInputNamingThePartyAndWritesNothing() {
        assertRefused(List.of(person("APPLICANT", "张三", "36042619910102009X"), person("RESPONDENT", "李四", null)),
                "mediation.refused.idNumber", "张三");
        assertRefused(List.of(person("APPLICANT", "张三", null), new DisputeService.NewParty("RESPONDENT", "ORGANISATION",
                "某公司", "110102199101010078", null, null, null)), "mediation.refused.creditCode", "某公司");
        assertRefused(List.of(person("APPLICANT", "张三", null)), "mediation.refused.parties", null);
        assertRefused(List.of(new DisputeService.NewParty("APPLICANT", "PERSON", "张三", null, "12345", null, null),
                person("RESPONDENT", "李四", null)), "mediation.refused.phone", "张三");
        assertThat(database.dsl().fetchCount(DISPUTE)).isZero();
        assertThat(database.dsl().fetchCount(DISPUTE_PARTY)).isZero();
    }

    private void assertRefused(List<DisputeService.NewParty> parties, String key, String party) {
        assertThatThrownBy(() -> disputes.register(neighbours(parties))).isInstanceOfSatisfying(DisputeRefused.class, refused -> {
            assertThat(refused.key()).isEqualTo(key);
            if (party != null) {
                assertThat(refused.arguments()[0]).isEqualTo(party);
            }
        });
    }

    @Test
    void anAgreementOpensTheConfirmationWindowAndTheFollowUp() {
        var registered = disputes.register(neighbours(List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        clock.set(Instant.parse("2026-12-01T03:00:00Z"));
        assertThatThrownBy(() -> disputes.recordOutcome(registered.id(), 0,
                new DisputeService.Outcome("AGREEMENT", " ", null, null, null, null, null)))
                .isInstanceOfSatisfying(DisputeRefused.class, refused -> assertThat(refused.key()).isEqualTo("mediation.refused.terms"));
        var closed = disputes.recordOutcome(registered.id(), 0, new DisputeService.Outcome("AGREEMENT",
                "李四承担维修费用2000元", new BigDecimal("2000.00"), "银行转账", LocalDate.of(2026, 12, 15), null, null));
        assertThat(closed.confirmationDue()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(closed.followUpDue()).isEqualTo(LocalDate.of(2026, 12, 16));
        var row = database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
        assertThat(row.getStatus()).isEqualTo("CLOSED");
        assertThat(row.getOutcome()).isEqualTo("AGREEMENT");
        assertThat(row.getAgreedAmount()).isEqualByComparingTo("2000");
        assertThat(disputes.confirmationsDueBy(LocalDate.of(2026, 12, 31))).containsExactly(registered.caseNo());
        disputes.recordFollowUp(registered.id(), 1, true, "已按约转账");
        var visited = database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
        assertThat(visited.getPerformed()).isTrue();
        assertThat(visited.getFollowUpNote()).isEqualTo("已按约转账");
        assertThat(visited.getFollowedUpAt()).isNotNull();
        assertThat(disputes.confirmationsDueBy(LocalDate.of(2026, 12, 30))).isEmpty();
        assertThatThrownBy(() -> disputes.recordOutcome(registered.id(), 2, new DisputeService.Outcome("WITHDRAWN", null, null,
                null, null, null, null))).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.closed"));
    }

    @Test
    void aFailedMediationIsReferredWithASummaryAndTheLimitExtendsOnlyWithConsent() {
        var registered = disputes.register(neighbours(List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        assertThatThrownBy(() -> disputes.extendTimeLimit(registered.id(), 0, 15, "")).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.consent"));
        Instant due = disputes.extendTimeLimit(registered.id(), 0, 15, "双方书面同意延长15日");
        assertThat(due).isEqualTo(Instant.parse("2027-01-07T02:00:00Z"));
        assertThatThrownBy(() -> disputes.recordOutcome(registered.id(), 1, new DisputeService.Outcome("FAILED", null, null,
                null, null, "FAST_TRACK_COURT", null))).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.referralSummary"));
        assertThatThrownBy(() -> disputes.recordOutcome(registered.id(), 0, new DisputeService.Outcome("FAILED", null, null,
                null, null, "FAST_TRACK_COURT", "双方对赔偿数额分歧较大"))).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).as("a stale copy").isEqualTo("mediation.refused.stale"));
        disputes.recordOutcome(registered.id(), 1, new DisputeService.Outcome("FAILED", null, null, null, null,
                "FAST_TRACK_COURT", "双方对赔偿数额分歧较大"));
        var row = database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(registered.id())).fetchOne();
        assertThat(row.getReferral()).isEqualTo("FAST_TRACK_COURT");
        assertThat(row.getExtensionNote()).isEqualTo("2026-11-23 +15: 双方书面同意延长15日");
        assertThat(row.getConfirmationDue()).isNull();
        assertThatThrownBy(() -> disputes.recordFollowUp(registered.id(), 2, true, null)).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.noAgreementToVisit"));
    }

    @Test
    void aSecondExtensionKeepsTheConsentNotedForTheFirst() {
        var registered = disputes.register(neighbours(List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        disputes.extendTimeLimit(registered.id(), 0, 15, "双方书面同意延长15日");
        clock.set(Instant.parse("2026-12-30T03:00:00Z"));
        Instant due = disputes.extendTimeLimit(registered.id(), 1, 10, "双方再次口头同意，已记入笔录");
        assertThat(due).isEqualTo(Instant.parse("2027-01-17T02:00:00Z"));
        assertThat(database.dsl().select(DISPUTE.EXTENSION_NOTE).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                .fetchOne(DISPUTE.EXTENSION_NOTE))
                .isEqualTo("2026-11-23 +15: 双方书面同意延长15日；2026-12-30 +10: 双方再次口头同意，已记入笔录");
    }

    @Test
    void aCaseRegisteredAtAStreetsWindowBelongsToThatStreetAndOtherStreetsCannotActOnIt() {
        new cn.zongzhi.areas.AreaRepository(database.dsl()).upsert(List.of(
                new cn.zongzhi.areas.AdminArea("440111000000", "白云区", cn.zongzhi.areas.AreaLevel.DISTRICT, null)));
        new cn.zongzhi.areas.AreaRepository(database.dsl()).upsert(List.of(
                new cn.zongzhi.areas.AdminArea("440111004000", "景泰街道", cn.zongzhi.areas.AreaLevel.TOWN, "440111000000"),
                new cn.zongzhi.areas.AdminArea("440111005000", "松洲街道", cn.zongzhi.areas.AreaLevel.TOWN, "440111000000")));
        var street = cn.zongzhi.TestOperators.of(cn.zongzhi.auth.Role.MEDIATION_RECEPTIONIST, "440111004000");
        var otherStreet = cn.zongzhi.TestOperators.of(cn.zongzhi.auth.Role.MEDIATION_RECEPTIONIST, "440111005000");
        var atTheStreet = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "TEST", "BY", street);
        var atTheOther = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "TEST", "BY", otherStreet);
        var registered = atTheStreet.register(neighbours(List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));

        assertThat(database.dsl().select(DISPUTE.AREA_CODE).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                .fetchOne(DISPUTE.AREA_CODE).trim()).isEqualTo("440111004000");
        assertThat(atTheStreet.list(true)).extracting(DisputeRepository.Summary::caseNo).contains(registered.caseNo());
        assertThat(atTheOther.list(true)).extracting(DisputeRepository.Summary::caseNo).doesNotContain(registered.caseNo());
        assertThatThrownBy(() -> atTheOther.recordOutcome(registered.id(), 0, new DisputeService.Outcome("WITHDRAWN", null, null,
                null, null, null, null))).isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        assertThat(disputes.list(true)).as("the district's desk sees its streets' cases")
                .extracting(DisputeRepository.Summary::caseNo).contains(registered.caseNo());
    }

    @Test
    void aDisputeMadeFromAnIncidentTakesTheIncidentsArea() {
        new cn.zongzhi.demo.DemoDistrictGenerator(database.dsl()).generate(cn.zongzhi.demo.DemoOptions.defaults(
                Instant.parse("2026-11-22T02:00:00Z")).withIncidents(20).withDisputes(0), cn.zongzhi.common.Progress.NONE);
        var incident = database.dsl().select(cn.zongzhi.db.jooq.Tables.INCIDENT.ID, cn.zongzhi.db.jooq.Tables.INCIDENT.AREA_CODE)
                .from(cn.zongzhi.db.jooq.Tables.INCIDENT).where(cn.zongzhi.db.jooq.Tables.INCIDENT.AREA_CODE.isNotNull())
                .limit(1).fetchOne();
        var registered = disputes.register(new DisputeService.NewDispute("NEIGHBOUR", "FROM_INCIDENT", "PEOPLES", null,
                "噪音扰民", "YELLOW", null, incident.value1(),
                List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        assertThat(database.dsl().select(DISPUTE.AREA_CODE).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                .fetchOne(DISPUTE.AREA_CODE).trim()).isEqualTo(incident.value2().trim()).hasSize(12);
    }

    @Test
    void printingADocumentIsARevealWithinTheAccountsAreaAndIsAudited() throws Exception {
        new cn.zongzhi.areas.AreaRepository(database.dsl()).upsert(List.of(
                new cn.zongzhi.areas.AdminArea("440111000000", "白云区", cn.zongzhi.areas.AreaLevel.DISTRICT, null)));
        var registered = disputes.register(neighbours(List.of(person("APPLICANT", "张三", "110102199101010078"),
                person("RESPONDENT", "李四", null))));
        var documents = new MediationDocuments("松柏街人民调解委员会", ZONE);
        var supervisor = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "TEST", "BY",
                cn.zongzhi.TestOperators.of(cn.zongzhi.auth.Role.SUPERVISOR));
        var elsewhere = new DisputeService(database.dsl(), new HybridClock(clock), clock, ZONE, "TEST", "BY",
                cn.zongzhi.TestOperators.of(cn.zongzhi.auth.Role.MEDIATION_RECEPTIONIST, "440106000000"));
        Path refused = folder.resolve("refused.pdf");
        assertThatThrownBy(() -> supervisor.printDocument(registered.caseNo(), MediationDocuments.Kind.ACCEPTANCE, documents,
                refused)).as("a role that works from masked records").isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        assertThatThrownBy(() -> elsewhere.printDocument(registered.caseNo(), MediationDocuments.Kind.ACCEPTANCE, documents,
                refused)).as("another district's desk").isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        assertThat(java.nio.file.Files.exists(refused)).isFalse();

        Path printed = folder.resolve("acceptance.pdf");
        disputes.printDocument(registered.caseNo(), MediationDocuments.Kind.ACCEPTANCE, documents, printed);
        assertThat(java.nio.file.Files.size(printed)).isPositive();
        assertThat(new cn.zongzhi.audit.AuditRepository(database.dsl()).page(null, null, null, null, 50))
                .extracting(row -> row.action() + " " + row.entityId() + " " + row.detail())
                .contains("PRINT " + registered.caseNo() + " document ACCEPTANCE")
                .noneMatch(line -> line.contains("110102199101010078"));
    }

    @Test
    void closingACaseCancelsItsSessionsStillToComeAndFreesTheirMediatorAndRoom() {
        new MediationRepository(database.dsl()).upsertMediators(List.of(
                new MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null)));
        new MediationRepository(database.dsl()).upsertRooms(List.of(new MediationRows.Room("R1", "第一调解室", 6, "一楼")));
        new cn.zongzhi.calendar.CalendarService(database.dsl()).seedBundledIfEmpty();
        var scheduler = new SessionScheduler(database.dsl(), () -> new cn.zongzhi.calendar.CalendarService(database.dsl()).calendar(),
                cn.zongzhi.calendar.WorkingHours.standard(), ZONE, new HybridClock(clock), "TEST", cn.zongzhi.TestOperators.receptionist());
        var first = disputes.register(neighbours(List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        var second = disputes.register(neighbours(List.of(person("APPLICANT", "王五", null), person("RESPONDENT", "赵六", null))));
        Instant past = java.time.LocalDateTime.parse("2026-11-23T14:00").atZone(ZONE).toInstant();
        Instant ahead = java.time.LocalDateTime.parse("2026-11-25T09:00").atZone(ZONE).toInstant();
        var held = scheduler.book(new SessionScheduler.Booking(first.id(), "M001", "R1", past, past.plusSeconds(5_400), null));
        var toCome = scheduler.book(new SessionScheduler.Booking(first.id(), "M001", "R1", ahead, ahead.plusSeconds(5_400), null));
        clock.set(past.plusSeconds(3_600));

        long version = new DisputeRepository(database.dsl()).state(first.id()).rowVersion();
        disputes.recordOutcome(first.id(), version, new DisputeService.Outcome("WITHDRAWN", null, null, null, null, null, null));

        var statuses = database.dsl().select(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.ID, cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.STATUS)
                .from(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION).fetchMap(cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.ID,
                        cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION.STATUS);
        assertThat(statuses.get(toCome.id())).isEqualTo("CANCELLED");
        assertThat(statuses.get(held.id())).as("a session already begun is left for its result").isEqualTo("SCHEDULED");
        assertThat(scheduler.book(new SessionScheduler.Booking(second.id(), "M001", "R1", ahead, ahead.plusSeconds(5_400), null)))
                .as("the mediator and room are free again").isNotNull();
    }

    @Test
    void everyStepOnACaseIsInTheAuditLogWithoutItsValues() {
        var registered = disputes.register(neighbours(List.of(person("APPLICANT", "张三", "44011320141005001x"),
                person("RESPONDENT", "李四", null))));
        assertThatThrownBy(() -> disputes.extendTimeLimit(registered.id(), 0, 15, " ")).isInstanceOf(DisputeRefused.class);
        disputes.extendTimeLimit(registered.id(), 0, 15, "双方书面同意延长15日");
        clock.set(Instant.parse("2026-12-01T03:00:00Z"));
        disputes.recordOutcome(registered.id(), 1, new DisputeService.Outcome("AGREEMENT", "李四承担维修费用2000元",
                new BigDecimal("2000.00"), "银行转账", LocalDate.of(2026, 12, 15), null, null));
        assertThatThrownBy(() -> disputes.recordConfirmationApplied(registered.id(), 1))
                .as("a stale copy is refused and not logged").isInstanceOf(DisputeRefused.class);
        disputes.recordConfirmationApplied(registered.id(), 2);
        disputes.recordFollowUp(registered.id(), 3, false, "李四称下月转账");
        disputes.revealParties(registered.id());

        var entries = new cn.zongzhi.audit.AuditRepository(database.dsl()).page(null, null, null, null, 50);
        assertThat(entries).extracting(row -> row.action() + " " + row.detail()).containsExactlyInAnyOrder(
                "REGISTER type NEIGHBOUR, 2 parties",
                "EXTEND time limit extended by 15 days, with the parties' consent noted",
                "OUTCOME outcome AGREEMENT",
                "CONFIRMATION_APPLIED judicial confirmation applied for",
                "FOLLOW_UP agreement not performed",
                "REVEAL parties");
        assertThat(entries).allSatisfy(row -> {
            assertThat(row.entityId()).isEqualTo(registered.caseNo());
            assertThat(row.operatorName()).isEqualTo(cn.zongzhi.TestOperators.receptionist().displayName());
        });
        assertThat(new cn.zongzhi.audit.AuditRepository(database.dsl()).verify().intact()).isTrue();
    }

    @Test
    void aDisputeFromAnIncidentPointsBackToItAndReportsItsClosing() {
        new cn.zongzhi.demo.DemoDistrictGenerator(database.dsl()).generate(cn.zongzhi.demo.DemoOptions.defaults(
                Instant.parse("2026-11-22T02:00:00Z")).withIncidents(20).withDisputes(0), cn.zongzhi.common.Progress.NONE);
        var incident = database.dsl().select(cn.zongzhi.db.jooq.Tables.INCIDENT.ID).from(cn.zongzhi.db.jooq.Tables.INCIDENT)
                .limit(1).fetchOne(cn.zongzhi.db.jooq.Tables.INCIDENT.ID);
        List<String> reported = new java.util.ArrayList<>();
        disputes.onLinkedIncidentClosed((id, note) -> reported.add(id + " " + note));
        var registered = disputes.register(new DisputeService.NewDispute("NEIGHBOUR", "FROM_INCIDENT", "PEOPLES", null,
                "噪音扰民〔事件 X〕", "YELLOW", null, incident,
                List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        assertThat(database.dsl().select(DISPUTE.INCIDENT_ID).from(DISPUTE).where(DISPUTE.ID.eq(registered.id()))
                .fetchOne(DISPUTE.INCIDENT_ID)).isEqualTo(incident);
        disputes.recordOutcome(registered.id(), 0, new DisputeService.Outcome("AGREEMENT", "晚十点后停止施工", null, null,
                null, null, null));
        assertThat(reported).containsExactly(incident + " 纠纷 " + registered.caseNo() + " 调解结案：达成协议，晚十点后停止施工");
        // The incident's detail names the dispute taken up from it, with how it ended.
        assertThat(new cn.zongzhi.incidents.IncidentRepository(database.dsl()).detail(incident).orElseThrow().disputes())
                .containsExactly(new cn.zongzhi.incidents.IncidentDetail.LinkedDispute(registered.caseNo(), "CLOSED", "AGREEMENT"));
    }

    @Test
    void remindersFollowTheTimeLimitTheConfirmationWindowAndTheVisit() {
        var open = disputes.register(neighbours(List.of(person("APPLICANT", "张三", null), person("RESPONDENT", "李四", null))));
        var agreed = disputes.register(neighbours(List.of(person("APPLICANT", "王五", null), person("RESPONDENT", "赵六", null))));
        clock.set(Instant.parse("2026-12-01T03:00:00Z"));
        disputes.recordOutcome(agreed.id(), 0, new DisputeService.Outcome("AGREEMENT", "赔偿2000元", new BigDecimal("2000"),
                "现金", LocalDate.of(2026, 12, 10), null, null));
        // Confirmation window ends 12-31, the visit is due 12-11, the open case's limit ends 12-23.
        assertThat(disputes.reminderCounts()).containsEntry(DisputeRepository.Reminder.TIME_LIMIT, 0)
                .containsEntry(DisputeRepository.Reminder.CONFIRMATION, 0).containsEntry(DisputeRepository.Reminder.FOLLOW_UP, 0);

        clock.set(Instant.parse("2026-12-20T03:00:00Z"));
        assertThat(disputes.reminderCounts()).containsEntry(DisputeRepository.Reminder.TIME_LIMIT, 1)
                .containsEntry(DisputeRepository.Reminder.CONFIRMATION, 0).containsEntry(DisputeRepository.Reminder.FOLLOW_UP, 1);
        assertThat(disputes.list(DisputeRepository.Reminder.TIME_LIMIT)).extracting(DisputeRepository.Summary::caseNo)
                .containsExactly(open.caseNo());
        assertThat(disputes.list(DisputeRepository.Reminder.FOLLOW_UP)).extracting(DisputeRepository.Summary::caseNo)
                .containsExactly(agreed.caseNo());

        clock.set(Instant.parse("2026-12-26T03:00:00Z"));
        assertThat(disputes.list(DisputeRepository.Reminder.CONFIRMATION)).extracting(DisputeRepository.Summary::caseNo)
                .containsExactly(agreed.caseNo());
        assertThat(disputes.confirmationsDueBy(LocalDate.of(2026, 12, 31))).containsExactly(agreed.caseNo());
        assertThatThrownBy(() -> disputes.recordConfirmationApplied(open.id(), 0)).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.noAgreementToConfirm"));
        assertThatThrownBy(() -> disputes.recordConfirmationApplied(agreed.id(), 0)).isInstanceOfSatisfying(DisputeRefused.class,
                refused -> assertThat(refused.key()).isEqualTo("mediation.refused.stale"));
        disputes.recordConfirmationApplied(agreed.id(), 1);
        assertThat(disputes.reminderCounts()).containsEntry(DisputeRepository.Reminder.CONFIRMATION, 0);
        assertThat(disputes.list(true)).filteredOn(summary -> summary.id().equals(agreed.id())).singleElement()
                .satisfies(summary -> assertThat(summary.confirmationApplied()).isEqualTo(LocalDate.of(2026, 12, 26)));

        disputes.recordFollowUp(agreed.id(), 2, true, "已履行");
        assertThat(disputes.reminderCounts()).containsEntry(DisputeRepository.Reminder.FOLLOW_UP, 0);
        // After the window closes the reminder goes: the parties can no longer apply.
        clock.set(Instant.parse("2027-01-02T03:00:00Z"));
        assertThat(disputes.confirmationsDueBy(LocalDate.of(2027, 1, 9))).isEmpty();
        // The open case's limit has passed: it stays on the list until it is extended or closed.
        assertThat(disputes.list(DisputeRepository.Reminder.TIME_LIMIT)).hasSize(1);
        disputes.extendTimeLimit(open.id(), 0, 20, "双方同意");
        assertThat(disputes.reminderCounts()).containsEntry(DisputeRepository.Reminder.TIME_LIMIT, 0);
    }
}
