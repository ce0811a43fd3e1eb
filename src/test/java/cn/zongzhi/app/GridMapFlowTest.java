package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.gridmap.FeatureKind;
import cn.zongzhi.gridmap.MapFeature;
import cn.zongzhi.gridmap.MarkerClusters;
import cn.zongzhi.gridmap.OfflineMapView;
import javafx.geometry.Point2D;
import javafx.scene.control.CheckBox;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The map as an operator uses it: find a grid by name, zoom to it, click it, read its panel, open its
 * incidents in the queue; then click a marker and land on that incident.
 */
@ExtendWith(ApplicationExtension.class)
class GridMapFlowTest {
    private static final List<String> OPEN = List.of("REPORTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "SUSPENDED",
            "RESOLVED", "VERIFIED");

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
    void findsAGridByNameShowsItsPanelAndOpensItsIncidents(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        String gridName;
        UUID gridId;
        int openInGrid;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(3000).withDisputes(0),
                    Progress.NONE);
            // The comprehensive grid with the most open incidents, counting those of its micro grids.
            java.util.Map<UUID, Integer> perGrid = new java.util.HashMap<>();
            database.dsl().select(INCIDENT.GRID_ID, GRID.PARENT_GRID_ID).from(INCIDENT).join(GRID).on(GRID.ID.eq(INCIDENT.GRID_ID))
                    .where(INCIDENT.STATUS.in(OPEN).and(INCIDENT.VOIDED.isFalse()))
                    .forEach(row -> perGrid.merge(row.value2() != null ? row.value2() : row.value1(), 1, Integer::sum));
            gridId = perGrid.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
            openInGrid = perGrid.get(gridId);
            gridName = database.dsl().select(GRID.NAME).from(GRID).where(GRID.ID.eq(gridId)).fetchOne(GRID.NAME);
            // One of the grid's open cases located by its address only (no coordinates), and one case elsewhere with
            // no place at all: the grid's count still holds the first, the status line names the second.
            var inGrid = INCIDENT.GRID_ID.in(org.jooq.impl.DSL.select(GRID.ID).from(GRID)
                    .where(GRID.ID.eq(gridId).or(GRID.PARENT_GRID_ID.eq(gridId))));
            UUID addressOnly = database.dsl().select(INCIDENT.ID).from(INCIDENT)
                    .where(INCIDENT.STATUS.in(OPEN).and(INCIDENT.VOIDED.isFalse()).and(inGrid)).limit(1).fetchOne(INCIDENT.ID);
            database.dsl().update(INCIDENT).setNull(INCIDENT.LONGITUDE).setNull(INCIDENT.LATITUDE)
                    .where(INCIDENT.ID.eq(addressOnly)).execute();
            UUID nowhere = database.dsl().select(INCIDENT.ID).from(INCIDENT)
                    .where(INCIDENT.STATUS.in(OPEN).and(INCIDENT.VOIDED.isFalse()).and(org.jooq.impl.DSL.not(inGrid)))
                    .limit(1).fetchOne(INCIDENT.ID);
            database.dsl().update(INCIDENT).setNull(INCIDENT.LONGITUDE).setNull(INCIDENT.LATITUDE).setNull(INCIDENT.GRID_ID)
                    .setNull(INCIDENT.AREA_CODE).where(INCIDENT.ID.eq(nowhere)).execute();
        }
        assertThat(openInGrid).as("the demo leaves open incidents in some grid").isPositive();

        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        waitFor(robot, "#mapView");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text(robot, "#mapStatusLabel").contains("综合网格"));
        assertThat(text(robot, "#baseMapNote")).as("no key: offline, and it says why").contains("未配置谷歌地图密钥");
        assertThat(text(robot, "#mapStatusLabel")).contains("未定位 1 件");
        Label status = robot.lookup("#mapStatusLabel").queryAs(Label.class);
        // The text is set before the next layout pass sizes the label: wait for that pass, then hold it to its text.
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> status.getWidth() >= status.prefWidth(-1) - 0.5);
        } catch (java.util.concurrent.TimeoutException stillCut) {
            // The assertion below says by how much.
        }
        assertThat(status.getWidth()).as("the status line is not cut short").isGreaterThanOrEqualTo(status.prefWidth(-1) - 0.5);

        // Search by name; Enter takes the best match and zooms to it.
        robot.clickOn("#searchField").write(gridName).type(KeyCode.ENTER);
        OfflineMapView map = robot.lookup("#mapView").queryAs(OfflineMapView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#panelTitle").equals(gridName));
        MapFeature grid = map.selectedProperty().get();
        assertThat(grid.gridId()).isEqualTo(gridId);
        assertThat(grid.kind()).isEqualTo(FeatureKind.GRID);
        assertThat(map.viewport().visibleWorld(0).contains(grid.bounds())).as("the whole grid is on screen").isTrue();
        assertThat(map.viewport().metresPerPixel()).as("zoomed in from the district view").isLessThan(10);

        // Close the panel, switch micro grids off and click the grid itself.
        robot.clickOn("#panelClose");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#panelPane").query().isVisible());
        robot.clickOn("#microGridLayer");
        robot.clickOn("#markerLayer");
        assertThat(robot.lookup("#microGridLayer").queryAs(CheckBox.class).isSelected()).isFalse();
        Point2D inside = map.localToScreen(map.viewport().screenX(grid.labelX()), map.viewport().screenY(grid.labelY()));
        robot.clickOn(inside);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#panelPane").query().isVisible()
                && text(robot, "#panelTitle").equals(gridName));
        assertThat(map.selectedProperty().get().gridId()).isEqualTo(gridId);
        // Hovering names the grid and its open work.
        robot.moveTo(inside.add(2, 0)).moveTo(inside);
        Label tooltip = (Label) robot.lookup(".map-tooltip").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tooltip.isVisible() && tooltip.getText().contains(gridName));
        assertThat(tooltip.getText()).contains("综合网格 " + gridName).contains("在办 " + openInGrid + " 件");
        int shownOpen = openInGrid;
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> text(robot, "#openIncidentsButton").contains("在办 " + shownOpen + " 件"));

        // Its incidents, in the queue.
        robot.clickOn("#openIncidentsButton");
        waitFor(robot, "#incidentTable");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#statusLabel").startsWith("共 " + shownOpen + " 件"));
        assertThat(text(robot, "#placeChipLabel")).isEqualTo("网格：" + gridName);
        for (String shownWhole : List.of("#placeChipLabel", "#clearFiltersButton")) {
            javafx.scene.control.Labeled labeled = robot.lookup(shownWhole).queryAs(javafx.scene.control.Labeled.class);
            assertThat(labeled.getWidth()).as("%s is not cut short", shownWhole).isGreaterThanOrEqualTo(labeled.prefWidth(-1) - 0.5);
        }
        // The countdown is what an operator chasing cases reads first: in view without scrolling sideways.
        javafx.scene.control.TableView<?> table = robot.lookup("#incidentTable").queryAs(javafx.scene.control.TableView.class);
        double countdownEnds = 0;
        for (javafx.scene.control.TableColumn<?, ?> column : table.getColumns()) {
            countdownEnds += column.getWidth();
            if ("dueColumn".equals(column.getId())) {
                break;
            }
        }
        assertThat(countdownEnds).as("办理时限 ends within the table").isLessThanOrEqualTo(table.getWidth());

        // Back on the map, with markers on: a single marker opens its incident.
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT1).release(KeyCode.CONTROL);
        waitFor(robot, "#mapView");
        robot.clickOn("#markerLayer");
        robot.clickOn("#fitButton");
        WaitForAsyncUtils.waitForFxEvents();
        MarkerClusters.Cluster single = null;
        for (int attempt = 0; attempt < 6 && single == null; attempt++) {
            single = map.drawnMarkers().stream().filter(MarkerClusters.Cluster::single)
                    .filter(cluster -> cluster.screenX() > 20 && cluster.screenY() > 20
                            && cluster.screenX() < map.getWidth() - 20 && cluster.screenY() < map.getHeight() - 20)
                    // The grid panel and the zoom buttons lie over the map: a marker under them cannot be clicked.
                    .filter(cluster -> !coveredByOverlay(map, cluster.screenX(), cluster.screenY()))
                    .findFirst().orElse(null);
            if (single == null) {
                robot.clickOn("#zoomInButton");
                WaitForAsyncUtils.waitForFxEvents();
            }
        }
        assertThat(single).as("some marker stands alone on screen").isNotNull();
        String title = single.members().get(0).title();
        String caseNo = single.members().get(0).caseNo();
        robot.clickOn(map.localToScreen(single.screenX(), single.screenY()));
        waitFor(robot, "#incidentTable");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text(robot, "#detailTitleLabel").contains(title));
        assertThat(text(robot, "#detailTitleLabel")).contains(caseNo);
    }

    @Test
    void picksANewIncidentsLocationOnTheMap(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(50).withDisputes(0),
                    Progress.NONE);
        }
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        waitFor(robot, "#incidentTable");
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitFor(robot, "#titleField");
        robot.clickOn("#titleField").write("路灯不亮");
        robot.press(KeyCode.ALT).type(KeyCode.M).release(KeyCode.ALT);
        waitFor(robot, "#pickMap");
        OfflineMapView picker = robot.lookup("#pickMap").queryAs(OfflineMapView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> picker.mapSceneProperty().get().featureCount() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(picker.localToScreen(picker.getWidth() / 2, picker.getHeight() / 2));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text(robot, "#pickedPlaceLabel").isEmpty());
        String longitude = robot.lookup("#longitudeField").queryAs(javafx.scene.control.TextField.class).getText();
        String latitude = robot.lookup("#latitudeField").queryAs(javafx.scene.control.TextField.class).getText();
        assertThat(longitude).matches("113\\.\\d{6}");
        assertThat(latitude).matches("23\\.\\d{6}");
        assertThat(text(robot, "#pickedPlaceLabel")).startsWith("位于：");
        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#titleField").tryQuery().isEmpty());

        try (Database database = Database.open(databasePath)) {
            var saved = database.dsl().selectFrom(INCIDENT).where(INCIDENT.TITLE.eq("路灯不亮")).fetchSingle();
            assertThat(saved.getLongitude()).isEqualTo(Double.parseDouble(longitude));
            assertThat(saved.getLatitude()).isEqualTo(Double.parseDouble(latitude));
            var expected = cn.zongzhi.gridmap.GridLocators.fromDatabase(database.dsl())
                    .locate(saved.getLongitude(), saved.getLatitude()).orElseThrow();
            assertThat(saved.getGridId()).as("the grid under the picked point").isEqualTo(expected.id());
            assertThat(saved.getAreaCode().trim()).isEqualTo(expected.areaCode());
        }
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(node -> ((javafx.scene.control.Labeled) node).getText()).orElse("");
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup(query).tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Whether a visible node stacked over the map (panel, buttons, notes) covers this point of the map. */
    private static boolean coveredByOverlay(javafx.scene.Node map, double x, double y) {
        javafx.geometry.Point2D onScreen = map.localToScreen(x, y);
        for (javafx.scene.Node sibling : map.getParent().getChildrenUnmodifiable()) {
            if (sibling != map && sibling.isVisible()) {
                javafx.geometry.Bounds bounds = sibling.localToScreen(sibling.getBoundsInLocal());
                // Grow by a few pixels: the click lands on the marker's centre, the marker is drawn larger.
                if (bounds != null && bounds.getMinX() - 8 <= onScreen.getX() && onScreen.getX() <= bounds.getMaxX() + 8
                        && bounds.getMinY() - 8 <= onScreen.getY() && onScreen.getY() <= bounds.getMaxY() + 8) {
                    return true;
                }
            }
        }
        return false;
    }
}
