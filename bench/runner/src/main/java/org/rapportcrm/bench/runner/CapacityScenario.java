package org.rapportcrm.bench.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: what many clients get. For each of {@code bench.capacityClients} (100, 200, 500), as many clients send
 * back to back a mix of reads by id and first list pages in every offered order, and wait as told when answered 503
 * with Retry-After: answered requests per second, their latency, every answer by status, the server's threads and RSS
 * at most, and the machine's load average (2 cores: the bench's clients compete with the server for them).
 */
final class CapacityScenario implements Scenario {
    static final String NAME = "7 capacity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        List<String> ids = context.sampledIds();
        if (ids.isEmpty()) {
            throw new IllegalStateException("no contact ids sampled: run scenario 3 too");
        }
        List<String> orders = context.sortableContactFields();
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("capacity", m);
        for (int clients : context.options().capacityClients()) {
            String before = ScenarioRunner.loadAverage();
            String phase = NAME + ", " + clients + " clients";
            context.rss().phase(phase);
            Load.Result r = context.load("capacity-" + clients, new Load.Settings(clients, context.options().warmup(),
                    context.options().duration(), 200, true), (client, n, random) -> context.request(n % 2 == 0
                            ? "/api/v1/contacts/" + ids.get(random.nextInt(ids.size()))
                            : "/api/v1/contacts?limit=" + ListOrdersScenario.PAGE + "&sort=" + (random.nextBoolean() ? "-" : "")
                                    + orders.get(random.nextInt(orders.size()))).GET().build());
            String after = ScenarioRunner.loadAverage();
            Map<String, Object> entry = new LinkedHashMap<>(r.toMap());
            int maxThreads = context.rss().maxThreads(phase);
            entry.put("serverThreadsMax", maxThreads);
            entry.put("serverRssMaxMb", context.rss().maxMb(phase));
            entry.put("loadAverageBefore", before);
            entry.put("loadAverageAfter", after);
            m.put(clients + " clients", entry);
            results.row(NAME, clients + " clients: answered", String.format("%,.0f req/s", r.perSecond()),
                    r.latencySummary() + String.format(" (max %.0f ms)", r.max()));
            results.row(NAME, clients + " clients: answers by status", String.valueOf(r.statuses()), "server threads up to " + maxThreads
                    + ", RSS up to " + context.rss().maxMb(phase) + " MB; load average " + before + " / " + after);
        }
    }
}
