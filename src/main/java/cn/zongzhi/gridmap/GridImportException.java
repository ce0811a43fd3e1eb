package cn.zongzhi.gridmap;

/** The file as a whole cannot be imported (not JSON, not a FeatureCollection, unreadable); nothing was written. */
public final class GridImportException extends RuntimeException {
    public GridImportException(String message) {
        super(message);
    }
}
