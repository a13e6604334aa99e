package org.rapportcrm.bench.runner;

import static org.rapportcrm.bench.runner.BenchContext.urlEncode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scenario 4: the global search, one client, with a rotation of name and e-mail fragments. */
final class SearchScenario implements Scenario {
    static final String NAME = "4 search";
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
    }
}
