package cn.zongzhi.incidents;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * What a file's first bytes say it is, for the types the console takes. The type is chosen from the file's name
 * (that is what a file dialog filters on); a file renamed to ".jpg" — a document, an executable, a half-copied
 * photo — would otherwise be stored, synced and opened as a photo. Only the signatures are read, never the image.
 */
final class AttachmentContent {
    /** Enough for every signature below (a PDF's header may sit anywhere in its first kilobyte). */
    static final int HEAD_BYTES = 1024 + 5;

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WEBP = "WEBP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FTYP = "ftyp".getBytes(StandardCharsets.US_ASCII);
    /** ISO-BMFF major brands of HEIF/HEIC stills and sequences as phones write them. */
    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");
    private static final byte[] PDF = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private AttachmentContent() {
    }

    /** Whether the content begins as a file of this media type begins. */
    static boolean matches(String mediaType, byte[] content) {
        if (mediaType == null || content == null) {
            return false;
        }
        return switch (mediaType) {
            case "image/jpeg" -> startsWith(content, 0, JPEG);
            case "image/png" -> startsWith(content, 0, PNG);
            case "image/gif" -> startsWith(content, 0, GIF87) || startsWith(content, 0, GIF89);
            case "image/webp" -> startsWith(content, 0, RIFF) && startsWith(content, 8, WEBP);
            case "image/heic" -> startsWith(content, 4, FTYP) && content.length >= 12
                    && HEIF_BRANDS.contains(new String(content, 8, 4, StandardCharsets.US_ASCII));
            // Some writers put a few bytes (a BOM, whitespace) before the header; readers look within the first kilobyte.
            case "application/pdf" -> indexOf(content, PDF, 1024) >= 0;
            default -> false;
        };
    }

    private static boolean startsWith(byte[] content, int offset, byte[] prefix) {
        return content.length >= offset + prefix.length
                && Arrays.equals(content, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] content, byte[] pattern, int within) {
        int last = Math.min(content.length - pattern.length, within);
        for (int at = 0; at <= last; at++) {
            if (startsWith(content, at, pattern)) {
                return at;
            }
        }
        return -1;
    }
}
