package cn.zongzhi.app;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.incidents.CatalogueRepository;
import cn.zongzhi.incidents.CategoryPickerView;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import org.jooq.Condition;
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
import java.util.concurrent.TimeUnit;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's category tree by keyboard: Tab to it, open it, go down to a parent and choose it (its whole
 * subtree counts), type pinyin initials to choose a child, go back to "all categories".
 */
@ExtendWith(ApplicationExtension.class)
class CategoryFilterFlowTest {
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
    void choosingAParentInTheTreeShowsItsWholeSubtree(FxRobot robot) throws Exception {
        Path databasePath = folder.resolve("zongzhi");
        int all;
        int cityAppearance;
        int exposedRubbish;
        try (Database database = Database.open(databasePath)) {
            ConsoleFixture.createOperator(database, "seat1", "李娜");
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.now()).withIncidents(120).withDisputes(0),
                    Progress.NONE);
            var dsl = database.dsl();
            Condition shown = INCIDENT.VOIDED.isFalse();
            all = dsl.fetchCount(INCIDENT, shown);
            cityAppearance = dsl.fetchCount(INCIDENT, shown.and(INCIDENT.CATEGORY_CODE.in(dsl.select(INCIDENT_CATEGORY.CODE)
                    .from(INCIDENT_CATEGORY).where(INCIDENT_CATEGORY.CODE.eq("01").or(INCIDENT_CATEGORY.PARENT_CODE.eq("01"))))));
            exposedRubbish = dsl.fetchCount(INCIDENT, shown.and(INCIDENT.CATEGORY_CODE.eq("0101")));
        }
        assertThat(cityAppearance).isGreaterThan(exposedRubbish).isLessThan(all);
        assertThat(exposedRubbish).isPositive();
        console = ConsoleFixture.start(folder, databasePath);
        ConsoleFixture.signIn(robot, "seat1");
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT2).release(KeyCode.CONTROL);
        waitFor(robot, "#incidentTable");
        robot.clickOn("#viewALL");
        waitForCount(robot, all);

        CategoryPickerView picker = robot.lookup("#categoryFilterPicker").queryAs(CategoryPickerView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !picker.getCategories().isEmpty());
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        for (int step = 0; step < 20 && !picker.isFocused(); step++) {
            robot.type(KeyCode.TAB);
        }
        assertThat(picker.isFocused()).as("the picker is on the Tab path of the filter bar").isTrue();
        assertThat(picker.getText()).isEqualTo("类别");

        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, picker::isOpen);
        TreeView<CatalogueRepository.Category> tree = robot.lookup("#categoryFilterPickerTree").query();
        var rows = tree.getRoot().getChildren();
        assertThat(rows.get(0).getValue()).as("all categories first").isNull();
        TreeItem<CatalogueRepository.Category> parent = rows.get(1);
        assertThat(parent.getValue().code()).isEqualTo("01");
        assertThat(parent.getChildren()).extracting(child -> child.getValue().parentCode()).containsOnly("01").hasSizeGreaterThan(3);
        assertThat(parent.isExpanded()).isFalse();

        // From the search field down into the tree, one row down from "all categories" to the first class; Enter.
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !picker.isOpen());
        assertThat(picker.getText()).isEqualTo("01 市容环境");
        waitForCount(robot, cityAppearance);

        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, picker::isOpen);
        robot.write("bllj");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> tree.getSelectionModel().getSelectedItem() != null
                && tree.getSelectionModel().getSelectedItem().getValue().code().equals("0101"));
        assertThat(tree.getRoot().getChildren()).as("only the way to the match").singleElement()
                .satisfies(way -> assertThat(way.isExpanded()).isTrue());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !picker.isOpen());
        assertThat(picker.getText()).isEqualTo("0101 暴露垃圾");
        waitForCount(robot, exposedRubbish);

        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, picker::isOpen);
        // The window's shortcuts wait while the tree is open: no new-incident form behind it.
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#titleField").tryQuery()).as("Ctrl+N under the open tree").isEmpty();
        assertThat(picker.isOpen()).isTrue();
        robot.type(KeyCode.DOWN, KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !picker.isOpen());
        assertThat(picker.getText()).as("Esc changes nothing").isEqualTo("0101 暴露垃圾");

        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, picker::isOpen);
        robot.type(KeyCode.UP).type(KeyCode.HOME).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !picker.isOpen());
        assertThat(picker.getText()).isEqualTo("类别");
        waitForCount(robot, all);
    }

    private static void waitForCount(FxRobot robot, int expected) throws Exception {
        String shown = String.format("共 %,d 件", expected);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#statusLabel").queryAs(Label.class).getText().startsWith(shown));
    }

    private static void waitFor(FxRobot robot, String query) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup(query).tryQuery().map(node -> node.isVisible() && node.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
