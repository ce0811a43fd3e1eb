package cn.zongzhi.gridmap;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the map reads from the database in one go, before any geometry is parsed. */
public record MapData(List<Shape> shapes, List<Marker> markers, Instant readAt) {

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
                         String status, Instant dueAt, String riskLevel, UUID gridId) {
    }

    /**
     * The data an account with this area scope may see: every outline (reference data, and the context of its
     * own area), but only the incidents located in grids of its subtree.
     */
    public MapData withinScope(String scope) {
        return new MapData(shapes, markersWithin(markers, shapes, scope), readAt);
    }

    static List<Marker> markersWithin(List<Marker> markers, List<Shape> shapes, String scope) {
        if (scope == null || scope.isBlank()) {
            return markers;
        }
        java.util.Set<UUID> grids = new java.util.HashSet<>();
        for (Shape shape : shapes) {
            if (shape.gridId() != null && shape.areaCode() != null && shape.areaCode().trim().startsWith(scope)) {
                grids.add(shape.gridId());
            }
        }
        return markers.stream().filter(marker -> marker.gridId() != null && grids.contains(marker.gridId())).toList();
    }
}
