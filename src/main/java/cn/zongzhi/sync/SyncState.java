package cn.zongzhi.sync;

import java.util.Set;

/** The one word the status bar and the sync screen lead with; its text is {@code sync.state.<NAME>}. */
public enum SyncState {
    NOT_ENROLLED, REFUSED, PAUSED, SYNCING, CONNECTED, OFFLINE, WAITING;

    /**
     * The city answered and refused this installation's credential: retrying cannot cure it, enrolling again can
     * (the outbox is kept; decision 0014).
     */
    static final Set<String> CREDENTIAL_REFUSALS = Set.of("unauthenticated", "replica-mismatch", "no-office");

    public static SyncState of(SyncStatus status) {
        if (!status.enrolled()) {
            return NOT_ENROLLED;
        }
        if (status.running()) {
            return SYNCING;
        }
        if (credentialRefused(status.lastError())) {
            return REFUSED;
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

    /** Whether the last failure, as stored ("reason: detail"), is the city refusing the credential. */
    public static boolean credentialRefused(String lastError) {
        if (lastError == null) {
            return false;
        }
        int colon = lastError.indexOf(": ");
        return CREDENTIAL_REFUSALS.contains(colon > 0 ? lastError.substring(0, colon) : lastError.strip());
    }
}
