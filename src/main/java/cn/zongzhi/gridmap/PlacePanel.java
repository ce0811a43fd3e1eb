package cn.zongzhi.gridmap;

import java.util.List;
import java.util.UUID;

/**
 * What the panel beside the map shows for a clicked grid or area.
 *
 * @param completionRate closed / (closed + open) over the place's incidents, declined and merged ones left out;
 *                       null when it has none
 */
public record PlacePanel(FeatureKind kind, UUID gridId, String code, String name, String areaName, int households,
                         int population, List<Staff> staff, int open, int overdue, int closedThisMonth,
                         Double completionRate) {

    public record Staff(String name, String role, String phone) {
    }
}
