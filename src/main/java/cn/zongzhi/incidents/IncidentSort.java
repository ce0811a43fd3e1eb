package cn.zongzhi.incidents;

/** The orders the queue offers; each is backed by an index that starts with status or the sort column. */
public enum IncidentSort {
    NEWEST_FIRST,
    OLDEST_FIRST,
    DUE_SOONEST,
    CASE_NUMBER
}
