package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import static org.assertj.core.api.Assertions.assertThat;

/** The queue screen's state without the toolkit: views, filter bar, counts, selection and actions. */
class IncidentQueueViewModelTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final DeadlineRule DAYS = (from, amount, unit) -> from.plus(Duration.ofDays(amount));

    @TempDir
    static Path folder;

    private static Database database;
    private static IncidentQueueViewModel queue;
    private static IncidentService service;
    private static Operator operator;

    @BeforeAll
    static void generate() {
        database = TestDatabases.fresh(folder);
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(NOW).withIncidents(1_500).withDisputes(0), Progress.NONE);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        service = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                "440111-DEMO", "BY");
        operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
        queue = new IncidentQueueViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"), operator, clock, DAYS);
        queue.loadReferenceData();
    }

    private static Path writePhoto() {
        try {
            Path photo = folder.resolve("现场.jpg");
            java.nio.file.Files.write(photo, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x01});
            return photo;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theFilterBarNarrowsTheViewAndClearingItRestoresIt() {
        int all = database.dsl().fetchCount(INCIDENT);
        queue.open(QueueView.ALL);
        assertThat(queue.countProperty().get()).isEqualTo(all);
        assertThat(queue.countTextProperty().get()).isEqualTo(String.format("共 %,d 件", all));

        var town = queue.townChoices().stream().filter(area -> area.name().equals("景泰街道")).findFirst().orElseThrow();
        queue.townFilterProperty().set(town);
        queue.refresh();
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT,
                DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004"))).isPositive();

        var cityAppearance = queue.categoryChoices().stream().filter(category -> category.code().equals("01")).findFirst().orElseThrow();
        queue.townFilterProperty().set(null);
        queue.categoryFilterProperty().set(cityAppearance);
        queue.refresh();
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT, INCIDENT.CATEGORY_CODE.startsWith("01")))
                .isPositive();

        queue.channelFilterProperty().set(Channel.HOTLINE_12345);
        queue.refresh();
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT,
                INCIDENT.CATEGORY_CODE.startsWith("01").and(INCIDENT.CHANNEL.eq("HOTLINE_12345"))));

        queue.clearFilters();
        assertThat(queue.countProperty().get()).isEqualTo(all);
    }

    @Test
    void theMapsNoteOfTheIncidentsNotLocatedOpensTheirViewWithoutThePlaceChosenBefore() {
        String community = database.dsl().select(INCIDENT.AREA_CODE).from(INCIDENT).where(INCIDENT.AREA_CODE.isNotNull())
                .orderBy(INCIDENT.CASE_NO).limit(1).fetchOne(INCIDENT.AREA_CODE);
        queue.showPlace(new IncidentQueueViewModel.PlaceFilter(null, community, "社区"));
        queue.showNotLocated();
        assertThat(queue.viewProperty().get()).isEqualTo(QueueView.UNLOCATED);
        assertThat(queue.placeFilterProperty().get()).isNull();
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT, INCIDENT.AREA_CODE.isNull()
                .and(INCIDENT.VOIDED.isFalse()).and(INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED"))));
        queue.open(QueueView.OPEN);
    }

    @Test
    void aTownChosenOnTheMapShowsTheOpenWorkOfItsCommunities() {
        var open = INCIDENT.STATUS.notIn("CLOSED", "DECLINED", "MERGED").and(INCIDENT.VOIDED.isFalse());
        String community = database.dsl().select(INCIDENT.AREA_CODE).from(INCIDENT).where(open)
                .and(INCIDENT.AREA_CODE.isNotNull()).orderBy(INCIDENT.CASE_NO).limit(1).fetchOne(INCIDENT.AREA_CODE);
        String town = community.substring(0, 9);
        // The map names a town by its 12-digit code; its incidents are at the codes of its communities.
        queue.showPlace(new IncidentQueueViewModel.PlaceFilter(null, town + "000", "街道"));
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT,
                open.and(org.jooq.impl.DSL.substring(INCIDENT.AREA_CODE, 1, town.length()).eq(town)))).isPositive();
        queue.showPlace(new IncidentQueueViewModel.PlaceFilter(null, community, "社区"));
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT,
                open.and(INCIDENT.AREA_CODE.eq(community)))).isPositive();
        queue.clearFilters();
    }

    @Test
    void theCasesBehindAFigureKeepTheFiguresAreaAndWindowAndTheFilterBarNarrowsThem() {
        Instant from = NOW.minus(Duration.ofDays(60));
        IncidentFilter figure = IncidentFilter.any().withAreaCodePrefix("440111004").withReported(from, NOW);
        var inFigure = org.jooq.impl.DSL.substring(INCIDENT.AREA_CODE, 1, 9).eq("440111004").and(INCIDENT.REPORTED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(INCIDENT.REPORTED_AT.lt(NOW.atOffset(ZoneOffset.UTC)));
        queue.showCases(figure, "近两月受理");
        assertThat(queue.countProperty().get()).isEqualTo(service.count(figure, operator))
                .isEqualTo(database.dsl().fetchCount(INCIDENT, inFigure)).isPositive();

        var cityAppearance = queue.categoryChoices().stream().filter(category -> category.code().equals("01")).findFirst().orElseThrow();
        queue.categoryFilterProperty().set(cityAppearance);
        queue.fromFilterProperty().set(java.time.LocalDate.of(2026, 11, 1));
        queue.refresh();
        assertThat(queue.countProperty().get()).as("the bar narrows the figure's cases, its window overlapping the figure's")
                .isEqualTo(database.dsl().fetchCount(INCIDENT, inFigure.and(INCIDENT.CATEGORY_CODE.startsWith("01"))
                        .and(INCIDENT.REPORTED_AT.ge(java.time.LocalDate.of(2026, 11, 1).atStartOfDay(ZoneId.of("Asia/Shanghai"))
                                .toOffsetDateTime()))))
                .isPositive();
        queue.clearFilters();
    }

    @Test
    void aBulkSelectionReachingRowsNotYetReadDoesNothingAndSaysWhy() {
        queue.open(QueueView.ALL);
        assertThat(queue.rows().size()).isEqualTo(database.dsl().fetchCount(INCIDENT)).isGreaterThan(1_000);
        queue.rows().get(0);
        int last = queue.rows().size() - 1;
        assertThat(queue.rows().isLoaded(1)).isTrue();
        assertThat(queue.rows().isLoaded(last)).as("the last page was never scrolled to").isFalse();

        assertThat(queue.idsAt(List.of(0, 1))).hasValueSatisfying(ids -> assertThat(ids)
                .containsExactly(queue.rows().get(0).id(), queue.rows().get(1).id()));
        assertThat(queue.idsAt(List.of(0, 1, last))).isEmpty();
        assertThat(queue.errorProperty().get()).isEqualTo("选中的 3 件中有 1 件尚未载入，未做任何处理；请先滚动到这些行，或缩小筛选后再批量操作");
        queue.errorProperty().set("");
        queue.clearFilters();
    }

    @Test
    void anIncidentRegisteredWhileAFiguresCasesAreShownIsShownAmongThoseToAccept() {
        queue.showCases(IncidentFilter.any().withStatuses(java.util.EnumSet.of(IncidentStatus.CLOSED)), "已办结");
        StoredIncident stored = service.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101",
                "小区门口垃圾堆积", "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);

        queue.registered(stored);

        assertThat(queue.currentFilter()).isEqualTo(QueueView.TO_ACCEPT.filter(NOW, operator.id()));
        assertThat(queue.countProperty().get()).isEqualTo(database.dsl().fetchCount(INCIDENT, INCIDENT.STATUS.eq("REPORTED")))
                .isPositive();
        assertThat(queue.detailProperty().get()).isNotNull().extracting(IncidentDetail::id).isEqualTo(stored.id());
        queue.clearFilters();
    }

    @Test
    void aListThatCannotBeReadShowsNoneOfTheViewBeforeAndSaysSo() {
        Database lost = TestDatabases.fresh(folder.resolve("lost"));
        TestDatabases.seedOneCategory(lost, "440111001001", "三元里社区");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        IncidentService onLost = new IncidentService(lost.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> new IncidentService.Location("440111001001", null), new HybridClock(clock), clock,
                ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY");
        for (int i = 0; i < 2; i++) {
            onLost.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", "小区门口垃圾堆积",
                    "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);
        }
        var screen = new IncidentQueueViewModel(onLost, new SameThreadRunner(), Messages.forLanguage("zh"), operator, clock, DAYS);
        screen.open(QueueView.ALL);
        assertThat(screen.rows().size()).isEqualTo(2);

        lost.close();
        screen.open(QueueView.TO_ACCEPT);

        assertThat(screen.rows().size()).as("the rows of the view before are not shown under this one").isZero();
        assertThat(screen.countTextProperty().get()).isEqualTo("共 — 件（未能读取）");
        assertThat(screen.errorProperty().get()).isNotBlank();
        assertThat(screen.busyProperty().get()).isFalse();
    }

    @Test
    void filterListsThatCouldNotBeReadAreReadAgainAtTheNextTickAndTheMessageGoes() {
        // The reads fail while the flag is up, as a database busy or briefly unreadable would make them.
        var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        var runner = new cn.zongzhi.common.BackgroundRunner() {
            private final SameThreadRunner inner = new SameThreadRunner();

            @Override
            public <T> void read(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> onSuccess,
                                 java.util.function.Consumer<? super Throwable> onFailure) {
                inner.read(() -> {
                    if (failing.get()) {
                        throw new org.jooq.exception.DataAccessException("unreadable");
                    }
                    return work.call();
                }, onSuccess, onFailure);
            }

            @Override
            public <T> void write(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> onSuccess,
                                  java.util.function.Consumer<? super Throwable> onFailure) {
                inner.write(work, onSuccess, onFailure);
            }

            @Override
            public void toUi(Runnable update) {
                update.run();
            }
        };
        var screen = new IncidentQueueViewModel(service, runner, Messages.forLanguage("zh"), operator,
                Clock.fixed(NOW, ZoneOffset.UTC), DAYS);
        screen.loadReferenceData();
        assertThat(screen.townChoices()).isEmpty();
        assertThat(screen.errorProperty().get()).isNotBlank();

        screen.poll();
        assertThat(screen.townChoices()).as("still unreadable: nothing yet, the message stays").isEmpty();
        assertThat(screen.errorProperty().get()).isNotBlank();

        failing.set(false);
        screen.poll();
        assertThat(screen.townChoices()).extracting(cn.zongzhi.areas.AdminArea::name).contains("景泰街道");
        assertThat(screen.categoryChoices()).isNotEmpty();
        assertThat(screen.departmentChoices()).isNotEmpty();
        assertThat(screen.errorProperty().get()).isEmpty();
    }

    @Test
    void aSearchWhileTheIndexIsBuiltSaysSoAndFindsTheSameOnceItIsReady() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (IncidentTextIndex index = IncidentTextIndex.open(folder.resolve("search"), new IncidentSearchRepository(database.dsl()))) {
            IncidentService withIndex = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                    (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                    "440111-DEMO", "BY", index);
            IncidentQueueViewModel searching = new IncidentQueueViewModel(withIndex, new SameThreadRunner(),
                    Messages.forLanguage("zh"), operator, clock, DAYS);
            searching.loadReferenceData();
            searching.open(QueueView.ALL);
            String word = database.dsl().select(INCIDENT.TITLE).from(INCIDENT).orderBy(INCIDENT.CASE_NO).limit(1)
                    .fetchOne(INCIDENT.TITLE).substring(0, 2);
            int expected = database.dsl().fetchCount(INCIDENT, INCIDENT.TITLE.contains(word).or(INCIDENT.ADDRESS.contains(word))
                    .or(INCIDENT.DESCRIPTION.cast(String.class).contains(word)));
            searching.searchTextProperty().set(word);
            searching.refresh();
            assertThat(searching.countProperty().get()).isEqualTo(expected).isPositive();
            assertThat(searching.countTextProperty().get()).isEqualTo(String.format("共 %,d 件（搜索索引建立中 0%%，此间搜索较慢）", expected));

            index.rebuild();
            searching.refresh();
            assertThat(searching.countProperty().get()).isEqualTo(expected);
            assertThat(searching.countTextProperty().get()).isEqualTo(String.format("共 %,d 件", expected));
        }
    }

    @Test
    void revealingTheReporterIsAuditedAndEndsWithTheSelection() {
        var rows = database.dsl().select(INCIDENT.ID, INCIDENT.CASE_NO).from(INCIDENT)
                .where(INCIDENT.REPORTER_NAME.isNotNull()).orderBy(INCIDENT.CASE_NO).limit(2).fetch();
        int auditBefore = database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG);
        queue.select(rows.get(0).value1());
        assertThat(queue.revealedProperty().get()).isFalse();
        queue.reveal();
        assertThat(queue.revealedProperty().get()).isTrue();
        var entry = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)
                .orderBy(cn.zongzhi.db.jooq.Tables.AUDIT_LOG.SEQ.desc()).limit(1).fetchOne();
        assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)).isEqualTo(auditBefore + 1);
        assertThat(entry.getAction()).isEqualTo("REVEAL");
        assertThat(entry.getEntityId()).isEqualTo(rows.get(0).value2());
        assertThat(entry.getOperatorName()).isEqualTo("李娜");
        String name = database.dsl().select(INCIDENT.REPORTER_NAME).from(INCIDENT).where(INCIDENT.ID.eq(rows.get(0).value1()))
                .fetchOne(INCIDENT.REPORTER_NAME);
        assertThat(entry.getDetail()).as("the audit log holds that someone looked, not what they saw").doesNotContain(name);
        queue.select(rows.get(1).value1());
        assertThat(queue.revealedProperty().get()).as("the next incident is masked again").isFalse();
    }

    @Test
    void selectingShowsOnlyTheActionsTheLoopAllows() {
        StoredIncident fresh = service.register(new NewIncident(Channel.WALK_IN, null, null, "0101", "门口垃圾", null, null,
                null, null, RiskLevel.YELLOW), operator);
        queue.clearFilters();
        queue.registered(fresh);
        assertThat(queue.viewProperty().get()).isEqualTo(QueueView.TO_ACCEPT);
        assertThat(queue.rows()).isNotEmpty();
        assertThat(queue.detailProperty().get().id()).isEqualTo(fresh.id());

        assertThat(queue.detailProperty().get().state().status()).isEqualTo(IncidentStatus.REPORTED);
        assertThat(queue.allowedActions()).containsExactlyInAnyOrder(IncidentAction.ACCEPT, IncidentAction.DECLINE,
                IncidentAction.MERGE, IncidentAction.HANDLE_ON_SPOT, IncidentAction.ATTACH);
        queue.attach(writePhoto());
        assertThat(queue.attachments()).singleElement().satisfies(attachment -> {
            assertThat(attachment.fileName()).isEqualTo("现场.jpg");
            assertThat(attachment.mediaType()).isEqualTo("image/jpeg");
        });
        assertThat(queue.detailProperty().get().history()).extracting(IncidentEvent::action).contains(IncidentAction.ATTACH);

        queue.act(IncidentAction.DECLINE, ActionInput.note(" "));
        assertThat(queue.errorProperty().get()).isEqualTo("请填写原因。");
        queue.act(IncidentAction.ACCEPT, ActionInput.none());
        assertThat(queue.errorProperty().get()).isEmpty();
        assertThat(queue.detailProperty().get().state().status()).isEqualTo(IncidentStatus.ACCEPTED);
        assertThat(queue.statusProperty().get()).contains("已立案");
    }

    @Test
    void aCorrectionSavesOnlyWhatChangedAndKeepsTheFormOnARefusal() {
        StoredIncident taken = service.register(new NewIncident(Channel.HOTLINE_12345, "张先生", "13800001234", "0101", "门口拉圾",
                "已三天", "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
        queue.select(taken.id());
        int auditBefore = database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG);
        queue.startCorrection();
        assertThat(queue.correctingProperty().get()).isTrue();
        assertThat(queue.correctionTitleProperty().get()).isEqualTo("门口拉圾");
        assertThat(queue.correctionReporterNameProperty().get()).as("masked data is not put on screen to correct it").isEmpty();

        queue.saveCorrection();
        assertThat(queue.errorProperty().get()).isEqualTo("没有改动：改好要更正的内容再保存。");

        queue.correctionTitleProperty().set("  ");
        queue.correctionAddressProperty().set("景泰街道某小区东门");
        queue.saveCorrection();
        assertThat(queue.errorProperty().get()).isEqualTo("请填写标题。");
        assertThat(queue.correctingProperty().get()).as("what was typed stays").isTrue();
        assertThat(queue.correctionAddressProperty().get()).isEqualTo("景泰街道某小区东门");

        queue.correctionTitleProperty().set("门口垃圾");
        queue.correctionRiskProperty().set(RiskLevel.ORANGE);
        queue.correctionReporterPhoneProperty().set("13900005678");
        queue.saveCorrection();
        assertThat(queue.errorProperty().get()).isEmpty();
        assertThat(queue.correctingProperty().get()).isFalse();
        assertThat(queue.statusProperty().get()).isEqualTo("已更正：" + taken.caseNo() + "（4 项），已记入审计日志。");
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.ID.eq(taken.id())).fetchOne();
        assertThat(row.getTitle()).isEqualTo("门口垃圾");
        assertThat(row.getAddress()).isEqualTo("景泰街道某小区东门");
        assertThat(row.getRiskLevel()).isEqualTo("ORANGE");
        assertThat(row.getReporterPhone()).isEqualTo("13900005678");
        assertThat(row.getReporterName()).as("left empty, kept").isEqualTo("张先生");
        assertThat(row.getDescription()).isEqualTo("已三天");
        assertThat(queue.detailProperty().get().title()).isEqualTo("门口垃圾");
        var entry = database.dsl().selectFrom(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)
                .orderBy(cn.zongzhi.db.jooq.Tables.AUDIT_LOG.SEQ.desc()).limit(1).fetchOne();
        assertThat(database.dsl().fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG)).isEqualTo(auditBefore + 1);
        assertThat(entry.getAction()).isEqualTo("EDIT");
        assertThat(entry.getDetail()).as("which fields, never their values").doesNotContain("13900005678");
    }

    @Test
    void aCorrectionOpenedBeforeSomeoneElsesIsRefusedInsteadOfPuttingTheOldTitleBack() {
        StoredIncident taken = service.register(new NewIncident(Channel.HOTLINE_12345, "张先生", "13800001234", "0101", "门口拉圾",
                "已三天", "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
        queue.select(taken.id());
        queue.startCorrection();
        // Another seat corrects the title meanwhile; the 30-second poll reloads the detail under the open form.
        Operator other = new Operator(UUID.randomUUID(), "seat2", "周静", Role.SEAT_OPERATOR, "440111-DEMO", null);
        service.editFields(taken.id(), java.util.Map.of(EditableField.TITLE, "门口垃圾堆积"), other);
        queue.select(taken.id());
        assertThat(queue.detailProperty().get().title()).isEqualTo("门口垃圾堆积");

        queue.correctionAddressProperty().set("景泰街道某小区东门");
        queue.saveCorrection();

        assertThat(queue.errorProperty().get()).isEqualTo(messagesZh().text("incidents.error.changed_meanwhile"));
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.ID.eq(taken.id())).fetchOne();
        assertThat(row.getTitle()).as("the other seat's correction stands").isEqualTo("门口垃圾堆积");
        assertThat(row.getAddress()).isEqualTo("景泰街道某小区");
        queue.errorProperty().set("");
        queue.cancelCorrection();
    }

    @Test
    void aCorrectionRefusedAsChangedMeanwhileKeepsWhatWasTypedAndSavesOnTheNextConfirmWithoutUndoingTheOtherSeats() {
        StoredIncident taken = service.register(new NewIncident(Channel.HOTLINE_12345, "张先生", "13800001234", "0101", "门口拉圾",
                "已三天", "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
        queue.select(taken.id());
        queue.startCorrection();
        queue.correctionAddressProperty().set("景泰街道某小区东门");
        // Another seat corrects the title meanwhile; no poll has read it again here.
        Operator other = new Operator(UUID.randomUUID(), "seat2", "周静", Role.SEAT_OPERATOR, "440111-DEMO", null);
        service.editFields(taken.id(), java.util.Map.of(EditableField.TITLE, "门口垃圾堆积"), other);

        queue.saveCorrection();
        assertThat(queue.errorProperty().get()).isEqualTo(messagesZh().text("incidents.error.changed_meanwhile"));
        assertThat(queue.correctingProperty().get()).as("kept, with what was typed").isTrue();
        assertThat(queue.correctionAddressProperty().get()).isEqualTo("景泰街道某小区东门");
        assertThat(queue.correctionTitleProperty().get()).as("left as it was: shows the other seat's").isEqualTo("门口垃圾堆积");
        assertThat(queue.detailProperty().get().title()).as("read again").isEqualTo("门口垃圾堆积");

        // Told once: the next save goes through, with only what this operator changed.
        queue.saveCorrection();
        assertThat(queue.errorProperty().get()).isEmpty();
        assertThat(queue.correctingProperty().get()).isFalse();
        var row = database.dsl().selectFrom(INCIDENT).where(INCIDENT.ID.eq(taken.id())).fetchOne();
        assertThat(row.getAddress()).isEqualTo("景泰街道某小区东门");
        assertThat(row.getTitle()).as("the other seat's correction stands").isEqualTo("门口垃圾堆积");
    }

    @Test
    void aStepOrBulkActionOnARowChangedSinceItWasShownIsRefused() {
        StoredIncident taken = service.register(new NewIncident(Channel.HOTLINE_12345, "张先生", "13800001234", "0101", "门口拉圾",
                "已三天", "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
        StoredIncident alsoTaken = service.register(new NewIncident(Channel.HOTLINE_12345, "张先生", "13800001234", "0101",
                "门口拉圾", "已三天", "景泰街道某小区", null, null, RiskLevel.YELLOW), operator);
        queue.select(taken.id());
        // Declined by another seat before this operator's 立案 click: the pane still shows it as reported.
        service.act(taken.id(), IncidentAction.DECLINE, ActionInput.note("重复来电"), operator);
        queue.act(IncidentAction.ACCEPT, ActionInput.none());
        assertThat(queue.errorProperty().get()).isEqualTo(messagesZh().text("incidents.error.changed_meanwhile"));
        assertThat(queue.detailProperty().get().state().status()).as("reloaded").isEqualTo(IncidentStatus.DECLINED);
        queue.errorProperty().set("");

        queue.open(QueueView.TO_ACCEPT);
        int at = -1;
        for (int index = 0; index < queue.rows().size() && at < 0; index++) {
            // The first look at a row not yet read asks for its page (read at once by the same-thread runner).
            IncidentSummary row = queue.rows().get(index) == null ? queue.rows().get(index) : queue.rows().get(index);
            if (row.id().equals(alsoTaken.id())) {
                at = index;
            }
        }
        List<UUID> selected = queue.idsAt(List.of(at)).orElseThrow();
        service.editFields(alsoTaken.id(), java.util.Map.of(EditableField.TITLE, "门口垃圾"), operator);
        queue.actOnMany(selected, IncidentAction.ACCEPT, ActionInput.none());
        assertThat(queue.statusProperty().get()).isEqualTo(messagesZh().text("incidents.bulk.done",
                messagesZh().text("incidents.action.ACCEPT"), 0, 1));
        assertThat(queue.errorProperty().get()).endsWith(messagesZh().text("incidents.error.changed_meanwhile"));
        assertThat(database.dsl().fetchValue(INCIDENT.STATUS, INCIDENT.ID.eq(alsoTaken.id()))).isEqualTo("REPORTED");
        queue.errorProperty().set("");
    }

    private static Messages messagesZh() {
        return Messages.forLanguage("zh");
    }

    @Test
    void anIncidentWrittenWithAnOlderStampShowsAtTheNextTick() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        IncidentQueueViewModel watching = new IncidentQueueViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"),
                operator, clock, DAYS);
        watching.loadReferenceData();
        watching.open(QueueView.TO_ACCEPT);
        int before = watching.countProperty().get();
        watching.poll();
        assertThat(watching.countProperty().get()).as("nothing changed").isEqualTo(before);

        // As the sync client writes an incident the city sent: the city's stamp, older than any here, and a note.
        var closed = database.dsl().selectFrom(INCIDENT).where(INCIDENT.STATUS.eq("CLOSED")).limit(1).fetchOne();
        database.dsl().transaction(tx -> {
            tx.dsl().update(INCIDENT).set(INCIDENT.STATUS, "REPORTED").set(INCIDENT.HLC, 1L).where(INCIDENT.ID.eq(closed.getId())).execute();
            IncidentSearchRepository.markChanged(tx.dsl(), List.of(closed.getId()));
        });
        try {
            watching.poll();
            assertThat(watching.countProperty().get()).isEqualTo(before + 1);
        } finally {
            database.dsl().update(INCIDENT).set(INCIDENT.STATUS, "CLOSED").set(INCIDENT.HLC, closed.getHlc())
                    .where(INCIDENT.ID.eq(closed.getId())).execute();
        }
    }

}
