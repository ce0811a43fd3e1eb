package cn.zongzhi.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The installation's side of enrollment: trades the city's one-time code for a credential and keeps it. The
 * code and the credential never appear in logs or messages.
 */
public final class EnrollmentClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Clock clock;

    public EnrollmentClient(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The server said no (a word it gave and its sentence), or could not be reached. */
    public static final class EnrollmentFailed extends RuntimeException {
        private final String reason;

        public EnrollmentFailed(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public SyncCredentialRepository.Credential enroll(String serverUrl, String code, SyncCredentialRepository store) {
        SyncCredentialRepository.Credential credential = request(serverUrl, code, store.replicaId());
        store.save(credential);
        return credential;
    }

    /**
     * Keeps the credential of a first enrollment, or of enrolling again while the city refuses the one held
     * (unauthenticated, replica-mismatch, no-office); refuses, keeping the one there, when the installation is
     * enrolled and the city takes its credential, e.g. enrolled by the command line meanwhile.
     */
    public static void keep(SyncCredentialRepository store, SyncCredentialRepository.Credential credential) {
        if (store.find().isEmpty()) {
            store.save(credential);
        } else if (store.refused()) {
            store.replace(credential);
        } else {
            throw new EnrollmentFailed("already-enrolled", "this installation is enrolled already");
        }
    }

    /** Trades the code for a credential, without keeping it (the call to the server alone). */
    public SyncCredentialRepository.Credential request(String serverUrl, String code, String replicaId) {
        String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        URI uri;
        try {
            uri = URI.create(base + "/api/enroll");
        } catch (IllegalArgumentException e) {
            throw new EnrollmentFailed("bad-url", "not a server address: " + serverUrl);
        }
        String body = JSON.createObjectNode().put("code", code).put("replicaId", replicaId).toString();
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EnrollmentFailed("unreachable", "the server " + base + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentFailed("interrupted", "enrollment was interrupted");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new EnrollmentFailed("bad-answer", "the server answered HTTP " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() != 200) {
            throw new EnrollmentFailed(answer.path("error").asText("http-" + response.statusCode()),
                    answer.path("message").asText("the server refused (HTTP " + response.statusCode() + ")"));
        }
        List<String> areas = new ArrayList<>();
        answer.path("areas").forEach(area -> areas.add(area.asText()));
        SyncCredentialRepository.Credential credential = new SyncCredentialRepository.Credential(base,
                answer.path("officeCode").asText(), areas, answer.path("token").asText(), answer.path("epoch").asText(),
                clock.instant());
        return credential;
    }
}
