package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_REPORTER;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IncidentServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z"); // Monday 10:00 in Beijing
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;

    private Database database;
    private IncidentService service;
    private final Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        TestDatabases.seedOneCategory(database, "440111001001", "三元里社区");
        database.dsl().execute("insert into department(code, name) values ('SW', '区水务局')");
        // A plain stand-in for the working-day calendar: the calendar has its own tests.
        DeadlineRule plainDays = (from, amount, unit) -> from.plus(Duration.ofDays(amount));
        service = new IncidentService(database.dsl(), plainDays,
                (lon, lat) -> new IncidentService.Location("440111001001", null),
                new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC), SHANGHAI,
                "440111-DEMO", "BY");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private StoredIncident report() {
        return service.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", "小区门口垃圾堆积",
                "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);
    }

    @Test
    void aCorrectionIsInTheHistoryByFieldNameWithoutItsValues() {
        StoredIncident reported = report();
        java.util.Map<EditableField, Object> changes = new java.util.EnumMap<>(EditableField.class);
        changes.put(EditableField.TITLE, "小区东门垃圾堆积");
        changes.put(EditableField.REPORTER_PHONE, "13900005678");

        service.editFields(reported.id(), changes, operator);

        List<IncidentEvent> history = service.history(reported.id());
        IncidentEvent correction = history.get(history.size() - 1);
        assertThat(correction.action()).isEqualTo(IncidentAction.EDIT);
        assertThat(correction.note()).isEqualTo("fields=title,reporterPhone").doesNotContain("13900005678");
        assertThat(correction.from()).isEqualTo(IncidentStatus.REPORTED);
        assertThat(correction.to()).isEqualTo(IncidentStatus.REPORTED);
        assertThat(correction.operatorName()).isEqualTo("李娜");
        assertThat(database.dsl().select(INCIDENT.STATUS).from(INCIDENT).where(INCIDENT.ID.eq(reported.id()))
                .fetchOne(INCIDENT.STATUS)).isEqualTo("REPORTED");
    }

    @Test
    void aNoteIsInTheHistoryInAnyStatusAndLeavesForTheCityOnlyOnceTheCityKnowsTheIncident() {
        StoredIncident reported = report();
        // Never sent yet: the note stays here until the incident's creation takes it along.
        IncidentEvent first = service.addNote(reported.id(), "  已电话联系反映人，约定明早上门  ", operator);
        assertThat(database.dsl().fetchCount(SYNC_OUTBOX)).isZero();

        service.act(reported.id(), IncidentAction.DECLINE, ActionInput.note("不属于受理范围"), operator);
        database.dsl().update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, "SYNCED").set(INCIDENT_SYNC.SERVER_VERSION, 4L)
                .where(INCIDENT_SYNC.INCIDENT_ID.eq(reported.id())).execute();
        IncidentEvent second = service.addNote(reported.id(), "反映人表示理解", operator);

        List<IncidentEvent> history = service.history(reported.id());
        assertThat(history).extracting(IncidentEvent::id).contains(first.id(), second.id());
        IncidentEvent noted = history.stream().filter(event -> event.id().equals(first.id())).findFirst().orElseThrow();
        assertThat(noted.action()).isEqualTo(IncidentAction.NOTE);
        assertThat(noted.note()).isEqualTo("已电话联系反映人，约定明早上门");
        assertThat(noted.from()).isEqualTo(IncidentStatus.REPORTED).isEqualTo(noted.to());
        assertThat(noted.operatorName()).isEqualTo("李娜");
        assertThat(history.get(history.size() - 1).to()).isEqualTo(IncidentStatus.DECLINED);
        assertThat(database.dsl().select(INCIDENT.STATUS).from(INCIDENT).where(INCIDENT.ID.eq(reported.id()))
                .fetchOne(INCIDENT.STATUS)).as("a note changes no status").isEqualTo("DECLINED");
        // The city knows it now: the note travels under its own event id, on the city's version of the incident.
        var sent = database.dsl().selectFrom(SYNC_OUTBOX).fetchSingle();
        assertThat(sent.getMutationKind()).isEqualTo("NOTE");
        assertThat(sent.getMutationId()).isEqualTo(second.id());
        assertThat(sent.getEntityId()).isEqualTo(reported.id());
        assertThat(sent.getBaseVersion()).isEqualTo(4L);
        assertThat(database.dsl().select(SYNC_OUTBOX_PAYLOAD.PAYLOAD).from(SYNC_OUTBOX_PAYLOAD)
                .where(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE.eq(sent.getClientSequence())).fetchOne(SYNC_OUTBOX_PAYLOAD.PAYLOAD))
                .isEqualTo("{\"text\":\"反映人表示理解\"}");
        assertThat(database.dsl().select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC)
                .where(INCIDENT_SYNC.INCIDENT_ID.eq(reported.id())).fetchOne(INCIDENT_SYNC.STATE))
                .as("a note changes nothing the city must confirm").isEqualTo("SYNCED");
    }

    @Test
    void anEmptyOrOverlongNoteIsRefusedAndWritesNothing() {
        StoredIncident reported = report();
        int events = service.history(reported.id()).size();

        assertThatThrownBy(() -> service.addNote(reported.id(), "   ", operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(IncidentException.Reason.NOTE_EMPTY));
        assertThatThrownBy(() -> service.addNote(reported.id(), "长".repeat(IncidentService.MAX_NOTE_LENGTH + 1), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(IncidentException.Reason.NOTE_TOO_LONG));
        assertThatThrownBy(() -> service.addNote(UUID.randomUUID(), "无此事件", operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(IncidentException.Reason.NOT_FOUND));

        assertThat(service.history(reported.id())).hasSize(events);
        assertThat(service.addNote(reported.id(), "长".repeat(IncidentService.MAX_NOTE_LENGTH), operator).note())
                .hasSize(IncidentService.MAX_NOTE_LENGTH);
    }

    @Test
    void whatAnOperatorRegisteredIsListedUnderMineAndNotUnderAnothersMine() {
        StoredIncident reported = report();
        IncidentQueueRepository queue = new IncidentQueueRepository(database.dsl());

        assertThat(queue.page(QueueView.MINE.filter(NOW, operator.id()), IncidentSort.NEWEST_FIRST, 0, 10))
                .extracting(IncidentSummary::id).containsExactly(reported.id());
        assertThat(queue.count(QueueView.MINE.filter(NOW, UUID.randomUUID()))).isZero();
        assertThat(database.dsl().select(INCIDENT_EVENT.OPERATOR_ID).from(INCIDENT_EVENT)
                .where(INCIDENT_EVENT.INCIDENT_ID.eq(reported.id()).and(INCIDENT_EVENT.ACTION.eq(IncidentAction.REPORT.name())))
                .fetchOne(INCIDENT_EVENT.OPERATOR_ID)).isEqualTo(operator.id());
    }

    @Test
    void takesAnIncidentThroughTheWholeLoopAndWritesEveryStepToItsHistory() {
        StoredIncident reported = report();
        assertThat(reported.caseNo()).isEqualTo("BY20260302-000001");
        assertThat(reported.departmentCode()).isEqualTo("CG");

        UUID id = reported.id();
        service.act(id, IncidentAction.ACCEPT, ActionInput.none(), operator);
        StoredIncident dispatched = service.act(id, IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"), operator);
        assertThat(dispatched.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
        service.act(id, IncidentAction.START, ActionInput.none(), operator);
        Instant longer = NOW.plus(Duration.ofDays(5));
        StoredIncident asked = service.act(id, IncidentAction.REQUEST_EXTENSION, ActionInput.extensionTo(longer, "需协调物业"), operator);
        assertThat(asked.dueAt()).as("the clock moves only when approved").isEqualTo(NOW.plus(Duration.ofDays(3)));
        StoredIncident approved = service.act(id, IncidentAction.APPROVE_EXTENSION, ActionInput.none(), operator);
        assertThat(approved.dueAt()).isEqualTo(longer);
        service.act(id, IncidentAction.RESOLVE, ActionInput.note("已清运"), operator);
        service.act(id, IncidentAction.VERIFY, ActionInput.none(), operator);
        StoredIncident closed = service.act(id, IncidentAction.CLOSE, ActionInput.rating(Satisfaction.SATISFIED), operator);

        assertThat(closed.state().status()).isEqualTo(IncidentStatus.CLOSED);
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.ID.eq(id)).fetchSingle();
        assertThat(row.getSatisfaction()).isEqualTo("SATISFIED");
        assertThat(row.getResultNote()).isEqualTo("已清运");
        assertThat(row.getClosedAt()).isNotNull();
        assertThat(row.getAreaCode().trim()).isEqualTo("440111001001");
        assertThat(database.dsl().fetchCount(INCIDENT_REPORTER, INCIDENT_REPORTER.INCIDENT_ID.eq(id))).isEqualTo(1);
        assertThat(service.history(id)).extracting(IncidentEvent::action).containsExactly(
                IncidentAction.REPORT, IncidentAction.ACCEPT, IncidentAction.DISPATCH, IncidentAction.START,
                IncidentAction.REQUEST_EXTENSION, IncidentAction.APPROVE_EXTENSION, IncidentAction.RESOLVE,
                IncidentAction.VERIFY, IncidentAction.CLOSE);
        assertThat(service.history(id)).allSatisfy(event -> assertThat(event.operatorName()).isEqualTo("李娜"));
        assertThat(service.history(id).get(8).note()).contains("SATISFIED");
    }

    @Test
    void aRefusedActionChangesNothingAndSaysWhy() {
        UUID id = report().id();

        assertThatThrownBy(() -> service.act(id, IncidentAction.RESOLVE, ActionInput.note("done"), operator))
                .isInstanceOfSatisfying(TransitionRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(TransitionRefused.Reason.NOT_FROM_THIS_STATE));
        assertThatThrownBy(() -> service.act(id, IncidentAction.DECLINE, ActionInput.note("  "), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.REASON_REQUIRED));

        assertThat(database.dsl().fetchValue(INCIDENT.STATUS, INCIDENT.ID.eq(id))).isEqualTo("REPORTED");
        assertThat(database.dsl().fetchCount(INCIDENT_EVENT)).isEqualTo(1);
    }

    @Test
    void declineNeedsAReasonAndEndsTheLoop() {
        UUID id = report().id();

        StoredIncident declined = service.act(id, IncidentAction.DECLINE, ActionInput.note("不属于受理范围"), operator);

        assertThat(declined.state().status()).isEqualTo(IncidentStatus.DECLINED);
        assertThat(service.history(id).get(1).note()).isEqualTo("不属于受理范围");
    }

    @Test
    void aDissatisfiedCitizenSendsItBackToTheSameDepartmentWithAFreshDeadline() {
        UUID id = report().id();
        service.act(id, IncidentAction.ACCEPT, ActionInput.none(), operator);
        service.act(id, IncidentAction.DISPATCH, ActionInput.dispatchTo("SW"), operator);
        service.act(id, IncidentAction.START, ActionInput.none(), operator);
        service.act(id, IncidentAction.RESOLVE, ActionInput.note("已处理"), operator);
        service.act(id, IncidentAction.VERIFY, ActionInput.none(), operator);

        StoredIncident rework = service.act(id, IncidentAction.CLOSE, ActionInput.rating(Satisfaction.DISSATISFIED), operator);

        assertThat(rework.state().status()).isEqualTo(IncidentStatus.DISPATCHED);
        assertThat(rework.state().reworkCount()).isEqualTo(1);
        assertThat(rework.departmentCode()).isEqualTo("SW");
        assertThat(rework.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
    }

    @Test
    void aBulkActionAppliesWhereItCanAndNamesWhereItCannot() {
        StoredIncident first = report();
        StoredIncident second = report();
        StoredIncident declined = service.act(report().id(), IncidentAction.DECLINE, ActionInput.note("重复"), operator);

        IncidentService.BulkOutcome outcome = service.actOnMany(List.of(seen(first), seen(second), seen(declined)),
                IncidentAction.ACCEPT, ActionInput.none(), operator);

        assertThat(outcome.done()).isEqualTo(2);
        assertThat(outcome.refused()).singleElement().satisfies(refusal -> {
            assertThat(refusal.caseNo()).isEqualTo(declined.caseNo());
            assertThat(refusal.reason()).isInstanceOfSatisfying(TransitionRefused.class,
                    e -> assertThat(e.reason()).isEqualTo(TransitionRefused.Reason.FINAL_STATE));
        });
        assertThat(database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("ACCEPTED"))).isEqualTo(2);
    }

    @Test
    void aBulkActionGoesOnPastAnIncidentThatLeftTheOperatorsAreaAndNamesIt() {
        Operator ofTheCommunity = new Operator(UUID.randomUUID(), "seat2", "周静", Role.SEAT_OPERATOR, "440111-DEMO", "440111001001");
        StoredIncident first = report();
        StoredIncident moved = report();
        UUID third = report().id();
        // Handed to another street meanwhile (a correction at the district, or the city's change pulled by sync).
        database.dsl().execute("insert into admin_area(code, name, level) values ('440111002001', '另一社区', 'COMMUNITY')");
        database.dsl().update(INCIDENT).set(INCIDENT.AREA_CODE, "440111002001").where(INCIDENT.ID.eq(moved.id())).execute();

        IncidentService.BulkOutcome outcome = service.actOnMany(List.of(seen(first), seen(moved),
                new IncidentService.Seen(third, 0)), IncidentAction.ACCEPT, ActionInput.none(), ofTheCommunity);

        assertThat(outcome.done()).isEqualTo(2);
        assertThat(outcome.refused()).singleElement().satisfies(refusal -> {
            assertThat(refusal.caseNo()).isEqualTo(moved.caseNo());
            assertThat(refusal.reason()).isInstanceOf(cn.zongzhi.auth.AccessDenied.class);
        });
        assertThat(database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("ACCEPTED"))).isEqualTo(2);
        assertThat(database.dsl().fetchValue(INCIDENT.STATUS, INCIDENT.ID.eq(third))).isEqualTo("ACCEPTED");
    }

    private static IncidentService.Seen seen(StoredIncident incident) {
        return new IncidentService.Seen(incident.id(), incident.rowVersion());
    }

    @Test
    void aStepDecidedOnAnOlderVersionIsRefusedAsChangedMeanwhile() {
        StoredIncident reported = report();
        service.act(reported.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        StoredIncident running = service.act(reported.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("SW"), operator);
        long shown = running.rowVersion();

        // Two 督办 clicks on the same screen: the first moves the row on, the second was decided on what it was.
        StoredIncident once = service.act(running.id(), shown, IncidentAction.SUPERVISE, ActionInput.note("久拖未办"), operator);
        assertThat(once.state().escalationLevel()).isEqualTo(1);
        assertThatThrownBy(() -> service.act(running.id(), shown, IncidentAction.SUPERVISE, ActionInput.note("久拖未办"), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.CHANGED_MEANWHILE));
        assertThat(database.dsl().fetchValue(INCIDENT.ESCALATION_LEVEL, INCIDENT.ID.eq(running.id()))).isEqualTo(1);
        assertThat(service.history(running.id())).filteredOn(event -> event.action() == IncidentAction.SUPERVISE).hasSize(1);

        // On the version it has now, the step goes through.
        assertThat(service.act(running.id(), once.rowVersion(), IncidentAction.SUPERVISE, ActionInput.note("仍未办"), operator)
                .state().escalationLevel()).isEqualTo(2);
    }

    @Test
    void aCorrectionFilledFromAnOlderVersionIsRefusedAndLeavesTheOtherCorrection() {
        StoredIncident reported = report();
        service.editFields(reported.id(), reported.rowVersion(), java.util.Map.of(EditableField.TITLE, "小区东门垃圾堆积"), operator);

        assertThatThrownBy(() -> service.editFields(reported.id(), reported.rowVersion(),
                java.util.Map.of(EditableField.ADDRESS, "景泰街道某小区东门"), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.CHANGED_MEANWHILE));
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.ID.eq(reported.id())).fetchOne();
        assertThat(row.getTitle()).isEqualTo("小区东门垃圾堆积");
        assertThat(row.getAddress()).isEqualTo("白云区景泰街道某小区");
    }

    @Test
    void aBulkActionRefusesARowChangedSinceItsPageWasRead() {
        StoredIncident first = report();
        StoredIncident changed = report();
        service.act(changed.id(), IncidentAction.DECLINE, ActionInput.note("不属于受理范围"), operator);

        IncidentService.BulkOutcome outcome = service.actOnMany(List.of(seen(first), seen(changed)), IncidentAction.ACCEPT,
                ActionInput.none(), operator);

        assertThat(outcome.done()).isEqualTo(1);
        assertThat(outcome.refused()).singleElement().satisfies(refusal -> {
            assertThat(refusal.caseNo()).isEqualTo(changed.caseNo());
            assertThat(refusal.reason()).isInstanceOfSatisfying(IncidentException.class,
                    e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.CHANGED_MEANWHILE));
        });
    }

    private StoredIncident reportAt(String phone, double lon, double lat) {
        return service.register(new NewIncident(Channel.GRID_APP, "网格员", phone, "0101", "垃圾堆积", null, null, lon, lat,
                RiskLevel.YELLOW), operator);
    }

    @Test
    void suggestsDuplicatesNearbyOrFromTheSameCallerAndMergesOneIntoItsParent() {
        StoredIncident parent = reportAt("13800000001", 113.2700, 23.1700);
        StoredIncident near = reportAt("13800000002", 113.2710, 23.1705); // about 115 m east-north-east
        StoredIncident far = reportAt("13800000003", 113.2800, 23.1700); // about 1 km away
        StoredIncident sameCaller = reportAt("13800000001", 113.3500, 23.2500);

        assertThat(service.duplicateCandidates(near.id())).extracting(IncidentRepository.NearbyIncident::caseNo)
                .containsExactly(parent.caseNo());
        assertThat(service.duplicateCandidates(parent.id())).extracting(IncidentRepository.NearbyIncident::caseNo)
                .containsExactly(near.caseNo(), sameCaller.caseNo());
        assertThat(service.duplicateCandidates(far.id())).isEmpty();

        StoredIncident merged = service.merge(near.id(), parent.caseNo(), operator);

        assertThat(merged.state().status()).isEqualTo(IncidentStatus.MERGED);
        assertThat(database.dsl().fetchValue(INCIDENT.PARENT_INCIDENT_ID, INCIDENT.ID.eq(near.id()))).isEqualTo(parent.id());
        assertThat(new IncidentRepository(database.dsl()).reporterChannels(parent.id())).hasSize(2);
        assertThat(service.history(parent.id())).extracting(IncidentEvent::note).contains("merged from " + near.caseNo());
        assertThat(service.duplicateCandidates(parent.id())).extracting(IncidentRepository.NearbyIncident::caseNo)
                .containsExactly(sameCaller.caseNo());
        assertThatThrownBy(() -> service.merge(far.id(), far.caseNo(), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.MERGE_INTO_ITSELF));
        assertThatThrownBy(() -> service.merge(far.id(), near.caseNo(), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.MERGE_TARGET_CLOSED));
    }

    @Test
    void aMergeDecidedOnAnEarlierVersionOfTheDuplicateOrTheParentIsRefusedAsChangedMeanwhile() {
        StoredIncident parent = reportAt("13800000021", 113.2700, 23.1700);
        StoredIncident duplicate = reportAt("13800000022", 113.2710, 23.1705);
        StoredIncident parentNow = service.act(parent.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        assertThatThrownBy(() -> service.merge(new IncidentService.Seen(duplicate.id(), duplicate.rowVersion()), parent.caseNo(),
                parent.rowVersion(), operator)).isInstanceOfSatisfying(IncidentException.class,
                e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.CHANGED_MEANWHILE));
        StoredIncident duplicateNow = service.act(duplicate.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        assertThatThrownBy(() -> service.merge(new IncidentService.Seen(duplicate.id(), duplicate.rowVersion()), parent.caseNo(),
                parentNow.rowVersion(), operator)).isInstanceOfSatisfying(IncidentException.class,
                e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.CHANGED_MEANWHILE));
        assertThat(service.history(parent.id())).extracting(IncidentEvent::action).as("nothing was merged")
                .doesNotContain(IncidentAction.MERGE);

        StoredIncident merged = service.merge(new IncidentService.Seen(duplicate.id(), duplicateNow.rowVersion()),
                parent.caseNo(), parentNow.rowVersion(), operator);
        assertThat(merged.state().status()).isEqualTo(IncidentStatus.MERGED);
    }

    @Test
    void attachmentsAreCheckedStoredAndNotedInTheHistory() {
        UUID id = report().id();

        var photo = service.attach(id, "井盖.png", "image/png", TestAttachments.png(1, 2, 3), operator);

        assertThat(service.attachments(id)).extracting(IncidentRepository.Attachment::fileName).containsExactly("井盖.png");
        assertThat(service.attachmentContent(photo.id())).containsExactly(TestAttachments.png(1, 2, 3));
        assertThat(service.history(id)).extracting(IncidentEvent::action).containsExactly(IncidentAction.REPORT, IncidentAction.ATTACH);
        assertThatThrownBy(() -> service.attach(id, "x.exe", "application/octet-stream", new byte[] {1}, operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_TYPE));
        assertThatThrownBy(() -> service.attach(id, "改名的记录.jpg", "image/jpeg", "通话记录".getBytes(java.nio.charset.StandardCharsets.UTF_8), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_CONTENT));
        assertThatThrownBy(() -> service.attach(id, "big.jpg", "image/jpeg", new byte[IncidentService.MAX_ATTACHMENT_BYTES + 1], operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_TOO_LARGE));
        service.act(id, IncidentAction.DECLINE, ActionInput.note("不属于受理范围"), operator);
        assertThatThrownBy(() -> service.attach(id, "later.png", "image/png", TestAttachments.png(1), operator))
                .isInstanceOf(TransitionRefused.class);
        assertThat(service.attachments(id)).hasSize(1);
    }

    @Test
    void anIncidentCarriesAtMostTwentyFilesWhetherTakenInWithItOrAddedLater() {
        NewIncident call = new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", "井盖缺失", null,
                null, null, null, RiskLevel.RED);
        List<NewAttachment> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i <= IncidentService.MAX_ATTACHMENTS; i++) {
            tooMany.add(new NewAttachment("p" + i + ".png", "image/png", TestAttachments.png(i)));
        }
        int incidentsBefore = database.dsl().fetchCount(INCIDENT);

        assertThatThrownBy(() -> service.register(call, tooMany, operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_COUNT));
        assertThat(database.dsl().fetchCount(INCIDENT)).as("nothing of a refused intake is saved").isEqualTo(incidentsBefore);

        StoredIncident stored = service.register(call, tooMany.subList(0, IncidentService.MAX_ATTACHMENTS - 1), operator);
        service.attach(stored.id(), "last.pdf", "application/pdf", TestAttachments.pdf(9), operator);
        assertThatThrownBy(() -> service.attach(stored.id(), "one-more.png", "image/png", TestAttachments.png(10), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_COUNT));
        assertThat(service.attachments(stored.id())).hasSize(IncidentService.MAX_ATTACHMENTS);
        assertThat(service.history(stored.id())).filteredOn(event -> event.action() == IncidentAction.ATTACH)
                .hasSize(IncidentService.MAX_ATTACHMENTS);
    }

    @Test
    void photosTakenAtIntakeAreStoredWithTheIncidentAndNotedAfterTheReport() {
        NewIncident call = new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", "井盖缺失", null,
                null, null, null, RiskLevel.RED);
        byte[] near = TestAttachments.png(1);
        byte[] far = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 2};

        StoredIncident stored = service.register(call, List.of(new NewAttachment("近景.png", "image/png", near),
                new NewAttachment(" 远景.jpg ", "image/jpeg", far)), operator);

        assertThat(service.attachments(stored.id())).extracting(IncidentRepository.Attachment::fileName,
                IncidentRepository.Attachment::mediaType, IncidentRepository.Attachment::sizeBytes)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("近景.png", "image/png", 9L),
                        org.assertj.core.groups.Tuple.tuple("远景.jpg", "image/jpeg", 4L));
        var nearPhoto = service.attachments(stored.id()).stream().filter(a -> a.fileName().equals("近景.png")).findFirst().orElseThrow();
        assertThat(service.attachmentContent(nearPhoto.id())).containsExactly(near);
        assertThat(service.history(stored.id())).extracting(IncidentEvent::action)
                .containsExactly(IncidentAction.REPORT, IncidentAction.ATTACH, IncidentAction.ATTACH);
        assertThat(service.history(stored.id()).subList(1, 3)).extracting(IncidentEvent::note)
                .containsExactlyInAnyOrder("近景.png", "远景.jpg");
        assertThat(database.dsl().fetchValue(INCIDENT_EVENT.OPERATOR_ID,
                INCIDENT_EVENT.INCIDENT_ID.eq(stored.id()).and(INCIDENT_EVENT.ACTION.eq("ATTACH")).and(INCIDENT_EVENT.NOTE.eq("近景.png"))))
                .isEqualTo(operator.id());
    }

    @Test
    void anIntakeWithABadPhotoSavesNothing() {
        NewIncident call = new NewIncident(Channel.HOTLINE_12345, null, null, "0101", "井盖缺失", null, null, null, null, null);
        NewAttachment good = new NewAttachment("近景.png", "image/png", TestAttachments.png(1));

        assertThatThrownBy(() -> service.register(call, List.of(good,
                new NewAttachment("说明.docx", IncidentService.attachmentType("说明.docx"), new byte[] {1})), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_TYPE));
        assertThatThrownBy(() -> service.register(call, List.of(good,
                new NewAttachment("全景.jpg", "image/jpeg", new byte[IncidentService.MAX_ATTACHMENT_BYTES + 1])), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.ATTACHMENT_TOO_LARGE));
        // A photo the database refuses after the incident row is written: the incident goes with it.
        database.dsl().execute("create trigger refuse_attachments before insert on incident_attachment for each row call '"
                + RefuseInsert.class.getName() + "'");
        assertThatThrownBy(() -> service.register(call, List.of(good), operator)).hasStackTraceContaining("refused by the test");

        assertThat(database.dsl().fetchCount(INCIDENT)).isZero();
        assertThat(database.dsl().fetchCount(INCIDENT_EVENT)).isZero();
        assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.INCIDENT_ATTACHMENT)).isZero();
    }

    /** An H2 trigger that fails every insert, standing in for a disk that fills up mid-transaction. */
    public static final class RefuseInsert implements org.h2.api.Trigger {
        @Override
        public void fire(java.sql.Connection connection, Object[] before, Object[] after) throws java.sql.SQLException {
            throw new java.sql.SQLException("refused by the test");
        }
    }

    @Test
    void attachmentTypesFollowTheFileName() {
        assertThat(IncidentService.attachmentType("现场.JPG")).isEqualTo("image/jpeg");
        assertThat(IncidentService.attachmentType("scan.pdf")).isEqualTo("application/pdf");
        assertThat(IncidentService.attachmentType("notes.txt")).isEqualTo("application/octet-stream");
        assertThat(IncidentService.attachmentType("png")).isEqualTo("application/octet-stream");
        assertThat(IncidentService.attachmentPatterns()).contains("*.jpg", "*.jpeg", "*.png", "*.heic", "*.pdf");
    }

    @Test
    void caseNumbersCountUpPerDayAndSkipNumbersAlreadyTaken() {
        database.dsl().execute("""
                insert into incident(id, case_no, channel, title, status, reported_at, origin_office, hlc)
                values (random_uuid(), 'BY20260302-000041', 'OTHER', 'imported', 'CLOSED', current_timestamp, 'X', 1)""");

        assertThat(report().caseNo()).isEqualTo("BY20260302-000042");
        assertThat(report().caseNo()).isEqualTo("BY20260302-000043");
    }

    @Test
    void badIntakeIsRefusedWithTheReason() {
        assertThatThrownBy(() -> service.register(new NewIncident(Channel.WALK_IN, null, null, null, " ", null, null,
                null, null, null), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.TITLE_MISSING));
        assertThatThrownBy(() -> service.register(new NewIncident(Channel.WALK_IN, null, null, "9999", "井盖缺失", null,
                null, null, null, null), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.UNKNOWN_CATEGORY));
        assertThatThrownBy(() -> service.register(new NewIncident(Channel.WALK_IN, null, null, null, "井盖缺失", null,
                null, 200.0, 23.0, null), operator))
                .isInstanceOfSatisfying(IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentException.Reason.COORDINATES_OUT_OF_RANGE));
        assertThat(database.dsl().fetchCount(INCIDENT)).isZero();
    }
}
