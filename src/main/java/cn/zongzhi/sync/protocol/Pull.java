package cn.zongzhi.sync.protocol;

/**
 * Asks for changes after a cursor. The cursor is a server sequence number, never a time.
 *
 * @param epoch    the server epoch the cursor belongs to; null before the first round
 * @param pageSize at most {@link SyncLimits#MAX_PULL_PAGE}; 0 or less means the default
 */
public record Pull(String epoch, long cursor, int pageSize) {
}
