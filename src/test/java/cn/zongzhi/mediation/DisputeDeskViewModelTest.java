package cn.zongzhi.mediation;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.TestOperators;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/** The dispute desk's state without the toolkit: intake, the case list, the outcome form and the minutes. */
class DisputeDeskViewModelTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Monday 23 November 2026, 10:00 in Guangzhou. */
    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    @TempDir
    Path folder;
    private Database database;
    private DisputeService disputes;
    private SessionScheduler scheduler;
    private DisputeDeskViewModel desk;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        new CalendarService(database.dsl()).seedBundledIfEmpty();
        MediationRepository reference = new MediationRepository(database.dsl());
        reference.upsertMediators(List.of(new MediationRows.Mediator("M001", "王调解", "MODEL_MEDIATOR", "NEIGHBOUR", null, null)));
        reference.upsertRooms(List.of(new MediationRows.Room("R1", "第一调解室", 6, "一楼")));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        HybridClock hlc = new HybridClock(clock);
        disputes = new DisputeService(database.dsl(), hlc, clock, ZONE, "440111-DEMO", "BY", TestOperators.receptionist());
        scheduler = new SessionScheduler(database.dsl(), () -> new CalendarService(database.dsl()).calendar(),
                WorkingHours.standard(), ZONE, hlc, "440111-DEMO", TestOperators.receptionist());
        desk = new DisputeDeskViewModel(disputes, scheduler, new SameThreadRunner(), Messages.forLanguage("zh"), clock);
        // As on screen: the desk's table clears its selection whenever its rows are replaced, and the controller
        // passes that on, so every reading of the list goes through "no case" on its way back to the same case.
        desk.rows().addListener((ListChangeListener<DisputeRepository.Summary>) change -> desk.selectedProperty().set(null));
        desk.refresh();
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Registers a neighbours' case through the intake form; returns its row in the list. */
    private DisputeRepository.Summary register(String summary, String applicant, String respondent) {
        desk.startIntake();
        desk.typeProperty().set(DisputeType.NEIGHBOUR);
        desk.amountProperty().set("3000");
        desk.summaryProperty().set(summary);
        desk.parties().get(0).nameProperty().set(applicant);
        desk.parties().get(1).nameProperty().set(respondent);
        desk.register();
        assertThat(desk.formErrorProperty().get()).isEmpty();
        return row(summary);
    }

    private DisputeRepository.Summary row(String summary) {
        return desk.rows().stream().filter(row -> row.summary().equals(summary)).findFirst().orElseThrow();
    }

    /** Chooses the case in the list afresh (a case just registered is chosen already, with what it had then). */
    private void select(DisputeRepository.Summary dispute) {
        desk.selectedProperty().set(null);
        desk.selectedProperty().set(desk.rows().stream().filter(row -> row.id().equals(dispute.id())).findFirst().orElseThrow());
    }

    private String status(DisputeRepository.Summary dispute) {
        return database.dsl().select(DISPUTE.STATUS).from(DISPUTE).where(DISPUTE.ID.eq(dispute.id())).fetchOne(DISPUTE.STATUS);
    }

    @Test
    void registersACaseFromTheIntakeFormAndListsIt() {
        desk.startIntake();
        assertThat(desk.formOpenProperty().get()).isTrue();
        assertThat(desk.parties()).extracting(party -> party.roleProperty().get()).containsExactly("APPLICANT", "RESPONDENT");
        desk.typeProperty().set(DisputeType.NEIGHBOUR);
        desk.amountProperty().set("3,000");
        desk.summaryProperty().set("楼上漏水致楼下天花板受损");
        desk.parties().get(0).nameProperty().set("张三");
        desk.parties().get(0).idNumberProperty().set("360426199101020093");
        assertThat(desk.parties().get(0).checkProperty().get()).as("checked as typed").isEqualTo("出生日期 1991-01-02");
        desk.parties().get(1).nameProperty().set("李四");
        desk.register();

        assertThat(desk.formOpenProperty().get()).isFalse();
        assertThat(desk.messageProperty().get()).isEqualTo("已登记：BYTJ20261123-0001，办理期限至 2026-12-23");
        assertThat(desk.rows()).singleElement().satisfies(row -> {
            assertThat(row.caseNo()).isEqualTo("BYTJ20261123-0001");
            assertThat(row.type()).isEqualTo("NEIGHBOUR");
            assertThat(row.amount()).isEqualByComparingTo("3000");
            assertThat(row.parties()).isEqualTo("张三、李四");
        });
        assertThat(database.dsl().fetchCount(DISPUTE)).isOne();

        desk.selectedProperty().set(desk.rows().get(0));
        assertThat(desk.partiesTextProperty().get()).as("names masked until revealed").isEqualTo("当事人：张*、李*");
        assertThat(desk.describeDue(desk.selectedProperty().get())).isEqualTo("调解期限：2026-12-23（还剩 30 天）");
    }

    @Test
    void aRefusedRegistrationSaysWhyKeepsEverythingTypedAndWritesNothing() {
        desk.startIntake();
        desk.typeProperty().set(DisputeType.NEIGHBOUR);
        desk.amountProperty().set("三千");
        desk.summaryProperty().set("楼上漏水致楼下天花板受损");
        desk.parties().get(0).nameProperty().set("张三");
        desk.parties().get(0).idNumberProperty().set("36042619910102009X");
        desk.parties().get(1).nameProperty().set("李四");
        desk.register();
        assertThat(desk.formErrorProperty().get()).isEqualTo("金额“三千”不是数字。");

        desk.amountProperty().set("3000");
        desk.register();
        assertThat(desk.formErrorProperty().get()).startsWith("当事人“张三”的身份证号有误");
        assertThat(desk.formOpenProperty().get()).isTrue();
        assertThat(desk.summaryProperty().get()).isEqualTo("楼上漏水致楼下天花板受损");
        assertThat(desk.parties().get(0).idNumberProperty().get()).isEqualTo("36042619910102009X");
        assertThat(desk.parties().get(1).nameProperty().get()).isEqualTo("李四");
        assertThat(database.dsl().fetchCount(DISPUTE)).isZero();

        desk.parties().get(0).idNumberProperty().set("360426199101020093");
        desk.register();
        assertThat(desk.formOpenProperty().get()).isFalse();
        assertThat(database.dsl().fetchCount(DISPUTE)).isOne();
    }

    @Test
    void recordsAnAgreementOnTheSelectedCase() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        select(leak);
        desk.outcomeKindProperty().set("AGREEMENT");
        desk.termsProperty().set("李四赔偿张三维修费3000元");
        desk.agreedAmountProperty().set("3000");
        desk.performanceMethodProperty().set("银行转账");
        desk.performByProperty().set(LocalDate.of(2026, 12, 15));
        desk.recordOutcome();

        assertThat(desk.messageProperty().get())
                .isEqualTo("已结案（达成协议）：" + leak.caseNo() + "；司法确认申请期限至 2026-12-23，履行回访日 2026-12-16");
        var stored = database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(leak.id())).fetchOne();
        assertThat(stored.getStatus()).isEqualTo("CLOSED");
        assertThat(stored.getAgreementTerms()).isEqualTo("李四赔偿张三维修费3000元");
        assertThat(stored.getAgreedAmount()).isEqualByComparingTo("3000");
        assertThat(stored.getPerformanceMethod()).isEqualTo("银行转账");
        assertThat(stored.getPerformBy()).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(desk.rows()).as("a closed case leaves the open list").isEmpty();
        assertThat(desk.selectedProperty().get()).isNull();

        desk.showClosedProperty().set(true);
        assertThat(desk.rows()).singleElement().satisfies(row -> {
            assertThat(row.outcome()).isEqualTo("AGREEMENT");
            assertThat(desk.describeConfirmation(row)).isEqualTo("司法确认申请期限：2026-12-23（还剩 30 天）");
        });
    }

    /**
     * Seen under Xvfb: a closed case showed an empty outcome form set to 达成协议 and the list said 已结案 for every
     * ending, so the receptionist could not tell what had been agreed, or whether anything had.
     */
    @Test
    void aClosedCaseShowsHowItEndedInTheListAndTheDetail() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        var noise = register("夜间装修噪音", "王五", "赵六");
        select(leak);
        assertThat(desk.recordedOutcomeProperty().get()).as("an open case has nothing recorded yet").isEmpty();
        desk.outcomeKindProperty().set("AGREEMENT");
        desk.termsProperty().set("李四赔偿张三维修费3000元");
        desk.agreedAmountProperty().set("3000");
        desk.performanceMethodProperty().set("银行转账");
        desk.performByProperty().set(LocalDate.of(2026, 12, 15));
        desk.recordOutcome();
        select(noise);
        desk.outcomeKindProperty().set("FAILED");
        desk.referralProperty().set("LITIGATION");
        desk.referralSummaryProperty().set("双方分歧较大，告知诉讼途径");
        desk.recordOutcome();

        desk.showClosedProperty().set(true);
        assertThat(desk.describeStatus(row("楼上漏水致楼下天花板受损"))).isEqualTo("已结案 · 达成协议");
        assertThat(desk.describeStatus(row("夜间装修噪音"))).isEqualTo("已结案 · 调解不成");
        select(leak);
        assertThat(desk.recordedOutcomeProperty().get()).isEqualTo("""
                达成协议（2026-11-23 结案）
                协议内容：李四赔偿张三维修费3000元
                协议金额：3000.00 元
                履行方式：银行转账
                履行期限：2026-12-15""");
        select(noise);
        assertThat(desk.recordedOutcomeProperty().get()).isEqualTo("""
                调解不成（2026-11-23 结案）
                转入：诉讼
                移送说明：双方分歧较大，告知诉讼途径""");
        assertThat(desk.describeStatus(leak)).as("as it was registered").isEqualTo("已登记");
    }

    /** The demo district (and cases kept from before) close some cases as 移送法院, an outcome the desk itself never records. */
    @Test
    void aCaseReferredToCourtReadsSoInTheList() {
        java.util.UUID id = java.util.UUID.randomUUID();
        Instant registered = NOW.minus(Duration.ofDays(40));
        new MediationRepository(database.dsl()).insertDisputes(List.of(new MediationRows.Dispute(id, "BYTJ20261014-0001",
                        "LABOUR", "PARTY_APPLICATION", "PEOPLES", "欠薪", BigDecimal.TEN, "YELLOW", "CLOSED", null, "M001",
                        registered, registered.plus(Duration.ofDays(30)), registered.plus(Duration.ofDays(20)),
                        "REFERRED_TO_COURT", null, true, "440111-DEMO", 1)),
                List.of(), List.of());
        desk.showClosedProperty().set(true);
        var referred = row("欠薪");
        assertThat(desk.describeStatus(referred)).isEqualTo("已结案 · 移送法院");
        select(referred);
        assertThat(desk.recordedOutcomeProperty().get()).startsWith("移送法院（");
    }

    /** Seen under Xvfb: a case just registered was listed but not chosen, so booking it meant finding it first. */
    @Test
    void aCaseJustRegisteredIsTheOneChosen() {
        var first = register("楼上漏水致楼下天花板受损", "张三", "李四");
        select(first);
        var second = register("夜间装修噪音", "王五", "赵六");
        assertThat(desk.selectedProperty().get()).isNotNull();
        assertThat(desk.selectedProperty().get().id()).isEqualTo(second.id());
        desk.refresh();
        assertThat(desk.selectedProperty().get().id()).as("and stays chosen as the list is read again").isEqualTo(second.id());
    }

    /** Seen under Xvfb: 达成协议须填写协议内容 appeared only in the top bar, a screen away from the form at the panel's foot. */
    @Test
    void aRefusedOutcomeSaysWhyUnderItsButton() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        var noise = register("夜间装修噪音", "王五", "赵六");
        select(leak);
        desk.outcomeKindProperty().set("AGREEMENT");
        desk.recordOutcome();
        assertThat(desk.outcomeErrorProperty().get()).isEqualTo("达成协议须填写协议内容。");
        desk.agreedAmountProperty().set("三千");
        desk.recordOutcome();
        assertThat(desk.outcomeErrorProperty().get()).contains("三千");

        select(noise);
        assertThat(desk.outcomeErrorProperty().get()).as("another case's form starts clean").isEmpty();
        select(leak);
        desk.termsProperty().set("李四赔偿张三维修费3000元");
        desk.recordOutcome();
        assertThat(desk.outcomeErrorProperty().get()).isEmpty();
        assertThat(status(leak)).isEqualTo("CLOSED");
    }

    private void assertOutcomeFormEmpty() {
        assertThat(desk.outcomeKindProperty().get()).isEqualTo("AGREEMENT");
        assertThat(desk.termsProperty().get()).isEmpty();
        assertThat(desk.agreedAmountProperty().get()).isEmpty();
        assertThat(desk.performanceMethodProperty().get()).isEmpty();
        assertThat(desk.performByProperty().get()).isNull();
        assertThat(desk.referralProperty().get()).isEqualTo("FAST_TRACK_COURT");
        assertThat(desk.referralSummaryProperty().get()).isEmpty();
    }

    /** What an agreement binds cannot be changed once the city holds it: it must never reach a case it was not typed for. */
    @Test
    void theOutcomeFormStartsEmptyAfterARecordAndOnTheNextCase() {
        var first = register("楼上漏水致楼下天花板受损", "张三", "李四");
        var second = register("装修噪音扰民", "王五", "赵六");
        var third = register("共用通道堆放杂物", "钱七", "孙八");
        select(first);
        desk.termsProperty().set("张三赔偿李四5000元");
        desk.agreedAmountProperty().set("5000");
        desk.performanceMethodProperty().set("现金");
        desk.performByProperty().set(LocalDate.of(2026, 12, 15));
        desk.recordOutcome();
        assertThat(status(first)).isEqualTo("CLOSED");
        assertOutcomeFormEmpty();

        select(second);
        assertOutcomeFormEmpty();
        desk.recordOutcome();
        assertThat(desk.messageProperty().get()).isEqualTo("达成协议须填写协议内容。");
        assertThat(status(second)).as("not closed with the first case's terms").isEqualTo("REGISTERED");
        assertThat(database.dsl().select(DISPUTE.AGREEMENT_TERMS).from(DISPUTE).where(DISPUTE.ID.eq(second.id()))
                .fetchOne(DISPUTE.AGREEMENT_TERMS)).isNull();

        // Typed for one case but not recorded: another case does not inherit it either.
        desk.termsProperty().set("王五当晚十点后停止施工");
        desk.agreedAmountProperty().set("200");
        desk.performByProperty().set(LocalDate.of(2026, 12, 1));
        select(third);
        assertOutcomeFormEmpty();
        desk.outcomeKindProperty().set("FAILED");
        desk.referralProperty().set("LITIGATION");
        desk.referralSummaryProperty().set("双方对通道归属分歧较大");
        select(second);
        assertOutcomeFormEmpty();
    }

    @Test
    void aRefusedOutcomeKeepsWhatWasTypedAndASecondTryRecordsIt() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        select(leak);
        desk.outcomeKindProperty().set("FAILED");
        desk.referralProperty().set("LITIGATION");
        desk.recordOutcome();
        assertThat(desk.messageProperty().get()).isEqualTo("移送须附说明。");
        assertThat(desk.outcomeKindProperty().get()).isEqualTo("FAILED");
        assertThat(desk.referralProperty().get()).isEqualTo("LITIGATION");

        desk.referralSummaryProperty().set("双方对赔偿数额分歧较大");
        // Meanwhile another seat of this office extends the time limit: the desk's copy of the case is stale.
        disputes.extendTimeLimit(leak.id(), leak.rowVersion(), 15, "双方书面同意延长15日");
        desk.recordOutcome();
        assertThat(desk.messageProperty().get()).startsWith(leak.caseNo() + " 已被他人修改").contains("仍保留");
        assertThat(status(leak)).isEqualTo("REGISTERED");
        assertThat(desk.selectedProperty().get().id()).as("the case read again").isEqualTo(leak.id());
        assertThat(desk.outcomeKindProperty().get()).isEqualTo("FAILED");
        assertThat(desk.referralProperty().get()).isEqualTo("LITIGATION");
        assertThat(desk.referralSummaryProperty().get()).isEqualTo("双方对赔偿数额分歧较大");

        desk.recordOutcome();
        assertThat(desk.messageProperty().get()).isEqualTo("已结案：" + leak.caseNo());
        var stored = database.dsl().selectFrom(DISPUTE).where(DISPUTE.ID.eq(leak.id())).fetchOne();
        assertThat(stored.getOutcome()).isEqualTo("FAILED");
        assertThat(stored.getReferral()).isEqualTo("LITIGATION");
        assertThat(stored.getReferralSummary()).isEqualTo("双方对赔偿数额分歧较大");
        assertThat(stored.getExtensionNote()).isEqualTo("2026-11-23 +15: 双方书面同意延长15日");
    }

    /** A session tomorrow (Tuesday) at nine with 王调解 in the first room. */
    /** A session this afternoon: its day has come, so it may be recorded as held (or adjourned, or a no-show). */
    private CalendarSession bookThisAfternoon(DisputeRepository.Summary dispute) {
        return book(dispute, "2026-11-23T14:00");
    }

    private CalendarSession book(DisputeRepository.Summary dispute, String localStart) {
        Instant start = LocalDateTime.parse(localStart).atZone(ZONE).toInstant();
        return scheduler.book(new SessionScheduler.Booking(dispute.id(), "M001", "R1", start, start.plus(Duration.ofMinutes(90)), null));
    }

    private String storedMinutes(CalendarSession session) {
        return database.dsl().select(MEDIATION_SESSION.MINUTES).from(MEDIATION_SESSION).where(MEDIATION_SESSION.ID.eq(session.id()))
                .fetchOne(MEDIATION_SESSION.MINUTES);
    }

    @Test
    void minutesSavedOnAStaleSessionStayInTheBoxAndASecondSaveStoresThem() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        CalendarSession session = bookThisAfternoon(leak);
        select(leak);
        assertThat(desk.selectedSessionProperty().get().session().id()).isEqualTo(session.id());
        assertThat(desk.sessionResultProperty().get()).isEqualTo("HELD");
        assertThat(desk.minutesProperty().get()).isEmpty();
        String typed = "到场：张三、李四。李四同意承担维修费用，双方约定十二月十五日前付清。";
        desk.minutesProperty().set(typed);
        // Meanwhile the session is recorded as held from the calendar: the desk's copy of it is stale.
        scheduler.recordResult(session.id(), session.rowVersion(), "HELD", null);

        desk.saveMinutes();
        assertThat(desk.minutesProperty().get()).as("what was typed is not lost").isEqualTo(typed);
        assertThat(desk.messageProperty().get()).contains("已被他人修改").contains("仍在输入框中");
        assertThat(desk.sessionResultProperty().get()).isEqualTo("HELD");
        assertThat(storedMinutes(session)).isNull();
        assertThat(desk.selectedSessionProperty().get().session().rowVersion()).as("read again")
                .isGreaterThan(session.rowVersion());

        desk.saveMinutes();
        assertThat(desk.messageProperty().get()).isEqualTo("已保存 " + leak.caseNo() + " 的调解记录（已调解）");
        assertThat(storedMinutes(session)).isEqualTo(typed);
        assertThat(desk.minutesProperty().get()).isEqualTo(typed);
    }

    @Test
    void readingTheCaseAgainShowsTheStoredMinutesUnlessTheFormWasEdited() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        CalendarSession session = bookThisAfternoon(leak);
        select(leak);
        // Recorded from another seat while this desk shows the case: an untouched form shows what is stored now.
        CalendarSession held = scheduler.recordResult(session.id(), session.rowVersion(), "ADJOURNED", "李四未带票据，改期");
        desk.refresh();
        assertThat(desk.minutesProperty().get()).isEqualTo("李四未带票据，改期");
        assertThat(desk.sessionResultProperty().get()).isEqualTo("ADJOURNED");

        // Typing, then the list read again (the tab shown again) after another change: the typing stays.
        desk.sessionResultProperty().set("HELD");
        desk.minutesProperty().set("李四补交票据，双方达成一致。\n");
        scheduler.recordResult(session.id(), held.rowVersion(), "ADJOURNED", null);
        desk.refresh();
        assertThat(desk.minutesProperty().get()).isEqualTo("李四补交票据，双方达成一致。\n");
        assertThat(desk.sessionResultProperty().get()).isEqualTo("HELD");
        desk.saveMinutes();
        assertThat(storedMinutes(session)).isEqualTo("李四补交票据，双方达成一致。");
        assertThat(desk.minutesProperty().get()).as("saved, the form shows what is stored").isEqualTo("李四补交票据，双方达成一致。");

        // Another case's session never shows this one's minutes.
        var noise = register("装修噪音扰民", "王五", "赵六");
        select(noise);
        assertThat(desk.selectedSessionProperty().get()).isNull();
        assertThat(desk.minutesProperty().get()).isEmpty();
    }

    @Test
    void emptyingTheMinutesAndSavingClearsThem() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        CalendarSession session = bookThisAfternoon(leak);
        select(leak);
        desk.minutesProperty().set("误录入另一案件的记录");
        desk.saveMinutes();
        assertThat(storedMinutes(session)).isEqualTo("误录入另一案件的记录");
        assertThat(desk.describeSession(desk.selectedSessionProperty().get())).endsWith("有记录");

        desk.minutesProperty().set("  ");
        desk.saveMinutes();
        assertThat(desk.messageProperty().get()).isEqualTo("已清空 " + leak.caseNo() + " 的调解记录（已调解）");
        assertThat(storedMinutes(session)).isNull();
        assertThat(desk.minutesProperty().get()).isEmpty();
        assertThat(desk.describeSession(desk.selectedSessionProperty().get())).doesNotContain("有记录");

        // Nothing stored and nothing typed: the result is saved, there is nothing to clear.
        desk.sessionResultProperty().set("ADJOURNED");
        desk.saveMinutes();
        assertThat(desk.messageProperty().get()).isEqualTo("已保存 " + leak.caseNo() + " 的调解记录（休会改期）");
        assertThat(storedMinutes(session)).isNull();
    }

    @Test
    void theResultListFollowsTheChosenSessionAndAssumesNoResultForOneStillToCome() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        CalendarSession today = bookThisAfternoon(leak);
        CalendarSession nextWeek = book(leak, "2026-11-30T09:00");
        select(leak);
        assertThat(desk.selectedSessionProperty().get().session().id()).as("the latest is chosen").isEqualTo(nextWeek.id());
        assertThat(desk.sessionResults()).as("still to come: it can only be called off").containsExactly("CANCELLED");
        assertThat(desk.sessionResultProperty().get()).as("and that is never assumed").isNull();
        desk.minutesProperty().set("双方均表示会到场");
        desk.saveMinutes();
        assertThat(desk.messageProperty().get()).isEqualTo("请先选择这场调解的结果（尚未到期的调解只能取消）。");
        assertThat(desk.minutesProperty().get()).isEqualTo("双方均表示会到场");
        assertThat(storedMinutes(nextWeek)).isNull();

        desk.selectedSessionProperty().set(desk.sessions().get(0));
        assertThat(desk.selectedSessionProperty().get().session().id()).isEqualTo(today.id());
        assertThat(desk.sessionResults()).as("this afternoon's: its day has come")
                .containsExactly("HELD", "ADJOURNED", "PARTY_ABSENT", "CANCELLED");
        assertThat(desk.sessionResultProperty().get()).isEqualTo("HELD");
        desk.minutesProperty().set("双方到场，达成初步意向。");
        desk.saveMinutes();
        assertThat(desk.messageProperty().get()).isEqualTo("已保存 " + leak.caseNo() + " 的调解记录（已调解）");
        assertThat(desk.sessionResults()).as("it took place: not cancelled afterwards").containsExactly("HELD", "ADJOURNED", "PARTY_ABSENT");

        desk.selectedSessionProperty().set(desk.sessions().get(1));
        assertThat(desk.sessionResults()).containsExactly("CANCELLED");
        assertThat(desk.sessionResultProperty().get()).isNull();
        desk.sessionResultProperty().set("CANCELLED");
        desk.minutesProperty().set("申请人临时出差");
        desk.saveMinutes();
        assertThat(desk.messageProperty().get()).isEqualTo("已保存 " + leak.caseNo() + " 的调解记录（已取消）");
        assertThat(desk.describeSession(desk.selectedSessionProperty().get())).contains(" · 已取消 · ");
        assertThat(desk.selectedSessionProperty().get().session().status()).isEqualTo("CANCELLED");
        assertThat(desk.sessionResults()).containsExactly("CANCELLED");
        assertThat(desk.sessionResultProperty().get()).isEqualTo("CANCELLED");
        assertThat(storedMinutes(nextWeek)).isEqualTo("申请人临时出差");

        // A case without sessions offers nothing.
        var noise = register("装修噪音扰民", "王五", "赵六");
        select(noise);
        assertThat(desk.sessionResults()).isEmpty();
        assertThat(desk.sessionResultProperty().get()).isNull();
    }

    @Test
    void aStaleCorrectionKeepsTheTypedValueAndASecondTryMakesIt() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        select(leak);
        desk.correctionFieldProperty().set(ProposalField.SUMMARY);
        assertThat(desk.correctionTextProperty().get()).as("starts from the case's value").isEqualTo("楼上漏水致楼下天花板受损");
        desk.correctionTextProperty().set("楼上卫生间漏水致楼下天花板及墙面受损");
        disputes.extendTimeLimit(leak.id(), leak.rowVersion(), 15, "双方书面同意延长15日");

        desk.correctOrPropose();
        assertThat(desk.correctionTextProperty().get()).as("what was typed is not lost").isEqualTo("楼上卫生间漏水致楼下天花板及墙面受损");
        assertThat(desk.messageProperty().get()).startsWith(leak.caseNo() + " 已被他人修改");
        assertThat(database.dsl().select(DISPUTE.SUMMARY).from(DISPUTE).where(DISPUTE.ID.eq(leak.id())).fetchOne(DISPUTE.SUMMARY))
                .isEqualTo("楼上漏水致楼下天花板受损");

        desk.correctOrPropose();
        assertThat(desk.messageProperty().get()).isEqualTo("案件 " + leak.caseNo() + " 的案情摘要已更正，将随下次同步报送市级。");
        assertThat(database.dsl().select(DISPUTE.SUMMARY).from(DISPUTE).where(DISPUTE.ID.eq(leak.id())).fetchOne(DISPUTE.SUMMARY))
                .isEqualTo("楼上卫生间漏水致楼下天花板及墙面受损");
    }

    @Test
    void anAdoptedProposalShowsInTheCorrectionFormLeftUntouched() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        new CaseProposalRepository(database.dsl()).insert(java.util.UUID.randomUUID(), leak.id(), ProposalField.RISK_LEVEL, "RED",
                "YELLOW", "涉及多户，风险升级", "CITY-440111", "市级督导员", NOW);
        select(leak);
        assertThat(desk.correctionCodeProperty().get()).isEqualTo("YELLOW");
        assertThat(desk.answersHere(desk.selectedProposalProperty().get())).isTrue();
        desk.adoptProposal();
        assertThat(desk.messageProperty().get()).isEqualTo("已采纳：案件 " + leak.caseNo() + " 的风险等级改为 红色（高）。");
        assertThat(desk.correctionCodeProperty().get()).as("the case's value now, not the one it had").isEqualTo("RED");
    }

    /** The time limit's consent note and the follow-up note are about one case, as the outcome is. */
    @Test
    void theNotesOfOneCaseDoNotFollowToTheNext() {
        var leak = register("楼上漏水致楼下天花板受损", "张三", "李四");
        var noise = register("装修噪音扰民", "王五", "赵六");
        desk.showClosedProperty().set(true);
        select(leak);
        desk.termsProperty().set("李四赔偿张三维修费3000元");
        desk.recordOutcome();
        select(leak);
        desk.followUpNoteProperty().set("已按约转账");
        desk.recordFollowUp(true);
        assertThat(desk.messageProperty().get()).isEqualTo("已记录回访：" + leak.caseNo() + " 协议已履行");
        assertThat(database.dsl().select(DISPUTE.FOLLOW_UP_NOTE).from(DISPUTE).where(DISPUTE.ID.eq(leak.id()))
                .fetchOne(DISPUTE.FOLLOW_UP_NOTE)).isEqualTo("已按约转账");
        assertThat(desk.followUpNoteProperty().get()).as("recorded, the note is done with").isEmpty();

        desk.followUpNoteProperty().set("张三称尚未收到款项");
        desk.extensionDaysProperty().set("20");
        desk.extensionNoteProperty().set("张三、李四书面同意延长20日");
        select(noise);
        assertThat(desk.followUpNoteProperty().get()).isEmpty();
        assertThat(desk.extensionDaysProperty().get()).isEqualTo("15");
        assertThat(desk.extensionNoteProperty().get()).isEmpty();
        desk.extendTimeLimit();
        assertThat(desk.messageProperty().get()).as("no consent was written down for this case")
                .isEqualTo("延长调解期限须记录当事人同意的情况。");
        assertThat(database.dsl().select(DISPUTE.EXTENSION_NOTE).from(DISPUTE).where(DISPUTE.ID.eq(noise.id()))
                .fetchOne(DISPUTE.EXTENSION_NOTE)).isNull();
        desk.extensionNoteProperty().set("王五、赵六书面同意延长15日");
        desk.extendTimeLimit();
        assertThat(desk.extensionNoteProperty().get()).isEmpty();
        assertThat(database.dsl().select(DISPUTE.EXTENSION_NOTE).from(DISPUTE).where(DISPUTE.ID.eq(noise.id()))
                .fetchOne(DISPUTE.EXTENSION_NOTE)).isEqualTo("2026-11-23 +15: 王五、赵六书面同意延长15日");
    }

    @Test
    void anIncidentsReporterReachesTheIntakeOnlyThroughAPermittedHandover() {
        java.util.UUID incidentId = java.util.UUID.randomUUID();
        desk.startIntakeFromIncident(incidentId, "BY2026000001", "邻里噪音", "楼上装修", "景泰直街30号", () -> null);
        assertThat(desk.parties().get(0).nameProperty().get()).as("no permission: nothing in clear").isEmpty();
        assertThat(desk.parties().get(0).phoneProperty().get()).isEmpty();
        assertThat(desk.formErrorProperty().get()).contains("BY2026000001").contains("请向当事人询问");

        desk.startIntakeFromIncident(incidentId, "BY2026000001", "邻里噪音", null, null,
                () -> new DisputeDeskViewModel.IncidentReporter("赵丽", "13900002222"));
        assertThat(desk.parties().get(0).nameProperty().get()).isEqualTo("赵丽");
        assertThat(desk.parties().get(0).phoneProperty().get()).isEqualTo("13900002222");
        assertThat(desk.formErrorProperty().get()).isEmpty();
    }
}
