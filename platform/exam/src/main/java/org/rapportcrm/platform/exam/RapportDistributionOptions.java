package org.rapportcrm.platform.exam;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.options.extra.VMOption;

/**
 * The Pax Exam options that boot a Rapport distribution for a test class, in a test's {@code @Configuration}:
 * <pre>{@code
 * return RapportDistributionOptions.of(new File(System.getProperty("rapport.distribution")))
 *         .ports("18281", "18201").adminPassword("exam-admin-pass").build();
 * }</pre>
 * The server runs offline from its own system folder, plus the local Maven repository (where Pax Exam's own bundles
 * are) and any repository added; it logs warnings and errors only, and waits as long as a busy build machine needs.
 */
public final class RapportDistributionOptions {
    private final File distribution;
    private File unpackDirectory = new File("target/exam");
    private String httpPort = "18181";
    private String sshPort = "18101";
    private String adminPassword;
    private String localRepository = System.getProperty("user.home") + "/.m2/repository";
    private final List<String> repositories = new ArrayList<>();

    private RapportDistributionOptions(File distribution) {
        this.distribution = distribution;
    }

    /** @param distribution the distribution's tar.gz */
    public static RapportDistributionOptions of(File distribution) {
        return new RapportDistributionOptions(distribution);
    }

    /** Where the distribution is unpacked, one folder per run (kept, for its logs); {@code target/exam} by default. */
    public RapportDistributionOptions unpackInto(File directory) {
        this.unpackDirectory = directory;
        return this;
    }

    /** The server's HTTP and SSH ports, so test classes of several builds can run at once. */
    public RapportDistributionOptions ports(String http, String ssh) {
        this.httpPort = http;
        this.sshPort = ssh;
        return this;
    }

    /** The password of the administrator the first start creates. */
    public RapportDistributionOptions adminPassword(String password) {
        this.adminPassword = password;
        return this;
    }

    /** The local Maven repository: Pax Exam installs its own bundles from it. {@code ~/.m2/repository} by default. */
    public RapportDistributionOptions localRepository(String path) {
        this.localRepository = path;
        return this;
    }

    /** Another repository features and bundles may come from, as pax-url writes it ({@code file:/path@id=name@snapshots}). */
    public RapportDistributionOptions repository(String url) {
        repositories.add(url);
        return this;
    }

    /** The options, followed by {@code more} (the test's own). */
    public Option[] build(Option... more) {
        List<String> searched = new ArrayList<>();
        searched.add("file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots");
        searched.addAll(repositories);
        searched.add("file:" + localRepository + "@id=local@snapshots");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl("file:" + distribution.getAbsolutePath())
                        .unpackDirectory(unpackDirectory).useDeployFolder(false),
                keepRuntimeFolder(),
                // Without a terminal the local console would print its prompt endlessly into the test output.
                configureConsole().ignoreLocalConsole(),
                systemProperty("karaf.startLocalConsole").value("false"),
                logLevel(LogLevelOption.LogLevel.WARN),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories", String.join(",", searched)),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", sshPort)));
        if (adminPassword != null) {
            options.add(editConfigurationFilePut("etc/org.rapportcrm.security.cfg", "initialAdminPassword", adminPassword));
        }
        options.addAll(waitsForABusyMachine());
        options.addAll(javaOptions(karafVersion()));
        return OptionUtils.combine(options.toArray(Option[]::new), more);
    }

    /**
     * Pax Exam's waits inside the server, 10 s by default each: on a busy 2-core machine they ran out, no probe invoker
     * was registered, and every test of the class waited for it and failed.
     */
    private static List<Option> waitsForABusyMachine() {
        return List.of(
                // The test's wait for the probe's invoker.
                systemProperty("pax.exam.service.timeout").value("180000"),
                // The extender's wait for the invoker factory ("gave up waiting for service ProbeInvokerFactory").
                systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("120000"),
                // The JUnit invoker factory's wait for the Injector ("gave up waiting for service ...Injector").
                systemProperty("org.ops4j.pax.exam.invoker.junit.internal.JUnitProbeInvokerFactory.DEFAULT_TIMEOUT").value("120000"));
    }

    /** What bin/karaf passes on Java 17, and the heap Rapport's tests run with. */
    private static List<Option> javaOptions(String karaf) {
        List<Option> options = new ArrayList<>();
        for (String option : List.of("-Xmx512m",
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED",
                "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*")) {
            options.add(new VMOption(option));
        }
        return options;
    }

    /** The Karaf of the distribution built with this jar: its endorsed jars carry the version in their names. */
    private static String karafVersion() {
        Properties properties = new Properties();
        try (InputStream in = RapportDistributionOptions.class.getResourceAsStream("distribution.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("karaf.version");
    }
}
