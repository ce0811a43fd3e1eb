package cn.zongzhi.cli;

import cn.zongzhi.app.MapFrameBenchmark;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.gridmap.GridLocator;
import cn.zongzhi.gridmap.GridLocators;
import cn.zongzhi.gridmap.GridMapBenchmark;
import cn.zongzhi.gridmap.MapRepository;
import cn.zongzhi.gridmap.MapScene;
import cn.zongzhi.gridmap.WebMercator;
import org.locationtech.jts.geom.Envelope;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The grid map's benchmark on an existing database (the demo district: 1,652 grids and 8,494 micro grids):
 * point lookup, importing polygons, building the scene, and drawing frames with synthetic markers. Frames
 * need a display (Xvfb will do); run with {@code ZONGZHI_OPTS=-Dprism.order=sw} for the software pipeline.
 */
@Command(name = "map", description = "Benchmark the grid map: lookups, polygon import, scene build and frames.")
final class BenchMapCommand implements Callable<Integer> {
    @ParentCommand
    BenchCommand bench;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lookups", defaultValue = "100000", description = "points located (default ${DEFAULT-VALUE})")
    int lookups;

    @Option(names = "--polygons", defaultValue = "10000", description = "polygons imported (default ${DEFAULT-VALUE})")
    int polygons;

    @Option(names = "--markers", defaultValue = "20000", description = "synthetic markers drawn (default ${DEFAULT-VALUE})")
    int markers;

    @Option(names = "--frames", defaultValue = "200", description = "frames per scale (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--no-frames", description = "skip the drawing part (no display needed)")
    boolean noFrames;

    @Override
    public Integer call() throws Exception {
        Path databaseFile = bench.main.database;
        if (databaseFile == null || !Database.exists(databaseFile)) {
            throw new UserError("bench map needs --db with an existing database (make one with: zongzhi --db PATH demo)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        MapScene scene;
        try (Database database = Database.open(databaseFile)) {
            GridLocator locator = GridLocators.fromDatabase(database.dsl());
            var shapes = new cn.zongzhi.areas.GridRepository(database.dsl()).allShapes();
            Envelope box = new Envelope();
            shapes.forEach(grid -> box.expandToInclude(new Envelope(grid.minLon(), grid.maxLon(), grid.minLat(), grid.maxLat())));
            out.printf("grids in the database: %,d%n%n", shapes.size());
            GridMapBenchmark.lookups(locator, box, Math.min(lookups, 20_000), 1);
            var indexed = GridMapBenchmark.lookups(locator, box, lookups, 7);
            var scan = GridMapBenchmark.linearScan(shapes.stream().map(row -> new cn.zongzhi.gridmap.GridShape(row.id(),
                    row.code(), row.name(), row.level(), row.areaCode(), row.boundaryWkt())).toList(), box, 1_000, 7);
            out.println("| point → grid | mean µs | p50 µs | p99 µs |");
            out.println("|---|---|---|---|");
            out.printf("| STR-tree + prepared geometry (%,d points) | %.1f | %.1f | %.1f |%n", lookups, indexed.meanMicros(),
                    indexed.micros(50), indexed.micros(99));
            out.printf("| baseline: linear scan, prepared geometry (1,000 points) | %.1f | %.1f | %.1f |%n%n",
                    scan.meanMicros(), scan.micros(50), scan.micros(99));

            for (int i = 0; i < 2; i++) {
                GridMapBenchmark.sceneBuildSeconds(database, now);
            }
            double build = GridMapBenchmark.sceneBuildSeconds(database, now);
            out.printf("map scene (read outlines and open incidents, parse, project, index): %.2f s%n", build);
            MapScene built = MapScene.build(new MapRepository(database.dsl()).load(now), Progress.NONE);
            Envelope world = built.bounds();
            Envelope wgs84 = new Envelope(WebMercator.longitude(world.getMinX()), WebMercator.longitude(world.getMaxX()),
                    WebMercator.latitude(world.getMinY()), WebMercator.latitude(world.getMaxY()));
            scene = built.withMarkers(GridMapBenchmark.syntheticMarkers(wgs84, markers, 11, now), now);
        }

        Path work = Files.createTempDirectory("zongzhi-bench-map");
        var tiling = GridMapBenchmark.tiling(polygons, 5);
        Path geojson = work.resolve("tiling.geojson");
        GridMapBenchmark.writeGeoJson(tiling, "440111999001", geojson);
        GridMapBenchmark.importSeconds(geojson, work.resolve("warm"), "440111999001");
        double imported = GridMapBenchmark.importSeconds(geojson, work.resolve("app"), "440111999001");
        double bare = GridMapBenchmark.bareJdbcSeconds(tiling, work.resolve("jdbc"), "440111999001");
        out.printf("%nimport %,d polygons (%,d KB GeoJSON): application %.2f s (validity, overlaps, gaps, merge by code); "
                        + "baseline bare JDBC batch of the same WKT rows %.2f s%n", tiling.size(), Files.size(geojson) / 1024,
                imported, bare);

        if (!noFrames) {
            out.printf("%nframes at 1280×800 with %,d outlines and %,d markers (prism.order=%s):%n%n", scene.featureCount(),
                    scene.markers().size(), System.getProperty("prism.order", "default"));
            out.println("| pan or zoom frame | draw p50 ms | frame p50 ms | frame p95 ms | frame max ms | re-render at rest p50 ms | baseline frame p50 ms |");
            out.println("|---|---|---|---|---|---|---|");
            List<MapFrameBenchmark.Result> results = MapFrameBenchmark.run(scene, frames, out);
            for (MapFrameBenchmark.Result result : results) {
                out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %s | %s |%n", result.name(), ms(result.drawSorted(), 50),
                        ms(result.frameSorted(), 50), ms(result.frameSorted(), 95),
                        result.frameSorted()[result.frameSorted().length - 1] / 1e6,
                        result.settleSorted().length == 0 ? "—" : String.format("%.1f", ms(result.settleSorted(), 50)),
                        result.baselineSorted().length == 0 ? "—" : String.format("%.1f", ms(result.baselineSorted(), 50)));
            }
        }
        Runtime runtime = Runtime.getRuntime();
        out.printf("%nheap in use at the end: %d MB%n", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024));
        out.flush();
        return 0;
    }

    private static double ms(long[] sorted, int percentile) {
        return cn.zongzhi.common.Percentiles.millis(sorted, percentile);
    }
}
