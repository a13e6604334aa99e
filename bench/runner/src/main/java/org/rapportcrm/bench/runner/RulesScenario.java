package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 12: workflow rules. Creates accounts with 8 clients with no rule, then with 100 active account rules (99
 * whose condition does not hold, one that fires on every new account and sets a field), and compares the writes'
 * latency; then waits for every firing's run and reports the rules' throughput and the time from a record's creation
 * to its rule run's end.
 */
final class RulesScenario implements Scenario {
    static final String NAME = "12 rules";
    private static final int RULES = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        context.send(context.request("/api/v1/admin/capabilities/rapport-automation").POST(HttpRequest.BodyPublishers.noBody()).build());
        Awaits.await(() -> context.get("/api/v1/metadata/workflowRule").statusCode() == 200, Duration.ofMinutes(2));

        AtomicLong next = new AtomicLong();
        Load.Result without = context.load("rules-none", 8, 201, (c, n, random) -> create(context, "No rule " + next.incrementAndGet()));

        String firing = null;
        for (int i = 0; i < RULES; i++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", "Bench rule " + i);
            rule.put("recordType", "account");
            rule.put("trigger", i % 2 == 0 ? "Record created or updated" : "Field changed");
            rule.put("triggerField", i % 2 == 0 ? null : "industry");
            rule.put("condition", i == 0 ? "name sw 'Rule fires'" : "employees gt " + (1_000_000 + i) + " and name sw 'Never'");
            rule.put("actions", "[{\"action\":\"record.update\",\"parameters\":{\"accountType\":\"Customer\"}}]");
            var response = context.send(context.request("/api/v1/workflowRules").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(rule))).build());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("rule not created: " + response.body());
            }
            if (i == 0) {
                firing = context.json().readTree(response.body()).path("id").asText();
            }
        }
        Instant loadStart = Instant.now();
        Load.Result with = context.load("rules-100", 8, 201, (c, n, random) -> create(context, "Rule fires " + next.incrementAndGet()));
        long fired = context.total("/api/v1/accounts?limit=1&filter=" + URLEncoder.encode("name sw 'Rule fires'", StandardCharsets.UTF_8));
        String ruleId = firing;
        String runsOfRule = "/api/v1/workflowRuleRuns?limit=1&filter=" + URLEncoder.encode("rule eq '" + ruleId + "' and status eq 'Done'", StandardCharsets.UTF_8);
        Awaits.await(() -> context.total(runsOfRule) >= fired, Duration.ofMinutes(10));
        double drained = Duration.between(loadStart, Instant.now()).toMillis() / 1000.0;

        List<Long> latencies = runLatencies(context, ruleId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("withoutRules", without.toMap());
        m.put("with100Rules", with.toMap());
        m.put("writeP95AddedMs", Figures.round(with.p95() - without.p95()));
        m.put("rulesFired", fired);
        m.put("runsPerSecond", Figures.round(fired / drained));
        m.put("createdToRunDoneP50Ms", Awaits.percentile(latencies, 0.50));
        m.put("createdToRunDoneP95Ms", Awaits.percentile(latencies, 0.95));
        results.put("rules", m);
        results.row(NAME, "POST /accounts, 8 clients, no rule", String.format("%,.0f records/s", without.perSecond()), without.latencySummary());
        results.row(NAME, "POST /accounts, 8 clients, " + RULES + " active account rules (1 fires)",
                String.format("%,.0f records/s", with.perSecond()), with.latencySummary()
                        + String.format(", p95 %+.1f ms against no rule", with.p95() - without.p95()));
        results.row(NAME, String.format("%,d firings run (each sets a field: a second write)", fired), String.format("%,.0f runs/s", fired / drained),
                "record created to its run done: p50 " + Awaits.percentile(latencies, 0.50) + " ms, p95 " + Awaits.percentile(latencies, 0.95) + " ms");
    }

    private static HttpRequest create(BenchContext context, String name) {
        return context.request("/api/v1/accounts").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build();
    }

    /** For each run of the rule: from its account's creation to the run's end. */
    private static List<Long> runLatencies(BenchContext context, String ruleId) throws Exception {
        Map<String, Instant> created = new HashMap<>();
        each(context, "/api/v1/accounts", "name sw 'Rule fires'", a -> created.put(a.path("id").asText(), Instant.parse(a.path("createdAt").asText())));
        List<Long> latencies = new ArrayList<>();
        each(context, "/api/v1/workflowRuleRuns", "rule eq '" + ruleId + "'", run -> {
            Instant start = created.get(run.path("recordId").asText());
            if (start != null && run.hasNonNull("finishedAt")) {
                latencies.add(Duration.between(start, Instant.parse(run.path("finishedAt").asText())).toMillis());
            }
        });
        Collections.sort(latencies);
        return latencies;
    }

    private static void each(BenchContext context, String list, String filter, java.util.function.Consumer<JsonNode> action) throws Exception {
        String cursor = null;
        do {
            JsonNode page = context.getJson(list + "?limit=1000&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.path("items").forEach(action);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
    }
}
