package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plans of the SQL behind the list requests, run in the server by the probe: which index each one uses, and how
 * many rows it visits and sorts (Derby's runtime statistics, PostgreSQL's EXPLAIN ANALYZE). Not a load: one run of
 * each query. The SQL is written here as the record store issues it: for every order of scenario 6, the first page, and
 * the index range a page from the middle reads (after the few rows that tie with the cursor's); Derby is told the index
 * (a comment to PostgreSQL). (The search of scenario 4 asks the Lucene index, then reads its few hits by primary key.)
 */
final class QueryPlansScenario implements Scenario {
    static final String NAME = "plans";
    private static final String ESCAPE = " ESCAPE '\\'";
    private static final DateTimeFormatter UTC_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private record PlannedQuery(String name, String sql, List<Object> params) {
    }

    /** The filtered list requests of scenario 3, as the store issues them. */
    private static final List<PlannedQuery> FILTERED = List.of(
            new PlannedQuery("list lastName sw 'Sch', sort lastName",
                    "SELECT * FROM rec_contact --DERBY-PROPERTIES index=ix_rec_contact_f_last_name_lc\n WHERE (f_last_name_lc LIKE ?"
                            + ESCAPE + ") ORDER BY f_last_name_lc ASC, id ASC FETCH FIRST 51 ROWS ONLY",
                    List.of("sch%")),
            new PlannedQuery("list country eq 'Germany', sort lastName",
                    "SELECT * FROM rec_contact --DERBY-PROPERTIES index=ix_rec_contact_f_country_n\n WHERE (f_country = ?) "
                            + "ORDER BY f_last_name_lc ASC, id ASC FETCH FIRST 51 ROWS ONLY",
                    List.of("Germany")),
            new PlannedQuery("list lastName eq 'Weber', sort -updatedAt",
                    "SELECT * FROM rec_contact WHERE ((f_last_name_lc = ? AND f_last_name = ?)) ORDER BY updated_at DESC, id DESC FETCH FIRST 51 ROWS ONLY",
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
        List<PlannedQuery> queries = new ArrayList<>(FILTERED);
        for (ListOrdersScenario.ListCase c : ListOrdersScenario.cases(context, context.sortableContactFields())) {
            PlannedQuery q = planned(c);
            if (q != null) {
                queries.add(q);
            }
        }
        for (PlannedQuery query : queries) {
            JsonNode plan = probe.explain(query.sql(), query.params());
            String summary = plan.has("error") ? "ERROR " + plan.path("error").asText() : accessPaths(plan.path("plan").asText(""));
            Map<String, Object> entry = new LinkedHashMap<>(context.json().convertValue(plan, Map.class));
            entry.put("summary", summary);
            m.put(query.name(), entry);
            results.row(NAME, query.name(), Figures.oneDecimal(plan.path("millis").asDouble()) + " ms", summary);
        }
    }

    /** The query a list case's page runs (for a deep page, the range that holds it); null for the id order's deep page. */
    private static PlannedQuery planned(ListOrdersScenario.ListCase c) {
        List<String> key = keyColumns(c.field());
        String direction = c.descending() ? "DESC" : "ASC";
        List<String> order = new ArrayList<>();
        key.forEach(k -> order.add(k + " " + direction));
        order.add("id " + direction);
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (c.filter() != null) {
            where.add("(f_country = ?)");
            params.add("Germany");
        }
        if (c.rowBefore() != null) {
            if (key.isEmpty()) {
                return null; // the id order reads the primary key, whose name Derby made up: the store looks it up
            }
            // Past the rows that tie with the cursor's: the same leading values, the last key column beyond its value.
            for (int i = 0; i < key.size(); i++) {
                boolean last = i == key.size() - 1;
                where.add("(" + key.get(i) + (last ? (c.descending() ? " < " : " > ") : " = ") + placeholder(key.get(i)) + ")");
                params.add(keyValue(c.rowBefore(), key.get(i)));
            }
        }
        String index = key.isEmpty() ? null : "ix_rec_contact_" + (key.size() > 1 || c.filter() != null ? "f_country_n" : indexOf(key.get(0)))
                + (c.descending() ? "_d" : "");
        String sql = "SELECT * FROM rec_contact" + (index == null ? "" : " --DERBY-PROPERTIES index=" + index + "\n")
                + " WHERE " + (where.isEmpty() ? "1=1" : String.join(" AND ", where)) + " ORDER BY " + String.join(", ", order)
                + " FETCH FIRST 51 ROWS ONLY";
        return new PlannedQuery(c.name(), sql, params);
    }

    /** What the store orders a contact list by for a field: see the core's TableIndexes.sortColumns. */
    private static List<String> keyColumns(String field) {
        return switch (field) {
            case "id" -> List.of();
            case "createdAt" -> List.of("created_at");
            case "updatedAt" -> List.of("updated_at");
            case "owner" -> List.of("owner_id");
            case "country" -> List.of("f_country", "f_last_name_lc");
            case "firstName", "lastName", "email" -> List.of(column(field) + "_lc");
            default -> List.of(column(field));
        };
    }

    private static String indexOf(String column) {
        return switch (column) {
            case "created_at" -> "created";
            case "updated_at" -> "updated";
            case "owner_id" -> "owner";
            default -> column;
        };
    }

    private static String column(String field) {
        return "f_" + field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static String placeholder(String column) {
        return column.endsWith("_at") ? "CAST(? AS TIMESTAMP)" : "?";
    }

    /** A key column's value in a row as the API answers it: lower-cased columns lower-cased, times as UTC timestamps. */
    private static Object keyValue(JsonNode row, String column) {
        return switch (column) {
            case "created_at" -> UTC_TIMESTAMP.format(Instant.parse(row.path("createdAt").asText()));
            case "updated_at" -> UTC_TIMESTAMP.format(Instant.parse(row.path("updatedAt").asText()));
            case "owner_id" -> row.path("owner").asText();
            default -> {
                boolean lower = column.endsWith("_lc");
                String field = toField(lower ? column.substring(0, column.length() - 3) : column);
                String value = row.path(field).asText();
                yield lower ? value.toLowerCase(Locale.ROOT) : value;
            }
        };
    }

    private static String toField(String column) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char ch : column.substring(2).toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return sb.toString();
    }

    /**
     * The access paths of a plan: Derby's index or table scans with the rows they visited and any sort; PostgreSQL's
     * scan and sort nodes with their actual row counts.
     */
    static String accessPaths(String plan) {
        List<String> parts = new ArrayList<>();
        for (String line : plan.split("\n")) {
            String l = line.trim().replaceFirst("^->\\s*", "");
            if (l.startsWith("Index Scan ResultSet for") || l.startsWith("Table Scan ResultSet for")) {
                parts.add(l.replace(" ResultSet for", "").replaceAll(" at (read committed|serializable|repeatable read).*", ""));
            } else if (l.startsWith("Number of rows visited") || l.startsWith("Number of rows qualified")
                    || (l.startsWith("Rows input") && !parts.isEmpty())) {
                parts.add(l);
            } else if (l.startsWith("Sort ResultSet")) {
                parts.add("Sort");
            } else if (l.matches("^(Index Scan|Index Only Scan|Index Scan Backward|Seq Scan|Bitmap Heap Scan|Bitmap Index Scan|Sort|Incremental Sort|Limit) .*")) {
                parts.add(l.replaceAll("\\(cost=[^)]*\\) ", "").replaceAll("actual time=[0-9.]+\\.\\.[0-9.]+ ", ""));
            }
        }
        return String.join("; ", parts);
    }
}
