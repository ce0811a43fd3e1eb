package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How protocol messages become bytes on both sides: JSON, optionally gzip, never larger than
 * {@link SyncLimits#MAX_BODY_BYTES} once decompressed (a small gzip body can inflate to gigabytes).
 */
public final class SyncJson {
    /** Unknown properties are ignored so that a newer peer's additions do not break an older one. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);

    private SyncJson() {
    }

    /** The body was larger than the limit, before or after decompression. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    public static byte[] write(Object message, boolean gzip) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(message);
            return gzip ? gzip(json) : json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] body, boolean gzipped, Class<T> type) throws IOException {
        return MAPPER.readValue(gzipped ? gunzip(body) : body, type);
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 4));
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            return readBounded(in, SyncLimits.MAX_BODY_BYTES);
        }
    }

    /** Reads a stream whole, refusing past {@code limit} bytes without reading further. */
    public static byte[] readBounded(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        for (int read; (read = in.read(buffer)) != -1; ) {
            total += read;
            if (total > limit) {
                throw new TooLarge("the body is larger than " + limit / (1024 * 1024) + " MB");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
