package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 17: marketing segments over the bench's contacts. (a) A dynamic segment ({@code country eq 'Germany'}, a
 * fifth of the contacts) created: seconds until its full re-evaluation by SQL has every match in it. (b) 20 dynamic
 * segments defined (one reaching the account), then {@code -Dbench.segmentChanges} contact updates (default 2,000)
 * that each move a contact in or out of them, sent by one client back to back or at {@code -Dbench.segmentChangeRate}
 * a second: the outbox consumer's drain time after the last update, its whole time divided by the changes, an upper
 * bound of its cost per change (it ran while the updates were sent), and the server's own timing of the upkeep per
 * change (median, 95th percentile, longest). Back to back, the client, the server and the database share 2 cores, and
 * the timing includes the upkeep's waits for a core; at a steady rate it is what a change costs on a busy system.
 */
final class MarketingScenario implements Scenario {
    static final String NAME = "17 marketing";
    private static final int SEGMENTS = 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("marketing", m);
        context.send(context.request("/api/v1/admin/capabilities/rapport-marketing").POST(HttpRequest.BodyPublishers.noBody()).build());
        Awaits.await(() -> context.get("/api/v1/metadata/segment").statusCode() == 200, Duration.ofMinutes(2));

        String germany = "country eq 'Germany'";
        long expected = preview(context, germany, null);
        long start = System.nanoTime();
        String segment = createSegment(context, "Bench Germany", germany, null);
        Awaits.await(() -> members(context, segment) >= expected, Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        m.put("evaluationContacts", expected);
        m.put("evaluationSeconds", Figures.round(seconds));
        results.row(NAME, String.format("full evaluation of a dynamic segment (%,d of the contacts match)", expected),
                String.format("%.1f s", seconds), String.format("%,.0f members/s, from the POST until all are in", expected / seconds));
        historyPage(context, results, m, segment, expected);

        List<String> ids = new ArrayList<>();
        List<String> filters = new ArrayList<>(List.of("country eq 'France'", "country in ('Spain','Italy')", "email notempty and country eq 'Germany'",
                "lastName sw 'A'", "lastName sw 'B' and country ne 'Germany'", "title eq 'Engineer'", "department eq 'Marketing'"));
        while (filters.size() < SEGMENTS - 2) {
            filters.add("city eq 'Bench city " + filters.size() + "'");
        }
        for (int i = 0; i < filters.size(); i++) {
            ids.add(createSegment(context, "Bench " + i, filters.get(i), null));
        }
        ids.add(createSegment(context, "Bench customers in Germany", germany, "accountType eq 'Customer'"));
        for (String id : ids) {
            Awaits.await(() -> evaluated(context, id), Duration.ofMinutes(30));
        }

        int changes = Integer.getInteger("bench.segmentChanges", 2000);
        int rate = Integer.getInteger("bench.segmentChangeRate", 0);
        JsonNode page = context.getJson("/api/v1/contacts?limit=" + Math.min(changes, 1000) + "&filter=" + BenchContext.urlEncode(germany));
        List<JsonNode> contacts = new ArrayList<>();
        page.path("items").forEach(contacts::add);
        long changeStart = System.nanoTime();
        int sent = 0;
        for (int round = 0; sent < changes; round++) {
            for (int i = 0; i < contacts.size() && sent < changes; i++, sent++) {
                if (rate > 0) {
                    long due = changeStart + sent * 1_000_000_000L / rate;
                    Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                }
                JsonNode c = contacts.get(i);
                String country = round % 2 == 0 ? "Austria" : "Germany";
                HttpResponse<String> r = context.send(context.request("/api/v1/contacts/" + c.path("id").asText()).header("Content-Type", "application/json")
                        .header("If-Match", "\"" + (c.path("version").asLong() + round) + "\"")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"country\":\"" + country + "\"}")).build());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("update refused: " + r.statusCode() + " " + r.body());
                }
            }
        }
        long sentAt = System.nanoTime();
        long finalCount = preview(context, germany, null);
        Awaits.await(() -> members(context, segment) == finalCount, Duration.ofMinutes(10));
        long doneAt = System.nanoTime();
        double drainMs = (doneAt - sentAt) / 1e6;
        double perChangeMs = (doneAt - changeStart) / 1e6 / changes;
        m.put("segments", SEGMENTS + 1);
        m.put("changes", changes);
        m.put("drainAfterLastUpdateMs", Figures.round(drainMs));
        m.put("wallMsPerChangeUpperBound", Figures.round(perChangeMs));
        String pace = rate > 0 ? String.format("at %d a second", rate) : "back to back";
        m.put("changesPerSecond", rate);
        results.row(NAME, String.format("%,d contact updates with %d dynamic segments, 1 client, %s", changes, SEGMENTS + 1, pace),
                String.format("%.2f ms/change (upper bound)", perChangeMs), String.format("consumer caught up %.0f ms after the last update", drainMs));
        JsonNode upkeep = context.getJson("/api/v1/marketing/segment-upkeep");
        m.put("upkeep", upkeep);
        results.row(NAME, String.format("upkeep per contact change, %d dynamic segments, updates %s (server's timing of the latest %,d)",
                SEGMENTS + 1, pace, upkeep.path("latest").asLong()), String.format("p95 %.2f ms", upkeep.path("p95Millis").asDouble()),
                String.format("p50 %.2f ms, max %.2f ms", upkeep.path("p50Millis").asDouble(), upkeep.path("maxMillis").asDouble()));
    }

    /** The first page of the segment's history, newest first, read 21 times. */
    private static void historyPage(BenchContext context, Results results, Map<String, Object> m, String segment, long entries) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long start = System.nanoTime();
            int status = context.get("/api/v1/segments/" + segment + "/members/history?limit=50").statusCode();
            micros.add((System.nanoTime() - start) / 1000);
            if (status != 200) {
                throw new IllegalStateException("history page answered " + status);
            }
        }
        Collections.sort(micros);
        double p50 = Awaits.percentile(micros, 0.5) / 1000.0;
        m.put("historyFirstPageMs", Figures.round(p50));
        results.row(NAME, String.format("segment history, first page of 50 (%,d entries, 21 reads)", entries), String.format("p50 %.1f ms", p50),
                String.format("max %.1f ms", micros.get(micros.size() - 1) / 1000.0));
    }

    static String createSegment(BenchContext context, String name, String filter, String accountFilter) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "filter", filter));
        if (accountFilter != null) {
            body.put("accountFilter", accountFilter);
        }
        HttpResponse<String> r = context.send(context.request("/api/v1/segments").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(body))).build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("segment not created: " + r.statusCode() + " " + r.body());
        }
        return context.json().readTree(r.body()).path("id").asText();
    }

    static long preview(BenchContext context, String filter, String accountFilter) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filter", filter);
        body.put("accountFilter", accountFilter);
        HttpResponse<String> r = context.send(context.request("/api/v1/marketing/segment-preview").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(body))).build());
        return context.json().readTree(r.body()).path("count").asLong();
    }

    static long members(BenchContext context, String segment) throws Exception {
        return context.getJson("/api/v1/segments/" + segment + "/members?limit=1").path("count").asLong();
    }

    private static boolean evaluated(BenchContext context, String segment) throws Exception {
        JsonNode s = context.getJson("/api/v1/segments/" + segment);
        return members(context, segment) == preview(context, s.path("filter").asText(null), s.path("accountFilter").asText(null));
    }
}
