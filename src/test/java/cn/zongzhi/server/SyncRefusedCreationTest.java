package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.EditableField;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.SyncReviewService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An incident whose creation the city refuses (here: its place lies outside the office's jurisdiction) stands as
 * 市级未接收: it is not sent again by itself, the steps taken on it afterwards stay local instead of going out as
 * edits of an incident the city lacks, its refusal cannot be waved away while it stands, and once the clerk has
 * corrected it and resubmitted it the city receives it as it is then, with its note. On H2 and PostgreSQL.
 */
class SyncRefusedCreationTest {
    private static final Instant MORNING = Instant.parse("2026-12-03T01:00:00Z");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRefusedCreationStandsRefusedUntilCorrectedAndResubmitted(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            // 景泰街道, whose console places its incidents in 三元里社区: outside what the city lets it report.
            try (SyncTestConsole town = SyncTestConsole.enrolled(folder, enrollments, server, clock, "TOWN-440111004",
                    "景泰街道综治中心", "TOWN", "440111004", "440111005001", "JT")) {
                SyncReviewService review = new SyncReviewService(town.database.dsl(), null);
                StoredIncident lamp = town.report("路灯不亮");
                town.incidents.addNote(lamp.id(), "已电话联系反映人", town.operator);
                town.round();

                assertThat(standing(town, lamp.id())).isEqualTo("REFUSED");
                SyncClientRepository.Refusal refusal = review.review().refusals().stream().findFirst().orElseThrow();
                assertThat(review.review().refusals()).as("the note refused for want of the incident is not listed besides")
                        .hasSize(1);
                assertThat(refusal.kind()).isEqualTo("CREATE");
                assertThat(refusal.reasonCode()).isEqualTo("outside-jurisdiction");
                assertThat(refusal.resubmittable()).isTrue();

                // Later steps stay local: nothing goes out as an edit of an incident the city does not have.
                clock.advance(Duration.ofMinutes(10));
                town.act(lamp.id(), IncidentAction.ACCEPT, ActionInput.none());
                town.incidents.addNote(lamp.id(), "已派网格员核实", town.operator);
                town.incidents.editFields(lamp.id(), Map.of(EditableField.AREA_CODE, "440111004001"), town.operator);
                assertThat(waiting(town)).isZero();
                town.round();
                assertThat(standing(town, lamp.id())).as("not sent again by itself").isEqualTo("REFUSED");
                assertThat(SyncTestConsole.serverIncidents(serverDb)).isEmpty();
                assertThat(town.repository().refusals(10)).extracting(SyncClientRepository.Refusal::reasonCode)
                        .containsExactly("outside-jurisdiction");
                assertThat(town.repository().counts().waiting()).isZero();

                assertThat(review.acknowledgeRefusal(refusal.mutationId())).as("stays listed until resolved").isFalse();
                assertThat(review.review().refusals()).hasSize(1);

                // Corrected (its area above), the clerk resubmits it: the city receives it as it stands now.
                assertThat(review.resubmit(lamp.id())).isTrue();
                assertThat(review.resubmit(lamp.id())).as("once").isFalse();
                assertThat(review.review().refusals()).as("resubmitting resolves the refusal").isEmpty();
                town.round();
                town.round();

                assertThat(standing(town, lamp.id())).isEqualTo("SYNCED");
                var onServer = SyncTestConsole.serverIncidents(serverDb);
                assertThat(onServer).containsOnlyKeys(lamp.id());
                assertThat(onServer.get(lamp.id())).containsEntry("areaCode", "440111004001").containsEntry("status", "ACCEPTED");
                assertThat(town.incidentsAsSynced()).isEqualTo(onServer);
                assertThat(serverDb.dsl().fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("incident_note"))))
                        .as("both notes, the one refused with the first creation too").isEqualTo(2);
                assertThat(waiting(town)).isZero();
                assertThat(review.review().refusals()).isEmpty();
            }
        }
    }

    private static String standing(SyncTestConsole console, UUID incident) {
        return console.database.dsl().select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC).where(INCIDENT_SYNC.INCIDENT_ID.eq(incident))
                .fetchOne(INCIDENT_SYNC.STATE);
    }

    private static int waiting(SyncTestConsole console) {
        return console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull());
    }
}
