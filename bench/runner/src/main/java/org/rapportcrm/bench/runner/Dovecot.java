package org.rapportcrm.bench.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Dovecot IMAP server of the bench's own (the Debian package {@code dovecot-imapd}; nothing of the system's
 * configuration is used): one user {@code bench}/{@code secret} with a Maildir in a folder of its own, on {@code port}. Messages
 * arrive by IMAP APPEND, as a delivery agent would put them there. Run as root, its mail processes run as
 * {@code nobody} (Dovecot refuses root for them).
 */
final class Dovecot implements AutoCloseable {
    static final String BINARY = System.getProperty("bench.dovecot", "/usr/sbin/dovecot");
    final int port;
    private final Process process;

    private Dovecot(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts it in a new folder under the temporary directory, which Dovecot's own users can reach (the server's is private). */
    static Dovecot start(int port) throws Exception {
        Path dir = Files.createTempDirectory("rapport-bench-dovecot", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("state"));
        Path home = Files.createDirectories(dir.resolve("home"));
        String me = System.getProperty("user.name");
        boolean root = "root".equals(me);
        String mailUser = root ? "nobody" : me;
        if (root && new ProcessBuilder("chown", "-R", mailUser, home.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("could not give " + home + " to " + mailUser);
        }
        Files.writeString(dir.resolve("passwd"), "bench:{PLAIN}secret\n");
        Files.writeString(dir.resolve("dovecot.conf"), String.join("\n",
                "protocols = imap", "listen = 127.0.0.1", "base_dir = " + dir.resolve("run"), "state_dir = " + dir.resolve("state"),
                "log_path = " + dir.resolve("dovecot.log"), "ssl = no", "disable_plaintext_auth = no", "auth_mechanisms = plain",
                root ? "" : "default_internal_user = " + me + "\ndefault_login_user = " + me,
                "passdb {", "  driver = passwd-file", "  args = scheme=PLAIN username_format=%u " + dir.resolve("passwd"), "}",
                "userdb {", "  driver = static", "  args = uid=" + mailUser + " gid=" + (root ? "nogroup" : me) + " home=" + home + "/%u", "}",
                "mail_location = maildir:~/Maildir",
                // A delivery agent's wait for the disk is not the platform's: without it the messages arrive faster than read.
                "mail_fsync = never",
                "service imap-login {", "  chroot =", "  inet_listener imap {", "    port = " + port, "  }", "  inet_listener imaps {",
                "    port = 0", "  }", "}", "service anvil {", "  chroot =", "}", ""));
        Process p = new ProcessBuilder(BINARY, "-F", "-c", dir.resolve("dovecot.conf").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        Dovecot dovecot = new Dovecot(port, p);
        Awaits.await(() -> {
            try (Appender a = dovecot.appender()) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(30));
        return dovecot;
    }

    Appender appender() throws IOException {
        return new Appender(port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** An IMAP client that logs in as the bench user and appends messages to its INBOX, each acknowledged. */
    static final class Appender implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private int tag;

        Appender(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
            in.readLine(); // greeting
            command("LOGIN bench secret");
        }

        /** Appends one message (CRLF lines) with a synchronising literal; returns once the server said OK. */
        void append(String message) throws IOException {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            String t = "a" + (++tag);
            out.write((t + " APPEND INBOX {" + bytes.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String go = in.readLine();
            if (go == null || !go.startsWith("+")) {
                throw new IOException("APPEND refused: " + go);
            }
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitTagged(t);
        }

        private void command(String command) throws IOException {
            String t = "a" + (++tag);
            out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitTagged(t);
        }

        private void awaitTagged(String t) throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(t + " ")) {
                    if (!line.startsWith(t + " OK")) {
                        throw new IOException(line);
                    }
                    return;
                }
            }
            throw new IOException("connection closed");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
