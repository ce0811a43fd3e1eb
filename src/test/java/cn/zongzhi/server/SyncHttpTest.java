package cn.zongzhi.server;

import cn.zongzhi.sync.protocol.EntityKind;
import cn.zongzhi.sync.protocol.Hello;
import cn.zongzhi.sync.protocol.HelloReply;
import cn.zongzhi.sync.protocol.Mutation;
import cn.zongzhi.sync.protocol.MutationKind;
import cn.zongzhi.sync.protocol.OutcomeKind;
import cn.zongzhi.sync.protocol.Pull;
import cn.zongzhi.sync.protocol.PullReply;
import cn.zongzhi.sync.protocol.Push;
import cn.zongzhi.sync.protocol.PushReply;
import cn.zongzhi.sync.protocol.SyncJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync endpoints over real HTTP on loopback, on H2 and PostgreSQL: gzip both ways, credentials, size bounds. */
class SyncHttpTest {
    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void helloPushAndPullRoundTripGzipped(String kind) throws Exception {
        try (ServerDatabase database = ServerDatabases.fresh(kind, folder);
             CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), Clock.systemUTC())) {
            String replica = UUID.randomUUID().toString();
            String token = enroll(database, replica);
            String base = "http://127.0.0.1:" + server.port();

            HttpResponse<byte[]> hello = post(base + "/sync/hello", token, SyncJson.write(new Hello(replica, null, 0, 11), true), true);
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.headers().firstValue("Content-Encoding")).hasValue("gzip");
            HelloReply helloReply = SyncJson.read(hello.body(), true, HelloReply.class);
            assertThat(helloReply.officeCode()).isEqualTo("TOWN-440111004");

            // Long descriptions compress well: the gzipped push is a fraction of the plain one.
            List<Mutation> mutations = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                mutations.add(new Mutation(UUID.randomUUID(), i, EntityKind.INCIDENT, UUID.randomUUID(), MutationKind.CREATE, null,
                        null, System.currentTimeMillis() << 16, null, JsonNodeFactory.instance.objectNode()
                        .put("areaCode", "440111004001").put("title", "事件 " + i).put("description", "楼道堆放杂物，".repeat(200))));
            }
            byte[] plain = SyncJson.write(new Push(mutations), false);
            byte[] gzipped = SyncJson.write(new Push(mutations), true);
            assertThat(gzipped.length).isLessThan(plain.length / 10);
            HttpResponse<byte[]> push = post(base + "/sync/push", token, gzipped, true);
            assertThat(push.statusCode()).isEqualTo(200);
            PushReply pushReply = SyncJson.read(push.body(), true, PushReply.class);
            assertThat(pushReply.outcomes()).hasSize(50).allSatisfy(outcome -> assertThat(outcome.outcome()).isEqualTo(OutcomeKind.APPLIED));
            assertThat(pushReply.highestSequenceHeld()).isEqualTo(50);

            HttpResponse<byte[]> pull = post(base + "/sync/pull", token,
                    SyncJson.write(new Pull(helloReply.serverEpoch(), 0, 1000), true), true);
            PullReply pullReply = SyncJson.read(pull.body(), true, PullReply.class);
            assertThat(pullReply.changes()).hasSize(50);
            assertThat(pullReply.more()).isFalse();
            assertThat(pullReply.changes().get(0).data().get("description").asText()).startsWith("楼道堆放杂物");

            HttpResponse<byte[]> uncompressed = post(base + "/sync/pull", token,
                    SyncJson.write(new Pull(helloReply.serverEpoch(), pullReply.nextCursor(), 10), false), false);
            assertThat(uncompressed.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(SyncJson.read(uncompressed.body(), false, PullReply.class).changes()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ServerDatabases.H2, ServerDatabases.POSTGRESQL})
    void oversizeBatchesBodiesAndStrangersAreRefusedWithAReason(String kind) throws Exception {
        try (ServerDatabase database = ServerDatabases.fresh(kind, folder);
             CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), Clock.systemUTC())) {
            String replica = UUID.randomUUID().toString();
            String token = enroll(database, replica);
            String base = "http://127.0.0.1:" + server.port();

            List<Mutation> tooMany = new ArrayList<>();
            for (int i = 1; i <= 501; i++) {
                tooMany.add(new Mutation(UUID.randomUUID(), i, EntityKind.INCIDENT, UUID.randomUUID(), MutationKind.NOTE, null, null,
                        0, null, JsonNodeFactory.instance.objectNode().put("text", "x")));
            }
            HttpResponse<byte[]> batch = post(base + "/sync/push", token, SyncJson.write(new Push(tooMany), true), false);
            assertThat(batch.statusCode()).isEqualTo(413);
            assertThat(new String(batch.body(), StandardCharsets.UTF_8)).contains("batch-too-large").contains("500");

            // Nine megabytes of blanks gzip to a few kilobytes: the inflated size is what counts.
            byte[] bomb = SyncJson.gzip(("{\"mutations\":[]," + " ".repeat(9 * 1024 * 1024) + "}").getBytes(StandardCharsets.UTF_8));
            assertThat(bomb.length).isLessThan(100_000);
            HttpResponse<byte[]> inflated = post(base + "/sync/push", token, bomb, false);
            assertThat(inflated.statusCode()).isEqualTo(413);
            assertThat(new String(inflated.body(), StandardCharsets.UTF_8)).contains("body-too-large");

            HttpResponse<byte[]> large = http.send(HttpRequest.newBuilder(URI.create(base + "/sync/push"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 * 1024 * 1024])).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(large.statusCode()).isEqualTo(413);

            HttpResponse<byte[]> broken = post(base + "/sync/push", token, "not gzip at all".getBytes(StandardCharsets.UTF_8), false);
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(new String(broken.body(), StandardCharsets.UTF_8)).contains("bad-gzip");

            HttpResponse<byte[]> stranger = post(base + "/sync/hello", "forged", SyncJson.write(new Hello(replica, null, 0, 11), true), false);
            assertThat(stranger.statusCode()).isEqualTo(401);
            HttpResponse<byte[]> impostor = post(base + "/sync/hello", token,
                    SyncJson.write(new Hello(UUID.randomUUID().toString(), null, 0, 11), true), false);
            assertThat(impostor.statusCode()).isEqualTo(403);
            assertThat(new String(impostor.body(), StandardCharsets.UTF_8)).contains("replica-mismatch");
        }
    }

    private static String enroll(ServerDatabase database, String replica) {
        Enrollments enrollments = new Enrollments(database, Clock.systemUTC());
        String code = enrollments.addOffice("TOWN-440111004", "景泰街道综治中心", "TOWN", List.of("440111004"));
        return enrollments.enroll(code, replica).token();
    }

    /**
     * Posts a body labelled gzip unless it is plain JSON (so a broken body is labelled gzip as well), asking for a
     * gzip reply when {@code acceptGzip}.
     */
    private HttpResponse<byte[]> post(String url, String token, byte[] body, boolean acceptGzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (isGzip(body) || !looksLikeJson(body)) {
            request.header("Content-Encoding", "gzip");
        }
        if (acceptGzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static boolean isGzip(byte[] body) {
        return body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    private static boolean looksLikeJson(byte[] body) {
        return body.length > 0 && body[0] == '{';
    }
}
