package org.rapportcrm.bench.runner;

import static org.rapportcrm.bench.runner.BenchContext.urlEncode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 6: every order the console offers for contacts (the metadata's {@code sortableFields}), ascending and
 * descending, on the first page and on a page from the middle of the list, each under load; and a filter on an indexed
 * field in name order, first and deep. The target: p95 under 10 ms at 1,000,000 contacts.
 */
final class ListOrdersScenario implements Scenario {
    static final String NAME = "6 list orders";
    static final int PAGE = 50;
    private static final double TARGET_P95_MS = 10;

    /** One list request of the scenario: its name and query, and the row its deep page starts after. */
    record ListCase(String name, String field, boolean descending, String filter, String query, JsonNode rowBefore) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("listOrders", m);
        List<String> offered = context.sortableContactFields();
        m.put("sortableFields", offered);
        results.row(NAME, "orders offered for contacts (sortableFields)", String.valueOf(offered.size()), String.join(", ", offered));
        // Short loads, as there are many: the run's warm-up went by in the scenarios before.
        long seconds = Math.max(3, context.options().duration().toSeconds() / 4);
        Load.Settings settings = new Load.Settings(context.options().clients(), Duration.ofSeconds(1), Duration.ofSeconds(seconds), 200, false);
        double worst = 0;
        String worstName = null;
        for (ListCase c : cases(context, offered)) {
            Load.Result r = context.load(c.name(), settings, (client, n, random) -> context.request("/api/v1/contacts?" + c.query()).GET().build());
            Map<String, Object> entry = new LinkedHashMap<>(r.toMap());
            entry.put("request", "GET /contacts?" + c.query());
            m.put(c.name(), entry);
            results.row(NAME, c.name(), r.latencySummary(), String.format("%,.0f req/s%s", r.perSecond(), r.errorSuffix()));
            if (r.p95() > worst) {
                worst = r.p95();
                worstName = c.name();
            }
        }
        m.put("worstP95Ms", Figures.round(worst));
        results.row(NAME, "worst p95 of these", Figures.oneDecimal(worst) + " ms", worstName + "; target p95 < " + TARGET_P95_MS + " ms");
    }

    /**
     * First and deep page of every offered order both ways, the default order, and country eq 'Germany' in name order.
     * A deep page's cursor is that of the first row at or past a contact picked at random (the first with an id from
     * '8' on and a value in the field: ids are random), found with a filter: a cursor keeps its position, not the
     * filter it was made with.
     */
    static List<ListCase> cases(BenchContext context, List<String> offered) throws Exception {
        List<ListCase> cases = new ArrayList<>();
        cases.add(new ListCase("default order (id), first page", "id", false, null, "limit=" + PAGE, null));
        deep(context, "default order (id)", "id", false, null).ifPresent(cases::add);
        for (String field : offered) {
            for (boolean descending : new boolean[] {false, true}) {
                String sort = (descending ? "-" : "") + field;
                cases.add(new ListCase("sort " + sort + ", first page", field, descending, null, "limit=" + PAGE + "&sort=" + sort, null));
                deep(context, "sort " + sort, field, descending, null).ifPresent(cases::add);
            }
        }
        for (boolean descending : new boolean[] {false, true}) {
            String sort = (descending ? "-" : "") + "lastName";
            String filter = "country eq 'Germany'";
            cases.add(new ListCase(filter + " sort " + sort + ", first page", "lastName", descending, filter,
                    "limit=" + PAGE + "&sort=" + sort + "&filter=" + urlEncode(filter), null));
            deep(context, filter + " sort " + sort, "lastName", descending, filter).ifPresent(cases::add);
        }
        return cases;
    }

    /** Empty if no contact has a value in the field (the bench's have no account, for one). */
    private static Optional<ListCase> deep(BenchContext context, String name, String field, boolean descending, String filter)
            throws Exception {
        String sort = (descending ? "-" : "") + field;
        JsonNode picked = context.getJson("/api/v1/contacts?limit=1&sort=id&filter=" + urlEncode("id ge '8' and " + field + " notempty"))
                .path("items").path(0);
        if (picked.isMissingNode()) {
            return Optional.empty();
        }
        String value = picked.path(field).asText().replace("'", "''");
        String past = field + (descending ? " le " : " ge ") + "'" + value + "'";
        JsonNode page = context.getJson("/api/v1/contacts?limit=1&sort=" + sort + "&filter=" + urlEncode(filter == null ? past : filter + " and " + past));
        if (page.path("items").isEmpty()) {
            throw new IllegalStateException("no contact " + past + (filter == null ? "" : " and " + filter));
        }
        String cursor = page.path("nextCursor").asText();
        String query = "limit=" + PAGE + "&sort=" + sort + "&cursor=" + cursor + (filter == null ? "" : "&filter=" + urlEncode(filter));
        return Optional.of(new ListCase(name + ", page from the middle", field, descending, filter, query, page.path("items").path(0)));
    }
}
