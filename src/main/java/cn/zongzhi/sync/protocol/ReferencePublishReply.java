package cn.zongzhi.sync.protocol;

/**
 * @param previousVersion  the server's highest reference version before this publication: a publisher that had
 *                         applied exactly that much has nothing to pull back but its own items
 * @param received         items in the publication
 * @param changed          items whose content was new or different and got a new version
 * @param referenceVersion the server's highest reference version after this publication
 */
public record ReferencePublishReply(int received, int changed, long referenceVersion, long previousVersion) {
}
