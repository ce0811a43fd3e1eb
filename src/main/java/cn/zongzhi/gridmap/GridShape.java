package cn.zongzhi.gridmap;

import java.util.UUID;

/** A grid's identity and boundary as WKT, as the locator and the map need it. */
public record GridShape(UUID id, String code, String name, String level, String areaCode, String boundaryWkt) {
}
