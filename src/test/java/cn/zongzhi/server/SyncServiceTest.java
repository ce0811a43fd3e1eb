package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.IncidentFields;
import cn.zongzhi.MutableClock;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.sync.protocol.Actor;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.Outcome;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.SyncJson;
import cn.zongzhi.sync.protocol.Transition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.jooq.impl.DefaultConnectionProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's side of the sync protocol without HTTP, on H2 and on a real PostgreSQL: idempotency, the change
 * feed under out-of-order commits, jurisdiction, poison mutations, clock clamping and the conflict rules.
 */
class SyncServiceTest {
    private static final String CITY = "CITY-4401";
    private static final String TOWN_A = "TOWN-440111004";
    private static final String TOWN_B = "TOWN-440111005";
    private static final String AREA_A = "440111004001";
    private static final String AREA_B = "440111005001";

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private final String cityReplica = UUID.randomUUID().toString();
    private final String townReplica = UUID.randomUUID().toString();
    private final String townBReplica = UUID.randomUUID().toString();
    private long sequence;

    private ServerDatabase open(String kind) {
        ServerDatabase database = ServerDatabases.fresh(kind, folder);
        Enrollments enrollments = new Enrollments(database, clock);
        enrollments.addOffice(CITY, "市综治中心", "CITY", List.of("4401"));
        enrollments.addOffice(TOWN_A, "景泰街道综治中心", "TOWN", List.of("440111004"));
        enrollments.addOffice(TOWN_B, "松洲街道综治中心", "TOWN", List.of("440111005000"));
        return database;
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aRetriedMutationGetsItsStoredOutcomeAndChangesNothing(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            UUID incident = UUID.randomUUID();
            Push batch = new Push(List.of(create(incident, AREA_A, "路灯不亮"), patch(incident, 1L, "title", "路灯不亮（三盏）"),
                    create(UUID.randomUUID(), AREA_B, "outside")));
            PushReply first = sync.push(town, batch);
            assertThat(first.outcomes()).extracting(Outcome::outcome)
                    .containsExactly(OutcomeKind.APPLIED, OutcomeKind.APPLIED, OutcomeKind.REJECTED);
            long changes = pullAll(sync, town).size();

            clock.advance(Duration.ofMinutes(3));
            PushReply retried = sync.push(town, batch);
            assertThat(retried.outcomes()).as("the stored outcomes, refusal included").isEqualTo(first.outcomes());
            assertThat(pullAll(sync, town)).as("no new change").hasSize((int) changes);
            assertThat(new SyncRepository(database.dsl()).incident(incident.toString())).get()
                    .satisfies(stored -> assertThat(stored.version()).isEqualTo(2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aPullNeverSkipsATransactionThatCommitsLate(String kind) throws Exception {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID early = UUID.randomUUID();
            UUID late = UUID.randomUUID();
            new SyncRepository(database.dsl()).ensureReplica(townReplica, TOWN_A);
            new SyncRepository(database.dsl()).ensureReplica(cityReplica, CITY);
            Connection first = database.dsl().configuration().connectionProvider().acquire();
            Connection second = database.dsl().configuration().connectionProvider().acquire();
            try {
                first.setAutoCommit(false);
                second.setAutoCommit(false);
                // The first transaction writes its change first (the lower log id) but commits last.
                assertThat(sync.apply(on(database, first), town, create(early, AREA_A, "先开始"), clock.instant()).outcome())
                        .isEqualTo(OutcomeKind.APPLIED);
                assertThat(sync.apply(on(database, second), city, create(late, AREA_A, "后开始"), clock.instant()).outcome())
                        .isEqualTo(OutcomeKind.APPLIED);
                second.commit();

                PullReply before = sync.pull(town, new Pull(null, 0, 100));
                assertThat(before.changes()).extracting(Change::entityId).containsExactly(late);

                first.commit();
                PullReply after = sync.pull(town, new Pull(before.epoch(), before.nextCursor(), 100));
                assertThat(after.changes()).as("the late commit is numbered after the cursor, not skipped")
                        .extracting(Change::entityId).containsExactly(early);
                assertThat(after.changes().get(0).seq()).isGreaterThan(before.nextCursor());
            } finally {
                first.rollback();
                second.rollback();
                database.dsl().configuration().connectionProvider().release(first);
                database.dsl().configuration().connectionProvider().release(second);
            }
            List<Long> logIds = database.dsl().select(org.jooq.impl.DSL.field("id", Long.class)).from("change_log")
                    .orderBy(org.jooq.impl.DSL.field("seq")).fetch(0, Long.class);
            assertThat(logIds.get(0)).as("numbered in commit order, against the order of writing").isGreaterThan(logIds.get(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void anOfficeChangesOnlyItsOwnAreasAndOnlyTheCityDispatchesOthersIncidents(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller townA = sync.caller(townReplica, TOWN_A);
            SyncService.Caller townB = sync.caller(townBReplica, TOWN_B);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID ofA = UUID.randomUUID();
            UUID ofCity = UUID.randomUUID();
            assertThat(sync.push(townA, new Push(List.of(createWith(ofA, AREA_A, "A 的事件", "ACCEPTED")))).outcomes().get(0).outcome())
                    .isEqualTo(OutcomeKind.APPLIED);
            assertThat(sync.push(city, new Push(List.of(createWith(ofCity, AREA_A, "市里登记", "ACCEPTED")))).outcomes().get(0).outcome())
                    .isEqualTo(OutcomeKind.APPLIED);

            List<Outcome> fromB = sync.push(townB, new Push(List.of(create(UUID.randomUUID(), AREA_A, "越界登记"),
                    patch(ofA, 1L, "title", "越界修改"), note(ofA, "越界备注"), transition(ofA, 1L, "DISPATCH", "ACCEPTED", "DISPATCHED"))))
                    .outcomes();
            assertThat(fromB).allSatisfy(outcome -> {
                assertThat(outcome.outcome()).isEqualTo(OutcomeKind.REJECTED);
                assertThat(outcome.reasonCode()).isEqualTo("outside-jurisdiction");
            });
            assertThat(sync.push(townA, new Push(List.of(patch(ofA, 1L, "areaCode", AREA_B)))).outcomes().get(0).reasonCode())
                    .as("nor move an incident out of its areas").isEqualTo("outside-jurisdiction");
            assertThat(sync.push(townA, new Push(List.of(transition(ofCity, 1L, "DISPATCH", "ACCEPTED", "DISPATCHED")))).outcomes()
                    .get(0).reasonCode()).isEqualTo("dispatch-needs-city");
            assertThat(sync.push(city, new Push(List.of(transition(ofA, 1L, "DISPATCH", "ACCEPTED", "DISPATCHED")))).outcomes()
                    .get(0).outcome()).isEqualTo(OutcomeKind.APPLIED);

            assertThat(pullAll(sync, townB)).as("town B sees nothing of town A").isEmpty();
            assertThat(pullAll(sync, townA)).extracting(Change::entityId).contains(ofA, ofCity);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void anIncidentTheCityMovesToAnotherTownReachesTheTownItLeftEvenAfterCompaction(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller townA = sync.caller(townReplica, TOWN_A);
            SyncService.Caller townB = sync.caller(townBReplica, TOWN_B);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID moved = UUID.randomUUID();
            sync.push(townA, new Push(List.of(createWith(moved, AREA_A, "路灯不亮", "ACCEPTED"))));
            assertThat(pullAll(sync, townA)).extracting(Change::entityId).containsExactly(moved);

            // The city hands the case to town B, then B's work goes on (a later edit, in B's area only).
            assertThat(sync.push(city, new Push(List.of(patch(moved, 1L, "areaCode", AREA_B)))).outcomes().get(0).outcome())
                    .isEqualTo(OutcomeKind.APPLIED);
            assertThat(sync.push(townB, new Push(List.of(patch(moved, 2L, "title", "路灯不亮（已转松洲）")))).outcomes().get(0)
                    .outcome()).isEqualTo(OutcomeKind.APPLIED);

            // Compaction after the retention keeps what each side still needs.
            clock.advance(SyncService.CHANGE_RETENTION.plusDays(1));
            sync.compactChangeLog();

            // Town A, pulling from the start as a long-offline office would, learns the case left its areas…
            List<Change> seenByA = pullAll(sync, townA);
            assertThat(seenByA).extracting(Change::version).containsExactly(2L);
            assertThat(seenByA.get(0).data().get("areaCode").asText()).isEqualTo(AREA_B);
            // …and nothing of what town B does with it afterwards; B sees the move and its own edit, the latest last.
            List<Change> seenByB = pullAll(sync, townB);
            assertThat(seenByB).extracting(Change::version).containsExactly(2L, 3L);
            assertThat(seenByB.get(1).data().get("title").asText()).isEqualTo("路灯不亮（已转松洲）");
            assertThat(pullAll(sync, city)).extracting(Change::version).containsExactly(2L, 3L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aPoisonMutationMidBatchIsRejectedAloneAndTheRestApply(String kind) throws Exception {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            UUID incident = UUID.randomUUID();
            // A newer client's mutation kind, read the way the endpoint reads it.
            Mutation fromTheFuture = SyncJson.MAPPER.readValue(SyncJson.MAPPER.writeValueAsString(note(incident, "x"))
                    .replace("\"NOTE\"", "\"TELEPORT\""), Mutation.class);
            List<Mutation> batch = List.of(
                    create(incident, AREA_A, "井盖缺失"),
                    create(UUID.randomUUID(), "not-an-area", "坏区划"),
                    patch(incident, 1L, "colour", "red"),
                    fromTheFuture,
                    patch(incident, 1L, "title", "x".repeat(301)),
                    transition(incident, 1L, "FLY", "REPORTED", "ACCEPTED"),
                    new Mutation(null, ++sequence, EntityKind.INCIDENT, incident, MutationKind.NOTE, null, null, stamp(), null, null),
                    patch(incident, 1L, "address", "东风路 12 号"),
                    note(incident, "已电话联系报告人"));
            PushReply reply = sync.push(town, new Push(batch));
            assertThat(reply.outcomes()).extracting(Outcome::outcome).containsExactly(OutcomeKind.APPLIED,
                    OutcomeKind.REJECTED, OutcomeKind.REJECTED, OutcomeKind.REJECTED, OutcomeKind.REJECTED, OutcomeKind.REJECTED,
                    OutcomeKind.REJECTED, OutcomeKind.APPLIED, OutcomeKind.APPLIED);
            assertThat(reply.outcomes()).extracting(Outcome::reasonCode).containsExactly(null, "bad-field", "unknown-field",
                    "unsupported-mutation", "bad-field", "bad-transition", "missing-mutation-id", null, null);
            assertThat(reply.highestSequenceHeld()).as("refusals count as received").isEqualTo(sequence);
            assertThat(new SyncRepository(database.dsl()).incident(incident.toString())).get()
                    .satisfies(stored -> assertThat(stored.fields().get(IncidentFields.ADDRESS).asText()).isEqualTo("东风路 12 号"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aRunOfCreationsAppliedTogetherAnswersEachAsIfAlone(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            UUID known = UUID.randomUUID();
            sync.push(town, new Push(List.of(create(known, AREA_A, "已有"))));
            UUID first = UUID.randomUUID();
            UUID last = UUID.randomUUID();
            List<Mutation> batch = List.of(
                    create(first, AREA_A, "第一"),
                    create(UUID.randomUUID(), AREA_B, "辖区外"),
                    create(known, AREA_A, "再建已有"),
                    create(first, AREA_A, "同批再建"),
                    createWith(UUID.randomUUID(), AREA_A, "怪状态", "TELEPORTED"),
                    create(last, AREA_A, "最后"));
            PushReply reply = sync.push(town, new Push(batch));
            assertThat(reply.outcomes()).extracting(Outcome::outcome).containsExactly(OutcomeKind.APPLIED,
                    OutcomeKind.REJECTED, OutcomeKind.REJECTED, OutcomeKind.REJECTED, OutcomeKind.REJECTED, OutcomeKind.APPLIED);
            assertThat(reply.outcomes()).extracting(Outcome::reasonCode).containsExactly(null, "outside-jurisdiction",
                    "incident-exists", "incident-exists", "bad-transition", null);
            assertThat(reply.highestSequenceHeld()).isEqualTo(sequence);
            assertThat(pullAll(sync, town)).extracting(Change::entityId).as("in the order applied")
                    .containsExactly(known, first, last);
            assertThat(new SyncRepository(database.dsl()).incident(first.toString())).get()
                    .satisfies(stored -> assertThat(stored.fields().get(IncidentFields.TITLE).asText()).isEqualTo("第一"));

            clock.advance(Duration.ofMinutes(3));
            assertThat(sync.push(town, new Push(batch)).outcomes()).as("stored answers, refusals included")
                    .isEqualTo(reply.outcomes());
            Mutation again = create(UUID.randomUUID(), AREA_A, "一批两次");
            assertThat(sync.push(town, new Push(List.of(again, create(UUID.randomUUID(), AREA_A, "中间"), again))).outcomes())
                    .extracting(Outcome::outcome).containsExactly(OutcomeKind.APPLIED, OutcomeKind.APPLIED, OutcomeKind.APPLIED);
            SyncService.Caller otherTown = sync.caller(townBReplica, TOWN_B);
            assertThat(sync.push(otherTown, new Push(List.of(batch.get(0), create(UUID.randomUUID(), AREA_B, "松洲")))).outcomes())
                    .extracting(Outcome::reasonCode).containsExactly("mutation-id-taken", null);
            assertThat(pullAll(sync, town)).as("nothing twice").hasSize(5);
            assertThat(database.dsl().fetchCount(database.dsl().selectOne().from("applied_mutation"))).isEqualTo(1 + 6 + 2 + 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aStampFromTheFutureIsClampedAndLosesToALaterHonestEdit(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID incident = UUID.randomUUID();
            sync.push(town, new Push(List.of(create(incident, AREA_A, "占道经营"))));

            long aYearAhead = HybridClock.stamp(clock.instant().plus(Duration.ofDays(365)).toEpochMilli(), 0);
            Outcome skewed = sync.push(town, new Push(List.of(withStamp(patch(incident, 1L, "address", "2099 年的地址"), aYearAhead))))
                    .outcomes().get(0);
            assertThat(skewed.outcome()).isEqualTo(OutcomeKind.APPLIED);
            assertThat(skewed.hlcClamped()).isTrue();
            assertThat(skewed.reasonCode()).isEqualTo("clock-clamped");
            assertThat(HybridClock.physicalMillis(skewed.effectiveHlc()))
                    .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli());

            clock.advance(Duration.ofMinutes(6));
            Outcome honest = sync.push(city, new Push(List.of(patch(incident, 1L, "address", "人民路 3 号")))).outcomes().get(0);
            assertThat(honest.outcome()).isEqualTo(OutcomeKind.CONFLICT_RECORDED);
            assertThat(honest.hlcClamped()).isFalse();
            assertThat(new SyncRepository(database.dsl()).incident(incident.toString())).get()
                    .satisfies(stored -> assertThat(stored.fields().get(IncidentFields.ADDRESS).asText()).isEqualTo("人民路 3 号"));
            assertThat(new SyncRepository(database.dsl()).conflicts(incident.toString())).singleElement().satisfies(conflict -> {
                assertThat(conflict.kind()).isEqualTo("FIELD");
                assertThat(conflict.serverValue()).contains("2099 年的地址");
                assertThat(conflict.kept()).isEqualTo("CLIENT");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void anIncidentCreatedOnAConsoleDaysAheadIsNotDatedIntoTheFutureAndItsOwnMomentsAreKeptInTheNote(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            Instant consoleNow = clock.instant().plus(Duration.ofDays(3));
            Instant ceiling = clock.instant().plus(Duration.ofMinutes(5));
            UUID incident = UUID.randomUUID();
            Mutation creation = createWith(incident, AREA_A, "井盖缺失", "ACCEPTED");
            creation.payload().put("reportedAt", consoleNow.toString())
                    .put("acceptedAt", consoleNow.plus(Duration.ofMinutes(2)).toString())
                    .put("dueAt", consoleNow.plus(Duration.ofDays(3)).toString());
            String withinTheMargin = clock.instant().plus(Duration.ofMinutes(4)).toString();
            UUID honest = UUID.randomUUID();
            Mutation honestCreation = createWith(honest, AREA_A, "路灯不亮", null);
            honestCreation.payload().put("reportedAt", withinTheMargin);

            List<Outcome> outcomes = sync.push(town, new Push(List.of(
                    withStamp(creation, HybridClock.stamp(consoleNow.toEpochMilli(), 0)), honestCreation))).outcomes();

            assertThat(outcomes.get(0).outcome()).isEqualTo(OutcomeKind.APPLIED);
            assertThat(outcomes.get(0).reasonCode()).isEqualTo("clock-clamped");
            assertThat(outcomes.get(0).reasonText()).as("the console's own moments, in the note")
                    .contains("reportedAt " + consoleNow, "acceptedAt " + consoleNow.plus(Duration.ofMinutes(2)))
                    .contains(ceiling.toString()).doesNotContain("dueAt");
            assertThat(new SyncRepository(database.dsl()).incident(incident.toString())).get().satisfies(stored -> {
                assertThat(Instant.parse(stored.fields().get(IncidentFields.REPORTED_AT).asText())).isEqualTo(ceiling);
                assertThat(Instant.parse(stored.fields().get(IncidentFields.ACCEPTED_AT).asText())).isEqualTo(ceiling);
                assertThat(Instant.parse(stored.fields().get(IncidentFields.DUE_AT).asText())).as("a deadline lies ahead")
                        .isEqualTo(consoleNow.plus(Duration.ofDays(3)));
            });
            assertThat(database.dsl().fetchValue("select body from applied_mutation where mutation_id = ?",
                    creation.mutationId().toString()).toString()).as("the mutation as sent is kept")
                    .contains(consoleNow.toString());

            assertThat(outcomes.get(1).reasonCode()).as("within the margin: taken as sent").isNull();
            assertThat(new SyncRepository(database.dsl()).incident(honest.toString())).get()
                    .satisfies(stored -> assertThat(Instant.parse(stored.fields().get(IncidentFields.REPORTED_AT).asText()))
                            .isEqualTo(Instant.parse(withinTheMargin)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void differentFieldsMergeAndTheSameFieldKeepsTheLaterStampAndTheLoserInAConflict(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID incident = UUID.randomUUID();
            sync.push(town, new Push(List.of(create(incident, AREA_A, "噪音扰民"))));
            long earlier = stamp();
            clock.advance(Duration.ofSeconds(30));
            assertThat(sync.push(city, new Push(List.of(patch(incident, 1L, "riskLevel", "ORANGE")))).outcomes().get(0).outcome())
                    .isEqualTo(OutcomeKind.APPLIED);
            assertThat(sync.push(town, new Push(List.of(patch(incident, 1L, "address", "新港路 8 号")))).outcomes().get(0).outcome())
                    .as("another field, based on version 1").isEqualTo(OutcomeKind.MERGED);
            // The township edited the title offline before the city did; it arrives later but its stamp is older.
            clock.advance(Duration.ofSeconds(30));
            sync.push(city, new Push(List.of(patch(incident, 3L, "title", "夜间施工噪音"))));
            Outcome stale = sync.push(town, new Push(List.of(withStamp(patch(incident, 3L, "title", "噪音"), earlier)))).outcomes().get(0);
            assertThat(stale.outcome()).isEqualTo(OutcomeKind.CONFLICT_RECORDED);
            assertThat(stale.reasonCode()).isEqualTo("same-field");
            ServerIncident stored = new SyncRepository(database.dsl()).incident(incident.toString()).orElseThrow();
            assertThat(stored.fields().get(IncidentFields.TITLE).asText()).isEqualTo("夜间施工噪音");
            assertThat(stored.fields().get(IncidentFields.ADDRESS).asText()).isEqualTo("新港路 8 号");
            assertThat(stored.fields().get(IncidentFields.RISK_LEVEL).asText()).isEqualTo("ORANGE");
            assertThat(new SyncRepository(database.dsl()).conflicts(incident.toString())).singleElement().satisfies(conflict -> {
                assertThat(conflict.clientValue()).isEqualTo("\"噪音\"");
                assertThat(conflict.kept()).isEqualTo("SERVER");
                assertThat(conflict.resolved()).isFalse();
            });
            assertThat(pullAll(sync, town)).extracting(Change::entityKind).contains(EntityKind.CONFLICT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aVoidIsKeptAndAConcurrentEditBecomesAnAnnotation(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID voidedFirst = UUID.randomUUID();
            UUID editedFirst = UUID.randomUUID();
            sync.push(town, new Push(List.of(create(voidedFirst, AREA_A, "重复上报"), create(editedFirst, AREA_A, "误报"))));

            assertThat(sync.push(town, new Push(List.of(voidIt(voidedFirst, 1L)))).outcomes().get(0).outcome()).isEqualTo(OutcomeKind.APPLIED);
            Outcome edit = sync.push(city, new Push(List.of(patch(voidedFirst, 1L, "title", "市里补充的标题")))).outcomes().get(0);
            assertThat(edit.outcome()).isEqualTo(OutcomeKind.CONFLICT_RECORDED);
            assertThat(edit.reasonCode()).isEqualTo("voided");

            sync.push(city, new Push(List.of(patch(editedFirst, 1L, "description", "市里补充的说明"))));
            Outcome lateVoid = sync.push(town, new Push(List.of(voidIt(editedFirst, 1L)))).outcomes().get(0);
            assertThat(lateVoid.outcome()).isEqualTo(OutcomeKind.CONFLICT_RECORDED);
            assertThat(lateVoid.reasonCode()).isEqualTo("void-over-edit");

            SyncRepository repository = new SyncRepository(database.dsl());
            assertThat(repository.incident(voidedFirst.toString()).orElseThrow().voided()).isTrue();
            assertThat(repository.incident(voidedFirst.toString()).orElseThrow().fields().get(IncidentFields.TITLE).asText())
                    .isEqualTo("重复上报");
            assertThat(repository.conflicts(voidedFirst.toString())).singleElement()
                    .satisfies(conflict -> assertThat(conflict.clientValue()).contains("市里补充的标题"));
            assertThat(repository.incident(editedFirst.toString()).orElseThrow().voided()).isTrue();
            assertThat(repository.conflicts(editedFirst.toString())).singleElement().satisfies(conflict -> {
                assertThat(conflict.kind()).isEqualTo("VOID_EDIT");
                assertThat(conflict.serverValue()).contains("市里补充的说明");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void aClosureWhileTheCityDispatchedStaysDispatchedAndAsksTheDispatcher(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            SyncService.Caller city = sync.caller(cityReplica, CITY);
            UUID incident = UUID.randomUUID();
            sync.push(town, new Push(List.of(createWith(incident, AREA_A, "树木倒伏", "ACCEPTED"))));
            assertThat(sync.push(city, new Push(List.of(transition(incident, 1L, "DISPATCH", "ACCEPTED", "DISPATCHED"))))
                    .outcomes().get(0).outcome()).isEqualTo(OutcomeKind.APPLIED);

            Outcome settled = sync.push(town, new Push(List.of(transition(incident, 1L, "HANDLE_ON_SPOT", "ACCEPTED", "RESOLVED"))))
                    .outcomes().get(0);
            assertThat(settled.outcome()).isEqualTo(OutcomeKind.CONFLICT_RECORDED);
            assertThat(settled.reasonCode()).isEqualTo("closure-pending-confirmation");

            SyncRepository repository = new SyncRepository(database.dsl());
            assertThat(repository.incident(incident.toString()).orElseThrow().state().status().name()).isEqualTo("DISPATCHED");
            assertThat(repository.conflicts(incident.toString())).singleElement()
                    .satisfies(conflict -> assertThat(conflict.kind()).isEqualTo("CLOSURE_REQUEST"));
            assertThat(repository.openTasks(CITY)).singleElement().satisfies(task -> {
                assertThat(task.incidentId()).isEqualTo(incident.toString());
                assertThat(task.requestedBy()).isEqualTo(TOWN_A);
                assertThat(task.body()).contains("recall");
            });
            assertThat(pullAll(sync, town)).as("the township sees the pending closure")
                    .extracting(Change::entityKind).contains(EntityKind.CONFLICT, EntityKind.TASK);

            assertThat(sync.push(town, new Push(List.of(transition(incident, 2L, "START", "DISPATCHED", "IN_PROGRESS"))))
                    .outcomes().get(0).outcome()).isEqualTo(OutcomeKind.APPLIED);
            assertThat(sync.push(city, new Push(List.of(transition(incident, 2L, "START", "DISPATCHED", "IN_PROGRESS"))))
                    .outcomes().get(0).reasonCode()).as("both started it").isEqualTo("already-there");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void helloTellsARestoredClientAndAnotherEpochAndPullsPageByTheServersSequence(String kind) {
        try (ServerDatabase database = open(kind)) {
            SyncService sync = new SyncService(database, clock);
            SyncService.Caller town = sync.caller(townReplica, TOWN_A);
            HelloReply first = sync.hello(town, new Hello(townReplica, null, 0, 11));
            assertThat(first.highestSequenceHeld()).isZero();
            assertThat(first.epochChanged()).isFalse();
            assertThat(first.replicaBehindServer()).isFalse();
            assertThat(first.areas()).containsExactly("440111004");

            List<Mutation> five = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                five.add(create(UUID.randomUUID(), AREA_A, "事件 " + i));
            }
            sync.push(town, new Push(five));
            HelloReply restored = sync.hello(town, new Hello(townReplica, first.serverEpoch(), 2, 11));
            assertThat(restored.highestSequenceHeld()).isEqualTo(5);
            assertThat(restored.replicaBehindServer()).isTrue();
            assertThat(sync.hello(town, new Hello(townReplica, "an-older-epoch", 5, 11)).epochChanged()).isTrue();

            List<Change> all = new ArrayList<>();
            long cursor = 0;
            PullReply page;
            do {
                page = sync.pull(town, new Pull(first.serverEpoch(), cursor, 2));
                assertThat(page.changes()).hasSizeLessThanOrEqualTo(2);
                assertThat(page.nextCursor()).isGreaterThanOrEqualTo(cursor);
                all.addAll(page.changes());
                cursor = page.nextCursor();
            } while (page.more());
            assertThat(all).extracting(Change::entityId).containsExactlyElementsOf(five.stream().map(Mutation::entityId).toList());
            assertThat(all).extracting(Change::seq).isSorted();
            assertThat(sync.pull(town, new Pull("an-older-epoch", cursor, 2)).epochChanged()).isTrue();
            assertThat(sync.pull(town, new Pull(first.serverEpoch(), cursor + 1000, 2)).cursorAhead()).isTrue();
        }
    }

    // Helpers: mutations as a client's outbox would hold them, numbered in order.

    private static DSLContext on(ServerDatabase database, Connection connection) {
        return database.dsl().configuration().derive(new DefaultConnectionProvider(connection)).dsl();
    }

    private List<Change> pullAll(SyncService sync, SyncService.Caller caller) {
        List<Change> all = new ArrayList<>();
        long cursor = 0;
        PullReply page;
        do {
            page = sync.pull(caller, new Pull(null, cursor, 100));
            all.addAll(page.changes());
            cursor = page.nextCursor();
        } while (page.more());
        return all;
    }

    private long stamp() {
        return HybridClock.stamp(clock.millis(), sequence);
    }

    private Mutation create(UUID incident, String area, String title) {
        return createWith(incident, area, title, null);
    }

    private Mutation createWith(UUID incident, String area, String title, String status) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("areaCode", area).put("title", title)
                .put("reportedAt", clock.instant().toString());
        if (status != null) {
            payload.put("status", status);
        }
        return mutation(incident, MutationKind.CREATE, null, null, payload);
    }

    private Mutation patch(UUID incident, Long base, String field, String value) {
        return mutation(incident, MutationKind.PATCH, base, null, JsonNodeFactory.instance.objectNode().put(field, value));
    }

    private Mutation transition(UUID incident, Long base, String action, String from, String to) {
        return mutation(incident, MutationKind.TRANSITION, base, new Transition(action, from, to, "现场核实", null), null);
    }

    private Mutation voidIt(UUID incident, Long base) {
        return mutation(incident, MutationKind.VOID, base, null, JsonNodeFactory.instance.objectNode().put("reason", "重复"));
    }

    private Mutation note(UUID incident, String text) {
        return mutation(incident, MutationKind.NOTE, null, null, JsonNodeFactory.instance.objectNode().put("text", text));
    }

    private Mutation mutation(UUID incident, MutationKind kind, Long base, Transition transition, ObjectNode payload) {
        sequence++;
        return new Mutation(UUID.randomUUID(), sequence, EntityKind.INCIDENT, incident, kind, base, transition, stamp(),
                new Actor("op-1", "张三"), payload);
    }

    private static Mutation withStamp(Mutation mutation, long hlc) {
        return new Mutation(mutation.mutationId(), mutation.clientSequence(), mutation.entityKind(), mutation.entityId(),
                mutation.kind(), mutation.baseVersion(), mutation.transition(), hlc, mutation.actor(), mutation.payload());
    }
}
