package org.rapportcrm.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one scenario at a time, with the machine's load average before and after it. A scenario that fails is
 * reported and the others still run: the harness measures, it does not judge.
 */
final class ScenarioRunner {
    private final BenchContext context;
    private final Results results;

    ScenarioRunner(BenchContext context, Results results) {
        this.context = context;
        this.results = results;
    }

    void run(Scenario scenario) {
        String name = scenario.name();
        if (!context.options().includes(name)) {
            System.out.println("bench: " + name + " skipped (bench.scenarios)");
            return;
        }
        context.rss().phase(name);
        String before = loadAverage();
        System.out.println("bench: " + name + " ... (load average " + before + ")");
        try {
            scenario.run(context, results);
            String after = loadAverage();
            results.loadAverage(name, before, after);
            results.row(name, "machine load average (1/5/15 min) before / after", before + " / " + after, "2 cores: above 2 means contention");
        } catch (Exception | AssertionError e) {
            System.out.println("bench: " + name + " failed: " + e);
            e.printStackTrace(System.out);
            results.put("error " + name, e.toString());
            results.row(name, "FAILED", e.toString(), "");
        }
    }

    /** The 1, 5 and 15 minute load averages: the figures mean something only on an otherwise idle machine. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
