package cn.zongzhi.sync.protocol;

/** What became of a pushed mutation. Every mutation gets one; none is an HTTP error, none is dropped. */
public enum OutcomeKind {
    /** Applied as sent (or already true on the server: a no-op). */
    APPLIED,
    /** Applied alongside concurrent changes to other fields. */
    MERGED,
    /** Concurrent with a change it collides with; the server decided and kept the other side in a conflict record. */
    CONFLICT_RECORDED,
    /** Never applicable (outside the jurisdiction, malformed, against the workflow); shown to the operator. */
    REJECTED
}
