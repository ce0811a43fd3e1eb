package cn.zongzhi.incidents;

import cn.zongzhi.SharedData;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.gridmap.GridLocator;
import cn.zongzhi.gridmap.GridShape;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.CASE_NUMBER_COUNTER;
import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_REPORTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways an import writes (row by row with the indexes kept, as the console does for a small file; with the
 * indexes built at the end, for a large one) leave the same incidents, case numbers, places, reporters, history,
 * counters and rejects for the same file.
 */
class IncidentImportPathsTest {
    private static final UUID WEST = UUID.fromString("00000000-0000-7000-8000-000000000001");
    private static final UUID EAST = UUID.fromString("00000000-0000-7000-8000-000000000002");
    private static final UUID HARBOUR = UUID.fromString("00000000-0000-7000-8000-000000000003");

    @TempDir
    Path folder;

    @Test
    void theBulkWayWritesWhatTheRowWayWrites() throws Exception {
        Path file = folder.resolve("mixed.csv");
        Files.writeString(file, "external_id,channel,category_code,title,description,address,longitude,latitude,reported_at,"
                + "reporter_name,reporter_phone,status,department,due_at,closed_at\n"
                + "E1,12345热线,,小区噪音扰民,晚上施工,同和路1号,-71.10,42.30,2026-03-02 10:15:00,王先生,13800001234,已结案,区城管局,2026-03-05 17:30,2026-03-04 09:00\n"
                + "E2,WECHAT,,井盖缺失,,,-71.00,42.36,2026-03-02 11:00,,,待受理,,,\n"
                + "E3,WECHAT,,路灯不亮,,,,,昨天,,,待受理,,,\n"
                + "E4,GRID_APP,,占道经营,,,-71.03,42.37,2026-03-02 12:00,李女士,13900001111,已派遣,某水务公司,2026-03-06 12:00,\n"
                + "E2,WECHAT,,井盖缺失,,,-71.00,42.36,2026-03-02 11:00,,,待受理,,,\n"
                + "E5,WALK_IN,,违章搭建,外地无坐标,,0,0,2026-03-03 08:00,,,处置中,某水务公司,,\n"
                + ",来访,,无编号的来访,,,,,2026-03-03 09:00,赵先生,,待受理,,,\n", StandardCharsets.UTF_8);

        Snapshot rowWay = importInto("row", false, file, ImportMapping.none());
        Snapshot bulkWay = importInto("bulk", true, file, ImportMapping.none());

        assertThat(bulkWay).isEqualTo(rowWay);
        assertThat(rowWay.incidents()).hasSize(5);
        assertThat(rowWay.rejects()).containsExactly("4: reported_at '昨天' is not a date-time in any known format",
                "6: external id E2 appears twice in the file");
        // The smallest grid containing the point wins, and a point outside every grid keeps its coordinates only.
        assertThat(rowWay.incidents()).anySatisfy(row -> assertThat(row).startsWith("E4|").contains("|" + HARBOUR + "|"));
        assertThat(rowWay.incidents()).anySatisfy(row -> assertThat(row).startsWith("E5|").contains("|null|null|"));
    }

    @Test
    void theBulkWayMatchesTheRowWayOnARealExportAndAddsNothingTheSecondTime() {
        Path boston = SharedData.file("311/boston311_2025_open_sla_sample.csv");
        ImportMapping mapping = ImportMapping.read(Path.of("docs/import-mappings/boston311.json"));

        Snapshot rowWay = importInto("row", false, boston, mapping);
        Snapshot bulkWay = importInto("bulk", true, boston, mapping);

        assertThat(bulkWay).isEqualTo(rowWay);
        assertThat(rowWay.incidents()).hasSize(2_424);
        try (Database database = TestDatabases.fresh(folder.resolve("bulk"))) {
            IncidentImportSummary again = importer(database.dsl()).importFileInBulk(boston, mapping, Progress.NONE);
            assertThat(again.imported()).isZero();
            assertThat(again.alreadyPresent()).isEqualTo(2_424);
            assertThat(database.dsl().fetchCount(INCIDENT)).isEqualTo(2_424);
        }
    }

    private Snapshot importInto(String name, boolean bulk, Path file, ImportMapping mapping) {
        try (Database database = TestDatabases.fresh(folder.resolve(name))) {
            DSLContext dsl = database.dsl();
            placesIn(dsl);
            IncidentImportService importer = importer(dsl);
            IncidentImportSummary summary = bulk ? importer.importFileInBulk(file, mapping, Progress.NONE)
                    : importer.importFile(file, mapping, Progress.NONE);
            return snapshot(dsl, summary);
        }
    }

    private static IncidentImportService importer(DSLContext dsl) {
        GridLocator grids = new GridLocator(List.of(
                new GridShape(WEST, "W", "西片", "COMPREHENSIVE", "440111001000",
                        "POLYGON ((-71.2 42.2, -71.05 42.2, -71.05 42.45, -71.2 42.45, -71.2 42.2))"),
                new GridShape(EAST, "E", "东片", "COMPREHENSIVE", "440111002000",
                        "POLYGON ((-71.05 42.2, -70.9 42.2, -70.9 42.45, -71.05 42.45, -71.05 42.2))"),
                new GridShape(HARBOUR, "H", "港区", "MICRO", "440111002000",
                        "POLYGON ((-71.04 42.36, -71.02 42.36, -71.02 42.38, -71.04 42.38, -71.04 42.36))")));
        BiFunction<Double, Double, IncidentService.Location> locator = (lon, lat) -> grids.locate(lon, lat)
                .map(grid -> new IncidentService.Location(grid.areaCode(), grid.id()))
                .orElse(IncidentService.Location.UNKNOWN);
        return new IncidentImportService(dsl, locator, "440111-DEMO", "BY");
    }

    private static void placesIn(DSLContext dsl) {
        dsl.insertInto(ADMIN_AREA, ADMIN_AREA.CODE, ADMIN_AREA.NAME, ADMIN_AREA.LEVEL)
                .values("440111001000", "西街道", "TOWN").values("440111002000", "东街道", "TOWN").execute();
        dsl.insertInto(GRID, GRID.ID, GRID.CODE, GRID.NAME, GRID.LEVEL, GRID.AREA_CODE, GRID.PARENT_GRID_ID)
                .values(WEST, "W", "西片", "COMPREHENSIVE", "440111001000", null)
                .values(EAST, "E", "东片", "COMPREHENSIVE", "440111002000", null)
                .values(HARBOUR, "H", "港区", "MICRO", "440111002000", EAST).execute();
    }

    /** Everything an import writes, in a form that does not depend on the generated ids. */
    private record Snapshot(List<String> incidents, List<String> reporters, List<String> events, List<String> counters,
                            Set<String> departments, List<String> rejects, int read, int imported) {
    }

    private static Snapshot snapshot(DSLContext dsl, IncidentImportSummary summary) {
        List<String> incidents = new ArrayList<>();
        for (Record row : dsl.select(INCIDENT.fields()).from(INCIDENT).orderBy(INCIDENT.EXTERNAL_ID).fetch()) {
            List<Object> values = new ArrayList<>();
            values.add(row.get(INCIDENT.EXTERNAL_ID));
            for (var field : INCIDENT.fields()) {
                if (!field.equals(INCIDENT.ID) && !field.equals(INCIDENT.EXTERNAL_ID)) {
                    values.add(row.get(field));
                }
            }
            incidents.add(join(values));
        }
        List<String> reporters = dsl.select(INCIDENT.EXTERNAL_ID, INCIDENT_REPORTER.CHANNEL, INCIDENT_REPORTER.REPORTER_NAME,
                        INCIDENT_REPORTER.REPORTER_PHONE, INCIDENT_REPORTER.REPORTED_AT, INCIDENT_REPORTER.ORIGIN_OFFICE,
                        INCIDENT_REPORTER.HLC, INCIDENT_REPORTER.ID.eq(INCIDENT.ID))
                .from(INCIDENT_REPORTER).join(INCIDENT).on(INCIDENT.ID.eq(INCIDENT_REPORTER.INCIDENT_ID))
                .orderBy(INCIDENT.EXTERNAL_ID).fetch(row -> join(row.intoList()));
        List<String> events = dsl.select(INCIDENT.EXTERNAL_ID, INCIDENT_EVENT.ACTION, INCIDENT_EVENT.FROM_STATUS,
                        INCIDENT_EVENT.TO_STATUS, INCIDENT_EVENT.OPERATOR_ID, INCIDENT_EVENT.OPERATOR_NAME,
                        INCIDENT_EVENT.DEPARTMENT_CODE, INCIDENT_EVENT.NOTE, INCIDENT_EVENT.OCCURRED_AT,
                        INCIDENT_EVENT.ORIGIN_OFFICE, INCIDENT_EVENT.HLC, INCIDENT_EVENT.SYNC_STATE)
                .from(INCIDENT_EVENT).join(INCIDENT).on(INCIDENT.ID.eq(INCIDENT_EVENT.INCIDENT_ID))
                .orderBy(INCIDENT.EXTERNAL_ID, INCIDENT_EVENT.OCCURRED_AT, INCIDENT_EVENT.ACTION)
                .fetch(row -> join(row.intoList()));
        List<String> counters = dsl.selectFrom(CASE_NUMBER_COUNTER)
                .orderBy(CASE_NUMBER_COUNTER.PREFIX, CASE_NUMBER_COUNTER.COUNTER_DATE).fetch(row -> join(row.intoList()));
        Set<String> departments = new HashSet<>(dsl.select(DEPARTMENT.CODE.concat(DEPARTMENT.NAME)).from(DEPARTMENT)
                .fetch(row -> row.value1()));
        List<String> rejects = summary.rejects().stream().map(reject -> reject.line() + ": " + reject.reason()).toList();
        return new Snapshot(incidents, reporters, events, counters, departments, rejects, summary.read(), summary.imported());
    }

    private static String join(List<Object> values) {
        return String.join("|", values.stream().map(String::valueOf).toList());
    }
}
