package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scenario 9: an administrator makes a custom text field of every contact indexed, then searchable
 * ({@code PATCH /metadata/contact/fields/{field}}), while one client keeps creating contacts. It measures how long each
 * build takes until the field is READY, and what the writes got meanwhile: how many completed, their median and
 * slowest latency (on Derby a build holds the table, on PostgreSQL it must not).
 */
final class FieldIndexScenario implements Scenario {
    static final String NAME = "9 field-index";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        String field = "benchRegion" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        HttpResponse<String> added = context.send(context.request("/api/v1/metadata/contact/fields").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiName\":\"" + field + "\",\"type\":\"TEXT\"}")).build());
        expect(201, added);
        Stopwatch fill = Stopwatch.start();
        HttpResponse<String> copied = context.send(context.request("/api/v1/bench-probe/copy-column?from=city&to=" + field)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        expect(200, copied);
        long rows = JSON.readTree(copied.body()).path("rows").asLong();
        results.row(NAME, "custom field filled (setup)", String.format("%,d rows", rows), String.format("one UPDATE copying city, %.1f s",
                fill.seconds()));

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", rows);
        figures.put("indexed", build(context, results, field, "indexed", "indexState"));
        figures.put("searchable", build(context, results, field, "searchable", "searchState"));
        results.put("fieldIndex", figures);
    }

    /** Switches {@code property} on and waits for READY, with a client creating contacts all along. */
    private static Map<String, Object> build(BenchContext context, Results results, String field, String property, String state)
            throws Exception {
        List<double[]> writes = new CopyOnWriteArrayList<>(); // {start seconds, latency ms}
        AtomicBoolean writing = new AtomicBoolean(true);
        Stopwatch clock = Stopwatch.start();
        Thread writer = new Thread(() -> {
            int n = 0;
            while (writing.get()) {
                double start = clock.seconds();
                try {
                    HttpResponse<String> r = context.send(context.request("/api/v1/contacts").header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\":\"Writer " + n++ + "\",\"city\":\"Bremen\"}")).build());
                    if (r.statusCode() == 201) {
                        writes.add(new double[] {start, (clock.seconds() - start) * 1000});
                    }
                } catch (Exception e) {
                    return;
                }
            }
        }, "bench-field-index-writer");
        writer.start();
        TimeUnit.SECONDS.sleep(2); // writes before the switch, for comparison
        double switchedAt = clock.seconds();
        HttpResponse<String> switched = context.send(context.request("/api/v1/metadata/contact/fields/" + field)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"" + property + "\":true}")).build());
        double answeredMs = (clock.seconds() - switchedAt) * 1000;
        expect(200, switched);
        double readyAt = -1;
        while (clock.seconds() - switchedAt < BUILD_LIMIT.toSeconds()) {
            if ("READY".equals(fieldOf(context.getJson("/api/v1/metadata/contact"), field).path(state).asText())) {
                readyAt = clock.seconds();
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        writing.set(false);
        writer.join(TimeUnit.MINUTES.toMillis(5));
        if (readyAt < 0) {
            throw new IllegalStateException(property + " was not READY within " + BUILD_LIMIT);
        }
        double end = readyAt;
        List<Double> during = new ArrayList<>(writes.stream().filter(w -> w[0] >= switchedAt && w[0] < end).map(w -> w[1]).toList());
        List<Double> before = new ArrayList<>(writes.stream().filter(w -> w[0] < switchedAt).map(w -> w[1]).toList());
        Collections.sort(during);
        Collections.sort(before);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("switchAnsweredMillis", Figures.round(answeredMs));
        m.put("buildSeconds", Figures.round(readyAt - switchedAt));
        m.put("writesDuring", during.size());
        m.put("writeP50MillisDuring", during.isEmpty() ? null : Figures.round(during.get(during.size() / 2)));
        m.put("writeMaxMillisDuring", during.isEmpty() ? null : Figures.round(during.get(during.size() - 1)));
        m.put("writeP50MillisBefore", before.isEmpty() ? null : Figures.round(before.get(before.size() / 2)));
        results.row(NAME, "PATCH " + property + " -> READY", String.format("%.1f s", readyAt - switchedAt), String.format(
                "PATCH answered in %.0f ms; %d creates completed meanwhile (1 client), p50 %s / max %s ms (before: p50 %s ms)",
                answeredMs, during.size(), m.get("writeP50MillisDuring"), m.get("writeMaxMillisDuring"), m.get("writeP50MillisBefore")));
        return m;
    }

    private static JsonNode fieldOf(JsonNode type, String field) {
        for (JsonNode f : type.path("fields")) {
            if (f.path("apiName").asText().equals(field)) {
                return f;
            }
        }
        throw new IllegalStateException("contact has no field " + field);
    }

    private static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
