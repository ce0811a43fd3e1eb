package cn.zongzhi.app;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT_SYNC;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 市级未接收 seen from the queue: the detail pane says the city refused the incident, why, and what to do; 重新报送
 * there sends it again with the next round and the notice goes.
 */
@ExtendWith(ApplicationExtension.class)
class CityRefusalFlowTest {
    @TempDir
    Path folder;

    private Console console;

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        if (console != null) {
            console.stop();
        }
    }

    @Test
    void theQueueShowsTheCitysRefusalAndResubmitsTheIncident(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        StoredIncident refused;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            Clock clock = Clock.systemUTC();
            IncidentService incidents = new IncidentService(database.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                    (lon, lat) -> IncidentService.Location.UNKNOWN, new HybridClock(clock), clock, ZoneId.of("Asia/Shanghai"),
                    "440111-DEMO", "BY");
            Operator seat = new Operator(UUID.randomUUID(), "seat1", "李娜", Role.SEAT_OPERATOR, "440111-DEMO", null);
            refused = incidents.register(new NewIncident(Channel.HOTLINE_12345, "赵女士", "13800001234", null, "井盖缺失", null,
                    "景泰直街 8 号", null, null, RiskLevel.YELLOW), List.of(), seat);
            // In the account's district, so that its queue lists it.
            database.dsl().execute("insert into admin_area(code, name, level) values ('440111004001', '景泰社区', 'COMMUNITY')");
            database.dsl().execute("update incident set area_code = '440111004001' where id = ?", refused.id());
            // The city answered its creation with a refusal, as a sync round records it (decision 0019).
            database.dsl().update(INCIDENT_SYNC).set(INCIDENT_SYNC.STATE, "REFUSED")
                    .where(INCIDENT_SYNC.INCIDENT_ID.eq(refused.id())).execute();
            database.dsl().execute("insert into sync_outbox (client_sequence, mutation_id, entity_kind, entity_id, mutation_kind,"
                    + " hlc, created_at, outcome, reason_code, answered_at) values (1, ?, 'INCIDENT', ?, 'CREATE', 10,"
                    + " current_timestamp, 'REJECTED', 'outside-jurisdiction', current_timestamp)", UUID.randomUUID(), refused.id());
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> caseCell(robot, refused.caseNo()).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#cityRefusedBox").query().isVisible()).as("nothing shown yet").isFalse();

        robot.clickOn(caseCell(robot, refused.caseNo()).orElseThrow());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#cityRefusedBox").query().isVisible());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#cityRefusedBadge").queryAs(Label.class).getText()).isEqualTo("市级未接收");
        assertThat(robot.lookup("#cityRefusedLabel").queryAs(Label.class).getText()).isEqualTo(
                "市级服务器没有接收这件事件（事件所在区域不在本单位辖区内）：它不在市级的台账上，在本机的办理也不会上报。"
                        + "请按原因用“更正信息”改正，再点“重新报送”。");
        assertThat(robot.lookup("#resubmitButton").query().isVisible()).isTrue();

        ConsoleFixture.reveal(robot, "#resubmitButton");
        robot.clickOn("#resubmitButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#cityRefusedBox").query().isVisible());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#statusLabel").queryAs(Label.class).getText()
                .contains("事件 " + refused.caseNo() + " 已重新报送，将随下次同步发送给市级服务器。"));
        assertThat(console.database().dsl().select(INCIDENT_SYNC.STATE).from(INCIDENT_SYNC)
                .where(INCIDENT_SYNC.INCIDENT_ID.eq(refused.id())).fetchOne(INCIDENT_SYNC.STATE)).isEqualTo("LOCAL");
    }

    /** The queue's cell showing this case number, once the table has drawn it. */
    private static java.util.Optional<javafx.scene.Node> caseCell(FxRobot robot, String caseNo) {
        return robot.lookup(".table-cell").queryAll().stream()
                .filter(cell -> caseNo.equals(((javafx.scene.control.Labeled) cell).getText())).findFirst();
    }
}
