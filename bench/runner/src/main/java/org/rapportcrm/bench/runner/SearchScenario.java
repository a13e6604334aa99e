package org.rapportcrm.bench.runner;

import static org.rapportcrm.bench.runner.BenchContext.urlEncode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 4: the global search, one client, with a rotation of name and e-mail fragments; then how soon a new
 * contact is found by it (the index learns of records from their change events).
 */
final class SearchScenario implements Scenario {
    static final String NAME = "4 search";
    private static final int FRESHNESS_SAMPLES = 20;
    private static final List<String> FRAGMENTS = List.of("schm", "anna", "weber", "lars", "anna schm", "mül", "sofia.k", "gar");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Load.Result r = context.load("search", 1, 200, (c, n, random) ->
                context.request("/api/v1/search?q=" + urlEncode(FRAGMENTS.get((int) (n % FRAGMENTS.size())))).GET().build());
        Map<String, Object> m = new LinkedHashMap<>(r.toMap());
        m.put("queries", FRAGMENTS);
        results.put("search", m);
        results.row(NAME, "GET /search?q= (1 client)", r.latencySummary(), String.format("%,.1f req/s over %d queries; q rotates %s%s",
                r.perSecond(), r.requests(), FRAGMENTS, r.errorSuffix()));

        List<Double> delays = new ArrayList<>();
        for (int i = 0; i < FRESHNESS_SAMPLES; i++) {
            delays.add(millisUntilFound(context, "Fresh" + Long.toString(System.nanoTime(), 36)));
        }
        Collections.sort(delays);
        double p50 = delays.get(delays.size() / 2);
        double max = delays.get(delays.size() - 1);
        m.put("createdToFoundMillis", Map.of("p50", Figures.round(p50), "max", Figures.round(max), "samples", delays.size()));
        results.row(NAME, "new contact found by /search after", String.format("p50 %.1f / max %.1f ms", p50, max),
                FRESHNESS_SAMPLES + " contacts, each searched for every 5 ms from its 201 on");
    }

    /** Creates a contact named {@code name} and searches for it until it is found. */
    private static double millisUntilFound(BenchContext context, String name) throws Exception {
        HttpResponse<String> created = context.send(context.request("/api/v1/contacts").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\":\"" + name + "\"}")).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating a contact answered " + created.statusCode() + ": " + created.body());
        }
        Stopwatch watch = Stopwatch.start();
        while (watch.isWithin(Duration.ofSeconds(30))) {
            if (context.get("/api/v1/search?q=" + urlEncode(name.toLowerCase(Locale.ROOT))).body().contains(name)) {
                return watch.seconds() * 1000;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new IllegalStateException("contact " + name + " not found by /search within 30 s");
    }
}
