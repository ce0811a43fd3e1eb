package cn.zongzhi.gridmap;

import java.util.UUID;

/** A grid's identity and boundary as WKT in the coordinate system crs (WGS84 or GCJ02), as the locator needs it. */
public record GridShape(UUID id, String code, String name, String level, String areaCode, String boundaryWkt, String crs) {
    public GridShape(UUID id, String code, String name, String level, String areaCode, String boundaryWkt) {
        this(id, code, name, level, areaCode, boundaryWkt, "WGS84");
    }
}
