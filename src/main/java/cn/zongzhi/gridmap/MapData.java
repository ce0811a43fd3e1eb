package cn.zongzhi.gridmap;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the map reads from the database in one go, before any geometry is parsed.
 *
 * @param unpinned the open incidents without coordinates: not drawn, but counted in their grid and in the map's
 *                 totals, so that a grid's count is the queue's for that grid
 */
public record MapData(List<Shape> shapes, List<Marker> markers, List<Unpinned> unpinned, Instant readAt) {

    public MapData(List<Shape> shapes, List<Marker> markers, Instant readAt) {
        this(shapes, markers, List.of(), readAt);
    }

    /**
     * An area or grid outline as stored: WKT in the coordinate system named by crs.
     *
     * @param gridId       the grid's id; null for an area
     * @param parentGridId a micro grid's comprehensive grid
     */
    public record Shape(FeatureKind kind, UUID gridId, String code, String name, String areaCode, UUID parentGridId,
                        String boundaryWkt, String crs, int households, int population) {
    }

    /** An open incident with a location. */
    public record Marker(UUID id, String caseNo, String title, double longitude, double latitude, String crs,
                         String status, Instant dueAt, String riskLevel, UUID gridId, String areaCode) {

        /** Without an area, so not located: for drawing alone (the benchmark's synthetic markers). */
        public Marker(UUID id, String caseNo, String title, double longitude, double latitude, String crs,
                      String status, Instant dueAt, String riskLevel, UUID gridId) {
            this(id, caseNo, title, longitude, latitude, crs, status, dueAt, riskLevel, gridId, null);
        }

        /** Drawn at its point, but without an area: counted as not located, as the queue's 未定位 view lists it. */
        public boolean notLocated() {
            return MapData.notLocated(areaCode);
        }
    }

    /**
     * An open incident without coordinates: placed in a grid or an area by other means (an address, an import
     * that named the community), or nowhere at all when both are null.
     */
    public record Unpinned(UUID id, String status, Instant dueAt, UUID gridId, String areaCode) {
        /** Without an area: not located, as the queue's 未定位 view lists it, whether or not it has a grid. */
        public boolean notLocated() {
            return MapData.notLocated(areaCode);
        }
    }

    /**
     * Not located (未定位): an open incident without an area, the set the queue's 未定位 view lists
     * (IncidentFilter.unlocated: area_code is null), including a point the locator could place in no grid. The map
     * cannot call the queue's definition (the incident feature depends on the map, not the other way round), so it
     * is stated here once, for the status line's count and the scope alike; GridMapViewModelTest holds the map's
     * count to the view's.
     */
    static boolean notLocated(String areaCode) {
        return areaCode == null;
    }

    /** The open incidents as the map reads them: those it can draw and those it can only count. */
    public record Open(List<Marker> markers, List<Unpinned> unpinned) {
    }

    /**
     * The data an account with this area scope may see: every outline (reference data, and the context of its
     * own area), but only the incidents of its subtree: in one of its grids, or filed under one of its areas, as
     * the queue's area filter selects them. An incident without an area is every account's (a record without an
     * area belongs to whoever may act on it: Access.covers), as the queue's 未定位 view lists it for any account, so
     * each one's map counts it as not located, and draws it where it has a point.
     */
    public MapData withinScope(String scope) {
        Open open = within(new Open(markers, unpinned), shapes, scope);
        return new MapData(shapes, open.markers(), open.unpinned(), readAt);
    }

    static Open within(Open open, List<Shape> shapes, String scope) {
        if (scope == null || scope.isBlank()) {
            return open;
        }
        java.util.Set<UUID> grids = new java.util.HashSet<>();
        for (Shape shape : shapes) {
            if (shape.gridId() != null && shape.areaCode() != null && shape.areaCode().trim().startsWith(scope)) {
                grids.add(shape.gridId());
            }
        }
        return new Open(
                open.markers().stream().filter(marker -> marker.notLocated()
                        || inScope(marker.gridId(), marker.areaCode(), grids, scope)).toList(),
                open.unpinned().stream().filter(incident -> incident.notLocated()
                        || inScope(incident.gridId(), incident.areaCode(), grids, scope)).toList());
    }

    private static boolean inScope(UUID gridId, String areaCode, java.util.Set<UUID> grids, String scope) {
        return gridId != null && grids.contains(gridId) || areaCode != null && areaCode.trim().startsWith(scope);
    }
}
