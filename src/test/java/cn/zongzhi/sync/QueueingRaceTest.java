package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentRepository;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.protocol.SyncJson;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX_PAYLOAD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A round queueing an office's never-sent incidents and an operator's step on one of them at the same moment
 * (decision 0019): whichever takes the incident's row first, the step reaches the city exactly once, either inside
 * the creation or as a step of its own after it. The same holds for a note.
 */
class QueueingRaceTest {
    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

    @TempDir
    Path folder;

    private Database database;
    private IncidentService service;
    private final HybridClock hlc = new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        TestDatabases.seedOneCategory(database, "440111001001", "三元里社区");
        service = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                (lon, lat) -> new IncidentService.Location("440111001001", null), hlc, Clock.fixed(NOW, ZoneOffset.UTC),
                ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY");
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
    void aStepTakenWhileARoundQueuesTheIncidentWaitsAndThenTravelsAsAStep() throws Exception {
        StoredIncident incident = report();
        assertThat(standing(incident.id())).isEqualTo("LOCAL");
        HeldRound held = heldRound();

        AtomicReference<Thread> stepThread = new AtomicReference<>();
        CompletableFuture<StoredIncident> step = CompletableFuture.supplyAsync(() -> {
            stepThread.set(Thread.currentThread());
            return service.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        });
        awaitWaitingForALock(stepThread);
        assertThat(step).as("the step waits for the round holding the row").isNotDone();
        held.commit().countDown();
        assertThat(held.round().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        step.get(10, TimeUnit.SECONDS);

        assertThat(statusInCreation(incident.id())).isEqualTo("REPORTED");
        assertThat(database.dsl().select(SYNC_OUTBOX.MUTATION_KIND, SYNC_OUTBOX.ACTION).from(SYNC_OUTBOX)
                .where(SYNC_OUTBOX.ENTITY_ID.eq(incident.id())).orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE)
                .fetch(row -> row.value1() + "/" + row.value2())).containsExactly("CREATE/null", "TRANSITION/ACCEPT");
        assertThat(standing(incident.id())).isEqualTo("PENDING");
    }

    @Test
    void aRoundQueueingAfterAStepReadItsStandingWaitsAndCarriesTheStepInTheCreation() throws Exception {
        StoredIncident incident = report();
        // What act() does before it commits: its row update and its standing read, then held open.
        HeldStep step = heldStep(incident, true);

        AtomicReference<Thread> roundThread = new AtomicReference<>();
        CompletableFuture<Integer> round = CompletableFuture.supplyAsync(() -> {
            roundThread.set(Thread.currentThread());
            return queue();
        });
        awaitWaitingForALock(roundThread);
        assertThat(round).as("the round waits for the step holding the standing row").isNotDone();
        step.go().countDown();
        assertThat(step.travels().get(10, TimeUnit.SECONDS)).as("the step saw a LOCAL incident: no step of its own").isFalse();
        assertThat(round.get(10, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(statusInCreation(incident.id())).isEqualTo("ACCEPTED");
    }

    @Test
    void aStepThatWroteItsRowBeforeARoundQueuedTheIncidentFindsItQueuedAndTravelsAsAStep() throws Exception {
        StoredIncident incident = report();
        // The step has written its row, not yet read its standing; the round comes in between.
        HeldStep step = heldStep(incident, false);

        assertThat(queue()).as("the round does not wait for the incident row").isEqualTo(1);
        step.go().countDown();

        assertThat(step.travels().get(10, TimeUnit.SECONDS)).as("the step finds the incident queued and sends itself").isTrue();
        assertThat(statusInCreation(incident.id())).as("the creation carries the state before the step").isEqualTo("REPORTED");
    }

    @Test
    void aNoteWrittenWhileARoundQueuesTheIncidentWaitsAndThenTravelsOnceBehindTheCreation() throws Exception {
        StoredIncident incident = report();
        HeldRound held = heldRound();

        AtomicReference<Thread> noteThread = new AtomicReference<>();
        CompletableFuture<cn.zongzhi.incidents.IncidentEvent> note = CompletableFuture.supplyAsync(() -> {
            noteThread.set(Thread.currentThread());
            return service.addNote(incident.id(), "已联系物业", operator);
        });
        awaitWaitingForALock(noteThread);
        assertThat(note).as("the note waits for the round holding the standing row").isNotDone();
        held.commit().countDown();
        assertThat(held.round().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        UUID noteId = note.get(10, TimeUnit.SECONDS).id();

        assertThat(queuedFor(incident.id())).containsExactly("CREATE", "NOTE/" + noteId);
    }

    @Test
    void aRoundQueueingWhileANoteHoldsTheStandingWaitsAndTakesTheNoteAlongOnce() throws Exception {
        StoredIncident incident = report();
        // What addNote() does before it commits: the standing read locked, then its event, held open.
        UUID noteId = UUID.randomUUID();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Boolean> note = CompletableFuture.supplyAsync(() -> database.dsl().transactionResult(tx -> {
            IncidentRepository incidents = new IncidentRepository(tx.dsl());
            boolean travels = incidents.syncMark(incident.id()).travels();
            incidents.insertEvent(incident.id(), new cn.zongzhi.incidents.IncidentEvent(noteId, IncidentAction.NOTE,
                    incident.state().status(), incident.state().status(), "李娜", null, "已联系物业", NOW), operator.id(),
                    "440111-DEMO", hlc.next());
            paused.countDown();
            go.await(10, TimeUnit.SECONDS);
            return travels;
        }));
        assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<Thread> roundThread = new AtomicReference<>();
        CompletableFuture<Integer> round = CompletableFuture.supplyAsync(() -> {
            roundThread.set(Thread.currentThread());
            return queue();
        });
        awaitWaitingForALock(roundThread);
        assertThat(round).as("the round waits for the note holding the standing row").isNotDone();
        go.countDown();
        assertThat(note.get(10, TimeUnit.SECONDS)).as("the note saw a LOCAL incident: it leaves it to the creation").isFalse();
        assertThat(round.get(10, TimeUnit.SECONDS)).isEqualTo(1);

        assertThat(queuedFor(incident.id())).containsExactly("CREATE", "NOTE/" + noteId);
        assertThat(queue()).as("a later round queues nothing again").isZero();
        assertThat(database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.MUTATION_KIND.eq("NOTE"))).isEqualTo(1);
    }

    /** A round's transaction that has queued the never-sent incidents and holds their standing rows until commit. */
    private record HeldRound(CountDownLatch commit, CompletableFuture<Integer> round) {
    }

    /** Starts a round on its own thread; returns once it has queued, its transaction still open. */
    private HeldRound heldRound() throws InterruptedException {
        CountDownLatch queued = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<Integer> round = CompletableFuture.supplyAsync(() -> database.dsl().transactionResult(tx -> {
            int count = new SyncClientRepository(tx.dsl()).queueCreations(500, hlc::next, null, NOW).queued();
            queued.countDown();
            commit.await(10, TimeUnit.SECONDS);
            return count;
        }));
        assertThat(queued.await(10, TimeUnit.SECONDS)).isTrue();
        return new HeldRound(commit, round);
    }

    /** A step's transaction paused partway, and whether it found the incident travelling. */
    private record HeldStep(CountDownLatch go, CompletableFuture<Boolean> travels) {
    }

    /**
     * A step's transaction on its own thread: the row update, the standing read before or after the pause, and the
     * commit once {@code go} is counted down. Returns once the transaction has reached the pause.
     */
    private HeldStep heldStep(StoredIncident incident, boolean readStandingFirst) throws InterruptedException {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Boolean> travels = CompletableFuture.supplyAsync(() -> database.dsl().transactionResult(tx -> {
            tx.dsl().update(INCIDENT).set(INCIDENT.STATUS, "ACCEPTED").set(INCIDENT.ROW_VERSION, INCIDENT.ROW_VERSION.plus(1))
                    .where(INCIDENT.ID.eq(incident.id())).execute();
            Boolean before = readStandingFirst ? new IncidentRepository(tx.dsl()).syncMark(incident.id()).travels() : null;
            paused.countDown();
            go.await(10, TimeUnit.SECONDS);
            return before != null ? before : new IncidentRepository(tx.dsl()).syncMark(incident.id()).travels();
        }));
        assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
        return new HeldStep(go, travels);
    }

    /** Waits until the thread is parked inside H2, waiting for a row lock another transaction holds. */
    private static void awaitWaitingForALock(AtomicReference<Thread> worker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread thread = worker.get();
            if (thread != null && (thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.WAITING)
                    && java.util.Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith("org.h2.mvstore.tx"))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new AssertionError("the other transaction never waited for the lock");
    }

    private int queue() {
        return database.dsl().transactionResult(tx ->
                new SyncClientRepository(tx.dsl()).queueCreations(500, hlc::next, null, NOW).queued());
    }

    @Test
    void demoIncidentsHaveNoStandingAndAreNeverQueued() {
        StoredIncident incident = report();
        database.dsl().update(INCIDENT).set(INCIDENT.DEMO, true).where(INCIDENT.ID.eq(incident.id())).execute();
        database.dsl().deleteFrom(INCIDENT_SYNC).where(INCIDENT_SYNC.INCIDENT_ID.eq(incident.id())).execute();

        assertThat(queue()).isZero();
        service.act(incident.id(), IncidentAction.ACCEPT, ActionInput.none(), operator);
        assertThat(database.dsl().fetchCount(SYNC_OUTBOX)).isZero();
    }

    /** The outbox rows of an incident in order: their kinds, and a note's id. */
    private java.util.List<String> queuedFor(UUID incident) {
        return database.dsl().select(SYNC_OUTBOX.MUTATION_KIND, SYNC_OUTBOX.MUTATION_ID).from(SYNC_OUTBOX)
                .where(SYNC_OUTBOX.ENTITY_ID.eq(incident)).orderBy(SYNC_OUTBOX.CLIENT_SEQUENCE)
                .fetch(row -> row.value1() + (row.value1().equals("NOTE") ? "/" + row.value2() : ""));
    }

    private String standing(UUID incident) {
        return database.dsl().select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC).where(INCIDENT_SYNC.INCIDENT_ID.eq(incident))
                .fetchOne(INCIDENT_SYNC.STATE);
    }

    private String statusInCreation(UUID incident) throws Exception {
        String payload = database.dsl().select(SYNC_OUTBOX_PAYLOAD.PAYLOAD).from(SYNC_OUTBOX).join(SYNC_OUTBOX_PAYLOAD)
                .on(SYNC_OUTBOX_PAYLOAD.CLIENT_SEQUENCE.eq(SYNC_OUTBOX.CLIENT_SEQUENCE)).where(SYNC_OUTBOX.ENTITY_ID.eq(incident))
                .and(SYNC_OUTBOX.MUTATION_KIND.eq("CREATE")).fetchOne(SYNC_OUTBOX_PAYLOAD.PAYLOAD);
        return SyncJson.MAPPER.readTree(payload).path("status").asText();
    }
}
