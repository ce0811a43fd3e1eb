package cn.zongzhi.incidents;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.db.Database;
import cn.zongzhi.sync.SyncReviewService;
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

import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static org.assertj.core.api.Assertions.assertThat;

/** 市级未接收 in the queue: the detail says the city refused the incident's creation, and sends it again once corrected. */
class CityRefusalInQueueTest {
    private static final Instant NOW = Instant.parse("2026-12-05T02:00:00Z");

    @TempDir
    Path folder;

    private Database database;
    private IncidentService service;
    private Operator operator;
    private IncidentQueueViewModel queue;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(folder);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        DeadlineRule days = (from, amount, unit) -> from.plus(Duration.ofDays(amount));
        service = new IncidentService(database.dsl(), days, (lon, lat) -> IncidentService.Location.UNKNOWN,
                new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY");
        operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
        queue = new IncidentQueueViewModel(service, new SameThreadRunner(), Messages.forLanguage("zh"), operator, clock, days);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private StoredIncident report(String title) {
        return service.register(new NewIncident(Channel.HOTLINE_12345, "赵女士", "13800001234", null, title, null, null, null,
                null, RiskLevel.YELLOW), List.of(), operator);
    }

    /** The city answered the incident's creation with this refusal, as a sync round records it (decision 0019). */
    private void refusedByTheCity(UUID incidentId, String reasonCode) {
        database.dsl().update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, "REFUSED").where(INCIDENT_SYNC.INCIDENT_ID.eq(incidentId))
                .execute();
        database.dsl().execute("insert into sync_outbox (client_sequence, mutation_id, entity_kind, entity_id, mutation_kind,"
                + " hlc, created_at, outcome, reason_code, answered_at) values (1, ?, 'INCIDENT', ?, 'CREATE', 10,"
                + " timestamp with time zone '2026-12-05 01:00:00+00', 'REJECTED', ?, timestamp with time zone"
                + " '2026-12-05 01:00:05+00')", UUID.randomUUID(), incidentId, reasonCode);
    }

    private String standing(UUID incidentId) {
        return database.dsl().select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC).where(INCIDENT_SYNC.INCIDENT_ID.eq(incidentId))
                .fetchOne(INCIDENT_SYNC.STATE);
    }

    @Test
    void theDetailSaysTheCityRefusedTheIncidentWithItsReason() {
        StoredIncident refused = report("井盖缺失");
        StoredIncident local = report("路灯不亮");
        refusedByTheCity(refused.id(), "outside-jurisdiction");

        queue.select(local.id());
        assertThat(queue.detailProperty().get().cityRefusal()).as("a local incident is not refused").isNull();
        queue.select(refused.id());
        assertThat(queue.detailProperty().get().cityRefusal()).isEqualTo(new IncidentDetail.CityRefusal("outside-jurisdiction"));
    }

    @Test
    void aRefusedIncidentIsResubmittedFromTheQueueAndTheNoticeGoes() {
        service.useCityResubmission(new SyncReviewService(database.dsl(), null)::resubmit);
        StoredIncident refused = report("井盖缺失");
        refusedByTheCity(refused.id(), "bad-field");
        queue.select(refused.id());
        assertThat(queue.offersResubmission()).isTrue();

        queue.resubmitToCity();

        assertThat(queue.errorProperty().get()).isEmpty();
        assertThat(queue.statusProperty().get()).isEqualTo("事件 " + refused.caseNo() + " 已重新报送，将随下次同步发送给市级服务器。");
        assertThat(standing(refused.id())).as("goes as a new creation with the next round").isEqualTo("LOCAL");
        assertThat(queue.detailProperty().get().cityRefusal()).as("read again: no longer refused").isNull();
    }

    @Test
    void aVoidedIncidentIsNotShownAsRefused() {
        StoredIncident refused = report("井盖缺失");
        refusedByTheCity(refused.id(), "bad-field");
        database.dsl().execute("update incident set voided = true where id = ?", refused.id());

        queue.select(refused.id());
        assertThat(queue.detailProperty().get().cityRefusal()).isNull();
    }
}
