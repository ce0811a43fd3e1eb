package cn.zongzhi.sync;

/** The one word the status bar and the sync screen lead with; its text is {@code sync.state.<NAME>}. */
public enum SyncState {
    NOT_ENROLLED, PAUSED, SYNCING, CONNECTED, OFFLINE, WAITING;

    public static SyncState of(SyncStatus status) {
        if (!status.enrolled()) {
            return NOT_ENROLLED;
        }
        if (status.running()) {
            return SYNCING;
        }
        if (status.paused()) {
            return PAUSED;
        }
        if (status.connected()) {
            return CONNECTED;
        }
        // A failure is remembered until a round succeeds; without one, no round has finished in this session yet
        // (or the last one stopped with more to pull and the next follows shortly).
        return status.lastError() != null ? OFFLINE : WAITING;
    }
}
