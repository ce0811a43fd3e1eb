package cn.zongzhi.gridmap;

/**
 * WGS-84 (what phones and GPS report) to GCJ-02 (the offset system every Chinese web map is drawn in) and back.
 * GCJ-02 is WGS-84 shifted by a published nonlinear function on the Krasovsky ellipsoid; the shift is a few
 * hundred metres in Guangzhou, enough to put a point in the wrong grid. The inverse has no closed form and is
 * found by iterating the forward function. Outside mainland China the two systems coincide.
 */
public final class ChinaCoordinates {
    private static final double KRASOVSKY_A = 6_378_245.0;
    private static final double KRASOVSKY_EE = 0.00669342162296594323;
    private static final double INVERSE_TOLERANCE_DEGREES = 1e-9;

    private ChinaCoordinates() {
    }

    /** {longitude, latitude} in GCJ-02. */
    public static double[] wgs84ToGcj02(double longitude, double latitude) {
        if (outsideChina(longitude, latitude)) {
            return new double[] {longitude, latitude};
        }
        double[] offset = offset(longitude, latitude);
        return new double[] {longitude + offset[0], latitude + offset[1]};
    }

    /** {longitude, latitude} in WGS-84, to well under a millimetre: the forward shift iterated to a fixed point. */
    public static double[] gcj02ToWgs84(double longitude, double latitude) {
        if (outsideChina(longitude, latitude)) {
            return new double[] {longitude, latitude};
        }
        double wgsLongitude = longitude;
        double wgsLatitude = latitude;
        for (int i = 0; i < 30; i++) {
            double[] forward = wgs84ToGcj02(wgsLongitude, wgsLatitude);
            double errorLongitude = forward[0] - longitude;
            double errorLatitude = forward[1] - latitude;
            wgsLongitude -= errorLongitude;
            wgsLatitude -= errorLatitude;
            if (Math.abs(errorLongitude) < INVERSE_TOLERANCE_DEGREES && Math.abs(errorLatitude) < INVERSE_TOLERANCE_DEGREES) {
                break;
            }
        }
        return new double[] {wgsLongitude, wgsLatitude};
    }

    /** Shifts every coordinate of a GCJ-02 geometry to WGS-84, in place. */
    public static void gcj02ToWgs84(org.locationtech.jts.geom.Geometry geometry) {
        geometry.apply((org.locationtech.jts.geom.CoordinateFilter) coordinate -> {
            double[] wgs84 = gcj02ToWgs84(coordinate.x, coordinate.y);
            coordinate.x = wgs84[0];
            coordinate.y = wgs84[1];
        });
        geometry.geometryChanged();
    }

    /** The published rectangle (72.004–137.8347 E, 0.8293–55.8271 N) within which the shift applies. */
    public static boolean outsideChina(double longitude, double latitude) {
        return longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271;
    }

    private static double[] offset(double longitude, double latitude) {
        double x = longitude - 105.0;
        double y = latitude - 35.0;
        double dLatitude = latitudeShift(x, y);
        double dLongitude = longitudeShift(x, y);
        double radians = Math.toRadians(latitude);
        double sin = Math.sin(radians);
        double magic = 1 - KRASOVSKY_EE * sin * sin;
        double sqrtMagic = Math.sqrt(magic);
        dLatitude = (dLatitude * 180.0) / ((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic) * Math.PI);
        dLongitude = (dLongitude * 180.0) / (KRASOVSKY_A / sqrtMagic * Math.cos(radians) * Math.PI);
        return new double[] {dLongitude, dLatitude};
    }

    private static double latitudeShift(double x, double y) {
        double shift = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        shift += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        shift += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        shift += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return shift;
    }

    private static double longitudeShift(double x, double y) {
        double shift = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        shift += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        shift += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        shift += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return shift;
    }
}
