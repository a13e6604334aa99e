package org.rapportcrm.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.options.extra.VMOption;

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
        String distribution = System.getProperty("rapport.distribution");
        String localRepo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl("file:" + new File(distribution).getAbsolutePath())
                    .unpackDirectory(new File(System.getProperty("rapport.workDir", "target/servers"), "exam")).useDeployFolder(false),
            keepRuntimeFolder(),
            // Without a terminal the local console would print its prompt endlessly into the test output.
            configureConsole().ignoreLocalConsole(),
            systemProperty("karaf.startLocalConsole").value("false"),
            logLevel(LogLevelOption.LogLevel.WARN),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                    "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,file:" + localRepo + "@id=local@snapshots"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort),
            editConfigurationFilePut("etc/org.rapportcrm.security.cfg", "initialAdminPassword", ADMIN_PASSWORD),
            systemProperty("pax.exam.service.timeout").value("180000"),
            // The extender's own wait for the invoker factory (10 s by default) ran out on a busy 2-core machine, leaving
            // the probe without an invoker ("gave up waiting for service ProbeInvokerFactory") and every test of the class failing.
            systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("120000"),
            // Likewise the JUnit invoker factory's wait for the Injector service (10 s by default): under load it ran out,
            // and the class then waited for its invoker test after test ("gave up waiting for service ...Injector").
            systemProperty("org.ops4j.pax.exam.invoker.junit.internal.JUnitProbeInvokerFactory.DEFAULT_TIMEOUT").value("120000"),
            systemProperty("rapport.portOffset").value(String.valueOf(PORT_OFFSET)),
            new VMOption("-Xmx512m"),
            // What bin/karaf passes on Java 17.
            new VMOption("--add-reads=java.xml=java.logging"),
            new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            new VMOption("--patch-module"), new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar"),
            new VMOption("--patch-module"), new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar"),
            new VMOption("--add-opens"), new VMOption("java.base/java.security=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.net=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.lang=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.base/java.util=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
            new VMOption("--add-opens"), new VMOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            new VMOption("-classpath"), new VMOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
        };
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
                throw new AssertionError("Not within " + seconds + " s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
