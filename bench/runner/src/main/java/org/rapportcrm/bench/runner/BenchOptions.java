package org.rapportcrm.bench.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The run's settings, from the {@code bench.*} system properties that the runner's pom passes in. */
record BenchOptions(long records, int clients, Duration warmup, Duration duration, String serverJavaOpts, String serverJavaHome,
        Path distribution, Path probe, Path workDir, String postgresUrl, List<Integer> capacityClients, Set<String> scenarios,
        int webMaxThreads, List<String> poolSettings) {

    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    /** The database {@code .ci/run} creates on the local PostgreSQL it starts; each run works in a new schema of it. */
    static final String LOCAL_POSTGRES = "jdbc:postgresql://localhost:5432/rapport_test?user=rapport&password=rapport";

    static BenchOptions fromSystemProperties() {
        return new BenchOptions(
                Long.getLong("bench.records", 1_000_000),
                Integer.getInteger("bench.clients", 4),
                Duration.ofSeconds(Long.getLong("bench.warmup", 5)),
                Duration.ofSeconds(Long.getLong("bench.duration", 15)),
                // Empty: the JVM settings Rapport ships with (bin/setenv), so boot and memory are measured as users get them.
                System.getProperty("bench.javaOpts", ""),
                Files.isDirectory(JDK_17) ? JDK_17.toString() : System.getProperty("bench.javaHome", System.getProperty("java.home")),
                absolute(System.getProperty("bench.distribution")),
                absolute(System.getProperty("bench.probe")),
                absolute(System.getProperty("bench.workDir", "target/bench")),
                postgresUrl(System.getProperty("bench.db", "").trim(), System.getProperty("bench.postgres", "").trim()),
                list(System.getProperty("bench.capacityClients", "100,200,500")).stream().map(Integer::valueOf).toList(),
                // Empty: all. Otherwise scenario numbers or names, such as "1,6,7" or "plans".
                Set.copyOf(list(System.getProperty("bench.scenarios", ""))),
                // 0: Jetty's request threads as shipped; else org.ops4j.pax.web.server.maxThreads for this run.
                Integer.getInteger("bench.webMaxThreads", 0),
                // Lines for the DataSource's configuration, such as jdbc.pool.maxWaitMillis=500: the pool as tried.
                list(System.getProperty("bench.poolSettings", "")));
    }

    /**
     * Empty for embedded Derby, as shipped; else the PostgreSQL the server runs on (in a new schema of its own):
     * {@code bench.postgres} if given, else with {@code bench.db=postgres} the local one {@code .ci/run} starts.
     */
    private static String postgresUrl(String db, String url) {
        return switch (db) {
            case "", "derby" -> url;
            case "postgres", "postgresql" -> url.isEmpty() ? LOCAL_POSTGRES : url;
            default -> throw new IllegalArgumentException("bench.db: derby or postgres, not " + db);
        };
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    boolean onPostgres() {
        return !postgresUrl.isEmpty();
    }

    String databaseLabel() {
        return onPostgres() ? "PostgreSQL" : "Derby";
    }

    /** Whether the run includes the scenario: all do unless {@code bench.scenarios} names some. */
    boolean includes(String scenarioName) {
        return scenarios.isEmpty() || scenarios.contains(scenarioName) || scenarios.contains(scenarioName.split(" ")[0]);
    }

    /** The server's JVM options as the table shows them. */
    String javaOptsLabel() {
        return serverJavaOpts.isBlank() ? "as shipped (bin/setenv)" : "\"" + serverJavaOpts + "\"";
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
