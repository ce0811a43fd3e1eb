package cn.zongzhi.gridmap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks, before any web view is built, whether Google's map script can be reached at all. In a township office
 * the answer is usually no, and a quick no is better than a web view that waits and then fails.
 */
public final class GoogleMapsProbe {
    private final URI scriptUrl;
    private final Duration timeout;

    public GoogleMapsProbe(URI scriptUrl, Duration timeout) {
        this.scriptUrl = scriptUrl;
        this.timeout = timeout;
    }

    /** Null when the script answered; otherwise a short reason (no personal data, no key). Blocks up to the timeout. */
    public String unreachableReason() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(scriptUrl).timeout(timeout)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 500 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
