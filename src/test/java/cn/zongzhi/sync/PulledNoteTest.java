package cn.zongzhi.sync;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentEvent;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.protocol.Change;
import cn.zongzhi.sync.protocol.EntityKind;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import static cn.zongzhi.db.jooq.Tables.SYNC_RECORD;
import static org.assertj.core.api.Assertions.assertThat;

/** Notes from the city's feed, applied to the history: once, with their moment, and never stopping the page. */
class PulledNoteTest {
    private static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aPulledNoteIsAddedOnceAndAMomentThisConsoleCannotReadDoesNotStopThePage() {
        try (Database database = TestDatabases.fresh(folder)) {
            TestDatabases.seedOneCategory(database, "440111001001", "三元里社区");
            IncidentService service = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                    (lon, lat) -> new IncidentService.Location("440111001001", null), new HybridClock(Clock.fixed(NOW, ZoneOffset.UTC)),
                    Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Shanghai"), "440111-DEMO", "BY");
            Operator operator = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
            StoredIncident incident = service.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101",
                    "小区门口垃圾堆积", "已三天无人清运", "白云区某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);
            UUID written = UUID.randomUUID();
            UUID unreadable = UUID.randomUUID();
            UUID elsewhere = UUID.randomUUID();
            Instant atTheCity = NOW.minus(Duration.ofHours(3));
            Instant arrived = NOW.plus(Duration.ofMinutes(1));
            List<Change> page = List.of(
                    note(1, written, incident.id(), "市级已协调供电部门", atTheCity.toString()),
                    note(2, unreadable, incident.id(), "街道已约谈物业", "三小时前"),
                    note(3, elsewhere, UUID.randomUUID(), "另一件事件的备注", atTheCity.toString()),
                    note(4, written, incident.id(), "市级已协调供电部门", atTheCity.toString()));

            database.dsl().transaction(tx -> new SyncClientRepository(tx.dsl()).applyPage(page, arrived));

            List<IncidentEvent> notes = service.history(incident.id()).stream()
                    .filter(event -> event.action() == IncidentAction.NOTE).toList();
            assertThat(notes).extracting(IncidentEvent::id).containsExactly(written, unreadable);
            assertThat(notes.get(0).occurredAt()).as("when it was written at the city").isEqualTo(atTheCity);
            assertThat(notes.get(0).operatorName()).isEqualTo("市值班员");
            assertThat(notes.get(0).note()).isEqualTo("市级已协调供电部门");
            assertThat(notes.get(1).occurredAt()).as("an unreadable moment: when it arrived").isEqualTo(arrived);
            // The note of an incident this console does not hold is kept as a record, out of any history.
            assertThat(database.dsl().fetchCount(SYNC_RECORD, SYNC_RECORD.ENTITY_ID.eq(elsewhere.toString()))).isEqualTo(1);
        }
    }

    private static Change note(long seq, UUID id, UUID incident, String text, String at) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id.toString()).put("incidentId", incident.toString())
                .put("officeCode", "CITY-440111").put("operatorName", "市值班员").put("text", text).put("hlc", 1L).put("at", at);
        return new Change(seq, EntityKind.NOTE, id, 1, id, data);
    }
}
