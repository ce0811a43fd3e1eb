package cn.zongzhi.sync.protocol;

/**
 * First message of a sync round: who is asking and what it remembers, so the server can tell it that the server
 * was restored (epoch changed) or that the client was restored from an older backup (replica behind server).
 *
 * @param replicaId             the installation's replica id, as enrolled
 * @param lastSeenEpoch         the server epoch the client last synced with; null before the first round
 * @param highestSentSequence   the highest client sequence this replica has ever pushed (0 when none)
 * @param schemaVersion         the client's local schema version, for refusing or adapting older clients later
 */
public record Hello(String replicaId, String lastSeenEpoch, long highestSentSequence, int schemaVersion) {
}
