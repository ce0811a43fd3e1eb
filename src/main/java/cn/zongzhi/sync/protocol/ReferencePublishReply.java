package cn.zongzhi.sync.protocol;

/**
 * @param received         items in the publication
 * @param changed          items whose content was new or different and got a new version
 * @param referenceVersion the server's highest reference version after this publication
 */
public record ReferencePublishReply(int received, int changed, long referenceVersion) {
}
