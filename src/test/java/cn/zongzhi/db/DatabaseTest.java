package cn.zongzhi.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {
    @TempDir
    Path folder;

    @Test
    void createsAndMigratesANewFileThenReopensItUnchanged() {
        Path base = folder.resolve("nested/zongzhi");
        assertThat(Database.exists(base)).isFalse();

        try (Database database = Database.open(base)) {
            assertThat(database.file()).isEqualTo(base.toAbsolutePath().resolveSibling("zongzhi.mv.db"));
            database.dsl().execute("insert into app_setting(name, val) values ('probe', '保留')");
        }
        assertThat(Database.exists(base)).isTrue();
        assertThat(Files.exists(base.resolveSibling("zongzhi.mv.db"))).isTrue();

        try (Database reopened = Database.open(Path.of(base + ".mv.db"))) {
            assertThat(reopened.dsl().fetchValue("select val from app_setting where name = 'probe'")).isEqualTo("保留");
            assertThat(reopened.dsl().fetchValue("select count(*) from \"flyway_schema_history\" where \"success\""))
                    .isEqualTo(reopened.dsl().fetchValue("select count(*) from \"flyway_schema_history\""));
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void closingCompactedShrinksAFileABulkWriteLeftMostlyEmptyAndKeepsEveryRow(boolean encrypted) throws Exception {
        char[] key = encrypted ? "a-long-enough-file-key-1".toCharArray() : null;
        // The same bulk write twice: one file closed as usual, the other closed compacted.
        Path closed = bulkWritten(folder.resolve("closed"), key);
        try (Database database = Database.open(closed, key)) {
            database.dsl().fetchValue("select 1");
        }
        Path compactedBase = bulkWritten(folder.resolve("compacted"), key);
        Database.Compacted compacted;
        try (Database database = Database.open(compactedBase, key)) {
            compacted = database.closeCompacted();
        }
        assertThat(Path.of(compactedBase + ".trace.db")).as("H2 traced no error while compacting").doesNotExist();
        long closedSize = Files.size(Path.of(closed + ".mv.db"));
        assertThat(compacted.bytesAfter()).isEqualTo(Files.size(Path.of(compactedBase + ".mv.db")))
                .as("compacted against closed as usual").isLessThan(closedSize / 2);
        try (Database reopened = Database.open(compactedBase, key)) {
            assertThat(((Number) reopened.dsl().fetchValue("select count(*) from app_setting where name like 'bulk-%'")).longValue())
                    .isEqualTo(500);
            assertThat(((Number) reopened.dsl().fetchValue("select count(*) from app_setting where name like 'bulk-7-%' "
                    + "and val = repeat('填', 500)")).longValue()).isEqualTo(500);
        }
    }

    @Test
    void aDatabaseAskedToCompactWhenClosedShrinksItsFileAsItClosesAndKeepsEveryRow() throws Exception {
        Path closed = bulkWritten(folder.resolve("closed-plainly"), null);
        Path asked = folder.resolve("compacted-on-close");
        try (Database database = Database.open(asked)) {
            for (int batch = 0; batch < 40; batch++) {
                database.dsl().execute("insert into app_setting(name, val) select 'bulk-' || " + batch + " || '-' || x, "
                        + "repeat('填', 500) from system_range(1, 500)");
            }
            database.dsl().execute("delete from app_setting where name like 'bulk-%' and name not like 'bulk-7-%'");
            database.compactWhenClosed();
        }
        assertThat(Files.size(Path.of(asked + ".mv.db"))).isLessThan(Files.size(Path.of(closed + ".mv.db")) / 2);
        try (Database reopened = Database.open(asked)) {
            assertThat(((Number) reopened.dsl().fetchValue("select count(*) from app_setting where name like 'bulk-7-%' "
                    + "and val = repeat('填', 500)")).longValue()).isEqualTo(500);
        }
    }

    /** As an import leaves a file: many rows in many commits, most of the pages then rewritten (here: rows removed). */
    private static Path bulkWritten(Path base, char[] key) {
        try (Database database = Database.open(base, key)) {
            for (int batch = 0; batch < 40; batch++) {
                database.dsl().execute("insert into app_setting(name, val) select 'bulk-' || " + batch + " || '-' || x, "
                        + "repeat('填', 500) from system_range(1, 500)");
            }
            database.dsl().execute("delete from app_setting where name like 'bulk-%' and name not like 'bulk-7-%'");
        }
        return base;
    }

    @Test
    void thePageCacheIsAQuarterOfTheHeapWithinItsBounds() {
        long heapQuarterKb = Runtime.getRuntime().maxMemory() / 4 / 1024;
        assertThat(Database.pageCacheKilobytes()).isBetween(16L * 1024, 256L * 1024)
                .isEqualTo(Math.max(16L * 1024, Math.min(256L * 1024, heapQuarterKb)));
        try (Database database = Database.open(folder.resolve("db"))) {
            // H2 reports the limit it applies in megabytes.
            String applied = database.dsl().fetchOne("select setting_value from information_schema.settings "
                    + "where setting_name = 'info.CACHE_MAX_SIZE'").get(0, String.class);
            assertThat(Long.parseLong(applied)).isEqualTo(Database.pageCacheKilobytes() / 1024);
        }
    }

    @Test
    void theSchemaHasEveryTableTheFoundationNames() {
        try (Database database = Database.open(folder.resolve("db"))) {
            Set<String> tables = database.dsl().fetch(
                            "select table_name from information_schema.tables where table_schema = 'PUBLIC'")
                    .stream().map(row -> row.get(0, String.class).toLowerCase()).collect(Collectors.toSet());

            assertThat(tables).contains("installation", "office", "admin_area", "grid", "grid_staff", "department",
                    "incident_category", "incident", "incident_event", "dispute", "dispute_party", "mediator",
                    "mediation_room", "mediation_session", "operator", "audit_log", "calendar_day");
        }
    }

    @Test
    void checkConstraintsRefuseValuesOutsideTheirDomain() {
        try (Database database = Database.open(folder.resolve("db"))) {
            database.dsl().execute("insert into admin_area(code, name, level) values ('440111000000', '白云区', 'DISTRICT')");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> database.dsl().execute(
                    "insert into grid(id, code, name, level, area_code, crs) values (random_uuid(), 'G1', 'x', 'MICRO', '440111000000', 'BD09')"))
                    .hasMessageContaining("CONSTRAINT");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> database.dsl().execute(
                    "insert into admin_area(code, name, level) values ('440111001000', '景泰街道', 'STREET')"))
                    .hasMessageContaining("CONSTRAINT");
        }
    }

    @Test
    void aWriteWaitsOutARowAnotherTransactionHoldsLongerThanH2sDefaultTwoSeconds() throws Exception {
        // Sync applies a page in one transaction on its own thread; an operator's save of a row in that page waits.
        try (Database database = Database.open(folder.resolve("db"))) {
            var dsl = database.dsl();
            dsl.execute("insert into department(code, name) values ('CG', '区城管局')");
            CountDownLatch holding = new CountDownLatch(1);
            Thread page = new Thread(() -> dsl.transaction(tx -> {
                tx.dsl().execute("update department set name = '城管局' where code = 'CG'");
                holding.countDown();
                // Held until the write below has waited on it for longer than H2's default lock timeout (2 s).
                org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS, () -> tx.dsl()
                        .fetchOptional("select executing_statement_start from information_schema.sessions where blocker_id = session_id()")
                        .map(blocked -> blocked.get(0, java.time.OffsetDateTime.class).toInstant()
                                .isBefore(java.time.Instant.now().minusMillis(2_500)))
                        .orElse(false));
            }));
            page.start();
            holding.await();
            long started = System.nanoTime();
            dsl.execute("update department set name = '区城市管理局' where code = 'CG'");
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            page.join();
            assertThat(waitedMillis).as("waited past H2's default lock timeout").isGreaterThan(2_100);
            assertThat(dsl.fetchValue("select name from department where code = 'CG'")).isEqualTo("区城市管理局");
        }
    }
}
