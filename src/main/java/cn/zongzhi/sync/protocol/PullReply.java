package cn.zongzhi.sync.protocol;

import java.util.List;

/**
 * A page of changes. Store {@code nextCursor} in the same local transaction as the page's changes.
 *
 * @param epochChanged the cursor belongs to another epoch of the server: nothing was returned; pull again from 0
 * @param cursorAhead  the cursor is beyond anything this server has numbered (it was restored): pull again from 0
 */
public record PullReply(String epoch, List<Change> changes, long nextCursor, boolean more, boolean epochChanged,
                        boolean cursorAhead) {
}
