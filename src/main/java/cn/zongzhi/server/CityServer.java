package cn.zongzhi.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The city server's HTTP side: a health endpoint, office enrollment, and the sync protocol ({@link SyncEndpoints}). No state
 * in the process beyond the database, so several can serve behind a load balancer. Plain HTTP only on the
 * loopback interface; anywhere else it needs a keystore and speaks TLS. Logs say what happened and to which
 * office, never a person's data.
 */
public final class CityServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CityServer.class);
    /** Enrollment and sync requests are small; anything larger is refused before it is read. */
    static final long MAX_REQUEST_BYTES = 8L * 1024 * 1024;

    /** Where and how to listen. {@code keystore} null: plain HTTP, allowed on loopback only. */
    public record Listen(String host, int port, Path keystore, char[] keystorePassword) {
    }

    private final Javalin app;
    private final ServerDatabase database;
    private final ServerDatabase pulls;
    private final Enrollments enrollments;
    private final Clock clock;

    private CityServer(Javalin app, ServerDatabase database, ServerDatabase pulls, Enrollments enrollments, Clock clock) {
        this.app = app;
        this.database = database;
        this.pulls = pulls;
        this.enrollments = enrollments;
        this.clock = clock;
    }

    /** How often the change log is compacted; a few times a day keeps it near the number of entities. */
    private static final java.time.Duration COMPACTION_EVERY = java.time.Duration.ofHours(6);

    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "server-housekeeping");
                thread.setDaemon(true);
                return thread;
            });

    private void startHousekeeping(SyncService sync, AttachmentService attachments) {
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                sync.compactChangeLog();
            } catch (RuntimeException e) {
                LOG.warn("change-log compaction failed; tried again later", e);
            }
            try {
                int forgotten = attachments.forgetIdleUploads();
                if (forgotten > 0) {
                    LOG.info("forgot {} part(s) of uploads idle for {} days", forgotten, AttachmentService.UPLOAD_IDLE_LIMIT.toDays());
                }
            } catch (RuntimeException e) {
                LOG.warn("forgetting idle uploads failed; tried again later", e);
            }
        }, COMPACTION_EVERY.toMinutes(), COMPACTION_EVERY.toMinutes(), java.util.concurrent.TimeUnit.MINUTES);
    }

    public static CityServer start(ServerDatabase database, Listen listen, Clock clock) {
        return start(database, null, listen, clock);
    }

    /** @param pulls a read replica of {@code database} that pulls read from; null: the primary answers them */
    public static CityServer start(ServerDatabase database, ServerDatabase pulls, Listen listen, Clock clock) {
        boolean tls = listen.keystore() != null;
        if (!tls && !isLoopback(listen.host())) {
            throw new IllegalArgumentException("outside loopback the server speaks TLS only: give --keystore (listening on "
                    + listen.host() + ")");
        }
        Enrollments enrollments = new Enrollments(database, clock);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Sync replies are compressed by the endpoints themselves, only when asked for and before the length is set.
            config.http.disableCompression();
            config.jetty.defaultHost = listen.host();
            config.jetty.defaultPort = listen.port();
            if (tls) {
                config.jetty.addConnector((server, http) -> {
                    var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                    ssl.setKeyStorePath(listen.keystore().toAbsolutePath().toString());
                    ssl.setKeyStorePassword(new String(listen.keystorePassword()));
                    var connector = new org.eclipse.jetty.server.ServerConnector(server, ssl);
                    connector.setHost(listen.host());
                    connector.setPort(listen.port());
                    return connector;
                });
            }
        });
        CityServer server = new CityServer(app, database, pulls, enrollments, clock);
        app.get("/health", server::health);
        app.post("/api/enroll", server::enroll);
        ReferenceService reference = new ReferenceService(database, clock, pulls);
        SyncService sync = new SyncService(database, clock, reference, pulls);
        AttachmentService attachments = new AttachmentService(database, sync, clock);
        SyncEndpoints syncEndpoints = new SyncEndpoints(sync, reference, attachments, enrollments);
        syncEndpoints.register(app);
        new OfficeEndpoints(database, enrollments, syncEndpoints::authenticate, clock).register(app);
        server.startHousekeeping(sync, attachments);
        app.exception(Enrollments.Refused.class, (refused, ctx) -> ctx.status(403).json(error(refused.reason(), refused.getMessage())));
        app.exception(SyncRefused.class, (refused, ctx) -> ctx.status(refused.status()).json(error(refused.reason(), refused.getMessage())));
        app.exception(cn.zongzhi.sync.protocol.SyncJson.TooLarge.class, (tooLarge, ctx) ->
                ctx.status(413).json(error("body-too-large", tooLarge.getMessage())));
        app.exception(com.fasterxml.jackson.core.JacksonException.class, (bad, ctx) ->
                ctx.status(400).json(error("bad-request", "the body is not the JSON this endpoint takes")));
        app.exception(Exception.class, (failure, ctx) -> {
            LOG.warn("request failed: {} {} -> {}", ctx.method(), ctx.path(), failure.getClass().getName());
            ctx.status(500).json(error("server-error", "the server could not answer; try again later"));
        });
        app.start();
        LOG.info("city server listening on {}:{} ({}, database {})", listen.host(), app.port(), tls ? "https" : "http",
                database.kind());
        return server;
    }

    private static Map<String, Object> error(String reason, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("message", message);
        return body;
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("database", database.kind());
        body.put("epoch", new ServerRepository(database.dsl()).epoch(clock.instant()));
        body.put("time", clock.instant().toString());
        Map<String, Object> replica = new PullReads(database, pulls).health();
        if (replica != null) {
            body.put("readReplica", replica);
        }
        ctx.json(body);
    }

    /** Body {@code {"code": "...", "replicaId": "..."}}; answers the office, its areas and the credential. */
    private void enroll(Context ctx) {
        EnrollRequest request = ctx.bodyAsClass(EnrollRequest.class);
        Enrollments.Enrolled enrolled = enrollments.enroll(request.code(), request.replicaId());
        LOG.info("installation enrolled for office {}", enrolled.officeCode());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("officeCode", enrolled.officeCode());
        body.put("areas", enrolled.areas());
        body.put("token", enrolled.token());
        body.put("epoch", new ServerRepository(database.dsl()).epoch(clock.instant()));
        ctx.json(body);
    }

    /** What an installation sends to enroll. */
    public record EnrollRequest(String code, String replicaId) {
    }

    public int port() {
        return app.port();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        app.stop();
    }
}
