package cn.zongzhi.cli;

import cn.zongzhi.SharedData;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code import grids} and {@code locate} on the real Guangzhou outlines (GCJ-02) and on hand-made broken files. */
class GridCommandsTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    @Test
    void importingTheSameGridsAgainUpdatesThemInPlace() {
        Path db = folder.resolve("again");
        // The demo district holds the communities the file's grids belong to.
        assertThat(Main.run("--db", db.toString(), "demo", "--incidents", "0")).isZero();
        Path grids = Path.of("src/test/resources/geojson/ring-with-gap.geojson");
        assertThat(Main.run("--db", db.toString(), "import", "grids", grids.toString(), "--level", "grid")).isZero();
        String first = output.out();
        assertThat(first).containsPattern("grid: \\d+ read, [1-9]\\d* imported, 0 updated");
        java.util.List<java.util.UUID> ids;
        try (Database database = Database.open(db)) {
            ids = database.dsl().select(cn.zongzhi.db.jooq.Tables.GRID.ID).from(cn.zongzhi.db.jooq.Tables.GRID)
                    .where(cn.zongzhi.db.jooq.Tables.GRID.CODE.like("R_")).orderBy(cn.zongzhi.db.jooq.Tables.GRID.CODE).fetch(cn.zongzhi.db.jooq.Tables.GRID.ID);
        }
        assertThat(ids).isNotEmpty();
        // The update batch once bound one value short (a regression found by HostileImportsTest).
        assertThat(Main.run("--db", db.toString(), "import", "grids", grids.toString(), "--level", "grid")).isZero();
        assertThat(output.out().substring(first.length())).contains("0 imported, " + ids.size() + " updated");
        try (Database database = Database.open(db)) {
            assertThat(database.dsl().select(cn.zongzhi.db.jooq.Tables.GRID.ID).from(cn.zongzhi.db.jooq.Tables.GRID)
                    .where(cn.zongzhi.db.jooq.Tables.GRID.CODE.like("R_")).orderBy(cn.zongzhi.db.jooq.Tables.GRID.CODE).fetch(cn.zongzhi.db.jooq.Tables.GRID.ID)).as("the grids keep their ids").isEqualTo(ids);
        }
    }

    @Test
    void importsTheRealGuangzhouDistrictsOnceAndLocatesKnownPlaces() throws Exception {
        Path db = folder.resolve("zongzhi");
        Path guangzhou = SharedData.file("geo-test-only/440100_full.json");
        assertThat(Main.run("--db", db.toString(), "import", "grids", guangzhou.toString(), "--level", "district",
                "--crs", "gcj02", "--parent-prop", "parent")).isZero();
        assertThat(output.out()).startsWith("district: 11 read, 11 imported, 0 updated, 0 rejected");
        assertThat(Main.run("--db", db.toString(), "import", "grids", guangzhou.toString(), "--level", "district",
                "--crs", "gcj02")).isZero();
        assertThat(output.out()).contains("district: 11 read, 0 imported, 11 updated, 0 rejected");
        try (Database database = Database.open(db)) {
            assertThat(database.dsl().fetchCount(ADMIN_AREA, ADMIN_AREA.LEVEL.eq("DISTRICT"))).isEqualTo(11);
            assertThat(database.dsl().select(ADMIN_AREA.CRS).from(ADMIN_AREA).where(ADMIN_AREA.CODE.eq("440105000000"))
                    .fetchOne(ADMIN_AREA.CRS)).as("the file's coordinate system is kept with it").isEqualTo("GCJ02");
        }

        // The Canton Tower (WGS-84, as a phone reports it) stands in Haizhu.
        output.beforeEach(null);
        assertThat(Main.run("--db", db.toString(), "locate", "--lon", "113.3245", "--lat", "23.1064")).isZero();
        assertThat(output.out()).isEqualTo("440105000000\t海珠区\tdistrict" + System.lineSeparator());
        // Baiyun Mountain's summit area, in Baiyun district.
        output.beforeEach(null);
        assertThat(Main.run("--db", db.toString(), "locate", "--lon", "113.2985", "--lat", "23.1830")).isZero();
        assertThat(output.out()).startsWith("440111000000\t白云区\tdistrict");
        // Far from Guangzhou: nothing contains it.
        output.beforeEach(null);
        assertThat(Main.run("--db", db.toString(), "locate", "--lon", "100", "--lat", "23")).isEqualTo(1);
        assertThat(output.err()).contains("no area or grid");
    }

    @Test
    void aPointOnTheHaizhuYuexiuBorderIsFlaggedAsNearTheBoundary() throws Exception {
        Path db = folder.resolve("zongzhi");
        Main.run("--db", db.toString(), "import", "grids", SharedData.file("geo-test-only/440100_full.json").toString(),
                "--level", "district", "--crs", "gcj02");
        // The Pearl River between Yuexiu and Haizhu at Haizhu Bridge: the district line runs mid-river. Taking a
        // vertex of the stored Haizhu outline (GCJ-02) as the point puts it exactly on the edge.
        String vertex;
        try (Database database = Database.open(db)) {
            String wkt = database.dsl().select(ADMIN_AREA.BOUNDARY_WKT).from(ADMIN_AREA)
                    .where(ADMIN_AREA.CODE.eq("440105000000")).fetchOne(ADMIN_AREA.BOUNDARY_WKT);
            vertex = Objects.requireNonNull(wkt).replaceAll("^[^0-9]*", "").split(",")[0];
        }
        String[] lonLat = vertex.trim().split(" ");
        output.beforeEach(null);
        int exit = Main.run("--db", db.toString(), "locate", "--lon", lonLat[0], "--lat", lonLat[1], "--crs", "gcj02");
        assertThat(exit).isZero();
        // On the line itself both districts contain the point; either way the note names the edge and the neighbour.
        assertThat(output.out()).containsPattern("4401(05|06|03|04)000000\t");
        assertThat(output.err()).contains("注意 note: 0 m from the edge of").contains("next to").contains("440105000000");
    }

    @Test
    void rejectsBrokenFeaturesKeepsTheRestAndReportsOverlapsAndGaps() throws Exception {
        Path db = folder.resolve("zongzhi");
        try (Database database = Database.open(db)) {
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(Instant.parse("2026-11-23T01:00:00Z"))
                    .withIncidents(0).withDisputes(0), Progress.NONE);
        }
        Path broken = folder.resolve("broken-grids.geojson");
        Files.copy(Objects.requireNonNull(getClass().getResourceAsStream("/geojson/broken-grids.geojson")), broken);
        assertThat(Main.run("--db", db.toString(), "import", "grids", broken.toString(), "--parent-prop", "parent")).isZero();
        String out = output.out();
        assertThat(out).startsWith("grid: 6 read, 3 imported, 0 updated, 3 rejected");
        assertThat(out).containsPattern("rejected\tfeature 4\tG4\tBROKEN_GEOMETRY\tunclosed ring");
        assertThat(out).containsPattern("rejected\tfeature 5\tG5\tINVALID_GEOMETRY\tSelf-intersection");
        assertThat(out).contains("rejected\tfeature 6\tG6\tMISSING_NAME");
        assertThat(out).contains("warning\tG2\tOVERLAP\toverlaps G3 by");
        assertThat(out).doesNotContain("overlaps G2").as("touching squares do not overlap");
        assertThat(Files.readString(folder.resolve("broken-grids.geojson.rejects.csv"))).contains("G4", "G5", "G6");

        Path ring = folder.resolve("ring.geojson");
        Files.copy(Objects.requireNonNull(getClass().getResourceAsStream("/geojson/ring-with-gap.geojson")), ring);
        output.beforeEach(null);
        assertThat(Main.run("--db", db.toString(), "import", "grids", ring.toString(), "--parent-prop", "parent")).isZero();
        assertThat(output.out()).startsWith("grid: 8 read, 8 imported, 0 updated, 0 rejected, 1 warnings");
        assertThat(output.out()).contains("GAP").contains("R1, R2, R3, R4, R5, R6, R7, R8");
        try (Database database = Database.open(db)) {
            assertThat(database.dsl().fetchCount(GRID, GRID.CODE.in("G1", "G2", "G3", "R1"))).isEqualTo(4);
            assertThat(database.dsl().fetchCount(GRID, GRID.CODE.in("G4", "G5", "G6"))).isZero();
        }
    }

    @Test
    void refusesAFileThatIsNotAFeatureCollectionWithAClearMessage() throws Exception {
        Path db = folder.resolve("zongzhi");
        Path notGeoJson = folder.resolve("x.geojson");
        Files.writeString(notGeoJson, "{\"type\": \"Feature\", \"geometry\": null}");
        assertThat(Main.run("--db", db.toString(), "import", "grids", notGeoJson.toString())).isEqualTo(2);
        assertThat(output.err()).contains("错误 error:").contains("not a GeoJSON FeatureCollection");
        Path deep = folder.resolve("deep.geojson");
        Files.writeString(deep, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"a\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}}]}");
        assertThat(Main.run("--db", db.toString(), "import", "grids", deep.toString())).isEqualTo(2);
        assertThat(output.err()).contains("not valid JSON");
    }
}
