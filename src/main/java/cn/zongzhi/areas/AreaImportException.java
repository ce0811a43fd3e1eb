package cn.zongzhi.areas;

/** A division file or row that cannot be imported; the message says why in terms of the file. */
public final class AreaImportException extends RuntimeException {
    public AreaImportException(String message) {
        super(message);
    }
}
