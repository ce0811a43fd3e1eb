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
import java.util.Optional;

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

    /** The server said no (a word it gave and its sentence), or could not be reached, or this database said no. */
    public static final class EnrollmentFailed extends RuntimeException {
        private final String reason;
        private final List<String> arguments;

        public EnrollmentFailed(String reason, String message, String... arguments) {
            super(message);
            this.reason = reason;
            this.arguments = List.of(arguments);
        }

        public String reason() {
            return reason;
        }

        /** What the words for the reason name (for other-office: the office of this database, then the code's). */
        public List<String> arguments() {
            return arguments;
        }
    }

    /**
     * The command line's enrollment: keeps the credential whether or not one is held, except one for another office
     * than the one this database's records belong to.
     */
    public SyncCredentialRepository.Credential enroll(String serverUrl, String code, SyncCredentialRepository store) {
        SyncCredentialRepository.Credential credential = request(serverUrl, code, store.replicaId());
        Optional<SyncCredentialRepository.Credential> held = store.find();
        if (held.isPresent()) {
            sameOffice(held.get(), credential);
        }
        if (held.isPresent() && store.refused()) {
            store.replace(credential);
        } else {
            store.save(credential);
        }
        return credential;
    }

    /**
     * Keeps the credential of a first enrollment, or of enrolling again while the city refuses the one held
     * (unauthenticated, replica-mismatch, no-office); refuses, keeping the one there, when the installation is
     * enrolled and the city takes its credential, e.g. enrolled by the command line meanwhile, and when the new
     * credential is another office's.
     */
    public static void keep(SyncCredentialRepository store, SyncCredentialRepository.Credential credential) {
        Optional<SyncCredentialRepository.Credential> held = store.find();
        if (held.isEmpty()) {
            store.save(credential);
            return;
        }
        sameOffice(held.get(), credential);
        if (store.refused()) {
            store.replace(credential);
        } else {
            throw new EnrollmentFailed("already-enrolled", "this installation is enrolled already");
        }
    }

    /**
     * A database that has been enrolled holds its office's records: its outbox, the city's copies (shadows, tasks,
     * conflicts) and the cursor of that office's feed. Another office's credential would send the one office's
     * waiting work as the other's and pull the other's feed from a cursor that is not its own, so it is refused and
     * the credential held (refused or not) stays. The city has spent the code by then; its office asks for another.
     */
    private static void sameOffice(SyncCredentialRepository.Credential held, SyncCredentialRepository.Credential offered) {
        if (!held.officeCode().equals(offered.officeCode())) {
            throw new EnrollmentFailed("other-office", "this database holds the records of office " + held.officeCode()
                    + "; the code was for office " + offered.officeCode() + ": nothing was changed here. Enroll with a code"
                    + " for office " + held.officeCode() + ", or enroll office " + offered.officeCode()
                    + " on a database of its own (本机数据库是单位 " + held.officeCode() + " 的记录，注册码属于单位 "
                    + offered.officeCode() + "，本机未做任何更改)", held.officeCode(), offered.officeCode());
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
