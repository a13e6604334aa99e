package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 11: webhooks from the durable outbox to a receiver on this machine. Installs the automation capability,
 * subscribes a local receiver to accounts, then measures, per delivery, the time from the change (the entry's
 * timestamp, taken just before the commit) to its arrival (a) with 8 clients creating back to back, which saturates
 * this machine's cores (the bench client and the receiver share them), and (b) at a steady rate of creates, as a busy
 * team makes them; (c) imports a burst of accounts in one request and measures how fast the deliveries drain.
 */
final class WebhookScenario implements Scenario {
    static final String NAME = "11 webhooks";
    private static final int BURST = 5_000;
    /** The steady rate: a busy deployment's writes, well below what this machine saturates at. */
    private static final int STEADY_PER_SECOND = 200;
    private static final Duration STEADY_FOR = Duration.ofSeconds(20);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Files.writeString(context.server().home.resolve("etc/org.rapportcrm.automation.webhooks.cfg"), "allowPrivateAddresses=true\n");
        context.send(context.request("/api/v1/admin/capabilities/rapport-automation").POST(HttpRequest.BodyPublishers.noBody()).build());
        await(() -> context.get("/api/v1/metadata/webhook").statusCode() == 200, Duration.ofMinutes(2));

        AtomicLong received = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.currentTimeMillis();
            try {
                JsonNode message = context.json().readTree(body);
                latencies.add(now - Instant.parse(message.path("timestamp").asText()).toEpochMilli());
            } catch (IOException | RuntimeException e) {
                // counted all the same: the body is the server's, not ours to judge here
            }
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Map<String, Object> subscription = Map.of("name", "bench", "recordTypes", "account",
                    "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            // 422 until the settings file written above has been read (it allows the loopback receiver): try again until then.
            String body = context.json().writeValueAsString(subscription);
            await(() -> context.send(context.request("/api/v1/webhooks").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode() == 201, Duration.ofMinutes(1));

            AtomicLong next = new AtomicLong();
            Map<String, Object> m = new LinkedHashMap<>();
            results.put("webhooks", m);
            Load.Result creates = context.load("webhook-creates", 8, 201, (c, n, random) -> context.request("/api/v1/accounts")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Webhook bench " + next.incrementAndGet() + "\"}")).build());
            // Every create that succeeded is one delivery (the warm-up's included).
            long made = context.total("/api/v1/accounts?limit=1");
            await(() -> received.get() >= made, Duration.ofMinutes(5));
            List<Long> sorted = drain(latencies);
            m.put("creates", creates.toMap());
            m.put("commitToDeliveryP50Ms", percentile(sorted, 0.50));
            m.put("commitToDeliveryP95Ms", percentile(sorted, 0.95));
            results.row(NAME, "POST /accounts, 8 clients, each change delivered to a local receiver",
                    String.format("%,.0f records/s", creates.perSecond()), creates.latencySummary() + creates.errorSuffix());
            results.row(NAME, "commit to delivery, 8 clients back to back (" + sorted.size() + " deliveries)", "p95 " + percentile(sorted, 0.95) + " ms",
                    "p50 " + percentile(sorted, 0.50) + " ms, max " + max(sorted) + " ms; the cores are saturated");

            // After the back-to-back phase, which warmed the server up and whose deliveries have all arrived.
            long before = received.get();
            long sent = steadyCreates(context, next);
            await(() -> received.get() - before >= sent, Duration.ofMinutes(5));
            List<Long> steady = drain(latencies);
            m.put("steadyPerSecond", STEADY_PER_SECOND);
            m.put("steadyCommitToDeliveryP50Ms", percentile(steady, 0.50));
            m.put("steadyCommitToDeliveryP95Ms", percentile(steady, 0.95));
            results.row(NAME, String.format("commit to delivery at a steady %d creates/s (%,d deliveries)", STEADY_PER_SECOND, steady.size()),
                    "p95 " + percentile(steady, 0.95) + " ms", "p50 " + percentile(steady, 0.50) + " ms, max " + max(steady) + " ms");

            long beforeBurst = received.get();
            StringBuilder csv = new StringBuilder("name\n");
            for (int i = 0; i < BURST; i++) {
                csv.append("Burst ").append(i).append('\n');
            }
            long start = System.nanoTime();
            context.send(context.request("/api/v1/accounts/bulk").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build());
            long imported = System.nanoTime();
            await(() -> received.get() >= beforeBurst + BURST, Duration.ofMinutes(10));
            double drainSeconds = (System.nanoTime() - start) / 1e9;
            double perSecond = BURST / drainSeconds;
            m.put("burst", BURST);
            m.put("burstDeliveriesPerSecond", Figures.round(perSecond));
            results.row(NAME, String.format("burst: %,d accounts imported, all delivered", BURST), String.format("%,.0f deliveries/s", perSecond),
                    String.format("%.1f s from the import's start to the last delivery (the import request was answered after %.1f s)", drainSeconds, (imported - start) / 1e9));
        } finally {
            receiver.stop(0);
        }
    }

    /**
     * Creates accounts at {@link #STEADY_PER_SECOND} for {@link #STEADY_FOR}, each sent on schedule whether or not the
     * ones before were answered (an open loop, so a slow answer does not slow the rate); returns how many succeeded.
     */
    private static long steadyCreates(BenchContext context, AtomicLong next) throws Exception {
        long count = STEADY_PER_SECOND * STEADY_FOR.toSeconds();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / STEADY_PER_SECOND;
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            LockSupport.parkNanos(start + i * intervalNanos - System.nanoTime());
            answers.add(client.sendAsync(context.request("/api/v1/accounts").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Webhook steady " + next.incrementAndGet() + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        long created = 0;
        for (var answer : answers) {
            if (answer.get(1, TimeUnit.MINUTES).statusCode() == 201) {
                created++;
            }
        }
        return created;
    }

    /** The latencies collected so far, sorted, and an empty queue for the next phase. */
    private static List<Long> drain(ConcurrentLinkedQueue<Long> latencies) {
        List<Long> sorted = new ArrayList<>();
        for (Long l = latencies.poll(); l != null; l = latencies.poll()) {
            sorted.add(l);
        }
        Collections.sort(sorted);
        return sorted;
    }

    private static long max(List<Long> sorted) {
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    }

    /** The p-quantile of sorted values (0 for none); shared with the other scenarios that time arrivals. */
    static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static void await(Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
