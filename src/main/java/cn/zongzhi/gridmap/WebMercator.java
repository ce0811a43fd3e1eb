package cn.zongzhi.gridmap;

/**
 * The spherical Mercator projection of web maps (EPSG:3857), in metres. The offline map draws in it so that
 * a Google base map, which uses the same projection, lines up under the same layers.
 */
public final class WebMercator {
    static final double EARTH_RADIUS = 6_378_137.0;
    /** Beyond this latitude the projection runs to infinity; web maps cut the world off here. */
    static final double MAX_LATITUDE = 85.05112878;

    private WebMercator() {
    }

    public static double x(double longitude) {
        return Math.toRadians(longitude) * EARTH_RADIUS;
    }

    public static double y(double latitude) {
        double clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latitude));
        return Math.log(Math.tan(Math.PI / 4 + Math.toRadians(clamped) / 2)) * EARTH_RADIUS;
    }

    public static double longitude(double x) {
        return Math.toDegrees(x / EARTH_RADIUS);
    }

    public static double latitude(double y) {
        return Math.toDegrees(2 * Math.atan(Math.exp(y / EARTH_RADIUS)) - Math.PI / 2);
    }

    /** How many metres on the ground one projected metre is at this latitude (Mercator stretches towards the poles). */
    public static double groundScale(double latitude) {
        return Math.cos(Math.toRadians(latitude));
    }
}
