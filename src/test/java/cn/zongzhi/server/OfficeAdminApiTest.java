package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The city administrator's office API: the city's enrolled console creates a township's office within its
 * jurisdiction and gets the code the township enrolls with, issues another code, and lists the offices; a
 * township, a stranger and bad input are refused with the word that says why. On H2 and PostgreSQL.
 */
class OfficeAdminApiTest {
    private static final Instant MORNING = Instant.parse("2026-12-04T01:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theCityCreatesATownshipsOfficeWhoseCodeEnrollsItAndNobodyElseMay(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            base = "http://127.0.0.1:" + server.port();
            Enrollments enrollments = new Enrollments(serverDb, clock);
            // The city's own office is made on the server host; its console enrolls as usual.
            String cityToken = enrollments.enroll(enrollments.addOffice("CITY-440111", "白云区综治中心", "CITY",
                    List.of("440111")), UUID.randomUUID().toString()).token();

            HttpResponse<String> created = send("POST", "/api/offices", cityToken, """
                    {"code": "TOWN-440111004", "name": "景泰街道综治中心", "level": "TOWN", "areas": ["440111004"]}""");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode issued = JSON.readTree(created.body());
            assertThat(issued.path("officeCode").asText()).isEqualTo("TOWN-440111004");
            assertThat(issued.path("expiresAt").asText()).isEqualTo(MORNING.plus(Enrollments.CODE_LIFETIME).toString());
            String townCode = issued.path("enrollmentCode").asText();
            assertThat(townCode).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");

            // The township's machine trades that code for a credential scoped to its own area.
            Enrollments.Enrolled town = enrollments.enroll(townCode, UUID.randomUUID().toString());
            assertThat(town.officeCode()).isEqualTo("TOWN-440111004");
            assertThat(town.areas()).containsExactly("440111004");

            // Another code for a reinstalled machine; the first one stays spent.
            clock.advance(Duration.ofDays(1));
            HttpResponse<String> again = send("POST", "/api/offices/TOWN-440111004/enrollment-code", cityToken, "");
            assertThat(again.statusCode()).isEqualTo(201);
            String secondCode = JSON.readTree(again.body()).path("enrollmentCode").asText();
            assertThat(secondCode).isNotEqualTo(townCode);
            assertThat(enrollments.enroll(secondCode, UUID.randomUUID().toString()).officeCode()).isEqualTo("TOWN-440111004");

            HttpResponse<String> listed = send("GET", "/api/offices", cityToken, null);
            assertThat(listed.statusCode()).isEqualTo(200);
            JsonNode offices = JSON.readTree(listed.body()).path("offices");
            assertThat(offices).extracting(office -> office.path("code").asText()).containsExactly("CITY-440111", "TOWN-440111004");
            assertThat(offices.get(1).path("installations").asInt()).isEqualTo(2);
            assertThat(offices.get(1).path("areas").get(0).asText()).isEqualTo("440111004");

            // Refusals, each with its word; none of them creates anything.
            assertRefused(send("POST", "/api/offices", town.token(), """
                    {"code": "TOWN-440111005", "name": "三元里街道", "level": "TOWN", "areas": ["440111005"]}"""), 403, "not-city");
            assertRefused(send("POST", "/api/offices", null, """
                    {"code": "TOWN-440111005", "name": "三元里街道", "level": "TOWN", "areas": ["440111005"]}"""), 401, "unauthenticated");
            assertRefused(send("POST", "/api/offices", cityToken, """
                    {"code": "TOWN-440112001", "name": "别区街道", "level": "TOWN", "areas": ["440112001"]}"""), 403, "outside-jurisdiction");
            assertRefused(send("POST", "/api/offices", cityToken, """
                    {"code": "TOWN-440111004", "name": "重复", "level": "TOWN", "areas": ["440111004"]}"""), 409, "office-exists");
            assertRefused(send("POST", "/api/offices", cityToken, """
                    {"code": "TOWN-440111005", "name": "三元里街道", "level": "VILLAGE", "areas": ["440111005"]}"""), 400, "bad-level");
            assertRefused(send("POST", "/api/offices", cityToken, """
                    {"code": "TOWN-440111005", "name": "三元里街道", "level": "TOWN", "areas": []}"""), 400, "bad-area");
            assertRefused(send("POST", "/api/offices/NO-SUCH/enrollment-code", cityToken, ""), 404, "no-office");
            assertRefused(send("GET", "/api/offices", town.token(), null), 403, "not-city");
            assertThat(new ServerRepository(serverDb.dsl()).offices()).hasSize(2);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(reason);
    }
}
