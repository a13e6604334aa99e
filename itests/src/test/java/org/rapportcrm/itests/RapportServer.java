package org.rapportcrm.itests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The built distribution started as a separate process, as a user starts it ({@code bin/karaf server}), once for all
 * test classes that use this extension: they share one boot. Tests reach it over HTTP like any client.
 */
public final class RapportServer implements ParameterResolver {
    public static final String ADMIN_PASSWORD = "it-admin-password";
    /** The folders of the servers this test run started and has not closed, for {@link ServerLogsOnFailure}. */
    private static final Set<Path> STARTED = ConcurrentHashMap.newKeySet();

    public final String baseUrl;
    public final Path home;
    public final double bootSeconds;
    private final Process process;
    private final int httpPort;
    private final int sshPort;
    private final Map<String, String> environment;
    private final String awaitPath;

    private RapportServer(Path home, int httpPort, int sshPort, Map<String, String> environment, String awaitPath)
            throws IOException, InterruptedException {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
        this.environment = Map.copyOf(environment);
        this.awaitPath = awaitPath;
        this.baseUrl = "http://localhost:" + httpPort;
        ProcessBuilder pb = new ProcessBuilder("bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.out").toFile());
        pb.environment().put("RAPPORT_HTTP_PORT", String.valueOf(httpPort));
        pb.environment().put("RAPPORT_SSH_PORT", String.valueOf(sshPort));
        pb.environment().put("RAPPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(environment);
        long start = System.nanoTime();
        this.process = pb.start();
        STARTED.add(home);
        awaitStatus(awaitPath, Duration.ofSeconds(120));
        this.bootSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Rapport at %s was healthy %.1f s after start%n", baseUrl, bootSeconds);
    }

    /** The extension instance JUnit creates only finds the shared server. */
    public RapportServer() {
        this.baseUrl = null;
        this.home = null;
        this.bootSeconds = 0;
        this.process = null;
        this.httpPort = 0;
        this.sshPort = 0;
        this.environment = Map.of();
        this.awaitPath = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == RapportServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RapportServer.class, k -> Running.start(Map.of()), Running.class).server;
    }

    /** A server of its own, for a test that changes it in ways others must not see (a fuzzer); close it when done. */
    static Running startOwn() {
        return Running.start(Map.of());
    }

    /** A server of its own started with these environment variables, awaited until it answers (not until it is ready). */
    static Running startOwn(Map<String, String> environment) {
        return Running.start(environment);
    }

    /**
     * A node of a cluster: its own folder, ports and name ({@code RAPPORT_NODE_NAME}), with {@code etcFiles} written into
     * its {@code etc/} before the first start (a DataSource for the shared database, say), awaited until it is ready.
     */
    static Running startNode(String name, Map<String, String> etcFiles) {
        return Running.start(Map.of("RAPPORT_NODE_NAME", name), etcFiles, "/api/v1/health/ready");
    }

    /** Stops the server when the whole test run ends. */
    static final class Running implements ExtensionContext.Store.CloseableResource {
        final RapportServer server;

        Running(RapportServer server) {
            this.server = server;
        }

        static Running start(Map<String, String> environment) {
            // Ready (health 200), or, when started with a setting meant to fail, alive (it answers at all).
            return start(environment, Map.of(), environment.isEmpty() ? "/api/v1/health" : "/api/v1/health/live");
        }

        static Running start(Map<String, String> environment, Map<String, String> etcFiles, String awaitPath) {
            try {
                Path work = Path.of(System.getProperty("rapport.workDir", "target/servers"));
                Files.createDirectories(work);
                Path dir = Files.createTempDirectory(work, "server-");
                String distribution = new File(System.getProperty("rapport.distribution")).getAbsolutePath();
                Process tar = new ProcessBuilder("tar", "xzf", distribution, "-C", dir.toString(), "--strip-components=1").inheritIO().start();
                if (tar.waitFor() != 0) {
                    throw new IllegalStateException("Could not unpack " + distribution);
                }
                for (Map.Entry<String, String> file : etcFiles.entrySet()) {
                    Files.writeString(dir.resolve("etc").resolve(file.getKey()), file.getValue());
                }
                return new Running(new RapportServer(dir, freePort(), freePort(), environment, awaitPath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Kills the server's JVM as a crash or {@code kill -9} would: no shutdown at all. */
        void kill() {
            server.process.descendants().forEach(ProcessHandle::destroyForcibly);
            server.process.destroyForcibly();
            try {
                server.process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Rapport in " + server.home + " did not die", e);
            }
        }

        /** Starts the server again in its folder, on its ports, after {@link #kill()}: what a restart after a crash finds. */
        Running restart() {
            try {
                return new Running(new RapportServer(server.home, server.httpPort, server.sshPort, server.environment, server.awaitPath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** bin/karaf runs Java as its child: stop the JVM itself (SIGTERM lets Karaf shut down cleanly), then the script. */
        @Override
        public void close() {
            STARTED.remove(server.home);
            List<ProcessHandle> tree = new ArrayList<>(server.process.descendants().toList());
            tree.add(server.process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle p : tree) {
                try {
                    p.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private void awaitStatus(String path, Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Rapport exited with " + process.exitValue() + "; see " + home.resolve("console.out"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly); // bin/karaf's JVM, or it lives on
        process.destroyForcibly();
        throw new IllegalStateException("Rapport was not healthy within " + timeout + "; see " + home.resolve("data/log/karaf.log"));
    }

    static Set<Path> started() {
        return Set.copyOf(STARTED);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
