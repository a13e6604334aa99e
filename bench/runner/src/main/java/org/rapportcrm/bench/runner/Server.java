package org.rapportcrm.bench.runner;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution run as a process ({@code bin/karaf server}) on free loopback ports. */
final class Server implements AutoCloseable {
    final Path home;
    final String baseUrl;
    private final int httpPort;
    private final int sshPort;
    private final Map<String, String> env;
    private Process process;

    private Server(Path home, Map<String, String> env) throws IOException {
        this.home = home;
        this.httpPort = freePort();
        this.sshPort = freePort();
        this.baseUrl = "http://127.0.0.1:" + httpPort;
        this.env = env;
    }

    /**
     * Unpacks the distribution into a fresh folder under {@code workDir}; with a {@code postgresUrl}, its DataSource
     * points there instead of at embedded Derby; {@code poolSettings} ({@code key=value}) replace or add DataSource
     * settings; {@code webMaxThreads} above 0 sets Jetty's request threads.
     */
    static Server unpack(Path distribution, Path workDir, Map<String, String> env, String postgresUrl, int webMaxThreads,
            List<String> poolSettings) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path dir = Files.createTempDirectory(workDir, "server-");
        Process tar = new ProcessBuilder("tar", "xzf", distribution.toString(), "-C", dir.toString(), "--strip-components=1")
                .inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("Could not unpack " + distribution);
        }
        // Loopback only. Karaf's environment override applies to keys the file has, and this one is not there: add it.
        Path web = dir.resolve("etc/org.ops4j.pax.web.cfg");
        if (Files.exists(web)) {
            Files.writeString(web, "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n", StandardOpenOption.APPEND);
            if (webMaxThreads > 0) {
                Files.writeString(web, "org.ops4j.pax.web.server.maxThreads = " + webMaxThreads + "\n", StandardOpenOption.APPEND);
            }
        }
        Path datasource = dir.resolve("etc/org.ops4j.datasource-rapport.cfg");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(datasource)) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')) : "";
            if (!postgresUrl.isEmpty() && key.equals("osgi.jdbc.driver.name")) {
                lines.add("osgi.jdbc.driver.name=PostgreSQL JDBC Driver");
            } else if (!postgresUrl.isEmpty() && key.equals("url")) {
                lines.add("url=" + postgresUrl);
            } else if (poolSettings.stream().noneMatch(s -> s.startsWith(key + "="))) {
                lines.add(line);
            }
        }
        lines.addAll(poolSettings);
        Files.write(datasource, lines);
        return new Server(dir, env);
    }

    /** Starts the server and waits until /api/v1/health answers 200. @return seconds from process start to healthy */
    double start(Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bin/karaf", "server").directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        pb.environment().putAll(env);
        pb.environment().put("RAPPORT_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("RAPPORT_SSH_PORT", String.valueOf(sshPort));
        Stopwatch watch = Stopwatch.start();
        process = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (watch.isWithin(timeout)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Rapport exited with " + process.exitValue() + "; see " + home.resolve("console.out"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return watch.seconds();
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        close();
        throw new IllegalStateException("Rapport was not healthy within " + timeout + "; see " + home.resolve("data/log/karaf.log"));
    }

    /** The Karaf JVM: the java child of bin/karaf. */
    Optional<ProcessHandle> jvm() {
        if (process == null) {
            return Optional.empty();
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }

    /** The CPU time the Karaf JVM has used since it started (all its threads), or empty where the system does not tell. */
    Optional<Duration> cpuTime() {
        return jvm().flatMap(p -> p.info().totalCpuDuration());
    }

    /** Resident set size of the Karaf JVM in MB (VmRSS), or -1. */
    double rssMb() {
        return statusField("VmRSS:").map(kb -> kb / 1024.0).orElse(-1.0);
    }

    /** The Karaf JVM's thread count, or -1. */
    int threads() {
        return statusField("Threads:").map(Long::intValue).orElse(-1);
    }

    /** A number from the Karaf JVM's /proc status. */
    private Optional<Long> statusField(String name) {
        return jvm().flatMap(p -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
                    if (line.startsWith(name)) {
                        return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone
            }
            return Optional.empty();
        });
    }

    /** Kills the JVM as kill -9 does (no shutdown of any kind), and waits until it is gone; then cleans up the script. */
    void kill() throws Exception {
        Optional<ProcessHandle> jvm = jvm();
        if (jvm.isPresent()) {
            jvm.get().destroyForcibly();
            jvm.get().onExit().get(60, TimeUnit.SECONDS);
        }
        close();
    }

    /** Stops the JVM (SIGTERM: Karaf shuts down cleanly), then the script; forcibly after 60 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        process = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
