package cn.zongzhi.sync.protocol;

import java.util.List;

/**
 * The city office sends its reference data, in batches of at most {@link SyncLimits#MAX_REFERENCE_ITEMS}. Items
 * whose content the server already holds are left as they are, so publishing the same data twice changes nothing.
 */
public record ReferencePublish(List<ReferenceItem> items) {
}
