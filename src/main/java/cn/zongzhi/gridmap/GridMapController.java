package cn.zongzhi.gridmap;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.text.NumberFormat;
import java.util.Map;

/** Thin glue between the map screen's nodes and its view model; the drawing is {@link OfflineMapView}'s. */
public final class GridMapController {
    private static final Duration POLL_EVERY = Duration.seconds(30);

    private final GridMapViewModel viewModel;
    private final Duration googleTimeout;
    private Timeline polling;
    private GoogleBaseMapView google;

    @FXML private TextField searchField;
    @FXML private ListView<MapFeature> searchResults;
    @FXML private CheckBox districtLayer;
    @FXML private CheckBox townLayer;
    @FXML private CheckBox communityLayer;
    @FXML private CheckBox gridLayer;
    @FXML private CheckBox microGridLayer;
    @FXML private CheckBox markerLayer;
    @FXML private CheckBox labelLayer;
    @FXML private ChoiceBox<ChoroplethMode> choroplethChoice;
    @FXML private VBox legendBox;
    @FXML private StackPane mapStack;
    @FXML private OfflineMapView mapView;
    @FXML private VBox loadingBox;
    @FXML private ProgressBar loadingBar;
    @FXML private ScrollPane panelPane;
    @FXML private Label panelTitle;
    @FXML private GridPane panelFacts;
    @FXML private Label staffTitle;
    @FXML private VBox staffBox;
    @FXML private Button openIncidentsButton;
    @FXML private Label baseMapNote;
    @FXML private Label mapStatusLabel;
    @FXML private javafx.scene.control.Hyperlink notLocatedLink;
    @FXML private Label mapErrorLabel;

    public GridMapController(GridMapViewModel viewModel, Duration googleTimeout) {
        this.viewModel = viewModel;
        this.googleTimeout = googleTimeout;
    }

    @FXML
    private void initialize() {
        var messages = viewModel.messages();
        mapView.setDescriptions(viewModel::describe, viewModel::describe, viewModel::distance, messages.text("gridmap.north"));
        mapView.mapSceneProperty().bind(viewModel.sceneProperty());
        Map.of(districtLayer, FeatureKind.DISTRICT, townLayer, FeatureKind.TOWN, communityLayer, FeatureKind.COMMUNITY,
                        gridLayer, FeatureKind.GRID, microGridLayer, FeatureKind.MICRO_GRID)
                .forEach((box, kind) -> mapView.layerProperty(kind).bind(box.selectedProperty()));
        mapView.markersVisibleProperty().bind(markerLayer.selectedProperty());
        mapView.labelsVisibleProperty().bind(labelLayer.selectedProperty());

        choroplethChoice.getItems().setAll(ChoroplethMode.values());
        choroplethChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(ChoroplethMode mode) {
                return mode == null ? "" : messages.text("gridmap.choropleth." + mode.name());
            }

            @Override
            public ChoroplethMode fromString(String text) {
                return null;
            }
        });
        choroplethChoice.valueProperty().bindBidirectional(viewModel.choroplethProperty());
        mapView.choroplethProperty().bind(viewModel.choroplethProperty());

        mapView.setOnFeatureClicked(viewModel::select);
        mapView.setOnMarkerClicked(viewModel::openIncident);
        mapView.setOnViewportChanged(this::viewportChanged);
        viewModel.selectedProperty().addListener((observable, before, now) -> mapView.selectedProperty().set(now));
        viewModel.panelProperty().addListener((observable, before, now) -> showPanel(now));
        viewModel.choroplethProperty().addListener((observable, before, now) -> legendLater());
        viewModel.sceneProperty().addListener((observable, before, now) -> legendLater());

        searchResults.setItems(viewModel.searchResults());
        searchResults.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(MapFeature feature, boolean empty) {
                super.updateItem(feature, empty);
                setText(empty || feature == null ? null : feature.name() + "\n"
                        + messages.text("gridmap.level." + feature.kind().name()) + "  " + feature.code());
            }
        });
        searchField.textProperty().addListener((observable, before, now) -> viewModel.search(now));
        searchField.setOnAction(event -> {
            if (!searchResults.getItems().isEmpty()) {
                zoomTo(searchResults.getItems().get(0));
            }
        });
        searchField.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DOWN && !searchResults.getItems().isEmpty()) {
                searchResults.requestFocus();
                searchResults.getSelectionModel().selectFirst();
            }
        });
        searchResults.setOnMouseClicked(event -> {
            MapFeature chosen = searchResults.getSelectionModel().getSelectedItem();
            if (chosen != null) {
                zoomTo(chosen);
            }
        });
        searchResults.setOnKeyPressed(event -> {
            MapFeature chosen = searchResults.getSelectionModel().getSelectedItem();
            if (event.getCode() == KeyCode.ENTER && chosen != null) {
                zoomTo(chosen);
            }
        });

        loadingBox.visibleProperty().bind(viewModel.loadingProperty());
        loadingBar.progressProperty().bind(viewModel.progressProperty());
        mapStatusLabel.textProperty().bind(viewModel.statusProperty());
        notLocatedLink.visibleProperty().bind(viewModel.notLocatedProperty().greaterThan(0));
        notLocatedLink.managedProperty().bind(notLocatedLink.visibleProperty());
        notLocatedLink.setOnAction(event -> viewModel.openNotLocated());
        mapErrorLabel.textProperty().bind(viewModel.errorProperty());
        baseMapNote.textProperty().bind(viewModel.baseMapNoteProperty());
        viewModel.baseMapProperty().addListener((observable, before, now) -> baseMapChanged(now));

        buildLegend();
        viewModel.load();
        viewModel.chooseBaseMap();
        polling = new Timeline(new KeyFrame(POLL_EVERY, event -> viewModel.poll()));
        polling.setCycleCount(Timeline.INDEFINITE);
        polling.play();
    }

    /**
     * Shows a grid or area by its code, as a search for it would (from a hot spot on the dashboard). If the
     * map is still loading, it happens once the map is there.
     */
    public void focus(String code) {
        searchField.setText(code);
        MapFeature found = searchResults.getItems().stream().filter(feature -> code.equals(feature.code())).findFirst().orElse(null);
        if (found != null) {
            zoomTo(found);
            return;
        }
        javafx.beans.value.ChangeListener<MapScene> whenLoaded = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends MapScene> observable, MapScene before, MapScene now) {
                viewModel.sceneProperty().removeListener(this);
                viewModel.search(code);
                searchResults.getItems().stream().filter(feature -> code.equals(feature.code())).findFirst()
                        .ifPresent(GridMapController.this::zoomTo);
            }
        };
        viewModel.sceneProperty().addListener(whenLoaded);
    }

    private void zoomTo(MapFeature feature) {
        mapView.zoomTo(feature);
        viewModel.select(feature);
    }

    @FXML
    private void zoomIn() {
        mapView.zoomIn();
    }

    @FXML
    private void zoomOut() {
        mapView.zoomOut();
    }

    @FXML
    private void fitAll() {
        mapView.fitAll();
    }

    @FXML
    private void cancelLoad() {
        viewModel.cancelLoad();
    }

    @FXML
    private void closePanel() {
        viewModel.closePanel();
    }

    @FXML
    private void openIncidents() {
        viewModel.openIncidentsOfSelection();
    }

    private void showPanel(PlacePanel panel) {
        boolean shown = panel != null;
        // Over the map, not beside it: the map must not jump under the pointer when the panel opens.
        panelPane.setVisible(shown);
        if (!shown) {
            return;
        }
        var messages = viewModel.messages();
        NumberFormat numbers = NumberFormat.getIntegerInstance(messages.locale());
        panelTitle.setText(panel.name());
        panelFacts.getChildren().clear();
        int row = 0;
        row = fact(row, messages.text("gridmap.panel.code"), panel.code());
        row = fact(row, messages.text("gridmap.panel.level"), messages.text("gridmap.level." + panel.kind().name()));
        staffBox.getChildren().clear();
        openIncidentsButton.setVisible(panel.withinArea());
        openIncidentsButton.setManaged(panel.withinArea());
        if (!panel.withinArea()) {
            staffTitle.setVisible(false);
            staffTitle.setManaged(false);
            Label note = factLabel(messages.text("gridmap.panel.outsideArea"));
            panelFacts.add(note, 0, row, 2, 1);
            return;
        }
        if (panel.areaName() != null) {
            row = fact(row, messages.text("gridmap.panel.area"), panel.areaName());
        }
        row = fact(row, messages.text("gridmap.panel.households"), numbers.format(panel.households()));
        row = fact(row, messages.text("gridmap.panel.population"), numbers.format(panel.population()));
        row = fact(row, messages.text("gridmap.panel.open"), numbers.format(panel.open()));
        row = fact(row, messages.text("gridmap.panel.overdue"), numbers.format(panel.overdue()));
        row = fact(row, messages.text("gridmap.panel.closedThisMonth"), numbers.format(panel.closedThisMonth()));
        Label rate = factLabel(panel.completionRate() == null ? "—"
                : NumberFormat.getPercentInstance(messages.locale()).format(panel.completionRate()));
        rate.setTooltip(new javafx.scene.control.Tooltip(messages.text("gridmap.panel.completionRate.formula")));
        Label rateKey = factKey(messages.text("gridmap.panel.completionRate"));
        panelFacts.addRow(row, rateKey, rate);
        staffBox.getChildren().setAll(panel.staff().stream().map(person -> (javafx.scene.Node) new Label(viewModel.staffLine(person))).toList());
        staffTitle.setVisible(!panel.staff().isEmpty());
        staffTitle.setManaged(!panel.staff().isEmpty());
        openIncidentsButton.setText(messages.text(panel.gridId() != null ? "gridmap.panel.openIncidents" : "gridmap.panel.openAreaIncidents",
                numbers.format(panel.open())));
    }

    private int fact(int row, String key, String value) {
        panelFacts.addRow(row, factKey(key), factLabel(value));
        return row + 1;
    }

    private static Label factKey(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("panel-key");
        return label;
    }

    private static Label factLabel(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        return label;
    }

    private void viewportChanged() {
        legendLater();
        if (google != null && google.isReady()) {
            followWithGoogle();
        }
    }

    private void legendLater() {
        Platform.runLater(this::buildLegend);
    }

    private ChoroplethScale legendScale;
    private FeatureKind legendLevel;
    private boolean legendBuilt;

    private void buildLegend() {
        ChoroplethScale scale = mapView.choroplethScale();
        FeatureKind level = mapView.choroplethLevel();
        if (legendBuilt && scale == legendScale && level == legendLevel) {
            return;
        }
        legendBuilt = true;
        legendScale = scale;
        legendLevel = level;
        var messages = viewModel.messages();
        legendBox.getChildren().clear();
        for (MarkerState state : MarkerState.values()) {
            legendBox.getChildren().add(swatch(new Circle(6, markerColour(state)), messages.text("gridmap.marker." + state.name())));
        }
        Circle overdue = new Circle(6, Color.web("#1e6fd9"));
        overdue.setStroke(Color.web("#d32f2f"));
        overdue.setStrokeWidth(2.5);
        legendBox.getChildren().add(swatch(overdue, messages.text("gridmap.legend.overdue")));
        legendBox.getChildren().add(swatch(new Circle(8, Color.web("#1e6fd9", 0.85)), messages.text("gridmap.legend.cluster")));
        if (scale != null && level != null) {
            legendBox.getChildren().add(new Label(messages.text("gridmap.legend.choropleth",
                    messages.text("gridmap.choropleth." + viewModel.choroplethProperty().get().name()),
                    messages.text("gridmap.level." + level.name()))));
            for (int i = 1; i <= scale.classes(); i++) {
                int[] range = scale.range(i);
                Region box = new Region();
                box.getStyleClass().add("legend-swatch");
                box.setStyle("-fx-background-color: " + OfflineMapView.choroplethColourCss(i) + "; -fx-border-color: #90a4ae;");
                legendBox.getChildren().add(swatch(box, range[0] == range[1] ? Integer.toString(range[0]) : range[0] + "–" + range[1]));
            }
        }
    }

    private static Color markerColour(MarkerState state) {
        return OfflineMapView.markerColour(state);
    }

    private static HBox swatch(javafx.scene.Node symbol, String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        HBox line = new HBox(6, symbol, label);
        line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return line;
    }

    // ---- Google ------------------------------------------------------------------------------------------

    private void baseMapChanged(GridMapViewModel.BaseMap now) {
        if (now == GridMapViewModel.BaseMap.GOOGLE_STARTING && google == null) {
            google = new GoogleBaseMapView(reason -> {
                removeGoogle();
                viewModel.googleFailed(reason);
            }, () -> {
                mapView.transparentBackgroundProperty().set(true);
                viewModel.googleReady();
                followWithGoogle();
            });
            mapStack.getChildren().add(0, google);
            double[] centre = googleCentre();
            google.start(viewModel.googleKey(), centre[1], centre[0], mapView.viewport().webZoomLevel(), googleTimeout);
        } else if (now == GridMapViewModel.BaseMap.OFFLINE) {
            removeGoogle();
        }
    }

    private void removeGoogle() {
        if (google != null) {
            mapStack.getChildren().remove(google);
            google = null;
        }
        mapView.transparentBackgroundProperty().set(false);
    }

    private void followWithGoogle() {
        // Google knows whole zoom levels only: the offline map snaps to the nearest so both agree.
        MapViewport viewport = mapView.viewport();
        viewport.setWebZoomLevel(viewport.webZoomLevel());
        double[] centre = googleCentre();
        google.follow(centre[1], centre[0], viewport.webZoomLevel());
        mapView.requestRedraw();
    }

    /** The view's centre as Google draws China (GCJ-02), {longitude, latitude}. */
    private double[] googleCentre() {
        MapViewport viewport = mapView.viewport();
        return ChinaCoordinates.wgs84ToGcj02(WebMercator.longitude(viewport.centreX()), WebMercator.latitude(viewport.centreY()));
    }

    /** Stops the timer when the console closes. */
    public void stop() {
        if (polling != null) {
            polling.stop();
        }
    }

    /** For tests and the benchmark. */
    OfflineMapView mapView() {
        return mapView;
    }
}
