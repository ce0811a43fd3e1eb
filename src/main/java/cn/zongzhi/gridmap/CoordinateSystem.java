package cn.zongzhi.gridmap;

import java.util.Locale;

/** The coordinate systems a dataset can come in; stored with every outline and incident (column crs). */
public enum CoordinateSystem {
    WGS84,
    GCJ02;

    /** Accepts "wgs84", "WGS-84", "gcj02", "GCJ-02"; null when unknown. */
    public static CoordinateSystem parse(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = text.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (cleaned) {
            case "WGS84" -> WGS84;
            case "GCJ02" -> GCJ02;
            default -> null;
        };
    }

    /** The system a stored dataset names in its crs column; WGS-84 when it names none. */
    public static CoordinateSystem stored(String crs) {
        return "GCJ02".equals(crs) ? GCJ02 : WGS84;
    }

    /** {longitude, latitude} of a point given in this system, in WGS-84. */
    public double[] toWgs84(double longitude, double latitude) {
        return this == GCJ02 ? ChinaCoordinates.gcj02ToWgs84(longitude, latitude) : new double[] {longitude, latitude};
    }
}
