package org.rapportcrm.bench.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 7: what many clients get. For each of {@code bench.capacityClients} (100, 200, 500), as many clients send
 * back to back a mix of reads by id and first list pages in every offered order, and wait as told when answered 503
 * with Retry-After: answered requests per second, their latency, every answer by status, the server's threads at most,
 * and the machine's load average (2 cores: the bench's clients compete with the server for them).
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
            AtomicInteger maxThreads = new AtomicInteger(context.server().threads());
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxThreads.accumulateAndGet(context.server().threads(), Math::max);
                    try {
                        TimeUnit.MILLISECONDS.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-threads");
            sampler.setDaemon(true);
            sampler.start();
            Load.Result r;
            try {
                r = context.load("capacity-" + clients, new Load.Settings(clients, context.options().warmup(), context.options().duration(), 200, true),
                        (client, n, random) -> context.request(n % 2 == 0
                                ? "/api/v1/contacts/" + ids.get(random.nextInt(ids.size()))
                                : "/api/v1/contacts?limit=" + ListOrdersScenario.PAGE + "&sort=" + (random.nextBoolean() ? "-" : "")
                                        + orders.get(random.nextInt(orders.size()))).GET().build());
            } finally {
                sampler.interrupt();
            }
            String after = ScenarioRunner.loadAverage();
            Map<String, Object> entry = new LinkedHashMap<>(r.toMap());
            entry.put("serverThreadsMax", maxThreads.get());
            entry.put("loadAverageBefore", before);
            entry.put("loadAverageAfter", after);
            m.put(clients + " clients", entry);
            results.row(NAME, clients + " clients: answered", String.format("%,.0f req/s", r.perSecond()),
                    r.latencySummary() + String.format(" (max %.0f ms)", r.max()));
            results.row(NAME, clients + " clients: answers by status", String.valueOf(r.statuses()),
                    "server threads up to " + maxThreads.get() + "; load average " + before + " / " + after);
        }
    }

}
