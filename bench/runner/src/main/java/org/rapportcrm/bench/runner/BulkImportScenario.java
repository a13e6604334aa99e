package org.rapportcrm.bench.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 1: the bulk CSV import of N contacts against a raw JDBC batch insert (and on PostgreSQL a raw COPY) of as
 * many into a scratch copy of the contact table on the same DataSource; then the raw insert into leaner copies and
 * into copies with one secondary index each, to see where the insert cost goes.
 */
final class BulkImportScenario implements Scenario {
    static final String NAME = "1 bulk import";
    /** Far from the measured rows 1..N: a contact's e-mail carries its row number, so the warm-up's do not clash. */
    private static final long WARMUP_FIRST_ROW = 900_000_000L;
    private static final long MAX_SHAPE_ROWS = 50_000;
    private static final long MAX_INDEX_COST_ROWS = 20_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        long records = context.options().records();
        ProbeClient probe = new ProbeClient(context);

        long warmupRows = Math.min(5_000, Math.max(1_000, records / 20));
        System.out.printf("bench: warm-up: raw JDBC insert and import of %,d contacts%n", warmupRows);
        probe.jdbcInsert(warmupRows, "full");
        Map<String, Object> warmupImport = ContactImport.run(context, WARMUP_FIRST_ROW, warmupRows);

        Map<String, Object> jdbc = probe.jdbcInsert(records, "full");
        double jdbcRate = ProbeClient.rowsPerSecond(jdbc);
        System.out.printf("bench: raw JDBC batch insert: %,.0f rows/s (%.1f s)%n", jdbcRate, ((Number) jdbc.get("seconds")).doubleValue());
        Map<String, Object> copy = null;
        if (context.options().onPostgres()) {
            copy = probe.copy(records);
            System.out.printf("bench: raw COPY: %,.0f rows/s (%.1f s)%n", ProbeClient.rowsPerSecond(copy), ((Number) copy.get("seconds")).doubleValue());
        }
        Map<String, Object> imported = ContactImport.run(context, 1, records);
        double rate = (double) imported.get("recordsPerSecond");
        // The database's own fastest way in is the bound: COPY on PostgreSQL, a JDBC batch on Derby.
        double boundRate = copy == null ? jdbcRate : ProbeClient.rowsPerSecond(copy);
        String bound = copy == null ? "raw JDBC" : "raw COPY";

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("warmupImport", warmupImport);
        m.put("import", imported);
        m.put("rawJdbcBatchInsert", jdbc);
        m.put("ratioToRawJdbc", Figures.ratio(rate, jdbcRate));
        if (copy != null) {
            m.put("rawCopy", copy);
            m.put("ratioToRawCopy", Figures.ratio(rate, boundRate));
        }
        results.put("bulkImport", m);
        results.row(NAME, String.format("POST /contacts/bulk CSV, %,d rows", records), String.format("%,.0f records/s", rate),
                String.format("%.1f s total (upload %.1f s); %.3fx %s", imported.get("seconds"), imported.get("uploadSeconds"),
                        rate / boundRate, bound));
        results.row(NAME, "raw JDBC batch insert (probe)", String.format("%,.0f rows/s", jdbcRate),
                String.format("batches of %s, scratch copy of rec_contact with its indexes", jdbc.get("batchSize")));
        if (copy != null) {
            results.row(NAME, "raw COPY (probe)", String.format("%,.0f rows/s", boundRate),
                    String.format("COPY FROM STDIN of %s rows per commit, scratch copy of rec_contact with its indexes", copy.get("batchSize")));
        }

        m.put("rawJdbcByTableShape", rawInsertByTableShape(probe, results, Math.min(records, MAX_SHAPE_ROWS)));
        @SuppressWarnings("unchecked")
        List<String> indexes = (List<String>) jdbc.get("indexes");
        m.put("rawJdbcByIndex", rawInsertByIndex(probe, results, indexes, Math.min(records, MAX_INDEX_COST_ROWS)));

        @SuppressWarnings("unchecked")
        List<double[]> samples = (List<double[]>) imported.remove("progressSamples");
        imported.put("rateByTenth", ContactImport.rateByTenth(samples, records));
        results.row(NAME, "import rate by tenth of the rows", String.valueOf(imported.get("rateByTenth")),
                "records/s; shows slow-down as the table grows");
    }

    /** The raw insert into copies with the primary key and one secondary index each: what each index costs. */
    private static Map<String, Object> rawInsertByIndex(ProbeClient probe, Results results, List<String> indexes, long rows) throws Exception {
        Map<String, Object> byIndex = new LinkedHashMap<>();
        for (String index : indexes) {
            Map<String, Object> s = probe.jdbcInsertWithOnlyIndex(rows, index);
            byIndex.put(index, s);
            results.row(NAME, String.format("raw JDBC, %,d rows, only index %s", rows, index),
                    String.format("%,.0f rows/s", ProbeClient.rowsPerSecond(s)), "the primary key and this one secondary index");
        }
        return byIndex;
    }

    private static Map<String, Object> rawInsertByTableShape(ProbeClient probe, Results results, long rows) throws Exception {
        Map<String, Object> shapes = new LinkedHashMap<>();
        for (String shape : List.of("full", "noSecondaryIndexes", "plain")) {
            Map<String, Object> s = probe.jdbcInsert(rows, shape);
            shapes.put(shape, s);
            results.row(NAME, String.format("raw JDBC, %,d rows, table %s", rows, shape),
                    String.format("%,.0f rows/s", ProbeClient.rowsPerSecond(s)), "where the insert cost goes: indexes, generated columns");
        }
        return shapes;
    }
}
