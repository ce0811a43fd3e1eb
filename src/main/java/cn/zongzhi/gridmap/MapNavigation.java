package cn.zongzhi.gridmap;

import java.util.UUID;

/** Where the map sends the operator: the incident queue, narrowed to a place or opened on one incident. */
public interface MapNavigation {
    /** The queue filtered to a grid and, for a comprehensive grid, its micro grids. */
    void showIncidentsOfGrid(UUID gridId, String label);

    /** The queue filtered to an area subtree by its statistical code. */
    void showIncidentsOfArea(String areaCode, String label);

    /** The queue with this incident selected and its detail open. */
    void showIncident(UUID incidentId, String caseNo);

    /** The queue's view of the open incidents without an area (未定位), the set the map's status line counts. */
    default void showNotLocated() {
    }

    MapNavigation NONE = new MapNavigation() {
        @Override
        public void showIncidentsOfGrid(UUID gridId, String label) {
        }

        @Override
        public void showIncidentsOfArea(String areaCode, String label) {
        }

        @Override
        public void showIncident(UUID incidentId, String caseNo) {
        }
    };
}
