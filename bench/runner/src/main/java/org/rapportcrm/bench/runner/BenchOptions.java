package org.rapportcrm.bench.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The run's settings, from the {@code bench.*} system properties that the runner's pom passes in. */
record BenchOptions(long records, int clients, Duration warmup, Duration duration, String serverJavaOpts, String serverJavaHome,
        Path distribution, Path probe, Path workDir) {

    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

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
                absolute(System.getProperty("bench.workDir", "target/bench")));
    }

    /** The server's JVM options as the table shows them. */
    String javaOptsLabel() {
        return serverJavaOpts.isBlank() ? "as shipped (bin/setenv)" : "\"" + serverJavaOpts + "\"";
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
