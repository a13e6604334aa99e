package org.rapportcrm.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.rapportcrm.platform.exam.RapportDistributionOptions;

/** What every Pax Exam class needs to boot the built distribution, and to run shell commands in it. */
final class RapportExam {
    static final String ADMIN_PASSWORD = "exam-admin-pass";
    /** Added to every class's ports, so builds in two working copies can run their Pax Exam classes at once. */
    private static final int PORT_OFFSET = Integer.getInteger("rapport.portOffset", 0);

    private RapportExam() {
    }

    /** {@code base} moved by the build's port offset; the same inside the container, which is given the offset too. */
    static String port(int base) {
        return String.valueOf(base + PORT_OFFSET);
    }

    /** The distribution, offline but for Pax Exam's own bundles, on its own ports so classes can run side by side. */
    static Option[] distribution(String httpPort, String sshPort) {
        return RapportDistributionOptions.of(new File(System.getProperty("rapport.distribution")))
                .unpackInto(new File(System.getProperty("rapport.workDir", "target/servers"), "exam"))
                .localRepository(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"))
                .ports(httpPort, sshPort)
                .adminPassword(ADMIN_PASSWORD)
                .build(systemProperty("rapport.portOffset").value(String.valueOf(PORT_OFFSET)));
    }

    /** Runs a shell command as an administrator would type it and returns what it printed. */
    static String execute(SessionFactory shell, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = shell.create(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits (polling) until {@code condition} holds; fails after 30 s naming {@code what}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, 30);
    }

    /** Waits (polling) until {@code condition} holds; fails after {@code seconds} naming {@code what}. */
    static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Not within " + seconds + " s: " + what + serverErrors());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * The last errors in the server's log, for a wait that ran out inside the container: when the platform never came
     * up (a bundle that failed at boot), the cause is there and not in the test's output.
     */
    private static String serverErrors() {
        String data = System.getProperty("karaf.data");
        Path log = data == null ? null : Path.of(data, "log", "karaf.log");
        if (log == null || !Files.isReadable(log)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> errors = lines.filter(line -> line.contains("| ERROR |")).toList();
            return errors.isEmpty() ? "" : "\nThe server's last errors (" + log + "):\n"
                    + String.join("\n", errors.subList(Math.max(0, errors.size() - 5), errors.size()));
        } catch (IOException | UncheckedIOException e) {
            return "\n(The server's log could not be read: " + e + ")";
        }
    }
}
