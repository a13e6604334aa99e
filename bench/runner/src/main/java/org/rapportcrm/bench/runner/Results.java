package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the run measured: the JSON document, its keys in the order they were first put, and the table's rows. At the
 * end it prints the table and writes the JSON.
 */
final class Results {
    private record Row(String scenario, String measure, String value, String note) {
        Map<String, String> toJson() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("scenario", scenario);
            m.put("measure", measure);
            m.put("value", value);
            m.put("note", note);
            return m;
        }
    }

    private final BenchOptions options;
    private final ObjectMapper json;
    private final Map<String, Object> document = new LinkedHashMap<>();
    private final Map<String, Object> loadAverages = new LinkedHashMap<>();
    private final List<Row> table = new ArrayList<>();

    Results(BenchOptions options, ObjectMapper json, Map<String, Object> config) {
        this.options = options;
        this.json = json;
        document.put("config", config);
        document.put("loadAverage", loadAverages);
    }

    /** A top-level entry of the JSON; a map put early can still be filled later. */
    void put(String key, Object value) {
        document.put(key, value);
    }

    void row(String scenario, String measure, String value, String note) {
        table.add(new Row(scenario, measure, value, note));
        System.out.println("bench: " + scenario + " | " + measure + " | " + value + " | " + note); // seen while a long run goes on
    }

    void loadAverage(String scenario, String before, String after) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("before", before);
        m.put("after", after);
        loadAverages.put(scenario, m);
    }

    /** Prints the table, writes the JSON into the work folder and names it on the last line. */
    void finish() throws IOException {
        document.put("finishedAt", Instant.now().toString());
        printTable();
        Path out = options.workDir().resolve("bench-results-N" + options.records() + "-" + options.databaseLabel().toLowerCase(Locale.ROOT) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        document.put("table", table.stream().map(Row::toJson).toList());
        json.writeValue(out.toFile(), document);
        System.out.println("bench results: " + out.toAbsolutePath());
    }

    private void printTable() {
        int scenarioWidth = table.stream().mapToInt(r -> r.scenario().length()).max().orElse(0);
        int measureWidth = table.stream().mapToInt(r -> r.measure().length()).max().orElse(0);
        int valueWidth = table.stream().mapToInt(r -> r.value().length()).max().orElse(0);
        String format = "%-" + scenarioWidth + "s | %-" + measureWidth + "s | %-" + valueWidth + "s | %s%n";
        System.out.println();
        System.out.printf("Rapport benchmark: N=%,d contacts on %s, %d clients, warm-up %d s + %d s measured, server JVM options %s%n",
                options.records(), options.databaseLabel(), options.clients(), options.warmup().toSeconds(), options.duration().toSeconds(),
                options.javaOptsLabel());
        System.out.printf(format, "scenario", "measure", "value", "note");
        System.out.println("-".repeat(scenarioWidth + measureWidth + valueWidth + 40));
        // Stable sort: within a scenario, the rows keep the order they were measured in.
        table.stream().sorted(Comparator.comparing(Row::scenario))
                .forEach(r -> System.out.printf(format, r.scenario(), r.measure(), r.value(), r.note()));
        System.out.println();
    }
}
