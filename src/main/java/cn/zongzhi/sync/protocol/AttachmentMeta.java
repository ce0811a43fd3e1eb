package cn.zongzhi.sync.protocol;

import java.time.Instant;
import java.util.UUID;

/**
 * What describes an attachment: sent beside its content when it is uploaded, and as the change's data in the feed.
 *
 * @param sha256 the content's SHA-256, hex: the server checks it on upload, the receiver on download
 */
public record AttachmentMeta(UUID id, UUID incidentId, String fileName, String mediaType, long sizeBytes, String sha256,
                             Instant addedAt, String officeCode) {

    /** This description as sent with {@code content}: its size and SHA-256 taken from the bytes themselves. */
    public AttachmentMeta describing(byte[] content) {
        return new AttachmentMeta(id, incidentId, fileName, mediaType, content.length, sha256Of(content), addedAt, officeCode);
    }

    /** The SHA-256 of a content, hex, as {@code sha256} carries it. */
    public static String sha256Of(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
