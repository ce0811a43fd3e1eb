package cn.zongzhi.gridmap;

import com.lynden.gmapsfx.GoogleMapView;
import com.lynden.gmapsfx.javascript.object.GoogleMap;
import com.lynden.gmapsfx.javascript.object.LatLong;
import com.lynden.gmapsfx.javascript.object.MapOptions;
import com.lynden.gmapsfx.javascript.object.MapTypeIdEnum;
import javafx.animation.PauseTransition;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

import java.util.function.Consumer;

/**
 * The optional Google base map (GMapsFX) under the offline layers. It never owns the view: the offline map
 * leads, this follows its centre and whole zoom level. Every way it can fail — the script not loading
 * ("Can't find variable: google"), a bad key, a time-out — ends in one call of the failure handler, after
 * which it removes itself; no exception leaves this class.
 */
public final class GoogleBaseMapView extends StackPane {
    private final Consumer<String> onFailure;
    private final Runnable onReady;
    private GoogleMapView mapView;
    private GoogleMap map;
    private boolean finished;
    private Thread fxThread;
    private Thread.UncaughtExceptionHandler previousHandler;

    public GoogleBaseMapView(Consumer<String> onFailure, Runnable onReady) {
        this.onFailure = onFailure;
        this.onReady = onReady;
        setMouseTransparent(true);
        getStyleClass().add("google-base-map");
    }

    /** Builds the web view and waits for the map; gives up after the time-out. Call on the FX thread. */
    public void start(String apiKey, double latitude, double longitude, int zoom, Duration timeout) {
        claimOwnFailures();
        try {
            mapView = new GoogleMapView(null, "zh-CN", "CN", apiKey, false);
            mapView.addMapInializedListener(() -> {
                try {
                    MapOptions options = new MapOptions()
                            .center(new LatLong(latitude, longitude)).zoom(zoom).mapType(MapTypeIdEnum.ROADMAP)
                            .mapTypeControl(false).streetViewControl(false).zoomControl(false)
                            .scaleControl(false).rotateControl(false).panControl(false);
                    map = mapView.createMap(options, false);
                    succeed();
                } catch (RuntimeException scriptMissing) {
                    fail(scriptMissing.getMessage());
                }
            });
            getChildren().setAll(mapView);
        } catch (RuntimeException | LinkageError cannotBuild) {
            fail(cannotBuild.getClass().getSimpleName());
            return;
        }
        PauseTransition deadline = new PauseTransition(timeout);
        deadline.setOnFinished(event -> {
            if (!finished) {
                fail("timeout");
            }
        });
        deadline.play();
    }

    /** Moves the base map under the offline map's centre (GCJ-02, as Google draws China) and zoom level. */
    public void follow(double latitude, double longitude, int zoom) {
        if (map == null) {
            return;
        }
        try {
            map.setZoom(zoom);
            map.setCenter(new LatLong(latitude, longitude));
        } catch (RuntimeException lost) {
            fail(lost.getMessage());
        }
    }

    public boolean isReady() {
        return map != null && finished;
    }

    private void succeed() {
        if (!finished) {
            finished = true;
            onReady.run();
        }
    }

    /**
     * GMapsFX runs the map script from its own page-load listener; when the script never arrived, that listener
     * throws "Can't find variable: google" on the FX thread, out of reach of any try here. While this view
     * lives, such failures (thrown from GMapsFX's code) are taken as this view failing; anything else goes on
     * to the handler that was there before.
     */
    private void claimOwnFailures() {
        fxThread = Thread.currentThread();
        previousHandler = fxThread.getUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler before = previousHandler;
        fxThread.setUncaughtExceptionHandler((thread, failure) -> {
            if (thrownByGMapsFx(failure)) {
                fail(failure.getMessage());
            } else {
                before.uncaughtException(thread, failure);
            }
        });
    }

    static boolean thrownByGMapsFx(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().startsWith("com.lynden.gmapsfx.")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void releaseFailures() {
        if (fxThread != null && previousHandler != null) {
            fxThread.setUncaughtExceptionHandler(previousHandler);
            fxThread = null;
        }
    }

    private void fail(String reason) {
        if (finished && map == null) {
            return;
        }
        releaseFailures();
        finished = true;
        map = null;
        getChildren().clear();
        mapView = null;
        onFailure.accept(reason == null ? "?" : reason);
    }
}
