package cn.zongzhi.sync.protocol;

import java.util.List;

/** A bounded batch of mutations in client-sequence order (at most {@link SyncLimits#MAX_MUTATIONS_PER_PUSH}). */
public record Push(List<Mutation> mutations) {
}
