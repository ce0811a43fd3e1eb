package cn.zongzhi.sync;

import cn.zongzhi.sync.protocol.SyncJson;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The city centre's administrator's side of the server's office API (decision 0008): lists the offices, creates a
 * township's office and returns its one-time enrollment code, issues another code. Speaks with this installation's
 * own credential; the server refuses any office but the city's ({@code not-city}). Failures are
 * {@link SyncTransport.Unavailable} with the server's word, or {@code unreachable}.
 */
public final class OfficeAdminClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final String token;

    public OfficeAdminClient(HttpClient http, String serverUrl, String token) {
        this.http = http;
        this.base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.token = token;
    }

    /** The client of this installation's enrollment, if it is enrolled. */
    public static Optional<OfficeAdminClient> fromEnrollment(SyncCredentialRepository credentials, HttpClient http) {
        return credentials.find().map(credential -> new OfficeAdminClient(http, credential.serverUrl(), credential.token()));
    }

    /** An office as the server lists it. */
    public record Office(String code, String name, String level, List<String> areas, int installations, Instant lastSeen) {
    }

    /** A one-time enrollment code for an office, shown once. */
    public record Issued(String officeCode, String enrollmentCode, Instant expiresAt) {
    }

    public List<Office> offices() {
        JsonNode answer = send("GET", "/api/offices", null);
        List<Office> offices = new ArrayList<>();
        for (JsonNode office : answer.path("offices")) {
            List<String> areas = new ArrayList<>();
            office.path("areas").forEach(area -> areas.add(area.asText()));
            String seen = office.path("lastSeen").asText(null);
            offices.add(new Office(office.path("code").asText(), office.path("name").asText(), office.path("level").asText(),
                    List.copyOf(areas), office.path("installations").asInt(), seen == null ? null : Instant.parse(seen)));
        }
        return offices;
    }

    public Issued create(String code, String name, String level, List<String> areas) {
        var body = SyncJson.MAPPER.createObjectNode().put("code", code).put("name", name).put("level", level);
        areas.forEach(body.putArray("areas")::add);
        return issued(send("POST", "/api/offices", body.toString()));
    }

    public Issued newCode(String officeCode) {
        return issued(send("POST", "/api/offices/" + java.net.URLEncoder.encode(officeCode, java.nio.charset.StandardCharsets.UTF_8)
                + "/enrollment-code", ""));
    }

    private static Issued issued(JsonNode answer) {
        return new Issued(answer.path("officeCode").asText(), answer.path("enrollmentCode").asText(),
                Instant.parse(answer.path("expiresAt").asText()));
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw HttpSyncTransport.unreachable(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncTransport.Unavailable(0, "interrupted", "the request was interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw HttpSyncTransport.refusal(response.statusCode(), response.body(), false);
        }
        JsonNode answer;
        try {
            answer = SyncJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new SyncTransport.Unavailable(response.statusCode(), "bad-answer", "the city server answered HTTP "
                    + response.statusCode() + " without JSON");
        }
        return answer;
    }
}
