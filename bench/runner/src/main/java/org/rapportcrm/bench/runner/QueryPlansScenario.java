package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plans of the SQL behind the list requests, run in the server by the probe: which index each one uses, and how
 * many rows it visits and sorts. Not a load: one run of each query. (The search of scenario 4 asks the Lucene index,
 * then reads its few hits by primary key.)
 */
final class QueryPlansScenario implements Scenario {
    static final String NAME = "plans";
    private static final String ESCAPE = " ESCAPE '\\'";

    private record PlannedQuery(String name, String sql, List<Object> params) {
    }

    /** Written to match what the record store issues for the list requests of scenario 3. */
    private static final List<PlannedQuery> QUERIES = List.of(
            new PlannedQuery("list lastName sw 'Sch', sort lastName",
                    "SELECT * FROM rec_contact WHERE f_last_name_lc LIKE ?" + ESCAPE + " ORDER BY f_last_name_lc ASC, id ASC FETCH FIRST 51 ROWS ONLY",
                    List.of("sch%")),
            new PlannedQuery("list country eq 'Germany', sort lastName",
                    "SELECT * FROM rec_contact WHERE f_country = ? ORDER BY f_last_name_lc ASC, id ASC FETCH FIRST 51 ROWS ONLY",
                    List.of("Germany")),
            new PlannedQuery("list first page, default sort (id)",
                    "SELECT * FROM rec_contact WHERE 1=1 ORDER BY id ASC FETCH FIRST 51 ROWS ONLY",
                    List.of()),
            new PlannedQuery("list lastName eq 'Weber', sort -updatedAt",
                    "SELECT * FROM rec_contact WHERE (f_last_name_lc = ? AND f_last_name = ?) ORDER BY updated_at DESC, id DESC FETCH FIRST 51 ROWS ONLY",
                    List.of("weber", "Weber")));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(BenchContext context, Results results) throws Exception {
        ProbeClient probe = new ProbeClient(context);
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("queryPlans", m);
        for (PlannedQuery query : QUERIES) {
            JsonNode plan = probe.explain(query.sql(), query.params());
            String summary = accessPaths(plan.path("plan").asText(""));
            Map<String, Object> entry = new LinkedHashMap<>(context.json().convertValue(plan, Map.class));
            entry.put("summary", summary);
            m.put(query.name(), entry);
            results.row(NAME, query.name(), Figures.oneDecimal(plan.path("millis").asDouble()) + " ms", summary);
        }
    }

    /** The access paths of a Derby plan: which table or index is scanned, rows visited, rows sorted. */
    static String accessPaths(String plan) {
        List<String> parts = new ArrayList<>();
        for (String line : plan.split("\n")) {
            String l = line.trim();
            if (l.startsWith("Index Scan ResultSet for") || l.startsWith("Table Scan ResultSet for")) {
                parts.add(l.replace(" ResultSet for", "").replaceAll(" at (read committed|serializable|repeatable read).*", ""));
            } else if (l.startsWith("Number of rows visited") || l.startsWith("Number of rows qualified")
                    || (l.startsWith("Rows input") && !parts.isEmpty())) {
                parts.add(l);
            } else if (l.startsWith("Sort ResultSet")) {
                parts.add("Sort");
            }
        }
        return String.join("; ", parts);
    }
}
