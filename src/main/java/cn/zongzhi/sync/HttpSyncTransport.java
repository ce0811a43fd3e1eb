package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.AttachmentHeaders;
import cn.zongzhi.sync.protocol.AttachmentMeta;
import cn.zongzhi.sync.protocol.AttachmentPartReply;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.ReferencePublish;
import cn.zongzhi.sync.protocol.ReferencePublishReply;
import cn.zongzhi.sync.protocol.ReferencePull;
import cn.zongzhi.sync.protocol.ReferencePullReply;
import cn.zongzhi.sync.protocol.SyncJson;
import cn.zongzhi.sync.protocol.SyncLimits;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The sync calls over HTTP(S): JSON bodies, gzip both ways, the installation's credential as bearer token. Replies
 * are read up to the protocol's size limit, so a broken or hostile server cannot exhaust the console's memory.
 */
public final class HttpSyncTransport implements SyncTransport {
    /** Bodies smaller than this are sent plain: gzip would cost more than it saves. */
    private static final int GZIP_FROM_BYTES = 1024;
    /** Closes attachment bodies that stopped arriving (one daemon thread for every transport). */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "zongzhi-attachment-watchdog");
                thread.setDaemon(true);
                return thread;
            });

    private final HttpClient http;
    private final String base;
    private final String token;
    private final Duration timeout;

    public HttpSyncTransport(HttpClient http, String serverUrl, String token, Duration timeout) {
        this.http = http;
        this.base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.token = token;
        this.timeout = timeout;
    }

    @Override
    public HelloReply hello(Hello hello) {
        return call("/sync/hello", hello, HelloReply.class);
    }

    @Override
    public PushReply push(Push push) {
        return call("/sync/push", push, PushReply.class);
    }

    @Override
    public PullReply pull(Pull pull) {
        return call("/sync/pull", pull, PullReply.class);
    }

    @Override
    public ReferencePublishReply publishReference(ReferencePublish publish) {
        return call("/sync/reference/publish", publish, ReferencePublishReply.class);
    }

    @Override
    public ReferencePullReply pullReference(ReferencePull pull) {
        return call("/sync/reference/pull", pull, ReferencePullReply.class);
    }

    /**
     * A file larger than one part goes part by part (decision 0018): the server first says how much of it it holds
     * (a cut transfer resumes there), then each part's answer says where the next begins. A server without parts
     * (older than this console) gets the whole file at once.
     */
    @Override
    public AttachmentMeta uploadAttachment(AttachmentMeta meta, byte[] content) {
        if (content.length <= SyncLimits.ATTACHMENT_PART_BYTES) {
            return uploadWhole(meta, content);
        }
        AttachmentPartReply reply;
        try {
            reply = sendPart(meta, 0, new byte[0]);
        } catch (Unavailable refused) {
            if (refused.status() == 404 || refused.status() == 405) {
                return uploadWhole(meta, content);
            }
            throw refused;
        }
        int stalled = 0;
        while (reply.stored() == null) {
            long at = reply.received();
            if (at < 0 || at >= content.length || stalled > 2) {
                // Not a refusal: nothing says the file is wrong, so it is tried again next round (status 0).
                throw new Unavailable(0, "bad-answer", "the city server lost count of an attachment's parts");
            }
            int length = (int) Math.min(SyncLimits.ATTACHMENT_PART_BYTES, content.length - at);
            AttachmentPartReply next = sendPart(meta, at, java.util.Arrays.copyOfRange(content, (int) at, (int) at + length));
            stalled = next.stored() == null && next.received() <= at ? stalled + 1 : 0;
            reply = next;
        }
        return reply.stored();
    }

    private AttachmentPartReply sendPart(AttachmentMeta meta, long offset, byte[] part) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/sync/attachment/" + meta.id() + "/part"))
                .timeout(timeout.plusMinutes(1)).header("Content-Type", "application/octet-stream")
                .header("Authorization", "Bearer " + token).header(AttachmentHeaders.META, AttachmentHeaders.write(meta))
                .header(AttachmentHeaders.OFFSET, Long.toString(offset))
                .POST(HttpRequest.BodyPublishers.ofByteArray(part)).build();
        return answer(exchange(request, SyncLimits.MAX_BODY_BYTES), AttachmentPartReply.class);
    }

    private AttachmentMeta uploadWhole(AttachmentMeta meta, byte[] content) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/sync/attachment")).timeout(timeout.plusMinutes(1))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .header(AttachmentHeaders.META, AttachmentHeaders.write(meta))
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build();
        return answer(exchange(request, SyncLimits.MAX_BODY_BYTES), AttachmentMeta.class);
    }

    @Override
    public Attachment downloadAttachment(java.util.UUID id) {
        return downloadAttachment(id, new byte[0], partial -> { });
    }

    /**
     * Fetches an attachment, or the rest of it after the {@code have} bytes an earlier fetch received before it was
     * cut ("Range: bytes=N-"; a server that sends the whole file anyway is fine too). Cut again, what arrived in all
     * goes to {@code keepOnCut} before the fetch fails as unreachable.
     */
    @Override
    public Attachment downloadAttachment(java.util.UUID id, byte[] have, java.util.function.Consumer<byte[]> keepOnCut) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/sync/attachment/" + id))
                .timeout(timeout.plusMinutes(1)).header("Authorization", "Bearer " + token).GET();
        if (have.length > 0) {
            builder.header("Range", "bytes=" + have.length + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(0, "interrupted", "sync was interrupted");
        }
        int status = response.statusCode();
        boolean resumed = status == 206 && response.headers().firstValue("Content-Range")
                .map(range -> range.trim().startsWith("bytes " + have.length + "-")).orElse(false);
        if (status != 200 && !resumed) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = SyncJson.readBounded(in, SyncLimits.MAX_BODY_BYTES);
            } catch (IOException | SyncJson.TooLarge e) {
                body = new byte[0];
            }
            if (status == 206) {
                // A range other than the one asked for (a proxy on the way, say): start again from the first byte.
                keepOnCut.accept(new byte[0]);
                throw new Unavailable(0, "bad-answer", "the city server sent another part of the attachment than asked");
            }
            throw refusal(status, body, gzipped(response.headers()));
        }
        AttachmentMeta meta = AttachmentHeaders.read(response.headers().firstValue(AttachmentHeaders.META).orElse(null));
        var received = new java.io.ByteArrayOutputStream();
        if (resumed) {
            received.writeBytes(have);
        }
        InputStream body = response.body();
        // The request's timeout ends when the headers arrive; a link that goes silent mid-body would block the read
        // for good (and a bulk load waiting for the round to stop). A watchdog closes the body after a silence.
        java.util.concurrent.atomic.AtomicLong lastProgress = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastProgress.get() > timeout.toNanos()) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // Closing is all that is wanted; the read below fails either way.
                }
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try (InputStream in = body) {
            if (meta == null) {
                throw new Unavailable(status, "bad-answer", "the city server sent an attachment without its description");
            }
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                lastProgress.set(System.nanoTime());
                received.write(buffer, 0, read);
                if (received.size() > SyncLimits.MAX_ATTACHMENT_BYTES) {
                    throw new Unavailable(0, "answer-too-large", "the city server's answer is larger than the protocol allows");
                }
            }
        } catch (IOException e) {
            keepOnCut.accept(received.toByteArray());
            throw unreachable(base, e);
        } finally {
            watchdog.cancel(false);
        }
        return new Attachment(meta, received.toByteArray());
    }

    /** No answer at all: the round stops and is tried again; also what the office API's client says. */
    static Unavailable unreachable(String base, IOException e) {
        return new Unavailable(0, "unreachable", "the city server " + base + " cannot be reached ("
                + e.getClass().getSimpleName() + ")");
    }

    private static boolean gzipped(java.net.http.HttpHeaders headers) {
        return headers.firstValue("Content-Encoding").map(value -> value.trim().equalsIgnoreCase("gzip")).orElse(false);
    }

    private record Exchange(int status, byte[] body, boolean gzipped, java.net.http.HttpHeaders headers) {
    }

    /** Sends a request and reads its answer up to {@code limit} bytes; anything but 200 is a refusal. */
    private Exchange exchange(HttpRequest request, int limit) {
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = SyncJson.readBounded(in, limit);
            }
        } catch (IOException e) {
            throw unreachable(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(0, "interrupted", "sync was interrupted");
        } catch (SyncJson.TooLarge e) {
            throw new Unavailable(0, "answer-too-large", "the city server's answer is larger than the protocol allows");
        }
        boolean gzipped = gzipped(response.headers());
        if (response.statusCode() != 200) {
            throw refusal(response.statusCode(), body, gzipped);
        }
        return new Exchange(response.statusCode(), body, gzipped, response.headers());
    }

    private <T> T call(String path, Object message, Class<T> answerType) {
        byte[] plain = SyncJson.write(message, false);
        boolean gzip = plain.length >= GZIP_FROM_BYTES;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? SyncJson.gzip(plain) : plain));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return answer(exchange(request.build(), SyncLimits.MAX_BODY_BYTES), answerType);
    }

    /** The JSON answer of an exchange; an empty or unreadable one is the server's fault, tried again later. */
    private static <T> T answer(Exchange exchange, Class<T> answerType) {
        try {
            T answer = SyncJson.read(exchange.body(), exchange.gzipped(), answerType);
            if (answer == null) {
                throw new Unavailable(exchange.status(), "empty-answer", "the city server answered without a body");
            }
            return answer;
        } catch (IOException e) {
            throw new Unavailable(exchange.status(), "bad-answer", "the city server's answer could not be read");
        }
    }

    /** The server's refusal in its own words ({"error", "message"}), or the bare HTTP status. */
    static Unavailable refusal(int status, byte[] body, boolean gzipped) {
        try {
            JsonNode answer = SyncJson.read(body, gzipped, JsonNode.class);
            String reason = answer == null ? "http-" + status : answer.path("error").asText("http-" + status);
            String message = answer == null ? null : answer.path("message").asText(null);
            return new Unavailable(status, reason, message != null ? message : "the city server answered HTTP " + status);
        } catch (IOException | RuntimeException e) {
            return new Unavailable(status, "http-" + status, "the city server answered HTTP " + status);
        }
    }
}
