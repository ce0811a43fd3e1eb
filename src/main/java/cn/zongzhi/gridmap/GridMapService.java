package cn.zongzhi.gridmap;

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
        return scene.withMarkers(MapData.markersWithin(maps.markers(), shapes, scope), clock.instant());
    }

    public long latestChange() {
        return maps.latestChange();
    }

    /** The panel of a clicked grid or area; null if it has gone from the database meanwhile. */
    public PlacePanel panel(MapFeature feature) {
        Instant now = clock.instant();
        Instant monthStart = now.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
        return feature.gridId() != null
                ? panels.grid(feature.gridId(), monthStart, now)
                : panels.area(feature.code(), monthStart, now);
    }

    public List<MapFeature> search(MapScene scene, String text) {
        return scene.search(text, 30);
    }
}
