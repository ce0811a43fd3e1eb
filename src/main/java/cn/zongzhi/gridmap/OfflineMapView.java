package cn.zongzhi.gridmap;

import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.VPos;
import javafx.animation.PauseTransition;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.locationtech.jts.geom.Envelope;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * The offline map: draws a {@link MapScene} on a canvas, level of detail by scale, and turns mouse, wheel,
 * touchpad and keys into pan, zoom, hover and clicks. Redraws at most once per pulse, only when something
 * changed. Every drawn frame only visits what the spatial indexes say is on screen.
 */
public final class OfflineMapView extends Region {
    /** A level is drawn once its average outline spans this many pixels; smaller ones would be a grey smear. */
    private static final double DRAW_FROM_PIXELS = 14;
    /** Its names are drawn once an outline spans this many pixels, room for a few characters. */
    private static final double LABEL_FROM_PIXELS = 70;
    private static final double CLUSTER_CELL_PIXELS = 30;
    private static final double MARKER_RADIUS = 6;
    private static final Color BACKGROUND = Color.web("#eef1f4");
    private static final Color[] CHOROPLETH = {
            Color.web("#ffffff", 0.55), Color.web("#fff1c1"), Color.web("#ffd27a"), Color.web("#fb9a4b"),
            Color.web("#e8553a"), Color.web("#b71c1c")};
    private static final Map<MarkerState, Color> MARKER_COLOURS = new EnumMap<>(Map.of(
            MarkerState.WAITING, Color.web("#1e6fd9"),
            MarkerState.HANDLING, Color.web("#2e9d4f"),
            MarkerState.SUSPENDED, Color.web("#7a7a7a"),
            MarkerState.CHECKING, Color.web("#8e44ad")));
    private static final Color OVERDUE = Color.web("#d32f2f");
    private static final Color SELECTION = Color.web("#0b57d0");

    private final Canvas canvas = new Canvas();
    private final Label tooltip = new Label();
    private final MapViewport viewport = new MapViewport();
    private final ObjectProperty<MapScene> mapScene = new SimpleObjectProperty<>(MapScene.empty());
    private final Map<FeatureKind, BooleanProperty> layers = new EnumMap<>(FeatureKind.class);
    private final BooleanProperty markersVisible = new SimpleBooleanProperty(true);
    private final BooleanProperty labelsVisible = new SimpleBooleanProperty(true);
    private final BooleanProperty transparentBackground = new SimpleBooleanProperty(false);
    private final ObjectProperty<ChoroplethMode> choropleth = new SimpleObjectProperty<>(ChoroplethMode.NONE);
    private final ObjectProperty<MapFeature> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<double[]> pickedPoint = new SimpleObjectProperty<>();

    private Consumer<MapFeature> onFeatureClicked = feature -> { };
    private Consumer<MapMarker> onMarkerClicked = marker -> { };
    private Consumer<double[]> onPointClicked = lonLat -> { };
    private Function<MapFeature, String> featureDescription = MapFeature::name;
    private Function<MapMarker, String> markerDescription = MapMarker::title;
    private DoubleFunction<String> distanceLabel = metres -> Math.round(metres) + " m";
    private String northLabel = "N";
    private Runnable onViewportChanged = () -> { };

    /** How far beyond the screen the cached bitmap reaches, so a short drag never shows its edge. */
    private static final double BASE_MARGIN_PIXELS = 200;

    private MapViewport paint = viewport;
    private Canvas offscreen;
    private WritableImage baseImage;
    private boolean baseStale = true;
    private double baseScale;
    private double baseOriginX;
    private double baseOriginY;
    private List<MarkerClusters.Cluster> baseClusters = List.of();
    private long lastRenderNanos;
    /** Re-renders the bitmap once pan and zoom have rested this long. */
    private final PauseTransition settle = new PauseTransition(Duration.millis(140));

    private boolean redrawQueued;
    private boolean fitPending = true;
    private ChoroplethScale drawnScale;
    private FeatureKind drawnChoroplethKind;
    private double dragX;
    private double dragY;
    private boolean dragged;
    private long lastFrameNanos;

    public OfflineMapView() {
        getStyleClass().add("offline-map");
        setFocusTraversable(true);
        setMinSize(200, 150);
        getChildren().addAll(canvas, tooltip);
        tooltip.getStyleClass().add("map-tooltip");
        tooltip.setVisible(false);
        tooltip.setMouseTransparent(true);
        tooltip.setManaged(false);
        for (FeatureKind kind : FeatureKind.values()) {
            BooleanProperty visible = new SimpleBooleanProperty(true);
            visible.addListener((observable, before, now) -> invalidateBase());
            layers.put(kind, visible);
        }
        mapScene.addListener((observable, before, now) -> {
            if (before == null || before.featureCount() == 0) {
                fitPending = true;
            }
            invalidateBase();
        });
        markersVisible.addListener((observable, before, now) -> invalidateBase());
        labelsVisible.addListener((observable, before, now) -> invalidateBase());
        choropleth.addListener((observable, before, now) -> invalidateBase());
        settle.setOnFinished(event -> {
            if (baseImage != null && (baseScale != viewport.metresPerPixel() || !baseCovers())) {
                renderBase();
                composite();
            }
        });
        selected.addListener((observable, before, now) -> requestRedraw());
        pickedPoint.addListener((observable, before, now) -> requestRedraw());
        transparentBackground.addListener((observable, before, now) -> invalidateBase());
        installInput();
    }

    // ---- input -------------------------------------------------------------------------------------------

    private void installInput() {
        setOnMousePressed(event -> {
            requestFocus();
            dragX = event.getX();
            dragY = event.getY();
            dragged = false;
        });
        setOnMouseDragged(event -> {
            double dx = event.getX() - dragX;
            double dy = event.getY() - dragY;
            if (!dragged && Math.hypot(dx, dy) < 3) {
                return;
            }
            dragged = true;
            viewport.panBy(dx, dy);
            dragX = event.getX();
            dragY = event.getY();
            tooltip.setVisible(false);
            viewportChanged();
        });
        setOnMouseClicked(event -> {
            if (dragged || event.getButton() != MouseButton.PRIMARY) {
                return;
            }
            if (event.getClickCount() == 2) {
                zoomAt(2, event.getX(), event.getY());
                return;
            }
            click(event.getX(), event.getY());
        });
        setOnMouseMoved(this::hover);
        setOnMouseExited(event -> tooltip.setVisible(false));
        setOnScroll(this::scroll);
        setOnZoom(this::pinch);
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
    }

    private void scroll(ScrollEvent event) {
        if (event.getTouchCount() > 0 || (event.getDeltaX() != 0 && !event.isControlDown())) {
            // Two fingers on a touchpad move the map; a wheel (or pinch reported as ctrl+scroll) zooms.
            viewport.panBy(event.getDeltaX(), event.getDeltaY());
            viewportChanged();
        } else if (event.getDeltaY() != 0) {
            zoomAt(Math.pow(1.0025, event.getDeltaY()), event.getX(), event.getY());
        }
        event.consume();
    }

    private void pinch(ZoomEvent event) {
        zoomAt(event.getZoomFactor(), event.getX(), event.getY());
        event.consume();
    }

    private void key(KeyEvent event) {
        double step = 120;
        switch (event.getCode()) {
            case LEFT -> viewport.panBy(step, 0);
            case RIGHT -> viewport.panBy(-step, 0);
            case UP -> viewport.panBy(0, step);
            case DOWN -> viewport.panBy(0, -step);
            case PLUS, EQUALS, ADD -> viewport.zoomAt(1.5, viewport.width() / 2, viewport.height() / 2);
            case MINUS, SUBTRACT -> viewport.zoomAt(1 / 1.5, viewport.width() / 2, viewport.height() / 2);
            case DIGIT0, NUMPAD0 -> viewport.fit(mapScene.get().bounds(), 0.04);
            default -> {
                return;
            }
        }
        event.consume();
        viewportChanged();
    }

    public void zoomAt(double factor, double screenX, double screenY) {
        viewport.zoomAt(factor, screenX, screenY);
        viewportChanged();
    }

    public void zoomIn() {
        zoomAt(1.5, viewport.width() / 2, viewport.height() / 2);
    }

    public void zoomOut() {
        zoomAt(1 / 1.5, viewport.width() / 2, viewport.height() / 2);
    }

    public void fitAll() {
        viewport.fit(mapScene.get().bounds(), 0.04);
        viewportChanged();
    }

    /** Zooms to an outline and selects it. */
    public void zoomTo(MapFeature feature) {
        viewport.fit(feature.bounds(), 0.15);
        selected.set(feature);
        viewportChanged();
    }

    /** Centres on a projected point at a street-level scale. */
    public void zoomToPoint(double x, double y) {
        viewport.centreOn(x, y);
        viewport.setMetresPerPixel(Math.min(viewport.metresPerPixel(), 2));
        viewportChanged();
    }

    private void viewportChanged() {
        requestRedraw();
        onViewportChanged.run();
    }

    private void click(double x, double y) {
        Optional<MapMarker> marker = markerAt(x, y);
        if (marker.isPresent()) {
            onMarkerClicked.accept(marker.get());
            return;
        }
        Optional<MarkerClusters.Cluster> cluster = clusterAt(x, y);
        if (cluster.isPresent()) {
            zoomAt(2.5, cluster.get().screenX(), cluster.get().screenY());
            return;
        }
        double worldX = viewport.worldX(x);
        double worldY = viewport.worldY(y);
        onPointClicked.accept(new double[] {WebMercator.longitude(worldX), WebMercator.latitude(worldY)});
        featureUnder(worldX, worldY).ifPresent(feature -> {
            selected.set(feature);
            onFeatureClicked.accept(feature);
        });
    }

    private void hover(MouseEvent event) {
        String text = markerAt(event.getX(), event.getY()).map(markerDescription)
                .or(() -> clusterAt(event.getX(), event.getY()).map(cluster -> markerDescription.apply(cluster.members().get(0))
                        + (cluster.members().size() > 1 ? " … +" + (cluster.members().size() - 1) : "")))
                .or(() -> featureUnder(viewport.worldX(event.getX()), viewport.worldY(event.getY())).map(featureDescription))
                .orElse(null);
        if (text == null) {
            tooltip.setVisible(false);
            return;
        }
        tooltip.setText(text);
        tooltip.autosize();
        double x = Math.min(event.getX() + 14, getWidth() - tooltip.getWidth() - 4);
        double y = Math.min(event.getY() + 18, getHeight() - tooltip.getHeight() - 4);
        tooltip.relocate(Math.max(0, x), Math.max(0, y));
        tooltip.setVisible(true);
    }

    /** The single marker drawn under the pointer, if any (clusters excluded). */
    public Optional<MapMarker> markerAt(double x, double y) {
        for (MarkerClusters.Cluster cluster : drawnMarkers()) {
            if (cluster.single() && Math.hypot(cluster.screenX() - x, cluster.screenY() - y) <= MARKER_RADIUS + 2) {
                return Optional.of(cluster.members().get(0));
            }
        }
        return Optional.empty();
    }

    private Optional<MarkerClusters.Cluster> clusterAt(double x, double y) {
        for (MarkerClusters.Cluster cluster : drawnMarkers()) {
            if (!cluster.single() && Math.hypot(cluster.screenX() - x, cluster.screenY() - y) <= clusterRadius(cluster) + 2) {
                return Optional.of(cluster);
            }
        }
        return Optional.empty();
    }

    /** The innermost outline drawn at this scale that contains the projected point. */
    public Optional<MapFeature> featureUnder(double worldX, double worldY) {
        List<FeatureKind> drawn = new ArrayList<>();
        for (FeatureKind kind : FeatureKind.values()) {
            if (drawsLevel(kind)) {
                drawn.add(kind);
            }
        }
        return mapScene.get().featureAt(worldX, worldY, drawn);
    }

    // ---- drawing -----------------------------------------------------------------------------------------

    public void requestRedraw() {
        if (redrawQueued) {
            return;
        }
        redrawQueued = true;
        Platform.runLater(() -> {
            redrawQueued = false;
            draw();
        });
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth();
        double height = getHeight();
        if (canvas.getWidth() != width || canvas.getHeight() != height) {
            canvas.setWidth(width);
            canvas.setHeight(height);
            viewport.resize(width, height);
            baseStale = true;
            draw();
        }
    }

    /**
     * Draws one frame now; public for the benchmark, which times it. Outlines, labels and markers come from a
     * bitmap rendered once per scale with a margin around the screen: a pan or zoom frame only moves (or
     * scales) that bitmap, and the bitmap is rendered again when the pointer has rested for a moment. On the
     * software pipeline rasterising ten thousand outlines takes far longer than one frame; moving a bitmap
     * does not.
     */
    public void draw() {
        long started = System.nanoTime();
        MapScene current = mapScene.get();
        if (fitPending && canvas.getWidth() > 1 && current.featureCount() + current.markers().size() > 0) {
            viewport.fit(current.bounds(), 0.04);
            fitPending = false;
        }
        if (baseImage == null || baseStale) {
            renderBase();
        } else if (baseScale != viewport.metresPerPixel() || !baseCovers()) {
            settle.playFromStart();
        }
        composite();
        lastFrameNanos = System.nanoTime() - started;
    }

    /** Puts the cached layers where the viewport says, then what changes without a re-render on top. */
    private void composite() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double width = canvas.getWidth();
        double height = canvas.getHeight();
        g.clearRect(0, 0, width, height);
        if (!transparentBackground.get()) {
            g.setFill(BACKGROUND);
            g.fillRect(0, 0, width, height);
        }
        if (baseImage != null) {
            double k = baseScale / viewport.metresPerPixel();
            if (k == 1) {
                // Whole pixels: a bitmap placed between pixels is resampled, which costs more than the copy.
                g.drawImage(baseImage, Math.round(viewport.screenX(baseOriginX)), Math.round(viewport.screenY(baseOriginY)));
            } else {
                // A zoom preview lasts until the pointer rests; nearest-pixel scaling is cheaper than smoothing.
                g.setImageSmoothing(false);
                g.drawImage(baseImage, viewport.screenX(baseOriginX), viewport.screenY(baseOriginY),
                        baseImage.getWidth() * k, baseImage.getHeight() * k);
                g.setImageSmoothing(true);
            }
        }
        MapFeature selection = selected.get();
        if (selection != null) {
            MapViewport before = paint;
            paint = viewport;
            g.setStroke(SELECTION);
            g.setLineWidth(3);
            g.setLineDashes();
            tracePath(g, selection, 0.5);
            g.stroke();
            paint = before;
        }
        drawPickedPoint(g);
        drawScaleBar(g, height);
        drawNorthArrow(g, width);
    }

    /** Whether the cached bitmap still covers the whole screen at the current scale. */
    private boolean baseCovers() {
        double left = viewport.screenX(baseOriginX);
        double top = viewport.screenY(baseOriginY);
        return left <= 0 && top <= 0 && left + baseImage.getWidth() >= canvas.getWidth()
                && top + baseImage.getHeight() >= canvas.getHeight();
    }

    /** Renders outlines, labels and markers for the current scale into the cached bitmap; public for the benchmark. */
    public void renderBase() {
        long started = System.nanoTime();
        settle.stop();
        baseStale = false;
        int width = (int) Math.ceil(canvas.getWidth() + 2 * BASE_MARGIN_PIXELS);
        int height = (int) Math.ceil(canvas.getHeight() + 2 * BASE_MARGIN_PIXELS);
        if (offscreen == null || offscreen.getWidth() != width || offscreen.getHeight() != height) {
            offscreen = new Canvas(width, height);
            baseImage = new WritableImage(width, height);
        }
        MapViewport base = new MapViewport();
        base.resize(width, height);
        base.centreOn(viewport.centreX(), viewport.centreY());
        base.setMetresPerPixel(viewport.metresPerPixel());
        paint = base;
        try {
            paintLayers(offscreen.getGraphicsContext2D(), mapScene.get(), width, height);
        } finally {
            paint = viewport;
        }
        SnapshotParameters parameters = new SnapshotParameters();
        parameters.setFill(Color.TRANSPARENT);
        offscreen.snapshot(parameters, baseImage);
        baseScale = base.metresPerPixel();
        baseOriginX = base.worldX(0);
        baseOriginY = base.worldY(0);
        lastRenderNanos = System.nanoTime() - started;
    }

    private void paintLayers(GraphicsContext g, MapScene current, double width, double height) {
        g.clearRect(0, 0, width, height);
        Envelope world = paint.visibleWorld(8);
        drawnScale = null;
        drawnChoroplethKind = null;
        FeatureKind choroplethKind = choropleth.get() == ChoroplethMode.NONE ? null : finestDrawnGridLevel();
        for (FeatureKind kind : FeatureKind.values()) {
            if (drawsLevel(kind)) {
                drawLevel(g, current, kind, world, kind == choroplethKind);
            }
        }
        if (labelsVisible.get()) {
            drawLabels(g, current, world);
        }
        baseClusters = markersVisible.get()
                ? MarkerClusters.group(current.markers(), paint, CLUSTER_CELL_PIXELS, 12)
                : List.of();
        drawMarkers(g);
    }

    /** Everything drawn from the scene must be rendered again (layers, colouring, data changed). */
    private void invalidateBase() {
        baseStale = true;
        requestRedraw();
    }

    /** Whether a level is on and its outlines are big enough at this scale to be worth drawing. */
    public boolean drawsLevel(FeatureKind kind) {
        if (!layers.get(kind).get()) {
            return false;
        }
        double size = averageSize(mapScene.get(), kind);
        return size > 0 && size / viewport.metresPerPixel() >= DRAW_FROM_PIXELS;
    }

    private FeatureKind finestDrawnGridLevel() {
        if (drawsLevel(FeatureKind.MICRO_GRID)) {
            return FeatureKind.MICRO_GRID;
        }
        return drawsLevel(FeatureKind.GRID) ? FeatureKind.GRID : null;
    }

    private final Map<FeatureKind, Double> averageSizes = new EnumMap<>(FeatureKind.class);
    private MapScene averagedScene;

    private double averageSize(MapScene current, FeatureKind kind) {
        if (averagedScene != current) {
            averageSizes.clear();
            averagedScene = current;
        }
        return averageSizes.computeIfAbsent(kind, k -> current.features(k).stream()
                .mapToDouble(feature -> Math.sqrt(feature.bounds().getArea())).average().orElse(0));
    }

    private void drawLevel(GraphicsContext g, MapScene current, FeatureKind kind, Envelope world, boolean choroplethLevel) {
        List<MapFeature> visible = current.visible(kind, world);
        ChoroplethScale scale = null;
        if (choroplethLevel) {
            scale = scaleFor(current, kind);
            drawnScale = scale;
            drawnChoroplethKind = kind;
        }
        double minimumPixels = 1.5 * paint.metresPerPixel();
        g.setLineJoin(StrokeLineJoin.MITER);
        g.setFillRule(FillRule.EVEN_ODD);
        g.setLineDashes();
        switch (kind) {
            case DISTRICT -> { g.setStroke(Color.web("#37474f")); g.setLineWidth(2.5); }
            case TOWN -> { g.setStroke(Color.web("#546e7a")); g.setLineWidth(1.8); }
            // Solid, not dashed: dashes cost several times more to rasterise on the software pipeline.
            case COMMUNITY -> { g.setStroke(Color.web("#7e8fa0")); g.setLineWidth(1.2); }
            case GRID -> { g.setStroke(Color.web("#90a4ae")); g.setLineWidth(0.8); }
            case MICRO_GRID -> { g.setStroke(Color.web("#b0bec5")); g.setLineWidth(0.5); }
        }
        for (MapFeature feature : visible) {
            if (feature.bounds().getWidth() < minimumPixels && feature.bounds().getHeight() < minimumPixels) {
                continue;
            }
            tracePath(g, feature, paint.metresPerPixel() * 0.75);
            if (scale != null && feature.gridId() != null) {
                MapScene.GridCounts counts = current.counts(feature.gridId());
                int value = choropleth.get() == ChoroplethMode.OPEN ? counts.open() : counts.overdue();
                g.setFill(CHOROPLETH[Math.min(CHOROPLETH.length - 1, scale.classOf(value))]);
                g.fill();
            } else if (kind == FeatureKind.DISTRICT && !transparentBackground.get()) {
                g.setFill(Color.WHITE);
                g.fill();
            }
            g.stroke();
        }
        g.setLineDashes();
    }

    private ChoroplethScale scaleFor(MapScene current, FeatureKind kind) {
        List<MapFeature> all = current.features(kind);
        int[] values = new int[all.size()];
        for (int i = 0; i < values.length; i++) {
            MapScene.GridCounts counts = current.counts(all.get(i).gridId());
            values[i] = choropleth.get() == ChoroplethMode.OPEN ? counts.open() : counts.overdue();
        }
        return ChoroplethScale.quantiles(values, CHOROPLETH.length - 1);
    }

    /** Adds the outline's rings to a new path, skipping points closer than the tolerance to the last one kept. */
    private void tracePath(GraphicsContext g, MapFeature feature, double toleranceMetres) {
        g.beginPath();
        for (double[] ring : feature.rings()) {
            double lastX = ring[0];
            double lastY = ring[1];
            g.moveTo(paint.screenX(lastX), paint.screenY(lastY));
            for (int i = 2; i < ring.length; i += 2) {
                double x = ring[i];
                double y = ring[i + 1];
                if (Math.abs(x - lastX) < toleranceMetres && Math.abs(y - lastY) < toleranceMetres && i < ring.length - 2) {
                    continue;
                }
                g.lineTo(paint.screenX(x), paint.screenY(y));
                lastX = x;
                lastY = y;
            }
            g.closePath();
        }
    }

    private void drawLabels(GraphicsContext g, MapScene current, Envelope world) {
        LabelPlacer placer = new LabelPlacer(3);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        Text measure = new Text();
        // Coarse levels first: a town's name wins over a grid's where both want the same spot.
        for (FeatureKind kind : FeatureKind.values()) {
            if (!drawsLevel(kind) || averageSize(current, kind) / paint.metresPerPixel() < LABEL_FROM_PIXELS) {
                continue;
            }
            Font font = kind.ordinal() <= FeatureKind.TOWN.ordinal()
                    ? Font.font(null, FontWeight.BOLD, 13) : Font.font(null, FontWeight.NORMAL, 11);
            g.setFont(font);
            measure.setFont(font);
            for (MapFeature feature : current.visible(kind, world)) {
                double x = paint.screenX(feature.labelX());
                double y = paint.screenY(feature.labelY());
                if (x < 0 || y < 0 || x > paint.width() || y > paint.height()
                        || feature.bounds().getWidth() / paint.metresPerPixel() < 40) {
                    continue;
                }
                String label = current.label(feature);
                measure.setText(label);
                double textWidth = measure.getLayoutBounds().getWidth();
                double textHeight = measure.getLayoutBounds().getHeight();
                if (placer.tryPlace(x, y, textWidth, textHeight)) {
                    // A pale box rather than a stroked halo: outlined glyphs are slow on the software pipeline.
                    g.setFill(Color.web("#ffffff", 0.7));
                    g.fillRect(x - textWidth / 2 - 2, y - textHeight / 2, textWidth + 4, textHeight);
                    g.setFill(kind.ordinal() <= FeatureKind.TOWN.ordinal() ? Color.web("#263238") : Color.web("#455a64"));
                    g.fillText(label, x, y);
                }
            }
        }
    }

    private void drawMarkers(GraphicsContext g) {
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font(null, FontWeight.BOLD, 11));
        for (MarkerClusters.Cluster cluster : baseClusters) {
            double x = cluster.screenX();
            double y = cluster.screenY();
            if (cluster.single()) {
                MapMarker marker = cluster.members().get(0);
                g.setFill(MARKER_COLOURS.get(marker.state()));
                g.fillOval(x - MARKER_RADIUS, y - MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS);
                g.setStroke(marker.overdue() ? OVERDUE : Color.WHITE);
                g.setLineWidth(marker.overdue() ? 2.5 : 1.5);
                g.strokeOval(x - MARKER_RADIUS, y - MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS);
            } else {
                double radius = clusterRadius(cluster);
                g.setFill(cluster.overdue() > 0 ? Color.web("#e65100", 0.88) : Color.web("#1e6fd9", 0.85));
                g.fillOval(x - radius, y - radius, 2 * radius, 2 * radius);
                g.setStroke(Color.WHITE);
                g.setLineWidth(1.5);
                g.strokeOval(x - radius, y - radius, 2 * radius, 2 * radius);
                g.setFill(Color.WHITE);
                g.fillText(Integer.toString(cluster.members().size()), x, y);
            }
        }
    }

    private static double clusterRadius(MarkerClusters.Cluster cluster) {
        return Math.min(22, 9 + 3 * Math.log10(cluster.members().size()) * 2);
    }

    private void drawPickedPoint(GraphicsContext g) {
        double[] picked = pickedPoint.get();
        if (picked == null) {
            return;
        }
        double x = viewport.screenX(WebMercator.x(picked[0]));
        double y = viewport.screenY(WebMercator.y(picked[1]));
        g.setStroke(SELECTION);
        g.setLineWidth(2);
        g.strokeLine(x - 10, y, x + 10, y);
        g.strokeLine(x, y - 10, x, y + 10);
        g.strokeOval(x - 6, y - 6, 12, 12);
    }

    private void drawScaleBar(GraphicsContext g, double height) {
        double metresPerPixel = viewport.groundMetresPerPixel();
        double target = 110 * metresPerPixel;
        double magnitude = Math.pow(10, Math.floor(Math.log10(target)));
        double length = magnitude;
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude <= target) {
                length = step * magnitude;
            }
        }
        double pixels = length / metresPerPixel;
        double x = 14;
        double y = height - 18;
        g.setFill(Color.web("#ffffff", 0.8));
        g.fillRect(x - 6, y - 20, pixels + 12, 28);
        g.setStroke(Color.web("#263238"));
        g.setLineWidth(2);
        g.strokeLine(x, y, x + pixels, y);
        g.strokeLine(x, y - 5, x, y + 3);
        g.strokeLine(x + pixels, y - 5, x + pixels, y + 3);
        g.setFill(Color.web("#263238"));
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(distanceLabel.apply(length), x + pixels / 2, y - 4);
    }

    private void drawNorthArrow(GraphicsContext g, double width) {
        double x = width - 28;
        double y = 20;
        g.setFill(Color.web("#263238"));
        g.fillPolygon(new double[] {x, x - 8, x, x + 8}, new double[] {y, y + 22, y + 16, y + 22}, 4);
        g.setFont(Font.font(null, FontWeight.BOLD, 12));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        g.fillText(northLabel, x, y + 24);
    }

    public static Color markerColour(MarkerState state) {
        return MARKER_COLOURS.get(state);
    }

    /** The fill of a choropleth class as CSS, for the legend. */
    public static String choroplethColourCss(int classIndex) {
        Color colour = CHOROPLETH[Math.min(CHOROPLETH.length - 1, classIndex)];
        return String.format(java.util.Locale.ROOT, "rgba(%d,%d,%d,%.2f)", Math.round(colour.getRed() * 255),
                Math.round(colour.getGreen() * 255), Math.round(colour.getBlue() * 255), colour.getOpacity());
    }

    // ---- properties and callbacks ------------------------------------------------------------------------

    public ObjectProperty<MapScene> mapSceneProperty() {
        return mapScene;
    }

    public BooleanProperty layerProperty(FeatureKind kind) {
        return layers.get(kind);
    }

    public BooleanProperty markersVisibleProperty() {
        return markersVisible;
    }

    public BooleanProperty labelsVisibleProperty() {
        return labelsVisible;
    }

    /** On when a base map shows through underneath. */
    public BooleanProperty transparentBackgroundProperty() {
        return transparentBackground;
    }

    public ObjectProperty<ChoroplethMode> choroplethProperty() {
        return choropleth;
    }

    public ObjectProperty<MapFeature> selectedProperty() {
        return selected;
    }

    /** A location picked for a new incident, as WGS-84 {longitude, latitude}; drawn as a cross. */
    public ObjectProperty<double[]> pickedPointProperty() {
        return pickedPoint;
    }

    public void setOnFeatureClicked(Consumer<MapFeature> handler) {
        onFeatureClicked = handler;
    }

    public void setOnMarkerClicked(Consumer<MapMarker> handler) {
        onMarkerClicked = handler;
    }

    /** Every click that is not on a marker, as WGS-84 {longitude, latitude}. */
    public void setOnPointClicked(Consumer<double[]> handler) {
        onPointClicked = handler;
    }

    public void setOnViewportChanged(Runnable handler) {
        onViewportChanged = handler;
    }

    public void setDescriptions(Function<MapFeature, String> features, Function<MapMarker, String> markers,
                                DoubleFunction<String> distances, String north) {
        featureDescription = features;
        markerDescription = markers;
        distanceLabel = distances;
        northLabel = north;
    }

    public MapViewport viewport() {
        return viewport;
    }

    /** The choropleth classes of the last frame, for the legend; null when grids are not coloured. */
    public ChoroplethScale choroplethScale() {
        return drawnScale;
    }

    public FeatureKind choroplethLevel() {
        return drawnChoroplethKind;
    }

    /** The markers and clusters as they stand on screen now (the cached bitmap may have moved since it was drawn). */
    public List<MarkerClusters.Cluster> drawnMarkers() {
        if (baseImage == null || baseClusters.isEmpty()) {
            return List.of();
        }
        double k = baseScale / viewport.metresPerPixel();
        double left = viewport.screenX(baseOriginX);
        double top = viewport.screenY(baseOriginY);
        List<MarkerClusters.Cluster> onScreen = new ArrayList<>(baseClusters.size());
        for (MarkerClusters.Cluster cluster : baseClusters) {
            onScreen.add(new MarkerClusters.Cluster(left + cluster.screenX() * k, top + cluster.screenY() * k,
                    cluster.members(), cluster.overdue()));
        }
        return onScreen;
    }

    public long lastRenderNanos() {
        return lastRenderNanos;
    }

    public long lastFrameNanos() {
        return lastFrameNanos;
    }

    public Canvas canvas() {
        return canvas;
    }
}
