package cn.zongzhi.sync.protocol;

import java.util.UUID;

/**
 * The server's answer for one mutation; a retried mutation id gets the same answer again.
 *
 * @param reasonCode    a word a client can act on (e.g. outside-jurisdiction, status-diverged); null when plainly applied
 * @param serverVersion the entity's server version after this mutation; null when there is no entity
 * @param hlcClamped    the stamp was beyond server time plus the allowed margin and was pulled back
 * @param effectiveHlc  the stamp the server used (the clamped one when clamped)
 */
public record Outcome(UUID mutationId, long clientSequence, OutcomeKind outcome, String reasonCode, String reasonText,
                      Long serverVersion, boolean hlcClamped, long effectiveHlc) {
}
