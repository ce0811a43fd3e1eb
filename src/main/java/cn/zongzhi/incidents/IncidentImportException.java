package cn.zongzhi.incidents;

/** A file or mapping that cannot be imported at all; the message says why in terms of the file. */
public final class IncidentImportException extends RuntimeException {
    public IncidentImportException(String message) {
        super(message);
    }
}
