package cn.zongzhi.server;

/**
 * A sync request the server will not read at all (unauthenticated, too large, another replica's hello), with
 * the HTTP status and a reason word. Refusals of single mutations are outcomes, never this.
 */
final class SyncRefused extends RuntimeException {
    private final int status;
    private final String reason;

    SyncRefused(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }
}
