package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.auth.AccessDenied;
import cn.zongzhi.incidents.EditableField;
import cn.zongzhi.incidents.IncidentException;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentSort;
import cn.zongzhi.incidents.IncidentSummary;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.ConflictPolicy;
import cn.zongzhi.sync.IncidentFieldEdits;
import cn.zongzhi.sync.SyncReviewService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.AUDIT_LOG;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Corrections of an incident's descriptive fields travel as PATCHes: a township and the city correct the same
 * incident offline, the later stamp wins each field, the township keeps its title through "keep mine" (a new
 * correction), and both consoles end with the server's state. On H2 and PostgreSQL.
 */
class SyncFieldEditTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void correctionsTravelAndAFieldConflictIsAnsweredByKeepingMine(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = town(enrollments, server, clock);
                 SyncTestConsole city = enrolled(enrollments, server, clock, "CITY-440111", "白云区综治中心", "CITY", "440111",
                         "440111005001", "BY")) {

                // Corrected before it ever left the township: no PATCH, the creation carries the corrected title.
                StoredIncident lamp = town.report("路灯不亮");
                town.incidents.editFields(lamp.id(), Map.of(EditableField.TITLE, "景泰直街路灯不亮"), town.operator);
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX)).isZero();
                town.round();
                city.round();
                assertThat(city.repository().incidentSnapshot(lamp.id()).orElseThrow().get("title").asText())
                        .isEqualTo("景泰直街路灯不亮");

                // Offline on both sides: the township corrects title and address, the city the title, later.
                clock.advance(Duration.ofMinutes(10));
                Map<EditableField, Object> townEdit = new EnumMap<>(EditableField.class);
                townEdit.put(EditableField.TITLE, "景泰直街 12 号路灯不亮");
                townEdit.put(EditableField.ADDRESS, "景泰直街 12 号");
                town.incidents.editFields(lamp.id(), townEdit, town.operator);
                clock.advance(Duration.ofMinutes(5));
                city.incidents.editFields(lamp.id(), Map.of(EditableField.TITLE, "景泰直街路灯不亮（三盏）"), city.operator);
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.MUTATION_KIND.eq("PATCH"))).isEqualTo(1);
                // The audit names the fields, never their values.
                assertThat(town.database.dsl().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("EDIT"))
                        .orderBy(AUDIT_LOG.SEQ).fetch(AUDIT_LOG.DETAIL)).containsExactly("fields: title", "fields: title, address");

                // The city's round comes first; the township's title, stamped earlier, loses when it arrives after
                // (the conflict is the township's to answer), and its address, which nobody else changed, is taken.
                city.round();
                town.round();
                ObjectNode atTown = town.repository().incidentSnapshot(lamp.id()).orElseThrow();
                assertThat(atTown.get("title").asText()).isEqualTo("景泰直街路灯不亮（三盏）");
                assertThat(atTown.get("address").asText()).isEqualTo("景泰直街 12 号");

                // The township sees the conflict on the title and keeps its own: a new correction, sent next round.
                // (Its office code is the enrolment's; these test consoles were handed a token instead.)
                new cn.zongzhi.sync.SyncCredentialRepository(town.database.dsl()).save(new cn.zongzhi.sync.SyncCredentialRepository.Credential(
                        "http://127.0.0.1:" + server.port(), "TOWN-440111004", List.of("440111004"), "token", "epoch", MORNING));
                SyncReviewService review = new SyncReviewService(town.database.dsl(),
                        new IncidentFieldEdits(town.incidents, () -> town.operator));
                assertThat(review.canEditFields()).isTrue();
                SyncReviewService.Conflict conflict = review.review().conflicts().stream()
                        .filter(each -> "title".equals(each.field())).findFirst().orElseThrow();
                assertThat(conflict.fromThisOffice()).isTrue();
                assertThat(conflict.offer().allows(ConflictPolicy.Choice.KEEP_MINE)).isTrue();
                assertThat(conflict.officeValue().asText()).isEqualTo("景泰直街 12 号路灯不亮");
                clock.advance(Duration.ofMinutes(5));
                review.keepMine(conflict);
                town.round();
                city.round();
                assertThat(review.review().conflicts()).noneMatch(each -> each.id().equals(conflict.id()));

                var onServer = SyncTestConsole.serverIncidents(serverDb);
                assertThat(onServer.get(lamp.id())).containsEntry("title", "景泰直街 12 号路灯不亮")
                        .containsEntry("address", "景泰直街 12 号");
                assertThat(town.incidentsAsSynced()).isEqualTo(onServer);
                assertThat(city.incidentsAsSynced()).isEqualTo(onServer);
                // The correction is what the city's queue finds by its words.
                List<IncidentSummary> found = city.incidents.page(IncidentFilter.any().withText("12 号路灯"),
                        IncidentSort.NEWEST_FIRST, 0, 10);
                assertThat(found).extracting(IncidentSummary::id).containsExactly(lamp.id());
                assertThat(town.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();

                // Every correction is in the history, by field name, once: the township's own three (the one before
                // the incident left, the title and address, the title kept) and the city's; at the city, its own and
                // the two the city took from the township (of the title and address, only the address: its title lost).
                assertThat(corrections(town, lamp)).containsExactlyInAnyOrder("fields=title", "fields=title,address",
                        "fields=title", "fields=title");
                assertThat(corrections(city, lamp)).containsExactlyInAnyOrder("fields=title", "fields=address", "fields=title");
            }
        }
    }

    private static List<String> corrections(SyncTestConsole console, StoredIncident incident) {
        return console.incidents.history(incident.id()).stream()
                .filter(event -> event.action() == cn.zongzhi.incidents.IncidentAction.EDIT).map(event -> event.note()).toList();
    }

    @Test
    void aCorrectionIsCheckedAndRefusedOutsideTheAccountsArea() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            try (SyncTestConsole town = town(new Enrollments(serverDb, clock), server, clock)) {
                StoredIncident lamp = town.report("路灯不亮");
                var seat = new cn.zongzhi.auth.Operator(UUID.randomUUID(), "seat", "李娜", cn.zongzhi.auth.Role.SEAT_OPERATOR,
                        "TOWN-440111004", "440111004000");
                var otherTown = new cn.zongzhi.auth.Operator(UUID.randomUUID(), "seat5", "王五", cn.zongzhi.auth.Role.SEAT_OPERATOR,
                        "TOWN-440111005", "440111005000");
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.TITLE, " "), seat))
                        .isInstanceOf(IncidentException.class).hasMessage("TITLE_MISSING");
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.CATEGORY_CODE, "9999"), seat))
                        .isInstanceOf(IncidentException.class).hasMessage("UNKNOWN_CATEGORY");
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.RISK_LEVEL, "PURPLE"), seat))
                        .isInstanceOf(IncidentException.class).hasMessage("UNKNOWN_RISK");
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.LATITUDE, 123.0), seat))
                        .isInstanceOf(IncidentException.class).hasMessage("COORDINATES_OUT_OF_RANGE");
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.ADDRESS, "路".repeat(501)), seat))
                        .isInstanceOf(IncidentException.class).hasMessage("TEXT_TOO_LONG");
                // Another town's seat may not touch it, nor may this seat move it out of its own town.
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.TITLE, "改"), otherTown))
                        .isInstanceOf(AccessDenied.class);
                assertThatThrownBy(() -> town.incidents.editFields(lamp.id(), Map.of(EditableField.AREA_CODE, "440111005001"), seat))
                        .isInstanceOf(AccessDenied.class);
                // Nothing of the refused corrections was written.
                assertThat(town.incidents.detail(lamp.id(), seat).title()).isEqualTo("路灯不亮");
                assertThat(town.database.dsl().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("EDIT"))).isZero();
                // A valid one is.
                town.incidents.editFields(lamp.id(), Map.of(EditableField.RISK_LEVEL, "RED", EditableField.LATITUDE, 23.18), seat);
                assertThat(town.incidents.detail(lamp.id(), seat).riskLevel()).isEqualTo("RED");
            }
        }
    }

    private SyncTestConsole town(Enrollments enrollments, CityServer server, MutableClock clock) {
        return enrolled(enrollments, server, clock, "TOWN-440111004", "景泰街道综治中心", "TOWN", "440111004", "440111004001", "JT");
    }

    /** An office added on the server and a console enrolled for it, whose new incidents lie in {@code community}. */
    private SyncTestConsole enrolled(Enrollments enrollments, CityServer server, MutableClock clock, String office, String name,
                                     String level, String jurisdiction, String community, String casePrefix) {
        return SyncTestConsole.enrolled(folder, enrollments, server, clock, office, name, level, jurisdiction, community, casePrefix);
    }
}
