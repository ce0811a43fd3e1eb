package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/** The sync screen's state, counts and answers, on real databases, without the JavaFX toolkit. */
class SyncViewModelTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant NOON = Instant.parse("2026-12-02T04:00:00Z");

    @TempDir
    Path folder;

    private final Messages messages = Messages.forLanguage("zh");

    /** The scheduler as the screen sees it, driven by the test. */
    private static final class FakeControl implements SyncControl {
        SyncStatus current;
        final List<String> calls = new ArrayList<>();
        final List<Consumer<SyncStatus>> listeners = new CopyOnWriteArrayList<>();

        FakeControl(SyncStatus current) {
            this.current = current;
        }

        void publish(SyncStatus next) {
            current = next;
            listeners.forEach(listener -> listener.accept(next));
        }

        @Override
        public SyncStatus status() {
            return current;
        }

        @Override
        public void syncNow() {
            calls.add("syncNow");
        }

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public void addListener(Consumer<SyncStatus> listener) {
            listeners.add(listener);
        }

        @Override
        public void announce() {
            calls.add("announce");
        }
    }

    private static SyncStatus status(boolean enrolled, boolean connected, boolean running, boolean paused, String error,
                                     int waiting, int rejected, int conflicts) {
        return new SyncStatus(enrolled, enrolled ? "http://city.example:8443" : null, enrolled ? "TOWN-440111004" : null,
                connected, running, paused, NOON.minusSeconds(30), connected ? NOON.minusSeconds(30) : null, error, waiting,
                rejected, conflicts, 0, paused || !enrolled ? null : NOON.plusSeconds(30));
    }

    private SyncViewModel viewModel(SyncControl control, Database database, FieldEdits edits) {
        return new SyncViewModel(control, new SyncReviewService(database.dsl(), edits), new SameThreadRunner(),
                new SyncWords(messages, SHANGHAI), Clock.fixed(NOON, SHANGHAI));
    }

    @Test
    void saysWhereSyncStandsAndAsksTheSchedulerOnlyWhatMakesSense() {
        try (Database database = TestDatabases.fresh(folder)) {
            FakeControl control = new FakeControl(status(false, false, false, false, null, 2, 0, 0));
            SyncViewModel viewModel = viewModel(control, database, null);
            viewModel.activate();

            assertThat(viewModel.stateTextProperty().get()).isEqualTo("未注册到市级服务器");
            assertThat(viewModel.serverTextProperty().get()).startsWith("未注册");
            assertThat(viewModel.syncNowDisabledProperty().get()).isTrue();
            assertThat(viewModel.enrolledProperty().get()).isFalse();
            viewModel.syncNow();
            viewModel.togglePause();
            assertThat(control.calls).as("nothing to sync with").isEmpty();
            assertThat(viewModel.messageProperty().get()).isEqualTo("本机尚未注册到市级服务器，不会同步。");

            control.publish(status(true, false, true, false, null, 7, 0, 0));
            assertThat(viewModel.stateTextProperty().get()).isEqualTo("正在同步");
            assertThat(viewModel.syncNowDisabledProperty().get()).as("a round is under way").isTrue();
            assertThat(viewModel.waitingTextProperty().get()).isEqualTo("7 条");
            assertThat(viewModel.serverTextProperty().get()).isEqualTo("http://city.example:8443");
            assertThat(viewModel.officeTextProperty().get()).isEqualTo("TOWN-440111004");
            viewModel.togglePause();
            assertThat(control.calls).containsExactly("pause");
            assertThat(viewModel.messageProperty().get()).isEqualTo("本轮同步结束后暂停。");

            control.publish(status(true, false, false, true, null, 7, 0, 0));
            assertThat(viewModel.stateTextProperty().get()).isEqualTo("已暂停");
            assertThat(viewModel.pauseTextProperty().get()).isEqualTo("继续同步");
            assertThat(viewModel.nextTextProperty().get()).isEqualTo("—");
            assertThat(viewModel.messageProperty().get()).startsWith("同步已暂停");
            viewModel.syncNow();
            assertThat(control.calls).as("paused: resume first").containsExactly("pause");
            viewModel.togglePause();
            assertThat(control.calls).containsExactly("pause", "resume");

            control.publish(status(true, false, false, false, "unreachable: the city server http://city.example:8443 cannot be reached",
                    7, 0, 0));
            assertThat(viewModel.stateTextProperty().get()).isEqualTo("离线");
            assertThat(viewModel.lastErrorTextProperty().get()).isEqualTo("无法连接市级服务器");
            assertThat(viewModel.lastSuccessTextProperty().get()).isEqualTo("从未");
            assertThat(viewModel.pauseTextProperty().get()).isEqualTo("暂停同步");

            control.publish(status(true, true, false, false, null, 0, 0, 0));
            assertThat(viewModel.stateTextProperty().get()).isEqualTo("已连接");
            assertThat(viewModel.lastSuccessTextProperty().get()).as("today: the time alone, office time").isEqualTo("11:59:30");
            assertThat(viewModel.syncNowDisabledProperty().get()).isFalse();
            viewModel.syncNow();
            assertThat(control.calls).containsExactly("pause", "resume", "syncNow");
            assertThat(viewModel.messageProperty().get()).isEqualTo("已开始同步。");
            control.publish(status(true, false, true, false, null, 0, 0, 0));
            control.publish(status(true, false, false, false, "unreachable: connection refused", 0, 0, 0));
            assertThat(viewModel.messageProperty().get()).isEqualTo("本次同步未成功：无法连接市级服务器；稍后自动重试。");
            assertThat(viewModel.clockWarningTextProperty().get()).isEmpty();

            control.publish(new SyncStatus(true, "http://city.example:8443", "TOWN-440111004", true, false, false, NOON, NOON,
                    null, 0, 0, 0, 0, NOON.plusSeconds(30), Duration.ofMinutes(-12)));
            assertThat(viewModel.clockWarningTextProperty().get()).isEqualTo("本机时钟与市级服务器相差约 12 分钟，请校准");
        }
    }

    @Test
    void listsWhatTheCityRefusedAndRecordedAndTakesTheOperatorsAnswers() {
        Path town = folder.resolve("town").resolve("zongzhi");
        try (SyncScenario scenario = SyncScenario.run(folder, town);
             Database database = Database.open(town);
             SyncScheduler scheduler = new SyncScheduler(database.dsl(), Optional::empty, Clock.systemUTC(),
                     Duration.ofSeconds(30), () -> 0.5)) {
            SyncControl control = SyncControl.of(scheduler);
            List<SyncStatus> announced = new CopyOnWriteArrayList<>();
            control.addListener(announced::add);
            SyncViewModel viewModel = viewModel(control, database, null);
            viewModel.activate();

            SyncStatus before = control.status();
            assertThat(before.enrolled()).isTrue();
            assertThat(before.officeCode()).isEqualTo(SyncScenario.TOWN);
            assertThat(before.waiting()).isZero();
            assertThat(before.rejected()).isEqualTo(1);
            assertThat(before.conflicts()).isEqualTo(2);
            assertThat(before.tasks()).isEqualTo(1);
            assertThat(viewModel.refusalsTitleProperty().get()).isEqualTo("被市级退回（1）");
            assertThat(viewModel.conflictsTitleProperty().get()).isEqualTo("冲突（2）");
            assertThat(viewModel.tasksTitleProperty().get()).isEqualTo("调度任务（1）");

            SyncViewModel.RefusalRow refusal = viewModel.refusals().get(0);
            assertThat(refusal.caseNo()).isEqualTo(scenario.outside.caseNo());
            assertThat(refusal.sent()).isEqualTo("新建事件（市级未接收）");
            assertThat(refusal.resubmitIncident()).isEqualTo(scenario.outside.id());
            assertThat(refusal.reason()).isEqualTo("事件所在区域不在本单位辖区内");

            assertThat(viewModel.conflicts()).extracting(SyncViewModel.ConflictRow::kind)
                    .containsExactlyInAnyOrder("状态不一致", "办结待派单方确认");
            SyncViewModel.ConflictRow closure = viewModel.conflicts().stream()
                    .filter(row -> row.kind().equals("办结待派单方确认")).findFirst().orElseThrow();
            assertThat(closure.caseNo()).isEqualTo(scenario.contested.caseNo());
            assertThat(closure.cityValue()).isEqualTo("已派遣");
            assertThat(closure.officeValue()).isEqualTo("即巡即办（已立案 → 已办结）：现场已清理");
            assertThat(closure.kept()).isEqualTo("市级的值");
            assertThat(closure.offersKeepMine()).isFalse();
            assertThat(closure.offersMerge()).isFalse();
            assertThat(closure.note()).contains("派单单位").contains("不能选择保留本地或合并");
            SyncViewModel.ConflictRow diverged = viewModel.conflicts().stream()
                    .filter(row -> row.kind().equals("状态不一致")).findFirst().orElseThrow();
            assertThat(diverged.officeValue()).isEqualTo("受理立案（待受理 → 已立案）");
            assertThat(diverged.note()).contains("流程规则");

            SyncViewModel.TaskRow task = viewModel.tasks().get(0);
            assertThat(task.assignee()).isEqualTo(SyncScenario.CITY);
            assertThat(task.requestedBy()).isEqualTo(SyncScenario.TOWN);
            assertThat(task.kind()).isEqualTo("确认办结请求");
            assertThat(task.forThisOffice()).isFalse();
            assertThat(task.body()).isEqualTo("TOWN-440111004 报告已办结，而事件已由派单单位派遣：请派单单位决定召回派遣还是继续办理。");

            // The city has no such incident: its refusal stays listed until it is resubmitted (or voided).
            viewModel.acknowledge(refusal);
            assertThat(viewModel.refusals()).containsExactly(refusal);
            assertThat(viewModel.messageProperty().get()).startsWith("市级没有收到事件 " + scenario.outside.caseNo());
            viewModel.resubmit(refusal);
            assertThat(viewModel.messageProperty().get()).startsWith("事件 " + scenario.outside.caseNo() + " 已重新报送");
            assertThat(viewModel.refusals()).isEmpty();
            assertThat(viewModel.refusalsTitleProperty().get()).isEqualTo("被市级退回（0）");
            assertThat(database.dsl().select(SYNC_OUTBOX.ACKNOWLEDGED).from(SYNC_OUTBOX)
                    .where(SYNC_OUTBOX.MUTATION_ID.eq(refusal.mutationId())).fetchOne(SYNC_OUTBOX.ACKNOWLEDGED)).isTrue();
            assertThat(announced).as("the status bar hears of it at once").last()
                    .extracting(SyncStatus::rejected).isEqualTo(0);

            viewModel.acceptCityResult(closure);
            assertThat(viewModel.conflicts()).singleElement().extracting(SyncViewModel.ConflictRow::kind).isEqualTo("状态不一致");
            assertThat(database.dsl().select(SYNC_RECORD.ACKNOWLEDGED).from(SYNC_RECORD)
                    .where(SYNC_RECORD.ENTITY_ID.eq(closure.id())).fetchOne(SYNC_RECORD.ACKNOWLEDGED)).isTrue();
            assertThat(announced).last().extracting(SyncStatus::conflicts).isEqualTo(1);
            assertThat(viewModel.messageProperty().get()).isEqualTo(scenario.contested.caseNo() + "：已采用市级结果。");

            // This office answers the city's task (the console does not offer it; an older one did): the city refuses
            // it, and the refusal names the task's case and says why in words.
            new TaskAnswers(database.dsl(), new cn.zongzhi.common.HybridClock(Clock.systemUTC()), Clock.systemUTC(), () -> null)
                    .answer(task.id(), TaskAnswers.Decision.CONTINUE);
            database.dsl().update(SYNC_OUTBOX).set(SYNC_OUTBOX.OUTCOME, "REJECTED").set(SYNC_OUTBOX.REASON_CODE, "not-assignee")
                    .set(SYNC_OUTBOX.REASON_TEXT, "this task is for office " + SyncScenario.CITY + " to answer")
                    .where(SYNC_OUTBOX.MUTATION_KIND.eq("RESOLVE")).execute();
            viewModel.refresh();
            SyncViewModel.RefusalRow answer = viewModel.refusals().get(0);
            assertThat(answer.sent()).isEqualTo("答复调度任务");
            assertThat(answer.caseNo()).isEqualTo(scenario.contested.caseNo());
            assertThat(answer.reason()).isEqualTo("这条调度任务应由其他单位答复，本单位的答复未被采用");

            // The city's record pulled again (a restored server sends everything anew) stays seen.
            var repository = new SyncClientRepository(database.dsl());
            database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(List.of(new Change(99,
                    EntityKind.CONFLICT, UUID.fromString(closure.id()), 1, null, conflictData(closure))), Instant.now()));
            assertThat(repository.counts().conflicts()).isEqualTo(1);
        }
    }

    @Test
    void photosTheCityWouldNotHandOverAreListedWithTheirCaseFileAndWhy() {
        Path town = folder.resolve("town").resolve("zongzhi");
        try (SyncScenario scenario = SyncScenario.run(folder, town);
             Database database = Database.open(town)) {
            FakeControl control = new FakeControl(status(true, true, false, false, null, 0, 0, 0));
            SyncViewModel viewModel = viewModel(control, database, null);
            viewModel.activate();
            assertThat(viewModel.missingFiles()).as("nothing given up, nothing listed").isEmpty();

            AttachmentSyncRepository attachments = new AttachmentSyncRepository(database.dsl());
            UUID gone = UUID.randomUUID();
            UUID stillComing = UUID.randomUUID();
            for (UUID id : List.of(gone, stillComing)) {
                ObjectNode description = cn.zongzhi.sync.protocol.SyncJson.MAPPER.valueToTree(new cn.zongzhi.sync.protocol.AttachmentMeta(
                        id, scenario.contested.id(), id == gone ? "现场照片.jpg" : "整改后.jpg", "image/jpeg", 1024, "00",
                        NOON.minusSeconds(3600), "CITY-440111"));
                attachments.described(new Change(7, EntityKind.ATTACHMENT, id, 1, null, description), NOON.minusSeconds(60));
            }
            attachments.giveUp(gone, "unknown-attachment", NOON);
            viewModel.refresh();

            assertThat(viewModel.missingFilesTitleProperty().get()).isEqualTo("未能取回的附件（1）");
            assertThat(viewModel.missingFiles()).singleElement().satisfies(row -> {
                assertThat(row.caseNo()).isEqualTo(scenario.contested.caseNo());
                assertThat(row.fileName()).isEqualTo("现场照片.jpg");
                assertThat(row.reason()).isEqualTo("市级服务器上已没有这个文件，不会再自动获取");
                assertThat(row.when()).isEqualTo("12:00:00");
            });
        }
    }

    @Test
    void aFieldConflictOffersKeepMineAndMergeOnceTheConsoleCanWriteFields() {
        try (Database database = TestDatabases.fresh(folder)) {
            database.dsl().execute("insert into sync_credential(id, server_url, office_code, areas, token, server_epoch, enrolled_at) "
                    + "values (1, 'http://city.example:8443', 'TOWN-440111004', '440111004', 't', 'e', current_timestamp)");
            UUID incident = UUID.randomUUID();
            String titleConflict = UUID.randomUUID().toString();
            String placeConflict = UUID.randomUUID().toString();
            String otherOffice = UUID.randomUUID().toString();
            database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(List.of(
                    fieldConflict(titleConflict, incident, "title", JsonNodeFactory.instance.textNode("路灯不亮"),
                            JsonNodeFactory.instance.textNode("景泰直街路灯不亮"), "SERVER", "TOWN-440111004"),
                    fieldConflict(placeConflict, incident, "longitude", JsonNodeFactory.instance.numberNode(113.27),
                            JsonNodeFactory.instance.numberNode(113.28), "SERVER", "TOWN-440111004"),
                    fieldConflict(otherOffice, incident, "address", JsonNodeFactory.instance.textNode("A"),
                            JsonNodeFactory.instance.textNode("B"), "SERVER", "TOWN-440111005")), Instant.now()));

            FakeControl control = new FakeControl(status(true, true, false, false, null, 0, 0, 3));
            SyncViewModel withoutEdits = viewModel(control, database, null);
            withoutEdits.activate();
            SyncViewModel.ConflictRow title = row(withoutEdits, titleConflict);
            assertThat(title.kind()).isEqualTo("同一字段两处修改");
            assertThat(title.field()).isEqualTo("标题");
            assertThat(title.cityValue()).isEqualTo("路灯不亮");
            assertThat(title.officeValue()).isEqualTo("景泰直街路灯不亮");
            assertThat(title.offersKeepMine()).isFalse();
            assertThat(title.note()).contains("还不能修改事件字段");

            List<String> written = new ArrayList<>();
            FieldEdits edits = (id, field, value) -> written.add(id + " " + field + "=" + value.asText());
            SyncViewModel viewModel = viewModel(control, database, edits);
            viewModel.activate();
            title = row(viewModel, titleConflict);
            assertThat(title.offersKeepMine()).isTrue();
            assertThat(title.offersMerge()).isTrue();
            SyncViewModel.ConflictRow place = row(viewModel, placeConflict);
            assertThat(place.offersKeepMine()).isTrue();
            assertThat(place.offersMerge()).as("two numbers cannot be joined").isFalse();
            SyncViewModel.ConflictRow others = row(viewModel, otherOffice);
            assertThat(others.offersKeepMine()).isFalse();
            assertThat(others.officeValue()).isEqualTo("B（TOWN-440111005）");
            assertThat(others.note()).contains("TOWN-440111005");

            assertThat(viewModel.mergeDraft(title)).isEqualTo("路灯不亮\n景泰直街路灯不亮");
            viewModel.merge(title, "景泰直街 12 号路灯不亮");
            viewModel.keepMine(place);
            assertThat(written).containsExactly(incident + " title=景泰直街 12 号路灯不亮", incident + " longitude=113.28");
            assertThat(viewModel.conflicts()).extracting(SyncViewModel.ConflictRow::id).containsExactly(otherOffice);
            assertThat(control.calls).contains("announce", "syncNow");
        }
    }

    @Test
    void keepMineIsOfferedOnlyToAccountsThatMayCorrectAndARefusalIsSaidAsTheQueueSaysIt() {
        try (Database database = TestDatabases.fresh(folder)) {
            database.dsl().execute("insert into sync_credential(id, server_url, office_code, areas, token, server_epoch, enrolled_at) "
                    + "values (1, 'http://city.example:8443', 'TOWN-440111004', '440111004', 't', 'e', current_timestamp)");
            UUID incident = UUID.randomUUID();
            String titleConflict = UUID.randomUUID().toString();
            database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(List.of(
                    fieldConflict(titleConflict, incident, "title", JsonNodeFactory.instance.textNode("路灯不亮"),
                            JsonNodeFactory.instance.textNode("景泰直街路灯不亮"), "SERVER", "TOWN-440111004")), Instant.now()));
            FakeControl control = new FakeControl(status(true, true, false, false, null, 0, 0, 1));

            // An account whose role does not handle incidents: the service would refuse, so nothing is offered.
            SyncViewModel readOnly = viewModel(control, database, new FieldEdits() {
                @Override
                public void write(UUID id, String field, JsonNode value) {
                    throw new AssertionError("not offered");
                }

                @Override
                public boolean allowed() {
                    return false;
                }
            });
            readOnly.activate();
            SyncViewModel.ConflictRow title = row(readOnly, titleConflict);
            assertThat(title.offersKeepMine()).isFalse();
            assertThat(title.offersMerge()).isFalse();
            assertThat(title.note()).contains("办理事件");

            // Allowed, but the incident changed meanwhile: the queue's words, not a class name.
            SyncViewModel viewModel = viewModel(control, database, (id, field, value) -> {
                throw new cn.zongzhi.incidents.IncidentException(cn.zongzhi.incidents.IncidentException.Reason.CHANGED_MEANWHILE);
            });
            viewModel.activate();
            title = row(viewModel, titleConflict);
            assertThat(title.offersKeepMine()).isTrue();
            viewModel.keepMine(title);
            assertThat(viewModel.messageProperty().get()).isEqualTo("这件事件刚被他人处理过，已刷新，请再看一下再操作。");
            viewModel.merge(title, "景泰直街 12 号路灯不亮");
            assertThat(viewModel.messageProperty().get()).doesNotContain("IncidentException").startsWith("这件事件刚被他人处理过");
            assertThat(viewModel.conflicts()).as("the conflict stays to be answered").hasSize(1);
        }
    }

    @Test
    void thePolicyLeavesNoChoiceWhereTheWorkflowOrTheDispatcherDecides() {
        for (String kind : List.of("STATUS", "CLOSURE_REQUEST", "VOID_EDIT", "SOMETHING_NEWER")) {
            ConflictPolicy.Offer offer = ConflictPolicy.offer(kind, "status", "SERVER");
            assertThat(offer.choices()).as(kind).containsExactly(ConflictPolicy.Choice.KEEP_CITY);
            assertThat(messages.text(offer.whyNotKey())).as(kind).doesNotStartWith("!");
        }
        assertThat(ConflictPolicy.offer("FIELD", "description", "SERVER").choices()).containsExactlyInAnyOrder(
                ConflictPolicy.Choice.KEEP_CITY, ConflictPolicy.Choice.KEEP_MINE, ConflictPolicy.Choice.MERGE);
        assertThat(ConflictPolicy.offer("FIELD", "description", "CLIENT").choices()).as("this office's value was kept")
                .doesNotContain(ConflictPolicy.Choice.KEEP_MINE);
        assertThat(ConflictPolicy.offer("FIELD", "caseNo", "SERVER").choices()).as("set once, never patched")
                .containsExactly(ConflictPolicy.Choice.KEEP_CITY);
    }

    private static SyncViewModel.ConflictRow row(SyncViewModel viewModel, String id) {
        return viewModel.conflicts().stream().filter(row -> row.id().equals(id)).findFirst().orElseThrow();
    }

    private static Change fieldConflict(String id, UUID incident, String field, JsonNode city, JsonNode office, String kept,
                                        String officeCode) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id).put("incidentId", incident.toString())
                .put("mutationId", UUID.randomUUID().toString()).put("kind", "FIELD").put("field", field).put("kept", kept)
                .put("officeCode", officeCode).put("resolved", false);
        data.set("serverValue", city);
        data.set("clientValue", office);
        return new Change(1, EntityKind.CONFLICT, UUID.fromString(id), 1, null, data);
    }


    @Test
    void publishingReferenceDataShowsProgressCanBeStoppedAndSaysWhyATownshipIsRefused() {
        try (Database database = TestDatabases.fresh(folder)) {
            FakeControl control = new FakeControl(status(true, true, false, false, null, 0, 0, 0));
            SyncViewModel viewModel = viewModel(control, database, null);
            viewModel.activate();
            assertThat(viewModel.publishOfferedProperty().get()).as("not offered until the console offers it").isFalse();

            List<String> said = new ArrayList<>();
            viewModel.messageProperty().addListener((observable, before, now) -> said.add(now));
            List<Boolean> cancelledBetweenBatches = new ArrayList<>();
            viewModel.offerReferencePublishing((cancelled, progress) -> {
                int sent = 0;
                for (int batch = 0; batch < 3 && !cancelled.getAsBoolean(); batch++) {
                    sent = Math.min(1200, sent + 500);
                    progress.sent(sent, 1200);
                    cancelledBetweenBatches.add(cancelled.getAsBoolean());
                }
                return new ReferencePublisher.Published(sent, 4, 21_345, !cancelled.getAsBoolean(), 0);
            });
            assertThat(viewModel.publishOfferedProperty().get()).isTrue();
            assertThat(viewModel.publishTextProperty().get()).isEqualTo("发布基础数据");

            viewModel.publishReference();
            assertThat(said).containsSubsequence("正在发布基础数据…", "正在发布基础数据：已发送 500 / 1,200 项",
                    "正在发布基础数据：已发送 1,000 / 1,200 项", "正在发布基础数据：已发送 1,200 / 1,200 项");
            assertThat(viewModel.messageProperty().get()).isEqualTo("基础数据已发布：共 1,200 项，其中 4 项有变化；版本 21345。各镇街下一轮同步时收到。");
            assertThat(viewModel.publishTextProperty().get()).isEqualTo("发布基础数据");
            assertThat(cancelledBetweenBatches).containsExactly(false, false, false);

            // 停止发布 while the first batch is out: the publication stops before the next one.
            viewModel.offerReferencePublishing((cancelled, progress) -> {
                progress.sent(500, 1200);
                assertThat(viewModel.publishTextProperty().get()).isEqualTo("停止发布");
                viewModel.publishReference();
                assertThat(viewModel.messageProperty().get()).isEqualTo("正在停止发布（当前一批发完即停）…");
                return new ReferencePublisher.Published(500, 0, 21, !cancelled.getAsBoolean(), 0);
            });
            viewModel.publishReference();
            assertThat(viewModel.messageProperty().get()).isEqualTo("发布已停止：已发送 500 项（已发送的已生效，再次发布不会重复）。");
            assertThat(viewModel.publishTextProperty().get()).isEqualTo("发布基础数据");

            // A township's console: the server refuses, and the screen says why in words.
            viewModel.offerReferencePublishing((cancelled, progress) -> {
                throw new SyncTransport.Unavailable(403, "not-city", "only the city office publishes reference data");
            });
            viewModel.publishReference();
            assertThat(viewModel.messageProperty().get()).isEqualTo("只有市级综治中心可以发布基础数据；本中心从市级接收。");
            viewModel.offerReferencePublishing((cancelled, progress) -> {
                throw new SyncTransport.Unavailable(0, "unreachable", "the city server cannot be reached");
            });
            viewModel.publishReference();
            assertThat(viewModel.messageProperty().get()).isEqualTo("基础数据未能发布：无法连接市级服务器");
        }
    }

    @Test
    void anAdministratorEnrollsHereWithTheCitysCodeAndARefusalSaysWhyAndKeepsNothing() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Database database = TestDatabases.fresh(folder.resolve("town"));
             Database another = TestDatabases.fresh(folder.resolve("another"));
             cn.zongzhi.server.ServerDatabase serverDb = cn.zongzhi.server.ServerDatabase.h2(folder.resolve("server"));
             cn.zongzhi.server.CityServer server = cn.zongzhi.server.CityServer.start(serverDb,
                     new cn.zongzhi.server.CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            String code = new cn.zongzhi.server.Enrollments(serverDb, clock).addOffice("TOWN-440111004", "景泰街道综治中心",
                    "TOWN", List.of("440111004"));
            for (Database installation : List.of(database, another)) {
                // Set up as on first start: the installation, with the replica id it enrolls under.
                new cn.zongzhi.office.InstallationRepository(installation.dsl()).create(UUID.randomUUID(), "TOWN-440111004",
                        "景泰街道综治中心", "TOWN", "440111004", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
            }
            String url = "http://127.0.0.1:" + server.port();
            FakeControl control = new FakeControl(status(false, false, false, false, null, 0, 0, 0));
            SyncViewModel viewModel = viewModel(control, database, null);
            viewModel.activate();
            assertThat(viewModel.enrollOfferedProperty().get()).as("not offered until the console offers it").isFalse();
            viewModel.enroll(url, code);
            assertThat(control.calls).isEmpty();

            SyncCredentialRepository credentials = new SyncCredentialRepository(database.dsl());
            viewModel.offerEnrollment(enrolling(credentials, clock));
            assertThat(viewModel.enrollOfferedProperty().get()).isTrue();
            control.publish(status(false, false, false, false, null, 0, 0, 0));
            assertThat(viewModel.serverTextProperty().get()).isEqualTo("未注册（在下方填写市级服务器地址和市级中心给的注册码）");

            viewModel.enroll("city.example:8443", code);
            assertThat(viewModel.messageProperty().get()).isEqualTo("请填写市级服务器地址，以 http:// 或 https:// 开头。");
            viewModel.enroll(url, "   ");
            assertThat(viewModel.messageProperty().get()).isEqualTo("请填写注册码。");
            viewModel.enroll(url, "AAAA-BBBB-CCCC-DDDD");
            assertThat(viewModel.messageProperty().get()).isEqualTo("未能注册：注册码不存在，请核对后重新输入");
            viewModel.enroll("http://127.0.0.1:9", code);
            assertThat(viewModel.messageProperty().get()).isEqualTo("未能注册：连接不上这个地址，请检查地址和网络");
            assertThat(credentials.find()).as("a refusal keeps nothing").isEmpty();
            assertThat(control.calls).isEmpty();
            assertThat(viewModel.enrollBusyProperty().get()).isFalse();

            // Pasted with a space around it and a slash after the address: taken as meant.
            viewModel.enroll(url + "/ ", " " + code + " ");
            assertThat(viewModel.messageProperty().get()).startsWith("已注册：本单位 TOWN-440111004，辖区 440111004")
                    .endsWith("即将开始第一次同步。");
            assertThat(credentials.find()).hasValueSatisfying(credential -> {
                assertThat(credential.officeCode()).isEqualTo("TOWN-440111004");
                assertThat(credential.serverUrl()).isEqualTo(url);
            });
            assertThat(control.calls).as("the first round at once").containsExactly("syncNow");
            control.publish(status(true, false, false, false, null, 0, 0, 0));
            assertThat(viewModel.enrollOfferedProperty().get()).as("enrolled: the form goes").isFalse();
            var kept = credentials.find().orElseThrow();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> enrolling(credentials, clock).keep(kept))
                    .isInstanceOfSatisfying(EnrollmentClient.EnrollmentFailed.class,
                            refused -> assertThat(refused.reason()).isEqualTo("already-enrolled"));
            SyncViewModel beforeItsFirstRead = viewModel(control, database, null);
            beforeItsFirstRead.offerEnrollment(enrolling(credentials, clock));
            assertThat(beforeItsFirstRead.enrollOfferedProperty().get()).as("not before the standing is known").isFalse();

            // The city stops taking the credential (its office's credentials were revoked, say): the state says so, not
            // 离线, and the administrator enrolls again here with a new code; what waits to go stays.
            database.dsl().execute("insert into sync_outbox(client_sequence, mutation_id, entity_kind, entity_id, mutation_kind, "
                    + "hlc, created_at) values (1, ?, 'INCIDENT', ?, 'NOTE', 1, current_timestamp)", UUID.randomUUID(), UUID.randomUUID());
            new SyncClientRepository(database.dsl()).failed("unauthenticated: a valid installation credential is required");
            String refusedStatus = "unauthenticated: a valid installation credential is required";
            control.publish(new SyncStatus(true, url, "TOWN-440111004", false, false, false, NOON, null, refusedStatus, 1, 0, 0, 0,
                    NOON.plusSeconds(150)));
            assertThat(viewModel.stateTextProperty().get()).isEqualTo("注册已失效");
            assertThat(viewModel.lastErrorTextProperty().get()).isEqualTo("市级服务器不认可本机的凭据，请重新注册");
            assertThat(viewModel.enrollOfferedProperty().get()).as("enrolling again is offered").isTrue();
            control.publish(new SyncStatus(true, url, "TOWN-440111004", false, true, false, NOON, null, refusedStatus, 1, 0, 0, 0,
                    null));
            assertThat(viewModel.enrollOfferedProperty().get()).as("not while a round runs").isFalse();
            control.publish(new SyncStatus(true, url, "TOWN-440111004", false, false, false, NOON, null, refusedStatus, 1, 0, 0, 0,
                    NOON.plusSeconds(150)));
            // A code for another office is refused: this database holds TOWN-440111004's records and keeps its credential.
            String neighbours = new cn.zongzhi.server.Enrollments(serverDb, clock).addOffice("TOWN-440111005", "同和街道综治中心",
                    "TOWN", List.of("440111005"));
            viewModel.enroll(url, neighbours);
            assertThat(viewModel.messageProperty().get()).isEqualTo("未能注册：本机数据库保存的是单位 TOWN-440111004 的记录，"
                    + "这个注册码却属于单位 TOWN-440111005，不能用它注册本机；本机什么也没有改动，待发送的记录都还在。"
                    + "请向市级中心索取单位 TOWN-440111004 的注册码再注册；单位 TOWN-440111005 请在它自己的电脑（另一个数据库）上注册，"
                    + "这个码已用掉，需另索新码");
            assertThat(credentials.find().orElseThrow()).as("the refused credential stays").isEqualTo(kept);
            assertThat(new SyncClientRepository(database.dsl()).standing().lastError()).isEqualTo(refusedStatus);
            assertThat(database.dsl().fetchCount(SYNC_OUTBOX)).isEqualTo(1);
            assertThat(viewModel.enrollOfferedProperty().get()).as("still offered, for the right code").isTrue();
            assertThat(viewModel.enrollBusyProperty().get()).isFalse();
            assertThat(control.calls).as("no round asked for").containsExactly("syncNow");

            String again = new cn.zongzhi.server.Enrollments(serverDb, clock).newCode("TOWN-440111004");
            control.current = new SyncStatus(true, url, "TOWN-440111004", false, false, false, NOON, null, null, 1, 0, 0, 0,
                    NOON.plusSeconds(1));
            viewModel.enroll(url, again);
            assertThat(viewModel.messageProperty().get()).startsWith("已注册：本单位 TOWN-440111004");
            assertThat(credentials.find().orElseThrow().token()).isNotEqualTo(kept.token());
            assertThat(new SyncClientRepository(database.dsl()).standing().lastError()).as("the refusal is forgotten").isNull();
            assertThat(database.dsl().fetchCount(SYNC_OUTBOX)).as("nothing waiting is lost").isEqualTo(1);
            assertThat(viewModel.enrollOfferedProperty().get()).isFalse();
            assertThat(control.calls).containsExactly("syncNow", "syncNow");

            // The code is spent: another installation is told to ask the city for a new one.
            FakeControl anotherControl = new FakeControl(status(false, false, false, false, null, 0, 0, 0));
            SyncViewModel anotherView = viewModel(anotherControl, another, null);
            anotherView.activate();
            SyncCredentialRepository anotherCredentials = new SyncCredentialRepository(another.dsl());
            anotherView.offerEnrollment(enrolling(anotherCredentials, clock));
            anotherView.enroll(url, code);
            assertThat(anotherView.messageProperty().get()).isEqualTo("未能注册：这个注册码已经用过，请向市级中心索取新的");
            assertThat(anotherCredentials.find()).isEmpty();
        }
    }

    /** Enrolling as the console wires it: the call to the city, then keeping a first credential. */
    private static SyncViewModel.Enrolling enrolling(SyncCredentialRepository credentials, Clock clock) {
        return SyncViewModel.Enrolling.through(new EnrollmentClient(java.net.http.HttpClient.newHttpClient(), clock), credentials);
    }

    private static ObjectNode conflictData(SyncViewModel.ConflictRow row) {
        SyncReviewService.Conflict conflict = row.conflict();
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", conflict.id())
                .put("incidentId", conflict.incidentId().toString()).put("kind", conflict.kind()).put("field", conflict.field())
                .put("kept", conflict.kept()).put("officeCode", conflict.officeCode()).put("resolved", false);
        data.set("serverValue", conflict.cityValue());
        data.set("clientValue", conflict.officeValue());
        return data;
    }

    @Test
    void theDispatchingOfficeAnswersItsTaskAndTheAnswerGoesToTheOutbox() {
        try (Database database = TestDatabases.fresh(folder)) {
            database.dsl().execute("insert into sync_credential(id, server_url, office_code, areas, token, server_epoch, enrolled_at) "
                    + "values (1, 'http://city.example:8443', 'CITY-440111', '440111', 't', 'e', current_timestamp)");
            String ours = UUID.randomUUID().toString();
            String theirs = UUID.randomUUID().toString();
            database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(List.of(
                    task(ours, "CITY-440111"), task(theirs, "CITY-440100")), Instant.now()));
            FakeControl control = new FakeControl(status(true, true, false, false, null, 0, 0, 0));
            SyncViewModel readOnly = viewModel(control, database, null);
            readOnly.activate();
            assertThat(readOnly.tasks()).extracting(SyncViewModel.TaskRow::answerable).containsOnly(false);

            var answers = new TaskAnswers(database.dsl(), new cn.zongzhi.common.HybridClock(Clock.fixed(NOON, SHANGHAI)),
                    Clock.fixed(NOON, SHANGHAI), () -> new cn.zongzhi.auth.Operator(UUID.randomUUID(), "disp", "调度员",
                    cn.zongzhi.auth.Role.ADMINISTRATOR, "CITY-440111", null));
            SyncViewModel viewModel = new SyncViewModel(control, new SyncReviewService(database.dsl(), null, answers),
                    new SameThreadRunner(), new SyncWords(messages, SHANGHAI), Clock.fixed(NOON, SHANGHAI));
            viewModel.activate();
            SyncViewModel.TaskRow mine = viewModel.tasks().stream().filter(row -> row.id().equals(ours)).findFirst().orElseThrow();
            SyncViewModel.TaskRow other = viewModel.tasks().stream().filter(row -> row.id().equals(theirs)).findFirst().orElseThrow();
            assertThat(mine.answerable()).isTrue();
            assertThat(other.answerable()).isFalse();

            viewModel.answerTask(other, TaskAnswers.Decision.CONTINUE);
            assertThat(database.dsl().fetchCount(SYNC_OUTBOX)).as("not this office's to answer").isZero();

            viewModel.answerTask(mine, TaskAnswers.Decision.ACCEPT_FINISH);
            assertThat(viewModel.tasks()).extracting(SyncViewModel.TaskRow::id).containsExactly(theirs);
            assertThat(viewModel.messageProperty().get()).isEqualTo("—：已同意办结，正在发送给市级服务器。");
            assertThat(control.calls).contains("announce", "syncNow");
            var row = database.dsl().selectFrom(SYNC_OUTBOX).fetchSingle();
            assertThat(row.getEntityKind()).isEqualTo("TASK");
            assertThat(row.getMutationKind()).isEqualTo("RESOLVE");
            assertThat(row.getEntityId()).isEqualTo(UUID.fromString(ours));
            assertThat(row.getOperatorName()).isEqualTo("调度员");
            assertThat(new SyncClientRepository(database.dsl()).waiting(10, Long.MAX_VALUE)).singleElement()
                    .satisfies(mutation -> assertThat(mutation.payload().get("decision").asText()).isEqualTo("ACCEPT_FINISH"));
        }
    }

    private static Change task(String id, String assignee) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id).put("incidentId", UUID.randomUUID().toString())
                .put("kind", "CLOSURE_REQUEST").put("assigneeOffice", assignee).put("requestedBy", "TOWN-440111004")
                .put("body", "office TOWN-440111004 reports RESOLVED").put("done", false);
        return new Change(1, EntityKind.TASK, UUID.fromString(id), 1, null, data);
    }

}
