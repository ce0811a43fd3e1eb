package cn.zongzhi.sync.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The server's answer to {@link Hello}.
 *
 * @param serverEpoch           changes only when the server's database is replaced by an older copy
 * @param serverTime            the server's clock, which bounds the hybrid-clock stamps it accepts
 * @param highestSequenceHeld   the highest client sequence the server has stored for this replica
 * @param epochChanged          the client synced with another epoch: re-push the retained outbox, pull from 0
 * @param replicaBehindServer   the server holds sequences the client says it never sent: the client was restored
 *                              from an old backup and must continue numbering above {@code highestSequenceHeld}
 * @param officeCode            the office the credential belongs to
 * @param areas                 that office's jurisdiction (statistical area code prefixes)
 * @param serverBehindReplica   the client says it sent sequences the server does not hold: the server's database
 *                              lost them (restored from a backup without a new epoch). The client re-pushes its
 *                              retained outbox and pulls from 0, as after an epoch change
 * @param referenceVersion      the highest version of the reference data the city has published (decision 0016);
 *                              an office holding less asks for what changed. 0 from a server that publishes none
 */
public record HelloReply(String serverEpoch, Instant serverTime, long highestSequenceHeld, boolean epochChanged,
                         boolean replicaBehindServer, String officeCode, List<String> areas, boolean serverBehindReplica,
                         long referenceVersion) {
}
