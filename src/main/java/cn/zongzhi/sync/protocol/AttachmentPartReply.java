package cn.zongzhi.sync.protocol;

/**
 * The server's answer to one part of an attachment sent in parts: how many bytes of the file it holds now (where
 * the next part begins, whatever the client thought), and the stored description once the last part has arrived.
 */
public record AttachmentPartReply(long received, AttachmentMeta stored) {
}
