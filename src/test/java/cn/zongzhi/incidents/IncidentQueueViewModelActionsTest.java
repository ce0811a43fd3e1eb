package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/** The queue's selection and its action form, without the toolkit: what is shown, and what a step acts on. */
class IncidentQueueViewModelActionsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Monday to Friday, with Wednesday 25 November a holiday. */
    private static final cn.zongzhi.calendar.WorkingCalendar CALENDAR = new cn.zongzhi.calendar.WorkingCalendar(
            List.of(new cn.zongzhi.calendar.CalendarDay(java.time.LocalDate.of(2026, 11, 25), true, "假日")), java.util.Set.of(2026));
    private static final DeadlineRule WORKING_DAYS = (from, amount, unit) -> new cn.zongzhi.calendar.DeadlineCalculator(CALENDAR,
            cn.zongzhi.calendar.WorkingHours.standard()).due(java.time.LocalDateTime.ofInstant(from, SHANGHAI),
            new cn.zongzhi.calendar.TimeLimit(amount, cn.zongzhi.calendar.TimeLimitUnit.valueOf(unit))).atZone(SHANGHAI).toInstant();

    @TempDir
    static Path folder;

    private static Database database;
    private static IncidentService service;
    private static Operator operator;

    private HeldReads runner;
    private IncidentQueueViewModel queue;

    @BeforeAll
    static void generate() {
        database = TestDatabases.fresh(folder);
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(NOW).withIncidents(40).withDisputes(0), Progress.NONE);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        service = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                "440111-DEMO", "BY");
        operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void openScreen() {
        runner = new HeldReads();
        queue = new IncidentQueueViewModel(service, runner, Messages.forLanguage("zh"), operator, Clock.fixed(NOW, ZoneOffset.UTC),
                WORKING_DAYS);
        queue.loadReferenceData();
        queue.open(QueueView.ALL);
    }

    private static StoredIncident reported(String title) {
        return service.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", title, "已三天无人清运",
                "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
    }

    private static String status(UUID id) {
        return database.dsl().select(INCIDENT.STATUS).from(INCIDENT).where(INCIDENT.ID.eq(id)).fetchOne(INCIDENT.STATUS);
    }

    @Test
    void theDetailShowsTheIncidentSelectedLastWhicheverReadAnswersFirst() {
        StoredIncident first = reported("一号楼垃圾");
        StoredIncident second = reported("二号楼垃圾");
        queue.select(first.id());
        runner.hold();
        queue.select(second.id());
        queue.select(first.id());
        queue.select(second.id());

        runner.answer(2);
        assertThat(queue.detailProperty().get().id()).isEqualTo(second.id());
        runner.answer(0);
        runner.answer(1);
        assertThat(queue.detailProperty().get().id()).as("the earlier rows' late answers are not shown").isEqualTo(second.id());
    }

    @Test
    void aStepWhileTheSelectedIncidentIsStillBeingReadIsNotTakenOnTheOneShownBefore() {
        StoredIncident first = reported("三号楼垃圾");
        StoredIncident second = reported("四号楼垃圾");
        queue.select(first.id());
        runner.hold();
        queue.select(second.id());

        queue.act(IncidentAction.ACCEPT, ActionInput.none());
        assertThat(status(first.id())).as("the pane still shows the row left behind").isEqualTo("REPORTED");

        runner.answerAll();
        queue.act(IncidentAction.ACCEPT, ActionInput.none());
        assertThat(status(second.id())).isEqualTo("ACCEPTED");
        assertThat(status(first.id())).isEqualTo("REPORTED");
    }

    @Test
    void theActionFormClosesWhenAnotherIncidentIsSelectedAndNeverActsOnIt() {
        StoredIncident first = reported("五号楼垃圾");
        StoredIncident second = reported("六号楼垃圾");
        queue.select(first.id());
        queue.startAction(IncidentAction.DECLINE);
        assertThat(queue.actionFormProperty().get()).isNotNull().satisfies(form -> {
            assertThat(form.incidentId()).isEqualTo(first.id());
            assertThat(form.caseNo()).isEqualTo(first.caseNo());
        });
        queue.formTextProperty().set("重复来电");

        queue.select(second.id());
        assertThat(queue.actionFormProperty().get()).as("the form was for the incident left behind").isNull();
        queue.confirmAction();
        assertThat(status(second.id())).isEqualTo("REPORTED");
        assertThat(status(first.id())).isEqualTo("REPORTED");
    }

    @Test
    void aFormConfirmedTakesItsStepAndCloses() {
        StoredIncident first = reported("七号楼垃圾");
        queue.select(first.id());
        queue.startAction(IncidentAction.DECLINE);
        queue.formTextProperty().set("不属于本中心受理范围");
        queue.confirmAction();
        assertThat(status(first.id())).isEqualTo("DECLINED");
        assertThat(queue.actionFormProperty().get()).as("closed once the step is taken").isNull();
        assertThat(queue.statusProperty().get()).contains(first.caseNo());
    }

    @Test
    void aFormOnAnIncidentSomeoneActedOnMeanwhileSaysSoBeforeActing() {
        StoredIncident taken = reported("八号楼垃圾");
        queue.select(taken.id());
        queue.startAction(IncidentAction.DECLINE);
        queue.formTextProperty().set("重复来电");
        service.act(taken.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        queue.poll();

        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("这件事件刚被他人处理过，已刷新，请再看一下再操作。");
        assertThat(status(taken.id())).isEqualTo("ACCEPTED");
        assertThat(queue.actionFormProperty().get()).as("kept, with what was typed").isNotNull();
        assertThat(queue.formTextProperty().get()).isEqualTo("重复来电");
        assertThat(queue.detailProperty().get().state().status()).isEqualTo(IncidentStatus.ACCEPTED);
    }

    @Test
    void aRefusedStepKeepsTheFormAndWhatWasTyped() {
        StoredIncident duplicate = reported("九号楼垃圾");
        queue.select(duplicate.id());
        queue.startAction(IncidentAction.MERGE);
        queue.formTextProperty().set("BY-NO-SUCH-CASE");
        queue.confirmAction();

        assertThat(queue.errorProperty().get()).isNotBlank();
        assertThat(queue.actionFormProperty().get()).isNotNull();
        assertThat(queue.formTextProperty().get()).isEqualTo("BY-NO-SUCH-CASE");
        assertThat(status(duplicate.id())).isEqualTo("REPORTED");
    }

    /** A caller of the test's own, so that the parent is among the few look-alikes the pane lists. */
    private static StoredIncident reportedBy(String phone, String title) {
        return service.register(new NewIncident(Channel.HOTLINE_12345, "赵女士", phone, "0101", title, null, "景泰街道某小区",
                null, null, RiskLevel.YELLOW), operator);
    }

    @Test
    void aMergeOfAnIncidentCorrectedMeanwhileIsRefusedAsChangedAndGoesThroughOnceSeen() {
        StoredIncident parent = reportedBy("13900000011", "十四号楼垃圾");
        StoredIncident duplicate = reportedBy("13900000011", "十四号楼垃圾又来电");
        queue.select(duplicate.id());
        queue.startAction(IncidentAction.MERGE);
        queue.formTextProperty().set(parent.caseNo());
        // Another seat corrects the duplicate while the form is open; no poll has read it again here.
        service.editFields(duplicate.id(), java.util.Map.of(EditableField.TITLE, "十四号楼东侧垃圾"), operator);

        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("这件事件刚被他人处理过，已刷新，请再看一下再操作。");
        assertThat(status(duplicate.id())).isEqualTo("REPORTED");
        assertThat(queue.actionFormProperty().get()).as("kept, with what was typed").isNotNull();
        assertThat(queue.formTextProperty().get()).isEqualTo(parent.caseNo());
        assertThat(queue.detailProperty().get().title()).as("read again").isEqualTo("十四号楼东侧垃圾");

        // Told once: the next confirm is the operator's decision on what the pane shows now.
        queue.confirmAction();
        assertThat(status(duplicate.id())).isEqualTo("MERGED");
        assertThat(queue.actionFormProperty().get()).isNull();
    }

    @Test
    void aMergeIntoAParentSomeoneActedOnMeanwhileIsRefusedAsChangedAndGoesThroughOnceSeen() {
        StoredIncident parent = reportedBy("13900000012", "十五号楼垃圾");
        StoredIncident duplicate = reportedBy("13900000012", "十五号楼垃圾又来电");
        queue.select(duplicate.id());
        assertThat(queue.duplicatesProperty().get()).as("the pane lists the parent").contains(parent.caseNo());
        queue.startAction(IncidentAction.MERGE);
        queue.formTextProperty().set(" " + parent.caseNo() + " ");
        // Another seat accepts the parent meanwhile: still open, but no longer the case the operator decided on.
        service.act(parent.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);

        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("这件事件刚被他人处理过，已刷新，请再看一下再操作。");
        assertThat(status(duplicate.id())).isEqualTo("REPORTED");
        assertThat(service.history(parent.id())).extracting(IncidentEvent::action).doesNotContain(IncidentAction.MERGE);
        assertThat(queue.actionFormProperty().get()).as("kept, with what was typed").isNotNull();

        queue.confirmAction();
        assertThat(status(duplicate.id())).isEqualTo("MERGED");
        assertThat(database.dsl().fetchValue(INCIDENT.PARENT_INCIDENT_ID, INCIDENT.ID.eq(duplicate.id()))).isEqualTo(parent.id());
    }

    @Test
    void aStepRefusedAsChangedMeanwhileKeepsWhatWasTypedAndGoesThroughOnTheNextConfirm() {
        StoredIncident corrected = reported("十九号楼垃圾");
        queue.select(corrected.id());
        queue.startAction(IncidentAction.DECLINE);
        queue.formTextProperty().set("不属于本中心受理范围");
        // Another seat corrects the title while the form is open; no poll has read it again here.
        service.editFields(corrected.id(), java.util.Map.of(EditableField.TITLE, "十九号楼东侧垃圾"), operator);

        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("这件事件刚被他人处理过，已刷新，请再看一下再操作。");
        assertThat(status(corrected.id())).isEqualTo("REPORTED");
        assertThat(queue.actionFormProperty().get()).as("kept, with what was typed").isNotNull();
        assertThat(queue.formTextProperty().get()).isEqualTo("不属于本中心受理范围");
        assertThat(queue.detailProperty().get().title()).as("read again").isEqualTo("十九号楼东侧垃圾");

        // Told once: the next confirm is the operator's decision on what the pane shows now.
        queue.confirmAction();
        assertThat(status(corrected.id())).isEqualTo("DECLINED");
        assertThat(queue.actionFormProperty().get()).isNull();
        assertThat(queue.errorProperty().get()).isEmpty();
    }

    @Test
    void aStepRefusedAsChangedMeanwhileIntoAStateThatNoLongerAllowsItClosesTheFormAndSaysWhy() {
        StoredIncident taken = reported("二十号楼垃圾");
        queue.select(taken.id());
        queue.startAction(IncidentAction.DECLINE);
        queue.formTextProperty().set("重复来电");
        // Another seat accepts it meanwhile: 不予立案 is no longer a step on it.
        service.act(taken.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);

        queue.confirmAction();
        assertThat(queue.errorProperty().get()).startsWith("这件事件刚被他人处理过，已刷新，请再看一下再操作。\n")
                .contains("已立案");
        assertThat(queue.actionFormProperty().get()).as("the step is gone from the pane, and its form with it").isNull();
        assertThat(status(taken.id())).isEqualTo("ACCEPTED");
        assertThat(queue.allowedActions()).doesNotContain(IncidentAction.DECLINE);
    }

    @Test
    void aRefusalAboutOneIncidentGoesWhenAnotherIsSelected() {
        StoredIncident first = reported("十号楼垃圾");
        StoredIncident second = reported("十一号楼垃圾");
        queue.select(first.id());
        queue.act(IncidentAction.DECLINE, ActionInput.note(" "));
        assertThat(queue.errorProperty().get()).isEqualTo("请填写原因。");

        queue.select(first.id());
        assertThat(queue.errorProperty().get()).as("the same incident read again: still its message").isEqualTo("请填写原因。");
        queue.select(second.id());
        assertThat(queue.errorProperty().get()).isEmpty();
    }

    /**
     * The incidents as the table's selection hands them to a bulk action: found among the rows of all incidents, so
     * each goes with the version its page showed. In the order given.
     */
    private List<UUID> selectedInTheTable(List<StoredIncident> incidents) {
        queue.open(QueueView.ALL);
        java.util.Set<UUID> wanted = new java.util.HashSet<>(incidents.stream().map(StoredIncident::id).toList());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < queue.rows().size(); i++) {
            queue.rows().get(i); // the first look asks for the page, which the same-thread runner reads at once
            IncidentSummary row = queue.rows().get(i);
            if (row != null && wanted.contains(row.id())) {
                indices.add(i);
            }
        }
        java.util.Set<UUID> selected = new java.util.HashSet<>(queue.idsAt(indices).orElseThrow());
        assertThat(selected).containsExactlyInAnyOrderElementsOf(wanted);
        return incidents.stream().map(StoredIncident::id).toList();
    }

    private static StoredIncident accepted(String title, String category) {
        StoredIncident stored = service.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", category, title,
                null, "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
        return service.act(stored.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
    }

    private static StoredIncident verified(String title) {
        UUID id = accepted(title, "0101").id();
        service.act(id, IncidentAction.DISPATCH, ActionInput.dispatchTo("BY-HW"), operator);
        service.act(id, IncidentAction.START, ActionInput.none(), operator);
        service.act(id, IncidentAction.RESOLVE, ActionInput.note("已清运"), operator);
        return service.act(id, IncidentAction.VERIFY, ActionInput.none(), operator);
    }

    @Test
    void aBulkActionNamesEveryRefusedCaseWithItsReasonAndReadsTheShownIncidentAgain() {
        List<StoredIncident> fresh = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            fresh.add(reported("批量" + i + "号楼垃圾"));
        }
        for (StoredIncident taken : fresh.subList(0, 6)) {
            service.act(taken.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        }
        service.act(fresh.get(6).id(), IncidentAction.DECLINE, ActionInput.note("重复"), operator);
        StoredIncident shown = fresh.get(7);
        queue.select(shown.id());

        queue.actOnMany(selectedInTheTable(fresh), IncidentAction.ACCEPT, ActionInput.none());

        assertThat(queue.statusProperty().get()).isEqualTo("受理立案：完成 2 件，未能处理 7 件");
        assertThat(queue.errorProperty().get()).isEqualTo(String.join("、", fresh.subList(0, 5).stream().map(StoredIncident::caseNo).toList())
                + " 等 6 件：“受理立案”无法执行：事件当前为“已立案”。\n"
                + fresh.get(6).caseNo() + "：“受理立案”无法执行：事件已是“不予立案”，流程已结束。");
        assertThat(queue.detailProperty().get().state().status()).as("the shown incident is read again")
                .isEqualTo(IncidentStatus.ACCEPTED);
    }

    @Test
    void aBulkFormKeepsTheIncidentsRefusedAsChangedThatMayStillTakeTheStepAndTheNextConfirmDispatchesThem() {
        StoredIncident corrected = accepted("批量派遣一号楼", "0101");
        StoredIncident dispatched = accepted("批量派遣二号楼", "0101");
        StoredIncident untouched = accepted("批量派遣三号楼", "0101");
        List<UUID> selected = selectedInTheTable(List.of(corrected, dispatched, untouched));
        queue.startBulkDispatch(selected);
        CatalogueRepository.Department department = queue.departmentChoices().stream()
                .filter(choice -> choice.code().equals("BY-HW")).findFirst().orElseThrow();
        queue.formDepartmentProperty().set(department);
        // Meanwhile another seat corrects one (still to dispatch) and dispatches another.
        service.editFields(corrected.id(), java.util.Map.of(EditableField.TITLE, "批量派遣一号楼东侧"), operator);
        service.act(dispatched.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("BY-HW"), operator);

        queue.confirmAction();
        assertThat(queue.statusProperty().get()).isEqualTo("派遣：完成 1 件，未能处理 2 件");
        assertThat(status(untouched.id())).isEqualTo("DISPATCHED");
        assertThat(status(corrected.id())).isEqualTo("ACCEPTED");
        assertThat(queue.actionFormProperty().get()).as("kept for the one that may still be dispatched").isNotNull()
                .satisfies(form -> assertThat(form.targets()).containsExactly(corrected.id()));
        assertThat(queue.formDepartmentProperty().get()).as("what was chosen stays").isEqualTo(department);

        // Told once: the next confirm dispatches it as it is now.
        queue.confirmAction();
        assertThat(status(corrected.id())).isEqualTo("DISPATCHED");
        assertThat(queue.statusProperty().get()).isEqualTo("派遣：完成 1 件，未能处理 0 件");
        assertThat(queue.actionFormProperty().get()).isNull();
    }

    @Test
    void aStepRefusedBecauseSomeoneActedMeanwhileShowsTheIncidentAsItIsNow() {
        StoredIncident taken = reported("十二号楼垃圾");
        queue.select(taken.id());
        service.act(taken.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);

        queue.act(IncidentAction.ACCEPT, ActionInput.none());
        assertThat(queue.errorProperty().get()).isNotBlank();
        assertThat(queue.detailProperty().get().state().status()).isEqualTo(IncidentStatus.ACCEPTED);
        assertThat(queue.allowedActions()).doesNotContain(IncidentAction.ACCEPT).contains(IncidentAction.DISPATCH);
    }

    @Test
    void dispatchOffersTheCategorysDepartmentAndNothingElse() {
        StoredIncident withCategory = accepted("十三号楼垃圾", "0101");
        queue.select(withCategory.id());
        queue.startAction(IncidentAction.DISPATCH);
        assertThat(queue.formDepartmentProperty().get()).isNotNull()
                .extracting(CatalogueRepository.Department::code).isEqualTo("BY-HW");

        StoredIncident without = accepted("路边有人吵架", null);
        queue.select(without.id());
        queue.startAction(IncidentAction.DISPATCH);
        assertThat(queue.formDepartmentProperty().get()).as("no category: no department chosen for the operator").isNull();
        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("请选择承办单位。");
        assertThat(queue.actionFormProperty().get()).isNotNull();
        assertThat(status(without.id())).isEqualTo("ACCEPTED");
    }

    @Test
    void bulkDispatchChoosesNoDepartmentForTheOperator() {
        StoredIncident first = accepted("十四号楼垃圾", "0101");
        StoredIncident second = accepted("十五号楼垃圾", "0101");
        queue.select(first.id());
        queue.startBulkDispatch(List.of(first.id(), second.id()));
        assertThat(queue.formDepartmentProperty().get()).isNull();
        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("请选择承办单位。");
        assertThat(queue.actionFormProperty().get()).isNotNull();
        assertThat(status(first.id())).isEqualTo("ACCEPTED");
        assertThat(status(second.id())).isEqualTo("ACCEPTED");
    }

    @Test
    void closingAsksForTheCitizensRatingAndSaysWhenItLedToRework() {
        StoredIncident done = verified("十六号楼垃圾");
        queue.select(done.id());
        queue.startAction(IncidentAction.CLOSE);
        assertThat(queue.formRatingProperty().get()).as("no rating until the citizen gives one").isNull();
        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEqualTo("请选择群众评价：回访时问过群众后再选。");
        assertThat(queue.actionFormProperty().get()).isNotNull();
        assertThat(status(done.id())).isEqualTo("VERIFIED");

        queue.formRatingProperty().set(Satisfaction.DISSATISFIED);
        queue.confirmAction();
        assertThat(status(done.id())).isEqualTo("DISPATCHED");
        assertThat(queue.statusProperty().get()).isEqualTo("已按不满意退回重办：" + done.caseNo() + "，当前状态：已派遣");
    }

    @Test
    void anOverdueCaseIsOfferedAnExtensionThreeWorkingDaysFromNowThatTheServiceTakes() {
        StoredIncident late = accepted("十七号楼垃圾", "0101");
        service.act(late.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("BY-HW"), operator);
        database.dsl().update(INCIDENT).set(INCIDENT.DUE_AT, NOW.minus(Duration.ofDays(10)).atOffset(ZoneOffset.UTC))
                .where(INCIDENT.ID.eq(late.id())).execute();
        queue.select(late.id());
        queue.startAction(IncidentAction.REQUEST_EXTENSION);
        // Now is Monday 23 November, 17:00 in Shanghai; Wednesday is a holiday: Tuesday, Thursday, Friday.
        String close = cn.zongzhi.calendar.WorkingHours.standard().closeOfDay().toString();
        assertThat(queue.formWhenProperty().get()).isEqualTo("2026-11-27 " + close);

        queue.formTextProperty().set("需协调多个部门");
        queue.confirmAction();
        assertThat(queue.errorProperty().get()).isEmpty();
        assertThat(queue.actionFormProperty().get()).isNull();
        assertThat(queue.detailProperty().get().state().extensionPending()).isTrue();
    }

    @Test
    void aCaseWithinItsDeadlineIsOfferedAnExtensionThreeWorkingDaysPastIt() {
        StoredIncident onTime = accepted("十八号楼垃圾", "0101");
        service.act(onTime.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("BY-HW"), operator);
        Instant due = java.time.LocalDateTime.of(2026, 11, 24, 12, 0).atZone(SHANGHAI).toInstant();
        database.dsl().update(INCIDENT).set(INCIDENT.DUE_AT, due.atOffset(ZoneOffset.UTC)).where(INCIDENT.ID.eq(onTime.id())).execute();
        queue.select(onTime.id());
        queue.startAction(IncidentAction.REQUEST_EXTENSION);
        // From Tuesday 24: Thursday, Friday, Monday 30.
        assertThat(queue.formWhenProperty().get())
                .isEqualTo("2026-11-30 " + cn.zongzhi.calendar.WorkingHours.standard().closeOfDay());
    }

    /** Reads run at once, or, once held, wait until the test answers them, in any order; writes run at once. */
    private static final class HeldReads implements BackgroundRunner {
        private final SameThreadRunner inner = new SameThreadRunner();
        private final List<Runnable> waiting = new ArrayList<>();
        private boolean holding;

        void hold() {
            holding = true;
        }

        void answer(int index) {
            Runnable read = waiting.set(index, () -> { });
            read.run();
        }

        void answerAll() {
            holding = false;
            for (int i = 0; i < waiting.size(); i++) {
                answer(i);
            }
            waiting.clear();
        }

        @Override
        public <T> void read(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            if (holding) {
                waiting.add(() -> inner.read(work, onSuccess, onFailure));
            } else {
                inner.read(work, onSuccess, onFailure);
            }
        }

        @Override
        public <T> void write(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            inner.write(work, onSuccess, onFailure);
        }

        @Override
        public void toUi(Runnable update) {
            update.run();
        }
    }
}
