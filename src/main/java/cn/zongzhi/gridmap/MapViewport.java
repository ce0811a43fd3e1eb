package cn.zongzhi.gridmap;

import org.locationtech.jts.geom.Envelope;

/**
 * What part of the projected world the map shows: a centre, a scale and the size of the drawing surface.
 * Screen y grows downwards, projected y northwards. Mutable and confined to the thread that draws.
 */
public final class MapViewport {
    /** Closest zoom: 0.05 m per pixel, well inside a micro grid's building. */
    public static final double MIN_METRES_PER_PIXEL = 0.05;
    /** Farthest zoom: a whole province on one screen. */
    public static final double MAX_METRES_PER_PIXEL = 2_000;

    private double centreX;
    private double centreY;
    private double metresPerPixel = 50;
    private double width = 1;
    private double height = 1;

    public void resize(double newWidth, double newHeight) {
        width = Math.max(1, newWidth);
        height = Math.max(1, newHeight);
    }

    public double screenX(double x) {
        return (x - centreX) / metresPerPixel + width / 2;
    }

    public double screenY(double y) {
        return height / 2 - (y - centreY) / metresPerPixel;
    }

    public double worldX(double screenX) {
        return centreX + (screenX - width / 2) * metresPerPixel;
    }

    public double worldY(double screenY) {
        return centreY + (height / 2 - screenY) * metresPerPixel;
    }

    /** The projected rectangle on screen, widened by a margin in pixels so shapes crossing the edge are kept. */
    public Envelope visibleWorld(double marginPixels) {
        return new Envelope(worldX(-marginPixels), worldX(width + marginPixels),
                worldY(height + marginPixels), worldY(-marginPixels));
    }

    /** Drags the map by a screen distance: what was under the pointer stays under it. */
    public void panBy(double dxPixels, double dyPixels) {
        centreX -= dxPixels * metresPerPixel;
        centreY += dyPixels * metresPerPixel;
    }

    /** Zooms by a factor (> 1 zooms in) keeping the world point under (screenX, screenY) where it is. */
    public void zoomAt(double factor, double screenX, double screenY) {
        double anchorX = worldX(screenX);
        double anchorY = worldY(screenY);
        metresPerPixel = clamp(metresPerPixel / factor);
        centreX = anchorX - (screenX - width / 2) * metresPerPixel;
        centreY = anchorY - (height / 2 - screenY) * metresPerPixel;
    }

    /** Shows the whole envelope with a margin of the given share of the screen on every side. */
    public void fit(Envelope world, double marginShare) {
        if (world == null || world.isNull()) {
            return;
        }
        centreX = world.centre().x;
        centreY = world.centre().y;
        double usableWidth = width * (1 - 2 * marginShare);
        double usableHeight = height * (1 - 2 * marginShare);
        double scale = Math.max(world.getWidth() / Math.max(1, usableWidth), world.getHeight() / Math.max(1, usableHeight));
        metresPerPixel = clamp(Math.max(scale, MIN_METRES_PER_PIXEL * 20));
    }

    public void centreOn(double x, double y) {
        centreX = x;
        centreY = y;
    }

    public void setMetresPerPixel(double value) {
        metresPerPixel = clamp(value);
    }

    public double metresPerPixel() {
        return metresPerPixel;
    }

    public double centreX() {
        return centreX;
    }

    public double centreY() {
        return centreY;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /**
     * Ground metres per pixel at the centre: projected metres shrink by cos(latitude) on the ground, which
     * matters for the scale bar (at Guangzhou's 23° N about 8 %).
     */
    public double groundMetresPerPixel() {
        return metresPerPixel * WebMercator.groundScale(WebMercator.latitude(centreY));
    }

    /** The nearest web-map zoom level (0 = the world in 256 pixels), for a base map that only knows whole levels. */
    public int webZoomLevel() {
        double worldMetres = 2 * Math.PI * WebMercator.EARTH_RADIUS;
        return (int) Math.round(Math.log(worldMetres / (256 * metresPerPixel)) / Math.log(2));
    }

    public void setWebZoomLevel(int level) {
        double worldMetres = 2 * Math.PI * WebMercator.EARTH_RADIUS;
        metresPerPixel = clamp(worldMetres / (256 * Math.pow(2, level)));
    }

    private static double clamp(double value) {
        return Math.max(MIN_METRES_PER_PIXEL, Math.min(MAX_METRES_PER_PIXEL, value));
    }
}
