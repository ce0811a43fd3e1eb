package cn.zongzhi.app;

import cn.zongzhi.gridmap.FeatureKind;
import cn.zongzhi.gridmap.MapFeature;
import cn.zongzhi.gridmap.MapMarker;
import cn.zongzhi.gridmap.MapScene;
import cn.zongzhi.gridmap.MapViewport;
import cn.zongzhi.gridmap.OfflineMapView;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Times the offline map's frames: each frame is a pan or zoom step, drawn and then rendered into an image
 * (the snapshot forces the canvas's commands through the graphics pipeline, so rasterising is counted).
 * The baseline draws the same frame the obvious way: every outline and every marker, no index, no level of
 * detail, no clustering. Run with -Dprism.order=sw for the software pipeline.
 */
public final class MapFrameBenchmark {
    private MapFrameBenchmark() {
    }

    /** Sorted nanoseconds: draw calls alone, draw + render (the frame), a re-render of the cached layers, baseline. */
    public record Result(String name, long[] drawSorted, long[] frameSorted, long[] settleSorted, long[] baselineSorted) {
    }

    public static List<Result> run(MapScene scene, int framesPerScale, PrintWriter log) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(30, TimeUnit.SECONDS);
        CompletableFuture<List<Result>> results = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                results.complete(measure(scene, framesPerScale));
            } catch (RuntimeException e) {
                results.completeExceptionally(e);
            }
        });
        List<Result> measured = results.get(30, TimeUnit.MINUTES);
        Platform.exit();
        return measured;
    }

    private static List<Result> measure(MapScene scene, int frames) {
        OfflineMapView view = new OfflineMapView();
        StackPane root = new StackPane(view);
        Stage stage = new Stage();
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
        view.mapSceneProperty().set(scene);
        root.applyCss();
        root.layout();
        view.fitAll();
        MapViewport viewport = view.viewport();
        double fitScale = viewport.metresPerPixel();
        WritableImage image = new WritableImage(1280, 800);
        List<Result> results = new ArrayList<>();
        double[][] scales = {{fitScale, 1}, {Math.min(fitScale, 20), 0}, {5, 0}, {1.5, 0}};
        String[] names = {"whole district (fit), pan", "town scale 20 m/px, pan", "community scale 5 m/px, pan",
                "grid scale 1.5 m/px, pan"};
        for (int s = 0; s < scales.length; s++) {
            view.fitAll();
            viewport.setMetresPerPixel(scales[s][0]);
            view.renderBase();
            long[] draw = new long[frames];
            long[] frame = new long[frames];
            long[] baseline = new long[frames];
            for (int warm = 0; warm < 20; warm++) {
                view.draw();
                view.canvas().snapshot(null, image);
            }
            for (int i = 0; i < frames; i++) {
                // A drag that wanders: right for a while, then back, so the view stays over the district.
                viewport.panBy(i % 40 < 20 ? 25 : -25, i % 80 < 40 ? 9 : -9);
                long t0 = System.nanoTime();
                view.draw();
                long t1 = System.nanoTime();
                view.canvas().snapshot(null, image);
                long t2 = System.nanoTime();
                draw[i] = t1 - t0;
                frame[i] = t2 - t0;
            }
            for (int i = 0; i < Math.max(5, frames / 10); i++) {
                viewport.panBy(i % 2 == 0 ? 25 : -25, 0);
                long t0 = System.nanoTime();
                drawEverything(view.canvas().getGraphicsContext2D(), scene, viewport);
                view.canvas().snapshot(null, image);
                baseline[i] = System.nanoTime() - t0;
            }
            baseline = Arrays.copyOf(baseline, Math.max(5, frames / 10));
            long[] settle = new long[Math.max(5, frames / 10)];
            for (int i = 0; i < settle.length; i++) {
                viewport.panBy(i % 2 == 0 ? 300 : -300, 0);
                long t0 = System.nanoTime();
                view.renderBase();
                view.draw();
                view.canvas().snapshot(null, image);
                settle[i] = System.nanoTime() - t0;
            }
            Arrays.sort(draw);
            Arrays.sort(frame);
            Arrays.sort(settle);
            Arrays.sort(baseline);
            results.add(new Result(names[s], draw, frame, settle, baseline));
        }
        // Zooming: wheel steps in and out around the centre.
        view.fitAll();
        long[] draw = new long[frames];
        long[] frame = new long[frames];
        for (int i = 0; i < frames; i++) {
            double factor = (i / 25) % 2 == 0 ? 1.15 : 1 / 1.15;
            viewport.zoomAt(factor, 640, 400);
            long t0 = System.nanoTime();
            view.draw();
            long t1 = System.nanoTime();
            view.canvas().snapshot(null, image);
            draw[i] = t1 - t0;
            frame[i] = System.nanoTime() - t0;
        }
        Arrays.sort(draw);
        Arrays.sort(frame);
        results.add(new Result("wheel zoom in and out from the district view", draw, frame, new long[0], new long[0]));
        stage.close();
        return results;
    }

    /** The obvious way: every outline of every level and every marker, each frame. */
    private static void drawEverything(GraphicsContext g, MapScene scene, MapViewport viewport) {
        g.setFill(Color.web("#eef1f4"));
        g.fillRect(0, 0, viewport.width(), viewport.height());
        g.setStroke(Color.web("#90a4ae"));
        g.setLineWidth(0.8);
        for (FeatureKind kind : FeatureKind.values()) {
            for (MapFeature feature : scene.features(kind)) {
                g.beginPath();
                for (double[] ring : feature.rings()) {
                    g.moveTo(viewport.screenX(ring[0]), viewport.screenY(ring[1]));
                    for (int i = 2; i < ring.length; i += 2) {
                        g.lineTo(viewport.screenX(ring[i]), viewport.screenY(ring[i + 1]));
                    }
                    g.closePath();
                }
                g.stroke();
            }
        }
        g.setFill(Color.web("#1e6fd9"));
        for (MapMarker marker : scene.markers()) {
            g.fillOval(viewport.screenX(marker.x()) - 6, viewport.screenY(marker.y()) - 6, 12, 12);
        }
    }
}
