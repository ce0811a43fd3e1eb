package cn.zongzhi.gridmap;

import cn.zongzhi.common.BackgroundRunner;
import cn.zongzhi.common.Masking;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.Progress;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.text.NumberFormat;
import java.util.function.Supplier;

/**
 * State of the map screen: the scene being drawn, the clicked place's panel, search results and why the map
 * is offline. Reads run on the background readers; nothing here touches a node.
 */
public final class GridMapViewModel {
    /** What lies under the layers. */
    public enum BaseMap { OFFLINE, GOOGLE_STARTING, GOOGLE }

    private final GridMapService maps;
    private final BackgroundRunner runner;
    private final Messages messages;
    private final MapNavigation navigation;
    private final String googleKey;
    private final Supplier<GoogleMapsProbe> probe;

    private final ObjectProperty<MapScene> scene = new SimpleObjectProperty<>(MapScene.empty());
    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(-1);
    private final StringProperty status = new SimpleStringProperty("");
    private final javafx.beans.property.IntegerProperty notLocated = new javafx.beans.property.SimpleIntegerProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final ObjectProperty<BaseMap> baseMap = new SimpleObjectProperty<>(BaseMap.OFFLINE);
    private final StringProperty baseMapNote = new SimpleStringProperty("");
    private final ObjectProperty<MapFeature> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<PlacePanel> panel = new SimpleObjectProperty<>();
    private final ObservableList<MapFeature> searchResults = FXCollections.observableArrayList();
    private final ObjectProperty<ChoroplethMode> choropleth =
            new SimpleObjectProperty<>(ChoroplethMode.NONE);

    private volatile boolean cancelRequested;
    private long lastSeenChange = -1;
    private int panelRequest;

    public GridMapViewModel(GridMapService maps, BackgroundRunner runner, Messages messages, MapNavigation navigation,
                            String googleKey, Supplier<GoogleMapsProbe> probe) {
        this.maps = maps;
        this.runner = runner;
        this.messages = messages;
        this.navigation = navigation;
        this.googleKey = googleKey == null ? "" : googleKey.trim();
        this.probe = probe;
    }

    /** Builds the scene in the background, with progress; cancelling leaves the map as it was. */
    public void load() {
        cancelRequested = false;
        loading.set(true);
        progress.set(-1);
        error.set("");
        Progress reporter = new Progress() {
            @Override
            public void step(long done, long total, String message) {
                double share = total <= 0 ? -1 : done / (double) total;
                runner.toUi(() -> progress.set(share));
            }

            @Override
            public boolean cancelled() {
                return cancelRequested;
            }
        };
        runner.read(() -> {
            long change = maps.latestChange();
            return new Loaded(maps.loadScene(reporter), change);
        }, loaded -> {
            loading.set(false);
            lastSeenChange = loaded.change();
            scene.set(loaded.scene());
            describe(loaded.scene());
        }, failure -> {
            loading.set(false);
            if (failure instanceof Progress.CancelledException) {
                status.set(messages.text("gridmap.loadCancelled"));
            } else {
                error.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName()));
            }
        });
    }

    private record Loaded(MapScene scene, long change) {
    }

    public void cancelLoad() {
        cancelRequested = true;
    }

    private boolean lookAgain;

    /**
     * Called on a timer: when an incident changed since the last look, the markers are read again; otherwise the
     * markers held are judged overdue again against the clock, so that a deadline passing in a quiet office shows
     * without reading anything more than the change mark.
     */
    public void poll() {
        if (loading.get()) {
            return;
        }
        MapScene held = scene.get();
        runner.read(() -> new Look(maps.latestChange(), maps.judgedNow(held)), look -> {
            long latest = look.change();
            boolean moved = latest != lastSeenChange && lastSeenChange >= 0;
            if (!moved && !lookAgain && look.judged() != held && scene.get() == held) {
                show(look.judged());
                return;
            }
            if (moved || lookAgain) {
                // The mark moves when a write begins and the markers may be read before it commits: one more look.
                lookAgain = moved;
                long seen = latest;
                MapScene current = scene.get();
                runner.read(() -> maps.refreshMarkers(current), refreshed -> {
                    lastSeenChange = seen;
                    show(refreshed);
                }, failure -> error.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName())));
            }
        }, failure -> { });
    }

    private record Look(long change, MapScene judged) {
    }

    /** New markers (or the same judged anew): the map, the status line and the open panel follow. */
    private void show(MapScene fresh) {
        scene.set(fresh);
        describe(fresh);
        MapFeature place = selected.get();
        if (place != null) {
            select(place);
        }
    }

    /**
     * The status line counts every open incident of the account, drawn or not, as the queue's open view does; those
     * without an area are named (未定位), the set the status line's link opens in the queue: some the map cannot draw,
     * and the others are drawn at a point in no grid.
     */
    private void describe(MapScene loaded) {
        if (loaded.featureCount() == 0) {
            status.set(messages.text("gridmap.empty"));
            notLocated.set(0);
            return;
        }
        MapScene.Totals totals = loaded.totals();
        notLocated.set(totals.notLocated());
        NumberFormat numbers = NumberFormat.getIntegerInstance(messages.locale());
        String line = messages.text("gridmap.status", numbers.format(loaded.features(FeatureKind.GRID).size()),
                numbers.format(loaded.features(FeatureKind.MICRO_GRID).size()), numbers.format(totals.open()),
                numbers.format(totals.overdue()), numbers.format(totals.pinned()));
        status.set(totals.notLocated() == 0 ? line
                : messages.text("gridmap.status.notLocated", line, numbers.format(totals.notLocated())));
    }

    /** Finds grids and areas by name or code among those loaded; no database round trip. */
    public void search(String text) {
        searchResults.setAll(maps.search(scene.get(), text));
    }

    /** A grid or area was clicked (or chosen in the search): its panel is filled in the background. */
    public void select(MapFeature feature) {
        selected.set(feature);
        if (feature == null) {
            panel.set(null);
            return;
        }
        int request = ++panelRequest;
        runner.read(() -> maps.panel(feature), loaded -> {
            // A slower answer for an earlier click must not overwrite the panel of the latest one.
            if (request == panelRequest) {
                panel.set(loaded);
            }
        }, failure -> error.set(messages.text("common.error.unexpected", failure.getClass().getSimpleName())));
    }

    public void closePanel() {
        selected.set(null);
        panel.set(null);
    }

    public void openIncidentsOfSelection() {
        MapFeature feature = selected.get();
        if (feature == null || !maps.covers(feature)) {
            return;
        }
        if (feature.gridId() != null) {
            navigation.showIncidentsOfGrid(feature.gridId(), feature.name());
        } else {
            navigation.showIncidentsOfArea(feature.code(), feature.name());
        }
    }

    /** The status line's link: the queue's 未定位 view, where those the map cannot draw are listed and given a place. */
    public void openNotLocated() {
        navigation.showNotLocated();
    }

    /** How many open incidents the map counts as not located; the status line's link shows while there are any. */
    public javafx.beans.property.ReadOnlyIntegerProperty notLocatedProperty() {
        return notLocated;
    }

    public void openIncident(MapMarker marker) {
        navigation.showIncident(marker.id(), marker.caseNo());
    }

    // ---- the Google base map -----------------------------------------------------------------------------

    /**
     * Decides whether to try Google under the layers: not without a key; with one, only after the script's host
     * answered. The note says in one line why the map is offline.
     */
    public void chooseBaseMap() {
        if (googleKey.isEmpty()) {
            baseMap.set(BaseMap.OFFLINE);
            baseMapNote.set(messages.text("gridmap.base.noKey"));
            return;
        }
        baseMap.set(BaseMap.OFFLINE);
        baseMapNote.set(messages.text("gridmap.base.checking"));
        runner.read(() -> probe.get().unreachableReason(), reason -> {
            if (reason == null) {
                baseMap.set(BaseMap.GOOGLE_STARTING);
                baseMapNote.set(messages.text("gridmap.base.starting"));
            } else {
                baseMap.set(BaseMap.OFFLINE);
                baseMapNote.set(messages.text("gridmap.base.unreachable", reason));
            }
        }, failure -> {
            baseMap.set(BaseMap.OFFLINE);
            baseMapNote.set(messages.text("gridmap.base.unreachable", failure.getClass().getSimpleName()));
        });
    }

    /** The Google view failed to start (script missing: "Can't find variable: google", time-out, bad key). */
    public void googleFailed(String reason) {
        baseMap.set(BaseMap.OFFLINE);
        baseMapNote.set(messages.text("gridmap.base.failed", reason));
    }

    public void googleReady() {
        baseMap.set(BaseMap.GOOGLE);
        baseMapNote.set(messages.text("gridmap.base.google"));
    }

    public String googleKey() {
        return googleKey;
    }

    // ---- texts for the view ------------------------------------------------------------------------------

    public String describe(MapFeature feature) {
        MapScene current = scene.get();
        String level = messages.text("gridmap.level." + feature.kind().name());
        // A grid outside the account's area carries none of its markers: its counts would read as "nothing open".
        if (feature.gridId() != null && maps.covers(feature)) {
            MapScene.GridCounts counts = current.counts(feature.gridId());
            return messages.text("gridmap.tooltip.grid", level, feature.name(), feature.code(), counts.open(), counts.overdue());
        }
        return messages.text("gridmap.tooltip.area", level, feature.name(), feature.code());
    }

    public String describe(MapMarker marker) {
        return messages.text("gridmap.tooltip.marker", marker.caseNo(), marker.title(),
                messages.text("gridmap.marker." + marker.state().name()),
                marker.overdue() ? messages.text("gridmap.marker.overdue") : "");
    }

    public String distance(double metres) {
        return metres >= 1000
                ? messages.text("gridmap.scale.km", NumberFormat.getNumberInstance(messages.locale()).format(metres / 1000))
                : messages.text("gridmap.scale.m", Math.round(metres));
    }

    public String staffLine(PlacePanel.Staff person) {
        return messages.text("gridmap.panel.staffLine", messages.text("gridmap.staff." + person.role()),
                person.name(), person.phone() == null ? "" : Masking.phone(person.phone()));
    }

    public Messages messages() {
        return messages;
    }

    public ObjectProperty<MapScene> sceneProperty() {
        return scene;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public ObjectProperty<BaseMap> baseMapProperty() {
        return baseMap;
    }

    public StringProperty baseMapNoteProperty() {
        return baseMapNote;
    }

    public ObjectProperty<MapFeature> selectedProperty() {
        return selected;
    }

    public ObjectProperty<PlacePanel> panelProperty() {
        return panel;
    }

    public ObservableList<MapFeature> searchResults() {
        return searchResults;
    }

    public ObjectProperty<ChoroplethMode> choroplethProperty() {
        return choropleth;
    }
}
