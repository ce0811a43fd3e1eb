package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.SyncReviewService;
import cn.zongzhi.sync.TaskAnswers;
import cn.zongzhi.sync.protocol.EntityKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "The city dispatched while the township closed" ends as a task for the dispatcher (sync-design.md), who answers
 * it from the city's console: 同意办结 recalls the dispatch and the incident takes the township's finish, 继续办理
 * keeps the dispatch. Either way the task and its conflict are closed on every console, which all end equal to the
 * server. A township cannot answer the city's task. On H2 and PostgreSQL.
 */
class DispatcherTaskTest {
    private static final Instant MORNING = Instant.parse("2026-12-03T01:00:00Z");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"ACCEPT_FINISH, h2", "CONTINUE, h2", "ACCEPT_FINISH, postgresql", "CONTINUE, postgresql"})
    void theDispatcherAnswersAndEveryConsoleEndsWithTheAnswer(TaskAnswers.Decision decision, String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = enrolled(enrollments, server, clock, "TOWN-440111004", "TOWN", "440111004", "440111004001", "JT");
                 SyncTestConsole city = enrolled(enrollments, server, clock, "CITY-440111", "CITY", "440111", "440111005001", "BY")) {
                StoredIncident rubbish = town.report("小区门口垃圾堆积");
                town.round();
                city.round();

                // Offline on both sides: the city dispatches it, the township cleans up on the spot.
                clock.advance(Duration.ofHours(1));
                city.act(rubbish.id(), IncidentAction.ACCEPT, ActionInput.none());
                city.act(rubbish.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"));
                town.act(rubbish.id(), IncidentAction.ACCEPT, ActionInput.none());
                town.act(rubbish.id(), IncidentAction.HANDLE_ON_SPOT, ActionInput.note("现场已清理"));
                city.round();
                town.round();
                city.round();

                SyncReviewService cityReview = review(city);
                SyncReviewService townReview = review(town);
                assertThat(status(town, rubbish.id())).as("the township returned to the city's dispatch").isEqualTo("DISPATCHED");
                SyncReviewService.Task task = cityReview.review().tasks().stream().findFirst().orElseThrow();
                assertThat(task.kind()).isEqualTo("CLOSURE_REQUEST");
                assertThat(task.forThisOffice()).isTrue();
                SyncReviewService.Task seenByTown = townReview.review().tasks().stream().findFirst().orElseThrow();
                assertThat(seenByTown.forThisOffice()).isFalse();
                assertThatThrownBy(() -> townReview.answerTask(seenByTown, decision)).isInstanceOf(IllegalStateException.class);

                // A township that answers anyway (an older console, a forged request) is refused by the city.
                new TaskAnswers(town.database.dsl(), new cn.zongzhi.common.HybridClock(clock), clock, () -> town.operator)
                        .answer(seenByTown.id(), decision);
                town.round();
                assertThat(town.repository().refusals(10)).extracting(SyncClientRepository.Refusal::reasonCode)
                        .contains("not-assignee");
                // Answering hid the task here; the city refused the answer, so the task is listed again (answerable).
                assertThat(townReview.review().tasks()).extracting(SyncReviewService.Task::id).containsExactly(seenByTown.id());

                clock.advance(Duration.ofMinutes(30));
                cityReview.answerTask(task, decision);
                assertThat(cityReview.review().tasks()).as("gone from the list at once").isEmpty();
                city.round();
                town.round();
                city.round();

                String expected = decision == TaskAnswers.Decision.ACCEPT_FINISH ? "RESOLVED" : "DISPATCHED";
                for (SyncTestConsole console : List.of(town, city)) {
                    assertThat(status(console, rubbish.id())).isEqualTo(expected);
                    assertThat(console.repository().openRecords(EntityKind.TASK, 10)).isEmpty();
                    assertThat(console.repository().openRecords(EntityKind.CONFLICT, 10))
                            .extracting(record -> record.data().get("kind").asText()).doesNotContain("CLOSURE_REQUEST");
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                }
                if (decision == TaskAnswers.Decision.ACCEPT_FINISH) {
                    assertThat(city.repository().incidentSnapshot(rubbish.id()).orElseThrow().get("resultNote").asText())
                            .isEqualTo("现场已清理");
                }
                var onServer = SyncTestConsole.serverIncidents(serverDb);
                assertThat(town.incidentsAsSynced()).isEqualTo(onServer);
                assertThat(city.incidentsAsSynced()).isEqualTo(onServer);
            }
        }
    }

    private static SyncReviewService review(SyncTestConsole console) {
        return new SyncReviewService(console.database.dsl(), null,
                new TaskAnswers(console.database.dsl(), new cn.zongzhi.common.HybridClock(java.time.Clock.systemUTC()),
                        java.time.Clock.systemUTC(), () -> console.operator));
    }

    private static String status(SyncTestConsole console, UUID incident) {
        return console.repository().incidentSnapshot(incident).orElseThrow().get("status").asText();
    }

    /** An office added on the server and a console enrolled for it (its credential saved, as enrolling does). */
    private SyncTestConsole enrolled(Enrollments enrollments, CityServer server, MutableClock clock, String office, String level,
                                     String jurisdiction, String community, String casePrefix) {
        SyncTestConsole console = SyncTestConsole.enrolled(folder, enrollments, server, clock, office, office, level, jurisdiction,
                community, casePrefix);
        // Its office code is the enrolment's (the review lists tasks "for this office" by it).
        new cn.zongzhi.sync.SyncCredentialRepository(console.database.dsl()).save(new cn.zongzhi.sync.SyncCredentialRepository.Credential(
                "http://127.0.0.1:" + server.port(), office, List.of(jurisdiction), "token", "epoch", MORNING));
        return console;
    }
}
