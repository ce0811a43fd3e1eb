package cn.zongzhi.areas;

import java.util.UUID;

/** A grid as written to the database: boundary as WKT with its bounding box. */
public record GridRow(UUID id, String code, String name, String level, String areaCode, UUID parentGridId,
                      String boundaryWkt, String crs, double minLon, double minLat, double maxLon, double maxLat,
                      int households, int population) {
}
