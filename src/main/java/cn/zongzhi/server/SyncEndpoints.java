package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.AttachmentHeaders;
import cn.zongzhi.sync.protocol.AttachmentMeta;
import cn.zongzhi.sync.protocol.AttachmentPartReply;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.ReferencePublish;
import cn.zongzhi.sync.protocol.ReferencePull;
import cn.zongzhi.sync.protocol.SyncJson;
import cn.zongzhi.sync.protocol.SyncLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The sync protocol over HTTP: POST /sync/hello, /sync/push and /sync/pull, and the reference data's
 * /sync/reference/publish and /sync/reference/pull, with the installation's credential as
 * a bearer token. Bodies are JSON, gzip when the client sends {@code Content-Encoding: gzip}; replies are gzip
 * when it sends {@code Accept-Encoding: gzip}. A body over {@link SyncLimits#MAX_BODY_BYTES}, compressed or
 * inflated, is refused with 413.
 */
final class SyncEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEndpoints.class);

    private final SyncService sync;
    private final ReferenceService reference;
    private final AttachmentService attachments;
    private final Enrollments enrollments;

    SyncEndpoints(SyncService sync, ReferenceService reference, AttachmentService attachments, Enrollments enrollments) {
        this.sync = sync;
        this.reference = reference;
        this.attachments = attachments;
        this.enrollments = enrollments;
    }

    void register(Javalin app) {
        app.post("/sync/hello", ctx -> answer(ctx, Hello.class, sync::hello));
        app.post("/sync/push", ctx -> answer(ctx, Push.class, (caller, push) -> {
            long started = System.nanoTime();
            PushReply reply = sync.push(caller, push);
            LOG.info("push from office {}: {} mutation(s) in {} ms", caller.officeCode(), reply.outcomes().size(),
                    (System.nanoTime() - started) / 1_000_000);
            return reply;
        }));
        app.post("/sync/pull", ctx -> answer(ctx, Pull.class, sync::pull));
        app.post("/sync/reference/publish", ctx -> answer(ctx, ReferencePublish.class, reference::publish));
        app.post("/sync/reference/pull", ctx -> answer(ctx, ReferencePull.class, reference::pull));
        // Attachments travel as raw bytes (up to 10 MB, more than a JSON body may be), described by a header.
        app.post("/sync/attachment", ctx -> {
            SyncService.Caller caller = authenticate(ctx);
            AttachmentMeta meta = AttachmentHeaders.read(ctx.header(AttachmentHeaders.META));
            if (ctx.req().getContentLengthLong() > SyncLimits.MAX_ATTACHMENT_BYTES) {
                throw new SyncRefused(413, "attachment-too-large", "an attachment is at most "
                        + SyncLimits.MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB");
            }
            byte[] content;
            try {
                content = SyncJson.readBounded(ctx.req().getInputStream(), SyncLimits.MAX_ATTACHMENT_BYTES);
            } catch (SyncJson.TooLarge tooLarge) {
                throw new SyncRefused(413, "attachment-too-large", tooLarge.getMessage());
            }
            AttachmentMeta stored = attachments.upload(caller, meta, content);
            LOG.info("attachment from office {}: {} bytes", caller.officeCode(), stored.sizeBytes());
            ctx.contentType("application/json");
            ctx.result(SyncJson.write(stored, false));
        });
        // A file larger than a part goes part by part, each answered with where the next begins (decision 0018).
        app.post("/sync/attachment/{id}/part", ctx -> {
            SyncService.Caller caller = authenticate(ctx);
            AttachmentMeta meta = AttachmentHeaders.read(ctx.header(AttachmentHeaders.META));
            if (meta != null && (meta.id() == null || !meta.id().toString().equals(ctx.pathParam("id")))) {
                throw new SyncRefused(400, "bad-attachment", "the part's description names another attachment");
            }
            long offset;
            try {
                offset = Long.parseLong(String.valueOf(ctx.header(AttachmentHeaders.OFFSET)).trim());
            } catch (NumberFormatException e) {
                offset = -1;
            }
            if (offset < 0) {
                throw new SyncRefused(400, "bad-request", "a part says where in its file it begins");
            }
            if (ctx.req().getContentLengthLong() > SyncLimits.ATTACHMENT_PART_BYTES) {
                throw new SyncRefused(413, "attachment-too-large", "a part is at most "
                        + SyncLimits.ATTACHMENT_PART_BYTES / 1024 + " KB");
            }
            byte[] part;
            try {
                part = SyncJson.readBounded(ctx.req().getInputStream(), SyncLimits.ATTACHMENT_PART_BYTES);
            } catch (SyncJson.TooLarge tooLarge) {
                throw new SyncRefused(413, "attachment-too-large", tooLarge.getMessage());
            }
            AttachmentPartReply reply = attachments.uploadPart(caller, meta, offset, part);
            if (reply.stored() != null && part.length > 0) {
                LOG.info("attachment from office {} in parts: {} bytes", caller.officeCode(), reply.stored().sizeBytes());
            }
            ctx.contentType("application/json");
            ctx.result(SyncJson.write(reply, false));
        });
        app.get("/sync/attachment/{id}", ctx -> {
            SyncService.Caller caller = authenticate(ctx);
            java.util.UUID id;
            try {
                id = java.util.UUID.fromString(ctx.pathParam("id"));
            } catch (IllegalArgumentException e) {
                throw new SyncRefused(400, "bad-request", "an attachment id is a UUID");
            }
            AttachmentService.Stored stored = attachments.download(caller, id);
            ctx.header(AttachmentHeaders.META, AttachmentHeaders.write(stored.meta()));
            ctx.contentType("application/octet-stream");
            byte[] content = stored.content();
            // A fetch cut midway asks for the rest ("Range: bytes=N-"); anything else gets the whole file.
            // The length is said up front (not chunked), so a client can tell a cut reply from a whole one.
            int from = rangeStart(ctx.header("Range"), content.length);
            if (from > 0) {
                ctx.status(206);
                ctx.header("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                content = java.util.Arrays.copyOfRange(content, from, content.length);
            }
            ctx.res().setContentLength(content.length);
            ctx.result(content);
        });
    }

    /** Where an open-ended byte range ("bytes=N-") begins, if it lies inside the file; 0 for the whole file. */
    static int rangeStart(String range, int length) {
        if (range == null) {
            return 0;
        }
        String value = range.trim();
        if (!value.startsWith("bytes=") || !value.endsWith("-")) {
            return 0;
        }
        try {
            long from = Long.parseLong(value.substring("bytes=".length(), value.length() - 1).trim());
            return from > 0 && from < length ? (int) from : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private <T> void answer(Context ctx, Class<T> type, BiFunction<SyncService.Caller, T, Object> handler) throws IOException {
        SyncService.Caller caller = authenticate(ctx);
        T request = read(ctx, type);
        boolean gzip = accepts(ctx.header("Accept-Encoding"));
        byte[] body = SyncJson.write(handler.apply(caller, request), gzip);
        ctx.contentType("application/json");
        ctx.header("Vary", "Accept-Encoding");
        if (gzip) {
            ctx.header("Content-Encoding", "gzip");
        }
        ctx.result(body);
    }

    SyncService.Caller authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        String[] installation = enrollments.authenticate(token)
                .orElseThrow(() -> new SyncRefused(401, "unauthenticated", "a valid installation credential is required"));
        return sync.caller(installation[0], installation[1]);
    }

    private static <T> T read(Context ctx, Class<T> type) throws IOException {
        // Refused before reading when the length is announced; otherwise reading stops at the limit.
        if (ctx.req().getContentLengthLong() > SyncLimits.MAX_BODY_BYTES) {
            throw new SyncJson.TooLarge("the body is larger than " + SyncLimits.MAX_BODY_BYTES / (1024 * 1024) + " MB");
        }
        byte[] raw = SyncJson.readBounded(ctx.req().getInputStream(), SyncLimits.MAX_BODY_BYTES);
        String encoding = ctx.header("Content-Encoding");
        boolean gzipped = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzipped && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new SyncRefused(415, "unsupported-encoding", "bodies are plain or gzip");
        }
        byte[] plain;
        try {
            plain = gzipped ? SyncJson.gunzip(raw) : raw;
        } catch (java.util.zip.ZipException | java.io.EOFException broken) {
            throw new SyncRefused(400, "bad-gzip", "the body says gzip but is not, or is cut short");
        }
        T request = SyncJson.read(plain, false, type);
        if (request == null) {
            throw new SyncRefused(400, "bad-request", "the body is empty");
        }
        return request;
    }

    private static boolean accepts(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] coding = part.trim().split(";");
            if (coding[0].trim().equals("gzip")) {
                boolean refused = coding.length > 1 && coding[1].trim().replace(" ", "").matches("q=0(\\.0*)?");
                return !refused;
            }
        }
        return false;
    }
}
