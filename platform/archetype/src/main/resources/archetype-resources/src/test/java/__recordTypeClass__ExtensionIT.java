package ${package};

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.exam.RapportDistributionOptions;

/**
 * Boots the Rapport distribution once for the class, installs this extension from its features repository as an
 * administrator would ({@code feature:repo-add} + {@code feature:install}), and checks each contribution from
 * inside (services) and outside (HTTP on {@code it.http.port} with Basic authentication).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ${recordTypeClass}ExtensionIT {
    private static final String TYPE = "${recordType}";
    private static final String ADMIN_PASSWORD = "exam-admin-pass";
    // Set by failsafe in the test's JVM and handed on to the server's (where the tests run) by config().
    private static final String HTTP_PORT = System.getProperty("it.http.port", "18281");

    @Inject
    private FeaturesService features;

    @Inject
    private MetadataService metadata;

    @Inject
    private RecordService records;

    @Inject
    private BundleContext context;

    private final HttpClient http = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        String localRepo = System.getProperty("it.local.repository", System.getProperty("user.home") + "/.m2/repository");
        String extensionRepo = new File(System.getProperty("extension.repository", "target/it-repository")).getAbsolutePath();
        // Rapport runs offline from its own system folder; it may also install this build's staged extension, and
        // Pax Exam's own bundles from the local repository.
        return RapportDistributionOptions.of(new File(System.getProperty("rapport.distribution")))
                .unpackInto(new File(System.getProperty("rapport.workDir", "target/exam")))
                .ports(HTTP_PORT, System.getProperty("it.ssh.port", "18201"))
                .adminPassword(ADMIN_PASSWORD)
                .repository("file:" + extensionRepo + "@id=extension@snapshots")
                .localRepository(localRepo)
                .build(systemProperty("it.http.port").value(HTTP_PORT),
                        systemProperty("extension.features").value(System.getProperty("extension.features")),
                        systemProperty("extension.feature").value(System.getProperty("extension.feature", "${featureName}")));
    }

    /** Every test needs the extension; the first one installs it (the container lives for the whole class). */
    @Before
    public void installTheExtension() throws Exception {
        String feature = System.getProperty("extension.feature");
        if (features.getFeatures(feature).length == 0) {
            features.addRepository(URI.create(System.getProperty("extension.features")));
        }
        if (!features.isInstalled(features.getFeature(feature))) {
            features.installFeature(feature, EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        }
        await("the ${recordType} type to be registered", () -> metadata.type(TYPE).isPresent());
    }

    @Test
    public void theBundleIsActiveAndTheRecordTypeRegistered() {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals("${artifactId}")).findFirst()
                .orElseThrow(() -> new AssertionError("The bundle ${artifactId} is not installed"));
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertEquals("subject", metadata.type(TYPE).orElseThrow().getNameField());
    }

    @Test
    public void aRecordIsCreatedWithItsDefaultsAndAnUrgentOneIsEscalated() throws Exception {
        Record created = records.create(Actor.system(), TYPE, Map.of("subject", "Printer on fire", "priority", "High"));
        assertNotNull(created.getId());
        assertEquals("Open", created.get("status"));
        // The event handler hears the change after commit and marks the record.
        await("the escalation of " + created.getId(), () -> Boolean.TRUE.equals(records.get(Actor.system(), TYPE, created.getId()).get("escalated")));
    }

    @Test
    public void theRestResourceAnswersOverHttpWithBasicAuthentication() throws Exception {
        records.create(Actor.system(), TYPE, Map.of("subject", "Counted", "status", "In progress"));
        HttpResponse<String> summary = awaitHttp("/api/v1/${recordType.toLowerCase()}-summary", true);
        assertEquals(summary.body(), 200, summary.statusCode());
        assertTrue(summary.body(), summary.body().contains("\"byStatus\"") && summary.body().contains("\"In progress\":"));
        assertEquals(401, get("/api/v1/${recordType.toLowerCase()}-summary", false).statusCode());
        // The generic record endpoints serve the new type too.
        assertEquals(200, get("/api/v1/${recordType}s?limit=1", true).statusCode());
    }

    @Test
    public void theConsolePanelIsListedAndItsModuleServed() throws Exception {
        HttpResponse<String> contributions = awaitHttp("/api/v1/console/contributions", true);
        assertEquals(200, contributions.statusCode());
        assertTrue(contributions.body(), contributions.body().contains("\"id\":\"${recordType.toLowerCase()}-contact-panel\"")
                && contributions.body().contains("\"placement\":\"RECORD_PANEL\""));
        HttpResponse<String> module = awaitHttp("/app/ext/${recordType.toLowerCase()}/${recordType}-panel.js", false);
        assertEquals(200, module.statusCode());
        assertTrue(module.body().contains("customElements.define"));
        assertTrue(module.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    private HttpResponse<String> get(String path, boolean signedIn) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + path));
        if (signedIn) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The server and the extension's services come up asynchronously: poll until 200 or 30 s have passed. */
    private HttpResponse<String> awaitHttp(String path, boolean signedIn) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                HttpResponse<String> r = get(path, signedIn);
                if (r.statusCode() == 200 || System.currentTimeMillis() > deadline) {
                    return r;
                }
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Gave up waiting for " + what + " after 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
