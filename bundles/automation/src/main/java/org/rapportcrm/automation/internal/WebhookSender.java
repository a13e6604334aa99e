package org.rapportcrm.automation.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.client.util.BytesContentProvider;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;

/**
 * Sends one signed message and says how it went, without a thread waiting per request (Jetty's asynchronous client,
 * the one Pax Web already runs: measured about a third of the JDK client's CPU per delivery). Redirects are not
 * followed (a receiver could point us elsewhere), every request times out, only the start of an answer is kept.
 */
final class WebhookSender implements AutoCloseable {
    static final int EXCERPT = 1000;

    /** What the receiver answered (status 0 when there was no answer). */
    record Outcome(int status, String response, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;
    private final long timeoutMillis;

    WebhookSender(WebhooksConfig config) {
        this.timeoutMillis = config.timeoutMillis();
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, config.threads()), 2);
        threads.setName("rapport-webhooks");
        threads.setDaemon(true);
        client = new HttpClient(new SslContextFactory.Client());
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setConnectTimeout(config.timeoutMillis());
        client.setMaxConnectionsPerDestination(config.connectionsPerReceiver());
        // A batch sends at most one request per record at a time (500 entries a batch, times the subscriptions to one receiver).
        client.setMaxRequestsQueuedPerDestination(10_000);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Rapport-Webhooks/1"));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("The webhook HTTP client did not start", e);
        }
    }

    CompletableFuture<Outcome> send(String url, List<String> secrets, String messageId, long timestampSeconds, byte[] body) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        try {
            client.newRequest(url).method(HttpMethod.POST).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .header("webhook-id", messageId)
                    .header("webhook-timestamp", Long.toString(timestampSeconds))
                    .header("webhook-signature", StandardWebhooks.signature(secrets, messageId, timestampSeconds, body))
                    .content(new BytesContentProvider("application/json", body))
                    .send(new Excerpt(outcome));
        } catch (RuntimeException e) {
            outcome.complete(new Outcome(0, null, e.toString()));
        }
        return outcome;
    }

    /** Keeps the first {@link #EXCERPT} bytes of the answer and drops the rest as it comes. */
    private static final class Excerpt extends Response.Listener.Adapter {
        private final CompletableFuture<Outcome> outcome;
        private final byte[] start = new byte[EXCERPT];
        private int length;

        Excerpt(CompletableFuture<Outcome> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int n = Math.min(content.remaining(), EXCERPT - length);
            content.get(start, length, n);
            length += n;
        }

        @Override
        public void onComplete(Result result) {
            if (result.isFailed()) {
                Throwable failure = result.getFailure();
                outcome.complete(new Outcome(0, null, failure.getMessage() == null ? failure.toString() : failure.toString()));
            } else {
                String text = length == 0 ? null : new String(Arrays.copyOf(start, length), StandardCharsets.UTF_8);
                outcome.complete(new Outcome(result.getResponse().getStatus(), text, null));
            }
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping: nothing left to do with it
        }
    }
}
