package cn.zongzhi.gridmap;

import java.util.List;
import java.util.UUID;

/**
 * What the panel beside the map shows for a clicked grid or area.
 *
 * @param completionRate closed / (closed + open) over the place's incidents, declined and merged ones left out;
 *                       null when it has none
 * @param withinArea     false for a place outside the account's area: the panel names it and holds nothing else
 *                       (no figures, people or staff), and nothing of it was read from the database
 */
public record PlacePanel(FeatureKind kind, UUID gridId, String code, String name, String areaName, int households,
                         int population, List<Staff> staff, int open, int overdue, int closedThisMonth,
                         Double completionRate, boolean withinArea) {

    /** What a place outside the account's area shows: what the map itself already draws, its name and code. */
    static PlacePanel outsideArea(MapFeature feature) {
        return new PlacePanel(feature.kind(), feature.gridId(), feature.code(), feature.name(), null, 0, 0, List.of(),
                0, 0, 0, null, false);
    }

    public record Staff(String name, String role, String phone) {
    }
}
