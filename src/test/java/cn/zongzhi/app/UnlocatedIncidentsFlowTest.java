package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.incidents.IncidentSummary;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A district seat (area 440111) opens the queue's "未定位" view and finds the open incidents that have no area,
 * which every other view of an area-scoped account leaves out; it types a point into the correction form (更正信息)
 * and the incident, placed in its grid and area, leaves the list.
 */
@ExtendWith(ApplicationExtension.class)
class UnlocatedIncidentsFlowTest {
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
    void theDistrictSeatListsTheIncidentsWithoutAnArea(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        List<String> unplaced;
        String point;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(120).withDisputes(0),
                    Progress.NONE);
            var dsl = database.dsl();
            // Two reported today without a place, as an import without coordinates or community leaves them; the
            // first one's point (inside one of the demo's grids) is what the seat finds out and types in.
            var placed = dsl.select(INCIDENT.CASE_NO, INCIDENT.LONGITUDE, INCIDENT.LATITUDE).from(INCIDENT)
                    .where(INCIDENT.VOIDED.isFalse()).and(INCIDENT.GRID_ID.isNotNull()).and(INCIDENT.LONGITUDE.isNotNull())
                    .orderBy(INCIDENT.CASE_NO).limit(2).fetch();
            unplaced = placed.map(row -> row.value1());
            point = placed.get(0).value2() + ", " + placed.get(0).value3();
            dsl.update(INCIDENT).setNull(INCIDENT.AREA_CODE).setNull(INCIDENT.GRID_ID).setNull(INCIDENT.LONGITUDE)
                    .setNull(INCIDENT.LATITUDE).set(INCIDENT.STATUS, "REPORTED").setNull(INCIDENT.CLOSED_AT)
                    .where(INCIDENT.CASE_NO.in(unplaced)).execute();
        }
        assertThat(unplaced).hasSize(2);
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup("#viewUNLOCATED").tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#viewUNLOCATED").queryLabeled().getText()).isEqualTo("未定位");

        robot.clickOn("#viewUNLOCATED");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#statusLabel").queryAs(Label.class).getText().startsWith("共 2 件"));
        TableView<IncidentSummary> table = robot.lookup("#incidentTable").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().stream().filter(row -> row != null).count() == 2);
        assertThat(table.getItems()).extracting(IncidentSummary::caseNo).containsExactlyInAnyOrderElementsOf(unplaced);

        int row = table.getItems().get(0).caseNo().equals(unplaced.get(0)) ? 0 : 1;
        robot.interact(() -> table.getSelectionModel().select(row));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> !robot.lookup("#correctButton").queryButton().isDisabled());
        ConsoleFixture.reveal(robot, "#correctButton");
        robot.clickOn("#correctButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#correctionPointField").query().isVisible());
        ConsoleFixture.reveal(robot, "#correctionPointField");
        robot.clickOn("#correctionPointField").write(point);
        ConsoleFixture.reveal(robot, "#correctionSaveButton");
        robot.clickOn("#correctionSaveButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#statusLabel").queryAs(Label.class).getText().startsWith("共 1 件"));
        try (Database database = Database.open(databasePath)) {
            var corrected = database.dsl().selectFrom(INCIDENT).where(INCIDENT.CASE_NO.eq(unplaced.get(0))).fetchOne();
            assertThat(corrected.getAreaCode()).as("placed by the point").startsWith("440111");
            assertThat(corrected.getGridId()).isNotNull();
        }
    }
}
