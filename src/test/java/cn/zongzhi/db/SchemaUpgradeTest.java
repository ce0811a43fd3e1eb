package cn.zongzhi.db;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaUpgradeTest {
    @TempDir
    Path folder;

    @Test
    void anOlderFileIsCopiedBeforeItsUpgradeAndTheListenerIsToldOfEveryStep() throws Exception {
        Path base = folder.resolve("office");
        migrateTo(base, "29");
        execute(base, "insert into app_setting(name, val) values ('kept', '升级前')");
        List<String> steps = new ArrayList<>();

        try (Database database = Database.open(base, null, (step, of, description) -> steps.add(step + "/" + of + " " + description))) {
            assertThat(database.dsl().fetchValue("select val from app_setting where name = 'kept'")).isEqualTo("升级前");
        }

        // Every migration after V029, in order, each told as "step/of description".
        List<String> after29 = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url(base), "sa", "");
             Statement statement = connection.createStatement();
             ResultSet applied = statement.executeQuery("select \"description\" from \"flyway_schema_history\""
                     + " where cast(\"version\" as int) > 29 order by \"installed_rank\"")) {
            while (applied.next()) {
                after29.add(applied.getString(1));
            }
        }
        assertThat(after29).startsWith("key reporter phones by their digits", "incident refused by the city");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < after29.size(); i++) {
            expected.add((i + 1) + "/" + after29.size() + " " + after29.get(i));
        }
        assertThat(steps).containsExactlyElementsOf(expected);
        Path before = folder.resolve("office.before-upgrade.mv.db");
        assertThat(before).exists();
        assertThat(folder.resolve("office.upgrading.mv.db")).doesNotExist();
        Path copyBase = folder.resolve("copy-of-before");
        Files.copy(before, Path.of(copyBase + ".mv.db"));
        assertThat(query(copyBase, "select max(cast(\"version\" as int)) from \"flyway_schema_history\"")).isEqualTo("29");
        assertThat(query(copyBase, "select val from app_setting where name = 'kept'")).isEqualTo("升级前");
    }

    @Test
    void aNewFileAndAnUpToDateOneAreNotCopied() throws Exception {
        Path base = folder.resolve("fresh");
        List<String> steps = new ArrayList<>();
        try (Database database = Database.open(base, null, (step, of, description) -> steps.add(description))) {
            database.dsl().fetchValue("select 1");
        }
        assertThat(steps).as("a new file is told of its migrations too").hasSizeGreaterThan(20);
        steps.clear();
        try (Database database = Database.open(base, null, (step, of, description) -> steps.add(description))) {
            database.dsl().fetchValue("select 1");
        }
        assertThat(steps).isEmpty();
        try (var files = folderListing()) {
            assertThat(files).containsExactly("fresh.mv.db");
        }
    }

    @Test
    void aFailedUpgradeLeavesTheFileAsThePreviousBuildWroteIt() throws Exception {
        Path base = folder.resolve("office");
        try (Database database = Database.open(base)) {
            database.dsl().execute("insert into app_setting(name, val) values ('kept', '升级前')");
        }

        assertThatThrownBy(() -> Database.open(base, null, DatabaseUpgradeListener.NONE,
                List.of("classpath:db/migration", "classpath:db/test-broken")))
                .isInstanceOf(DatabaseUpgradeException.class)
                .hasMessageContaining("NO_SUCH_COLUMN");

        assertThat(folder.resolve("office.upgrading.mv.db")).doesNotExist();
        try (Database reopened = Database.open(base)) {
            assertThat(reopened.dsl().fetchValue("select val from app_setting where name = 'kept'")).isEqualTo("升级前");
            assertThat(reopened.dsl().fetchValue("select count(*) from information_schema.columns"
                    + " where column_name = 'LEFT_BY_A_FAILED_UPGRADE'")).as("the failed migration's first statement is undone")
                    .isEqualTo(0L);
            assertThat(reopened.dsl().fetchValue("select count(*) from \"flyway_schema_history\" where \"version\" = '900'"))
                    .isEqualTo(0L);
        }
    }

    @Test
    void anUpgradeThatNeverFinishedIsPutBackAndTheHalfUpgradedFileIsKept() throws Exception {
        Path base = folder.resolve("office");
        migrateTo(base, "29");
        execute(base, "insert into app_setting(name, val) values ('kept', '升级前')");
        // What a console killed during its upgrade leaves: the copy under its "upgrading" name, and a file part way
        // through the migrations (here one of two), perhaps written into since by an older build.
        Files.copy(Path.of(base + ".mv.db"), folder.resolve("office.upgrading.mv.db"));
        migrateTo(base, "30");
        execute(base, "insert into app_setting(name, val) values ('written-after', '半途')");

        try (Database database = Database.open(base)) {
            assertThat(database.dsl().fetchValue("select val from app_setting where name = 'kept'")).isEqualTo("升级前");
            assertThat(database.dsl().fetchValue("select count(*) from app_setting where name = 'written-after'")).isEqualTo(0L);
            assertThat(database.dsl().fetchValue("select count(*) from \"flyway_schema_history\" where \"success\" = false"))
                    .isEqualTo(0L);
        }

        Path interrupted = folder.resolve("office.interrupted-upgrade.mv.db");
        assertThat(interrupted).exists();
        Path keptBase = folder.resolve("kept-interrupted");
        Files.copy(interrupted, Path.of(keptBase + ".mv.db"));
        assertThat(query(keptBase, "select val from app_setting where name = 'written-after'")).isEqualTo("半途");
        assertThat(folder.resolve("office.upgrading.mv.db")).doesNotExist();
        assertThat(folder.resolve("office.before-upgrade.mv.db")).exists();
    }

    @Test
    void withoutRoomForTheCopyTheUpgradeDoesNotStart() throws Exception {
        Path base = folder.resolve("office");
        migrateTo(base, "29");
        Path file = Path.of(base + ".mv.db");
        long size = Files.size(file);
        Flyway flyway = Flyway.configure().dataSource(url(base), "sa", "").locations("classpath:db/migration").load();

        assertThatThrownBy(() -> new SchemaUpgrade(file, beside -> size).migrate(flyway, flyway.info(), () -> { }, () -> flyway))
                .isInstanceOfSatisfying(DatabaseUpgradeException.class, refused -> {
                    assertThat(refused.noRoomForTheCopy()).isTrue();
                    assertThat(refused.neededMegabytes()).isGreaterThan(refused.freeMegabytes());
                });

        assertThat(query(base, "select max(cast(\"version\" as int)) from \"flyway_schema_history\"")).isEqualTo("29");
        assertThat(folder.resolve("office.upgrading.mv.db")).doesNotExist();
    }

    @Test
    void aFileOpenElsewhereIsNeverPutBackUnderItsOwner() throws Exception {
        Path base = folder.resolve("office");
        try (Database database = Database.open(base)) {
            database.dsl().execute("insert into app_setting(name, val) values ('live', '在用')");
            Path stale = folder.resolve("office.upgrading.mv.db");
            Files.writeString(stale, "not a database");

            assertThat(new SchemaUpgrade(database.file()).restoreUnfinished()).isFalse();

            assertThat(stale).exists();
            assertThat(database.dsl().fetchValue("select val from app_setting where name = 'live'")).isEqualTo("在用");
        }
    }

    private java.util.stream.Stream<String> folderListing() throws java.io.IOException {
        return Files.list(folder).map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".mv.db")).sorted();
    }

    private static void migrateTo(Path base, String version) {
        Flyway.configure().dataSource(url(base), "sa", "").locations("classpath:db/migration").target(version).load().migrate();
    }

    private static String url(Path base) {
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static void execute(Path base, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(base), "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String query(Path base, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(base), "sa", "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
