package cn.zongzhi.sync.protocol;

import java.util.List;

/**
 * @param items items newer than the request's {@code since}, oldest first, those of other offices' grids left out
 * @param next  the cursor to store with these items and send next time
 * @param more  another page follows
 */
public record ReferencePullReply(List<ReferenceItem> items, long next, boolean more) {
}
