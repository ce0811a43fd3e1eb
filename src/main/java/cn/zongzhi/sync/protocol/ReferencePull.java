package cn.zongzhi.sync.protocol;

/** An office asks for the reference items changed after {@code since}, at most {@code limit} of them. */
public record ReferencePull(long since, int limit) {
}
