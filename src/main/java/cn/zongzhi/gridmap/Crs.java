package cn.zongzhi.gridmap;

/** Where two coordinate systems meet on the map: everything is drawn and compared in WGS-84. */
final class Crs {
    private Crs() {
    }

    static double[] toWgs84(String crs, double longitude, double latitude) {
        if ("GCJ02".equals(crs)) {
            return ChinaCoordinates.gcj02ToWgs84(longitude, latitude);
        }
        return new double[] {longitude, latitude};
    }

    /** A WGS-84 point as Google's map of China draws it (GCJ-02). */
    static double[] toGoogle(double longitude, double latitude) {
        return ChinaCoordinates.wgs84ToGcj02(longitude, latitude);
    }
}
