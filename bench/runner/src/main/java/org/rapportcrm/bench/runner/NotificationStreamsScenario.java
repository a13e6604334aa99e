package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 15: live notifications. Installs the collaboration capability, signs {@code bench.streamUsers} users (100)
 * in to {@code bench.streams} open event streams (1,000, spread evenly), then posts a burst of mentions of their team on
 * an account: each post stores one notification per member and pushes it to every stream of that member. Measures, per
 * event received, the time from the notification's storing (its {@code createdAt}, on the server's clock, the same
 * machine) to its arrival; the server's RSS and threads with the streams open and idle, and after the burst.
 */
final class NotificationStreamsScenario implements Scenario {
    static final String NAME = "15 notification streams";
    private static final String PASSWORD = "bench-stream-password";
    private static final int POSTS = 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        int streams = Integer.getInteger("bench.streams", 1000);
        int users = Math.min(streams, Integer.getInteger("bench.streamUsers", 100));
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("notificationStreams", m);
        context.send(context.request("/api/v1/admin/capabilities/rapport-collaboration").POST(HttpRequest.BodyPublishers.noBody()).build());
        WebhookScenario.await(() -> context.get("/api/v1/notifications/count").statusCode() == 200, Duration.ofMinutes(2));

        String suffix = Long.toString(System.nanoTime(), 36);
        String team = context.json().readTree(post(context, "/api/v1/teams", Map.of("name", "Bench streams " + suffix)).body()).path("id").asText();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String name = "stream" + i + "-" + suffix;
            HttpResponse<String> r = post(context, "/api/v1/users", Map.of("userName", name, "displayName", name, "password", PASSWORD,
                    "roles", List.of("sales"), "teamIds", List.of(team)));
            if (r.statusCode() != 201) {
                throw new IllegalStateException("user not created: " + r.body());
            }
            names.add(name);
        }
        String account = context.json().readTree(post(context, "/api/v1/accounts", Map.of("name", "Stream bench " + suffix)).body()).path("id").asText();
        int threadsBefore = context.server().threads();
        double rssBefore = context.server().rssMb();

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong opened = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<CompletableFuture<HttpResponse<Void>>> open = new ArrayList<>();
        long connectStart = System.nanoTime();
        // Each user's first stream alone: its password is checked once (sign-in hashes at most one password per core at
        // a time and answers 503 beyond); the platform then reuses that success for the user's other streams.
        for (int i = 0; i < streams; i++) {
            open.add(openStream(context, http, names.get(i % users), latencies, opened, refused));
            if (i < users) {
                long want = i + 1;
                WebhookScenario.await(() -> opened.get() + refused.get() >= want, Duration.ofMinutes(1));
            }
        }
        WebhookScenario.await(() -> opened.get() + refused.get() >= streams, Duration.ofMinutes(3));
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " of " + streams + " streams were refused");
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
        int threadsOpen = context.server().threads();
        double rssOpen = context.server().rssMb();

        String mention = "@[Bench streams](team:" + team + ")";
        long burstStart = System.nanoTime();
        for (int i = 0; i < POSTS; i++) {
            HttpResponse<String> r = post(context, "/api/v1/accounts/" + account + "/feed", Map.of("text", "Burst " + i + " for " + mention));
            if (r.statusCode() != 201) {
                throw new IllegalStateException("post refused: " + r.body());
            }
        }
        double postSeconds = (System.nanoTime() - burstStart) / 1e9;
        long expected = (long) POSTS * streams;
        try {
            WebhookScenario.await(() -> latencies.size() >= expected, Duration.ofMinutes(5));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(latencies.size() + " of " + expected + " events received", e);
        }
        double drainSeconds = (System.nanoTime() - burstStart) / 1e9;
        int threadsAfter = context.server().threads();
        double rssAfter = context.server().rssMb();
        open.forEach(f -> f.cancel(true));

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        m.put("streams", streams);
        m.put("users", users);
        m.put("posts", POSTS);
        m.put("notificationsStored", (long) POSTS * users);
        m.put("eventsReceived", sorted.size());
        m.put("connectSeconds", Figures.round(connectSeconds));
        m.put("storeToReceiptP50Ms", WebhookScenario.percentile(sorted, 0.50));
        m.put("storeToReceiptP95Ms", WebhookScenario.percentile(sorted, 0.95));
        m.put("storeToReceiptMaxMs", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        m.put("rssMb", Map.of("before", Figures.round(rssBefore), "streamsOpen", Figures.round(rssOpen), "afterBurst", Figures.round(rssAfter)));
        m.put("threads", Map.of("before", threadsBefore, "streamsOpen", threadsOpen, "afterBurst", threadsAfter));
        results.row(NAME, String.format("%,d streams of %d users opened", streams, users), Figures.oneDecimal(connectSeconds) + " s",
                String.format("RSS %.0f -> %.0f MB, threads %d -> %d", rssBefore, rssOpen, threadsBefore, threadsOpen));
        results.row(NAME, String.format("burst: %d posts mentioning the team, %,d notifications stored, %,d events received", POSTS,
                (long) POSTS * users, sorted.size()), "p95 " + WebhookScenario.percentile(sorted, 0.95) + " ms",
                String.format("store to receipt p50 %d ms, max %d ms; posts took %.1f s, all received after %.1f s; RSS %.0f MB, threads %d after",
                        WebhookScenario.percentile(sorted, 0.50), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), postSeconds, drainSeconds, rssAfter, threadsAfter));
    }

    private static CompletableFuture<HttpResponse<Void>> openStream(BenchContext context, HttpClient http, String user,
            ConcurrentLinkedQueue<Long> latencies, AtomicLong opened, AtomicLong refused) {
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(context.server().baseUrl + "/api/v1/notifications/stream"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream").build();
        return http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                refused.incrementAndGet();
                return HttpResponse.BodySubscribers.discarding();
            }
            opened.incrementAndGet();
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Receiver(context, latencies));
        });
    }

    /** Reads one stream and takes the latency of each notification event. */
    private static final class Receiver implements Flow.Subscriber<String> {
        private final BenchContext context;
        private final ConcurrentLinkedQueue<Long> latencies;

        Receiver(BenchContext context, ConcurrentLinkedQueue<Long> latencies) {
            this.context = context;
            this.latencies = latencies;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data: ")) {
                long now = System.currentTimeMillis();
                try {
                    JsonNode n = context.json().readTree(line.substring(6));
                    latencies.add(now - Instant.parse(n.path("createdAt").asText()).toEpochMilli());
                } catch (Exception e) {
                    // not a notification
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // cancelled at the end
        }

        @Override
        public void onComplete() {
            // the server ended the stream
        }
    }

    private static HttpResponse<String> post(BenchContext context, String path, Object body) throws Exception {
        return context.send(context.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(body))).build());
    }
}
