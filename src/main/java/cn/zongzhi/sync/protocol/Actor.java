package cn.zongzhi.sync.protocol;

/** The operator who made a change at the office, carried for the audit trail; the credential says which office. */
public record Actor(String operatorId, String operatorName) {
}
