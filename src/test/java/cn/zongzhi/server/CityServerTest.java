package cn.zongzhi.server;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.db.Database;
import cn.zongzhi.office.InstallationService;
import cn.zongzhi.sync.EnrollmentClient;
import cn.zongzhi.sync.SyncCredentialRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The city server against a real PostgreSQL (embedded, binaries from Maven) and against its H2 default: health,
 * an office with its one-time code, an installation trading the code for a credential, and every refusal.
 */
class CityServerTest {
    private static EmbeddedPostgres postgres;

    @TempDir
    Path folder;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    private ServerDatabase database(String kind) {
        return kind.equals("postgresql")
                ? ServerDatabase.postgres(postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=public", null, null)
                : ServerDatabase.h2(folder.resolve("server"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOfficeEnrollsOnceWithItsCode(String kind) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ServerDatabase database = database(kind);
             CityServer server = CityServer.start(database, new CityServer.Listen("127.0.0.1", 0, null, null), Clock.systemUTC());
             Database township = TestDatabases.fresh(folder.resolve("township"))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"database\":\"" + kind + "\"");

            String officeCode = "440111004-" + kind.toUpperCase();
            Enrollments enrollments = new Enrollments(database, Clock.systemUTC());
            String code = enrollments.addOffice(officeCode, "景泰街道综治中心", "TOWN", List.of("440111004"));
            assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");
            assertThatThrownBy(() -> enrollments.addOffice(officeCode, "again", "TOWN", List.of("440111004")))
                    .isInstanceOfSatisfying(Enrollments.Refused.class, refused -> assertThat(refused.reason()).isEqualTo("office-exists"));

            new InstallationService(township.dsl(), AppConfig.defaults(), Clock.systemUTC()).ensureInstallation();
            SyncCredentialRepository store = new SyncCredentialRepository(township.dsl());
            EnrollmentClient client = new EnrollmentClient(http, Clock.systemUTC());
            // Typed by hand: lower case and without the dashes still works.
            var credential = client.enroll(base, code.replace("-", "").toLowerCase(), store);
            assertThat(credential.officeCode()).isEqualTo(officeCode);
            assertThat(credential.areas()).containsExactly("440111004");
            assertThat(store.find()).get().extracting(SyncCredentialRepository.Credential::token).isEqualTo(credential.token());
            assertThat(enrollments.authenticate(credential.token())).get()
                    .satisfies(installation -> assertThat(installation[1]).isEqualTo(officeCode));
            assertThat(enrollments.authenticate("forged-token")).isEmpty();

            assertThatThrownBy(() -> client.enroll(base, code, store)).isInstanceOfSatisfying(EnrollmentClient.EnrollmentFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo("used-code"));
            assertThatThrownBy(() -> client.enroll(base, "AAAA-BBBB-CCCC-DDDD", store))
                    .isInstanceOfSatisfying(EnrollmentClient.EnrollmentFailed.class, failed -> assertThat(failed.reason()).isEqualTo("unknown-code"));
            assertThat(store.find()).get().as("a refused second try keeps the first credential")
                    .extracting(SyncCredentialRepository.Credential::token).isEqualTo(credential.token());

            // A code not used within seven days expires.
            String late = enrollments.newCode(officeCode);
            Enrollments eightDaysOn = new Enrollments(database, Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));
            assertThatThrownBy(() -> eightDaysOn.enroll(late, "00000000-0000-0000-0000-000000000001"))
                    .isInstanceOfSatisfying(Enrollments.Refused.class, refused -> assertThat(refused.reason()).isEqualTo("expired-code"));

            // Hostile bodies: a clear refusal, never a stack trace.
            for (String body : List.of("not json", "{\"code\": [[[[", "{\"code\":\"x\",\"replicaId\":\"not-a-uuid\"}",
                    "[" + "[".repeat(5_000) + "]".repeat(5_000) + "]")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/enroll"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(body.substring(0, Math.min(20, body.length()))).isIn(400, 403);
                assertThat(answer.body()).contains("\"error\"").doesNotContain("Exception").doesNotContain("\tat ");
            }
            HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create(base + "/api/enroll"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + "A".repeat(9 * 1024 * 1024) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(huge.statusCode()).as("larger than any request should be").isEqualTo(413);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0"})
    void plainHttpIsRefusedOutsideLoopback(String host) {
        try (ServerDatabase database = ServerDatabase.h2(folder.resolve("server"))) {
            assertThatThrownBy(() -> CityServer.start(database, new CityServer.Listen(host, 0, null, null), Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS");
        }
    }

    static Instant now() {
        return Clock.system(ZoneOffset.UTC).instant();
    }
}
