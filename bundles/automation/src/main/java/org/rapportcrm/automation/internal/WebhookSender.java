package org.rapportcrm.automation.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one signed message and says how it went. Redirects are not followed (a receiver could point us elsewhere),
 * every request times out, and the destination is checked again when sending, since a name may resolve differently
 * now than when the subscription was saved.
 */
final class WebhookSender {
    static final int EXCERPT = 1000;

    /** What the receiver answered (status 0 when there was no answer). */
    record Outcome(int status, String response, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;
    private final WebhooksConfig config;

    WebhookSender(WebhooksConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(config.timeoutMillis())).build();
    }

    CompletableFuture<Outcome> send(String url, List<String> secrets, String messageId, long timestampSeconds, byte[] body) {
        String refusal = Destinations.refusal(url, config.allowPrivateAddresses());
        if (refusal != null) {
            return CompletableFuture.completedFuture(new Outcome(0, null, "The URL " + refusal));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(config.timeoutMillis()))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Rapport-Webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSigner.signature(secrets, messageId, timestampSeconds, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(response -> new Outcome(response.statusCode(), excerpt(response.body()), null))
                .exceptionally(e -> new Outcome(0, null, String.valueOf(e.getCause() == null ? e : e.getCause())));
    }

    /** The start of the answer, never the whole of a large one. */
    private static String excerpt(InputStream in) {
        try (in) {
            byte[] start = in.readNBytes(EXCERPT);
            return new String(start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
