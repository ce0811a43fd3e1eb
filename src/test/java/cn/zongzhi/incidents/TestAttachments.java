package cn.zongzhi.incidents;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bytes that begin as real files of a type begin (the service checks the signature), padded to a size. */
public final class TestAttachments {
    private TestAttachments() {
    }

    public static byte[] png(int... rest) {
        return withTail(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, rest);
    }

    public static byte[] jpeg(int... rest) {
        return withTail(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, rest);
    }

    public static byte[] pdf(int... rest) {
        return withTail("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), rest);
    }

    /** A file of the type its name says, {@code size} bytes long (at least its signature). */
    public static byte[] named(String fileName, int size) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        byte[] head = lower.endsWith(".png") ? png() : lower.endsWith(".pdf") ? pdf()
                : lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? jpeg() : new byte[0];
        return Arrays.copyOf(head, Math.max(size, head.length));
    }

    private static byte[] withTail(byte[] head, int... rest) {
        byte[] all = Arrays.copyOf(head, head.length + rest.length);
        for (int i = 0; i < rest.length; i++) {
            all[head.length + i] = (byte) rest[i];
        }
        return all;
    }
}
