package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 10: webhooks from the durable outbox to a receiver on this machine. Installs the automation capability,
 * subscribes a local receiver to accounts, then (a) creates accounts with 8 clients and measures, per delivery, the
 * time from the change (the entry's timestamp, taken just before the commit) to its arrival; (b) imports a burst of
 * accounts in one request and measures how fast the deliveries drain.
 */
final class WebhookScenario implements Scenario {
    static final String NAME = "11 webhooks";
    private static final int BURST = 5_000;

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
            Load.Result creates = context.load("webhook-creates", 8, 201, (c, n, random) -> context.request("/api/v1/accounts")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Webhook bench " + next.incrementAndGet() + "\"}")).build());
            long made = context.total("/api/v1/accounts?limit=1"); // the creates that succeeded: each is one delivery
            await(() -> received.get() >= made, Duration.ofMinutes(5));
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("creates", creates.toMap());
            m.put("commitToDeliveryP50Ms", percentile(sorted, 0.50));
            m.put("commitToDeliveryP95Ms", percentile(sorted, 0.95));
            results.put("webhooks", m);
            results.row(NAME, "POST /accounts, 8 clients, each change delivered to a local receiver",
                    String.format("%,.0f records/s", creates.perSecond()), creates.latencySummary() + creates.errorSuffix());
            results.row(NAME, "commit to delivery (" + sorted.size() + " deliveries)", "p95 " + percentile(sorted, 0.95) + " ms",
                    "p50 " + percentile(sorted, 0.50) + " ms, max " + (sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)) + " ms");

            long before = received.get();
            StringBuilder csv = new StringBuilder("name\n");
            for (int i = 0; i < BURST; i++) {
                csv.append("Burst ").append(i).append('\n');
            }
            long start = System.nanoTime();
            context.send(context.request("/api/v1/accounts/bulk").header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build());
            long imported = System.nanoTime();
            await(() -> received.get() >= before + BURST, Duration.ofMinutes(10));
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
