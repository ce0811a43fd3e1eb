package cn.zongzhi.gridmap;

import cn.zongzhi.auth.Access;
import cn.zongzhi.common.Progress;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** The map's use cases, free of JavaFX: build the scene, refresh its markers, fill a place's panel. */
public final class GridMapService {
    private final MapRepository maps;
    private final PlacePanelRepository panels;
    private final Clock clock;
    private final ZoneId zone;

    /** The area-code prefix whose incidents the map shows (the account's subtree); null for all. */
    private final String scope;
    private volatile List<MapData.Shape> shapes = List.of();

    public GridMapService(MapRepository maps, PlacePanelRepository panels, Clock clock, ZoneId zone) {
        this(maps, panels, clock, zone, null);
    }

    public GridMapService(MapRepository maps, PlacePanelRepository panels, Clock clock, ZoneId zone, String scope) {
        this.scope = scope;
        this.maps = maps;
        this.panels = panels;
        this.clock = clock;
        this.zone = zone;
    }

    public MapScene loadScene(Progress progress) {
        MapData data = maps.load(clock.instant());
        shapes = data.shapes();
        return MapScene.build(data.withinScope(scope), progress);
    }

    public MapScene refreshMarkers(MapScene scene) {
        MapData.Open open = MapData.within(maps.openIncidents(), shapes, scope);
        return scene.withMarkers(open.markers(), open.unpinned(), clock.instant());
    }

    public long latestChange() {
        return maps.latestChange();
    }

    /** The scene with its markers' overdue judged at this moment; the same scene when no deadline passed. */
    public MapScene judgedNow(MapScene scene) {
        return scene.judgedAt(clock.instant());
    }

    /**
     * The panel of a clicked grid or area; null if it has gone from the database meanwhile. A place outside the
     * account's area (another town, or the district above its own) gets a panel with its name alone: its figures
     * and its grid staff are that area's business, and the queue behind them is scoped the same way.
     */
    public PlacePanel panel(MapFeature feature) {
        if (!covers(feature)) {
            return PlacePanel.outsideArea(feature);
        }
        Instant now = clock.instant();
        Instant monthStart = now.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        return feature.gridId() != null
                ? panels.grid(feature.gridId(), monthStart, now)
                : panels.area(feature.code(), monthStart, now);
    }

    /**
     * Places found by name or code among the account's own: its area and what lies within. The areas above it
     * (its district) are found too, for orientation; their panels hold no figures.
     */
    public List<MapFeature> search(MapScene scene, String text) {
        return scene.search(text, 30, feature -> covers(feature) || above(feature));
    }

    /** Whether the place lies in the account's area: the area itself or anything within it. */
    public boolean covers(MapFeature feature) {
        if (scope == null || scope.isBlank()) {
            return true;
        }
        String area = feature.areaCode();
        return area != null && area.trim().startsWith(scope);
    }

    /** An area that holds the account's own (the district of a town's account). */
    private boolean above(MapFeature feature) {
        return scope != null && !feature.kind().isGrid() && feature.areaCode() != null
                && scope.startsWith(Access.significantPrefix(feature.areaCode().trim()));
    }
}
