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

        public Marker(UUID id, String caseNo, String title, double longitude, double latitude, String crs,
                      String status, Instant dueAt, String riskLevel, UUID gridId) {
            this(id, caseNo, title, longitude, latitude, crs, status, dueAt, riskLevel, gridId, null);
        }
    }

    /**
     * An open incident without coordinates: placed in a grid or an area by other means (an address, an import
     * that named the community), or nowhere at all when both are null.
     */
    public record Unpinned(UUID id, String status, Instant dueAt, UUID gridId, String areaCode) {
        /** In no grid and no area: the map can count it only as "not located". */
        boolean nowhere() {
            return gridId == null && (areaCode == null || areaCode.isBlank());
        }
    }

    /** The open incidents as the map reads them: those it can draw and those it can only count. */
    public record Open(List<Marker> markers, List<Unpinned> unpinned) {
    }

    /**
     * The data an account with this area scope may see: every outline (reference data, and the context of its
     * own area), but only the incidents of its subtree: in one of its grids, or filed under one of its areas, as
     * the queue's area filter selects them. An incident with no place at all is every account's (a record without
     * an area belongs to whoever may act on it: Access.covers), so each one's map counts it as not located.
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
                open.markers().stream().filter(marker -> inScope(marker.gridId(), marker.areaCode(), grids, scope)).toList(),
                open.unpinned().stream().filter(incident -> incident.nowhere()
                        || inScope(incident.gridId(), incident.areaCode(), grids, scope)).toList());
    }

    private static boolean inScope(UUID gridId, String areaCode, java.util.Set<UUID> grids, String scope) {
        return gridId != null && grids.contains(gridId) || areaCode != null && areaCode.trim().startsWith(scope);
    }
}
