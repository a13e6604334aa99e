package org.rapportcrm.platform.files.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A real ClamAV {@code clamd} for tests (Debian package {@code clamav-daemon}; {@code .ci/run} installs it), started as
 * the current user in a directory of its own, with a signature database that knows only the EICAR test file (no
 * signature download is needed). Plain Java, so JUnit 5 tests and Pax Exam classes alike can use it:
 *
 * <pre>
 * try (RealClamd clamd = RealClamd.in(dir).start()) {          // TCP on 127.0.0.1:clamd.port(), StreamMaxLength 300M
 *     ... configure org.rapportcrm.files.clamav with host 127.0.0.1 and port clamd.port() ...
 *     ... RealClamd.eicar() is reported as RealClamd.THREAT ...
 * }
 * </pre>
 *
 * If clamd is not installed, {@link Builder#start()} throws: the test fails with the reason, it is not skipped.
 */
public final class RealClamd implements AutoCloseable {
    /** The EICAR anti-virus test file: harmless, and every scanner reports it. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    /** The name the test database gives the EICAR signature. */
    public static final String SIGNATURE = "Rapport.Test.EICAR";
    /** What clamd reports for the EICAR file: ClamAV marks signatures from a database of one's own as unofficial. */
    public static final String THREAT = SIGNATURE + ".UNOFFICIAL";
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path socket;
    private final Path log;

    private RealClamd(Process process, int port, Path socket, Path log) {
        this.process = process;
        this.port = port;
        this.socket = socket;
        this.log = log;
    }

    /** A clamd that keeps its configuration, database, log and sockets in {@code directory} (created if missing). */
    public static Builder in(Path directory) {
        return new Builder(directory);
    }

    public static byte[] eicar() {
        return EICAR.getBytes(StandardCharsets.US_ASCII);
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The TCP port it listens on (its TCPSocket). */
    public int port() {
        return port;
    }

    /** Its unix socket, or null unless asked for with {@link Builder#localSocket()}. */
    public Path socket() {
        return socket;
    }

    /** What clamd logged so far: for a failure message. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops clamd and waits until it is gone; later connections are refused. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** How the clamd is set up before it starts. */
    public static final class Builder {
        private final Path directory;
        private String streamMaxLength = "300M";
        private boolean localSocket;

        private Builder(Path directory) {
            this.directory = directory;
        }

        /** clamd's StreamMaxLength (default 300M, above the platform's file size cap); e.g. "8M". */
        public Builder streamMaxLength(String value) {
            this.streamMaxLength = value;
            return this;
        }

        /** Also listen on a unix socket in the directory (keep the directory's path short: at most ~100 characters). */
        public Builder localSocket() {
            this.localSocket = true;
            return this;
        }

        /** Starts clamd and returns once it answers PING with PONG; throws if it is not installed or does not come up. */
        public RealClamd start() throws IOException {
            Path clamd = executable();
            Path db = Files.createDirectories(directory.resolve("db"));
            byte[] eicar = eicar();
            // A .hdb line: MD5 of the whole file, its size, the signature's name.
            Files.writeString(db.resolve("rapport-test.hdb"), md5(eicar) + ":" + eicar.length + ":" + SIGNATURE + "\n");
            IOException lastFailure = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                // The free port is only free when asked; if another process takes it first clamd exits and we try again.
                int port = freePort();
                Path socket = localSocket ? directory.resolve("clamd.sock") : null;
                Path log = directory.resolve("clamd.log");
                Path conf = directory.resolve("clamd.conf");
                Files.deleteIfExists(log);
                if (socket != null) {
                    Files.deleteIfExists(socket);
                }
                Files.writeString(conf, String.join("\n",
                        "Foreground yes",
                        "TCPSocket " + port,
                        "TCPAddr 127.0.0.1",
                        socket == null ? "" : "LocalSocket " + socket,
                        "DatabaseDirectory " + db,
                        "StreamMaxLength " + streamMaxLength,
                        "PidFile " + directory.resolve("clamd.pid"),
                        "LogFile " + log,
                        "TemporaryDirectory " + Files.createDirectories(directory.resolve("tmp")),
                        "SelfCheck 0",
                        "") + "\n");
                Process process = new ProcessBuilder(clamd.toString(), "-c", conf.toString()).redirectErrorStream(true)
                        .redirectOutput(directory.resolve("clamd.out").toFile()).start();
                RealClamd started = new RealClamd(process, port, socket, log);
                try {
                    started.awaitPong();
                    return started;
                } catch (IOException e) {
                    started.close();
                    lastFailure = e;
                }
            }
            throw lastFailure;
        }

        private static Path executable() {
            for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "clamd");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("clamd is not installed: the virus scanning tests need ClamAV's daemon"
                    + " (Debian: apt-get install clamav-daemon; .ci/run installs it)");
        }
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("clamd exited with " + process.exitValue() + " while starting: " + log() + output());
            }
            if ("PONG".equals(command("zPING\0"))) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("clamd did not answer PING within " + START_DEADLINE.toSeconds() + " s: " + log() + output());
            }
            try {
                // Waits on the process itself: returns early if it dies.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while waiting for clamd", e);
            }
        }
    }

    /** A clamd command's answer without its NUL, or null if clamd does not take connections (yet). */
    private String command(String command) {
        try (Socket connection = new Socket(InetAddress.getLoopbackAddress(), port)) {
            connection.setSoTimeout(5_000);
            OutputStream out = connection.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = connection.getInputStream();
            String answer = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
            int end = answer.indexOf('\0');
            return end < 0 ? answer : answer.substring(0, end);
        } catch (IOException e) {
            return null;
        }
    }

    private String output() {
        Path out = log.resolveSibling("clamd.out");
        try {
            return Files.exists(out) ? "\n" + String.join("\n", Files.readAllLines(out, StandardCharsets.UTF_8)) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "clamd on 127.0.0.1:" + port + (socket == null ? "" : " and " + socket) + " (log " + log + ")";
    }
}
