package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rapportcrm.social.fake.MastodonFake;

/**
 * Scenario 20: social ingest from a Mastodon stream (the fake of the social bundle's tests, speaking Mastodon's
 * streaming API, in the bench's JVM). (a) 20 single mentions, one at a time: milliseconds from the mention until the
 * post is listed by the API (the inbox's query: inbound posts, newest first), polled back to back. (b) {@code -Dbench.socialPosts} mentions
 * (default 10,000; pass it in {@code -Dbench.clientJavaOpts}) from 500 authors pushed as fast as the stream takes them:
 * posts per second from the first mention until the last is stored, each deduplicated, scored (language and
 * sentiment) and its author matched or profiled.
 */
final class SocialScenario implements Scenario {
    static final String NAME = "20 social";
    private static final List<String> TEXTS = List.of("Thanks for the quick help yesterday, the new dashboard is great!",
            "My invoice is wrong again and nobody answers. Terrible.", "What is your pricing for a team of 20?",
            "Is the office open on public holidays?", "Der neue Export ist super, vielen Dank für die schnelle Hilfe!",
            "The app keeps crashing since the update, please fix it soon.", "Love the new mobile view, great job everyone!");

    private static final String TIMINGS = "/api/v1/social/ingest-timings";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("social", m);
        context.send(context.request("/api/v1/admin/capabilities/rapport-social").POST(HttpRequest.BodyPublishers.noBody()).build());
        Awaits.await(() -> context.get("/api/v1/metadata/socialPost").statusCode() == 200, Duration.ofMinutes(2));
        try (MastodonFake mastodon = new MastodonFake("bench-token")) {
            String body = "{\"name\":\"Bench Mastodon\",\"network\":\"mastodon\",\"baseUrl\":\"" + mastodon.baseUrl()
                    + "\",\"accessToken\":\"bench-token\",\"enabled\":true}";
            int status = context.send(context.request("/api/v1/socialChannels").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode();
            if (status != 201) {
                throw new IllegalStateException("channel refused: " + status);
            }
            Awaits.await(() -> mastodon.openStreams() == 1, Duration.ofMinutes(2));
            // The inbox's list: inbound posts, newest first (it polls 20 times a second during the burst).
            String list = "/api/v1/socialPosts?limit=1&sort=-postedAt&filter=" + BenchContext.urlEncode("direction eq 'Inbound'");

            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long expected = context.total(list) + 1;
                long start = System.nanoTime();
                mastodon.mention("single" + i + "@bench.example", "Single " + i, TEXTS.get(i % TEXTS.size()));
                while (context.total(list) < expected) {
                    Thread.onSpinWait();
                }
                latencies.add((System.nanoTime() - start) / 1_000_000);
            }
            Collections.sort(latencies);
            m.put("arrivalMillisMedian", latencies.get(latencies.size() / 2));
            m.put("arrivalMillisMax", latencies.get(latencies.size() - 1));
            results.row(NAME, "mention to post listed by the API (20, one at a time)", latencies.get(latencies.size() / 2) + " ms median",
                    "max " + latencies.get(latencies.size() - 1) + " ms");

            int posts = Integer.getInteger("bench.socialPosts", 10_000);
            JsonNode timingsBefore = context.getJson(TIMINGS);
            long before = context.total(list);
            Optional<Duration> cpuBefore = context.server().cpuTime();
            MachineCpu machineBefore = MachineCpu.now();
            long start = System.nanoTime();
            for (int i = 0; i < posts; i++) {
                mastodon.mention("fan" + (i % 500) + "@bench.example", "Fan " + (i % 500), TEXTS.get(i % TEXTS.size()) + " #" + i);
            }
            double pushed = (System.nanoTime() - start) / 1e9;
            Awaits.await(() -> context.total(list) >= before + posts, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            double machineBusy = MachineCpu.now().busyPercentSince(machineBefore);
            Optional<Duration> cpuAfter = context.server().cpuTime();
            m.put("ingestPosts", posts);
            m.put("ingestSeconds", Figures.round(seconds));
            m.put("ingestPostsPerSecond", Math.round(posts / seconds));
            results.row(NAME, String.format("ingest of %,d streamed mentions (dedup, language, sentiment, profile)", posts),
                    String.format("%,.0f posts/s", posts / seconds), String.format("%.1f s in all; the stream took them in %.1f s", seconds, pushed));
            if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
                // CPU per post is what the code costs whatever else runs on the machine; posts/s also depends on that.
                double serverCpuMillis = cpuAfter.get().minus(cpuBefore.get()).toNanos() / 1e6;
                m.put("ingestServerCpuMicrosPerPost", Math.round(serverCpuMillis * 1000 / posts));
                m.put("ingestMachineBusyPercent", Figures.round(machineBusy));
                results.row(NAME, "server CPU per post during the burst (all threads: ingest, search index, the bench's polls)",
                        String.format("%,.0f µs", serverCpuMillis * 1000 / posts),
                        String.format("the machine's cores were %.0f%% busy (everything on it)", machineBusy));
            }
            whereTheTimeWent(timingsBefore, context.getJson(TIMINGS), seconds, m, results);
        }
    }

    /**
     * The server's own account of the burst: the batches the stream's posts came in, and the time each step of the
     * ingest took per post (wall time on the channel's thread: "scoring" before the transaction, "transaction" holds the
     * steps from dedup on and the commit; language and sentiment are summed over the threads that score; "cpu" is the
     * CPU time of the threads that ingest, however long they waited for a core or the disk).
     */
    private static void whereTheTimeWent(JsonNode before, JsonNode after, double seconds, Map<String, Object> m, Results results) {
        long posts = after.path("posts").asLong() - before.path("posts").asLong();
        long batches = after.path("batches").asLong() - before.path("batches").asLong();
        if (posts <= 0 || batches <= 0) {
            return;
        }
        Map<String, Object> perPost = new LinkedHashMap<>();
        StringBuilder steps = new StringBuilder();
        after.path("micros").fieldNames().forEachRemaining(step -> {
            double micros = (after.path("micros").path(step).asLong() - before.path("micros").path(step).asLong()) / (double) posts;
            perPost.put(step, Figures.round(micros));
            steps.append(steps.length() == 0 ? "" : ", ").append(step).append(' ').append(Math.round(micros));
        });
        long inIngest = 0;
        for (String step : List.of("scoring", "transaction", "events")) { // scoring: before the transaction (absent before it was)
            inIngest += after.path("micros").path(step).asLong() - before.path("micros").path(step).asLong();
        }
        m.put("ingestBatches", batches);
        m.put("ingestMicrosPerPost", perPost);
        results.row(NAME, "batches the burst was stored in", String.format("%,d", batches), String.format("%.1f posts per batch on average", posts / (double) batches));
        results.row(NAME, "ingest time per post by step (µs)", steps.toString(),
                String.format("the ingest was busy %.0f%% of the burst's %.1f s", inIngest / 1e4 / seconds, seconds));
    }
}
