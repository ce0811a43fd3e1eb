package cn.zongzhi.cli;

import cn.zongzhi.SharedData;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static cn.zongzhi.db.jooq.Tables.CALENDAR_DAY;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every importer fed hostile input through the command line, the way an operator's file arrives: seeded
 * random mutations of a valid file (flipped, cut, repeated and inserted bytes), plus the classic traps (huge
 * fields, another encoding, NUL bytes, deep nesting, broken geometry). The oracle: an exit code and a message,
 * never a stack trace, and nothing saved before is lost. A failing case names its seed.
 */
class HostileImportsTest {
    private static final int MUTATIONS = 40;

    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;
    private Path database;

    @BeforeEach
    void officeWithData() {
        database = folder.resolve("data/zongzhi");
        assertThat(Main.run("--db", database.toString(), "demo", "--incidents", "80")).isZero();
    }

    private void run(String what, String... arguments) {
        output.reset();
        String[] all = new String[arguments.length + 2];
        all[0] = "--db";
        all[1] = database.toString();
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        int exit = Main.run(all);
        assertThat(exit).as(what + ": exit code").isBetween(0, 2);
        assertThat(output.err()).as(what + ": no stack trace, a message").doesNotContain("\tat ").doesNotContain("Exception in");
    }

    private int count(org.jooq.Table<?> table) {
        try (Database open = Database.open(database)) {
            return open.dsl().fetchCount(table);
        }
    }

    private String incidentsChecksum() {
        try (Database open = Database.open(database)) {
            return open.dsl().select(INCIDENT.ID, INCIDENT.TITLE, INCIDENT.STATUS).from(INCIDENT).orderBy(INCIDENT.ID).fetch().formatCSV();
        }
    }

    /** One of several damaging edits, chosen by the random source. */
    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] data = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(20); i++) {
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> data = java.util.Arrays.copyOf(data, random.nextInt(data.length));
            case 2 -> {
                int at = random.nextInt(data.length);
                byte[] inserted = new byte[1 + random.nextInt(64)];
                for (int i = 0; i < inserted.length; i++) {
                    byte[] traps = "\"{}[],:\n\r\0\\'".getBytes(StandardCharsets.ISO_8859_1);
                    inserted[i] = traps[random.nextInt(traps.length)];
                }
                byte[] longer = new byte[data.length + inserted.length];
                System.arraycopy(data, 0, longer, 0, at);
                System.arraycopy(inserted, 0, longer, at, inserted.length);
                System.arraycopy(data, at, longer, at + inserted.length, data.length - at);
                data = longer;
            }
            case 3 -> {
                int from = random.nextInt(data.length);
                int length = Math.min(data.length - from, 1 + random.nextInt(200));
                byte[] longer = java.util.Arrays.copyOf(data, data.length + length * 3);
                for (int copy = 0; copy < 3; copy++) {
                    System.arraycopy(data, from, longer, data.length + copy * length, length);
                }
                data = longer;
            }
            case 4 -> data = new String(data, StandardCharsets.UTF_8).getBytes(Charset.forName("GBK"));
            default -> {
                int at = random.nextInt(data.length);
                data[at] = 0;
            }
        }
        return data;
    }

    @Test
    void incidentCsvFiles() throws Exception {
        Path valid = folder.resolve("valid.csv");
        run("export", "export", "incidents", "--out", valid.toString());
        byte[] bytes = Files.readAllBytes(valid);
        String before = incidentsChecksum();
        int incidents = count(INCIDENT);
        SplittableRandom random = new SplittableRandom(20261123);
        for (int i = 0; i < MUTATIONS; i++) {
            long seed = random.nextLong();
            Path hostile = folder.resolve("hostile-" + i + ".csv");
            Files.write(hostile, mutate(bytes, new SplittableRandom(seed)));
            run("csv mutation seed " + seed, "import", "incidents", hostile.toString());
        }
        Path huge = folder.resolve("huge.csv");
        String header = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        Files.writeString(huge, header + "\nX-1,HOTLINE_12345,0101," + "很长".repeat(2_000_000) + ",d,a,,,2026-11-20T10:00:00+08:00,,,REPORTED,,,\n");
        run("a 4-million-character field", "import", "incidents", huge.toString());
        Path gbk = folder.resolve("gbk.csv");
        Files.write(gbk, new String(bytes, StandardCharsets.UTF_8).getBytes(Charset.forName("GBK")));
        run("GBK instead of UTF-8", "import", "incidents", gbk.toString());
        Path binary = folder.resolve("photo.csv");
        byte[] noise = new byte[50_000];
        new SplittableRandom(7).nextBytes(noise);
        Files.write(binary, noise);
        run("binary noise", "import", "incidents", binary.toString());

        assertThat(count(INCIDENT)).as("nothing lost").isGreaterThanOrEqualTo(incidents);
        String after = incidentsChecksum();
        for (String line : before.lines().skip(1).toList()) {
            assertThat(after).as("an incident saved before is unchanged").contains(line);
        }
    }

    @Test
    void gridGeoJsonFiles() throws Exception {
        Path valid = Path.of("src/test/resources/geojson/ring-with-gap.geojson");
        run("a valid file first", "import", "grids", valid.toString(), "--level", "grid");
        byte[] bytes = Files.readAllBytes(valid);
        int grids = count(GRID);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < MUTATIONS; i++) {
            long seed = random.nextLong();
            Path hostile = folder.resolve("hostile-" + i + ".geojson");
            Files.write(hostile, mutate(bytes, new SplittableRandom(seed)));
            run("geojson mutation seed " + seed, "import", "grids", hostile.toString(), "--level", "grid");
        }
        Path deep = folder.resolve("deep.geojson");
        Files.writeString(deep, "{\"type\":\"FeatureCollection\",\"features\":[" + "[".repeat(100_000) + "]".repeat(100_000) + "]}");
        run("100,000-deep nesting", "import", "grids", deep.toString(), "--level", "grid");
        Path bowtie = folder.resolve("bowtie.geojson");
        Files.writeString(bowtie, """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"B1","name":"蝶形"},
                 "geometry":{"type":"Polygon","coordinates":[[[113.4,23.2],[113.5,23.3],[113.5,23.2],[113.4,23.3],[113.4,23.2]]]}},
                 {"type":"Feature","properties":{"code":"B2","name":"无穷"},
                 "geometry":{"type":"Polygon","coordinates":[[[1e400,23.2],[113.5,"x"],[null,23.2]]]}}]}""");
        run("self-intersecting and nonsense coordinates", "import", "grids", bowtie.toString(), "--level", "grid");
        assertThat(count(GRID)).as("nothing lost").isGreaterThanOrEqualTo(grids);
    }

    @Test
    void holidayFiles() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.file("holidays/holiday-cn/2026.json"));
        run("the real 2026 file", "import", "holidays", SharedData.file("holidays/holiday-cn/2026.json").toString());
        int days = count(CALENDAR_DAY);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < MUTATIONS; i++) {
            long seed = random.nextLong();
            Path hostile = folder.resolve("hostile-" + i + ".json");
            Files.write(hostile, mutate(bytes, new SplittableRandom(seed)));
            run("holiday mutation seed " + seed, "import", "holidays", hostile.toString());
            if (!output.out().contains("days imported")) {
                assertThat(count(CALENDAR_DAY)).as("a refused file changes nothing (seed " + seed + ")").isEqualTo(days);
            }
        }
        Path deep = folder.resolve("deep.json");
        Files.writeString(deep, "[".repeat(100_000));
        run("deep nesting", "import", "holidays", deep.toString());
        assertThat(count(CALENDAR_DAY)).isGreaterThanOrEqualTo(days - 366);
    }
}
