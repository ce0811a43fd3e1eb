package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An attachment's description travels in one header beside its raw content: JSON, base64url, so a Chinese file
 * name passes any HTTP stack unharmed.
 */
public final class AttachmentHeaders {
    public static final String META = "X-Zongzhi-Attachment";
    /** Where in the file the part in the body begins (uploads in parts). */
    public static final String OFFSET = "X-Zongzhi-Offset";

    private AttachmentHeaders() {
    }

    public static String write(AttachmentMeta meta) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(SyncJson.MAPPER.writeValueAsBytes(meta));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an attachment's description writes as JSON", e);
        }
    }

    /** The description, or null for a missing or unreadable header (the server then refuses the upload). */
    public static AttachmentMeta read(String header) {
        if (header == null || header.length() > 4096) {
            return null;
        }
        try {
            return SyncJson.MAPPER.readValue(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8),
                    AttachmentMeta.class);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return null;
        }
    }
}
