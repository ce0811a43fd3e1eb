package cn.zongzhi.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * What the status bar and the sync screen show.
 *
 * @param connected      the last attempt reached the city and finished its round
 * @param waiting        outbox rows not yet answered plus incidents not yet handed to the outbox
 * @param rejected       refusals the operator has not yet acknowledged
 * @param conflicts      conflict records from the city not yet resolved
 * @param tasks          dispatcher tasks not yet done
 * @param running        a round is under way now
 * @param nextAttemptAt  when the next round starts by itself; null when paused or not enrolled
 * @param clockOffset    how far the city's clock is ahead of this machine's (negative: behind) as the last hello
 *                       found it; null before one
 */
public record SyncStatus(boolean enrolled, String serverUrl, String officeCode, boolean connected, boolean running,
                         boolean paused, Instant lastAttemptAt, Instant lastSuccessAt, String lastError, int waiting,
                         int rejected, int conflicts, int tasks, Instant nextAttemptAt, Duration clockOffset) {
    /** A status without a hello yet (no clock to compare). */
    public SyncStatus(boolean enrolled, String serverUrl, String officeCode, boolean connected, boolean running,
                      boolean paused, Instant lastAttemptAt, Instant lastSuccessAt, String lastError, int waiting,
                      int rejected, int conflicts, int tasks, Instant nextAttemptAt) {
        this(enrolled, serverUrl, officeCode, connected, running, paused, lastAttemptAt, lastSuccessAt, lastError, waiting,
                rejected, conflicts, tasks, nextAttemptAt, null);
    }
}
