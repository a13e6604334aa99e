package org.rapportcrm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.ops4j.pax.exam.options.extra.VMOption;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.rapportcrm.itests.testcap.TestCapability;

/**
 * Installs, upgrades and uninstalls a test-only capability through the REST API and the shell, inside the real
 * distribution. The capability ({@link TestCapability}) is written to disk and its repository added with
 * {@link FeaturesService#addRepository}: the assembly is offline, so this is how a capability's own repository gets
 * in, and its name ({@code rapport-testcap-<version>}) makes it a Rapport repository, so its {@code rapport-*}
 * features count as capabilities. Needs Pax Exam (the repository is added from inside Karaf), hence its own boot.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CapabilityLifecycleIT {
    private static final String HTTP_PORT = RapportExam.port(18381);
    private static final String ADMIN_PASSWORD = RapportExam.ADMIN_PASSWORD;
    private static final String BASE = "http://localhost:" + HTTP_PORT + "/api/v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext context;

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory shell;

    private final HttpClient http = HttpClient.newHttpClient();

    @Configuration
    public Option[] config() {
        return RapportExam.distribution(HTTP_PORT, RapportExam.port(18301));
    }

    @Test
    public void a_aTestCapabilityInstallsUpgradesAndUninstallsThroughRestAndKeepsItsData() throws Exception {
        addRepository("1.0.0");
        awaitHttp("GET", "/health", 200);
        JsonNode listed = item(call("GET", "/admin/capabilities", null, 200), TestCapability.NAME);
        assertFalse(listed.path("installed").asBoolean());
        assertEquals("AVAILABLE", listed.path("state").asText());
        assertFalse("the platform's own features are no capabilities", call("GET", "/admin/capabilities", null, 200).body.toString()
                .contains("\"rapport-platform\""));

        // Install, timed from the request to the bundle being active.
        long start = System.nanoTime();
        Reply installed = call("POST", "/admin/capabilities/" + TestCapability.NAME, null, 201);
        long answered = System.nanoTime();
        RapportExam.await(() -> state(TestCapability.SYMBOLIC_NAME) == Bundle.ACTIVE, "the capability's bundle is active");
        long active = System.nanoTime();
        System.out.printf("Capability install: POST answered after %d ms, bundle ACTIVE after %d ms%n",
                (answered - start) / 1_000_000, (active - start) / 1_000_000);
        assertEquals("1.0.0", installed.body.path("version").asText());
        assertEquals("ACTIVE", installed.body.path("state").asText());
        assertEquals(TestCapability.SYMBOLIC_NAME, installed.body.path("bundles").path(0).path("symbolicName").asText());
        assertEquals("ACTIVE", installed.body.path("bundles").path(0).path("state").asText());
        JsonNode contributes = installed.body.path("contributes");
        assertEquals("[\"testNote\"]", contributes.path("recordTypes").toString());
        assertEquals("[\"/api/v1/testcap\"]", contributes.path("restResources").toString());
        assertEquals("[\"testcap\"]", contributes.path("consoleContributions").toString());
        assertEquals("1.0.0", awaitHttp("GET", "/testcap", 200).body.path("version").asText());

        // Idempotent: installing again changes nothing.
        assertEquals("1.0.0", call("POST", "/admin/capabilities/" + TestCapability.NAME, null, 200).body.path("version").asText());

        // Its data outlives it.
        String note = call("POST", "/testNotes", "{\"title\":\"kept across uninstall\"}", 201).body.path("id").asText();
        String file = call("POST", "/testNotes/" + note + "/files", "{\"attached\":true}", 201).body.path("id").asText();

        // A newer version in the repositories: listed as upgradable, POST upgrades in place of the old one.
        addRepository("1.1.0");
        JsonNode before = call("GET", "/admin/capabilities/" + TestCapability.NAME, null, 200).body;
        assertEquals("1.0.0", before.path("version").asText());
        assertEquals("1.1.0", before.path("latestVersion").asText());
        assertTrue(before.path("upgradable").asBoolean());
        Reply upgraded = call("POST", "/admin/capabilities/" + TestCapability.NAME, null, 200);
        assertEquals("1.1.0", upgraded.body.path("version").asText());
        assertEquals("ACTIVE", upgraded.body.path("state").asText());
        assertEquals(List.of("1.1.0"), versions(TestCapability.SYMBOLIC_NAME));
        assertEquals("1.1.0", awaitHttp("GET", "/testcap", 200).body.path("version").asText());

        // Uninstall: the bundle and its endpoint go, the platform stays up.
        start = System.nanoTime();
        call("DELETE", "/admin/capabilities/" + TestCapability.NAME, null, 204);
        System.out.printf("Capability uninstall: DELETE answered after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(List.of(), versions(TestCapability.SYMBOLIC_NAME));
        awaitHttp("GET", "/testcap", 404);
        JsonNode gone = call("GET", "/admin/capabilities/" + TestCapability.NAME, null, 200).body;
        assertFalse(gone.path("installed").asBoolean());
        assertEquals("[]", gone.path("contributes").path("restResources").toString());
        call("DELETE", "/admin/capabilities/" + TestCapability.NAME, null, 204); // idempotent
        assertEquals(200, call("GET", "/health", null, 200).status);

        // Reinstalled: the rows written before are still there.
        start = System.nanoTime();
        call("POST", "/admin/capabilities/" + TestCapability.NAME, null, 201);
        RapportExam.await(() -> state(TestCapability.SYMBOLIC_NAME) == Bundle.ACTIVE, "the reinstalled bundle is active");
        System.out.printf("Capability reinstall: bundle ACTIVE after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        JsonNode notes = awaitHttp("GET", "/testNotes", 200).body.path("items");
        assertEquals("kept across uninstall", notes.path(0).path("title").asText());
        assertEquals("its files too", file, call("GET", "/testNotes/" + note + "/files", null, 200).body.path("items").path(0).path("id").asText());
        call("DELETE", "/admin/capabilities/" + TestCapability.NAME, null, 204);
    }

    @Test
    public void b_aCapabilityWhoseBundleCannotStartIsListedAsFailed() throws Exception {
        addRepository("1.1.0");
        addBrokenRepository();
        awaitHttp("GET", "/health", 200);
        Reply install = call("POST", "/admin/capabilities/" + TestCapability.BROKEN, null, -1);
        System.out.println("Installing a capability that fails to start answered " + install.status + ": " + install.body);
        assertEquals(409, install.status);
        assertTrue(install.body.path("detail").asText(), install.body.path("detail").asText().contains(TestCapability.BROKEN));
        Reply list = call("GET", "/admin/capabilities", null, 200);
        JsonNode broken = item(list, TestCapability.BROKEN);
        assertEquals("FAILED", broken.path("state").asText());
        assertEquals("FAILED", broken.path("bundles").path(0).path("state").asText());
        assertTrue("the others are still listed", item(list, TestCapability.NAME) != null);
        call("DELETE", "/admin/capabilities/" + TestCapability.BROKEN, null, 204);
        assertEquals(List.of(), versions(TestCapability.BROKEN_SYMBOLIC_NAME));
    }

    @Test
    public void c_theShellListsInstallsAndUninstallsCapabilities() throws Exception {
        addRepository("1.1.0");
        addBrokenRepository();
        String installed = execute("rapport:capability-install " + TestCapability.NAME);
        assertTrue(installed, installed.contains("Installed " + TestCapability.NAME + " 1.1.0: ACTIVE"));
        String list = execute("rapport:capability-list");
        assertTrue(list, list.contains(TestCapability.NAME) && list.contains("ACTIVE") && list.contains("rest /api/v1/testcap"));
        assertTrue(list, list.contains(TestCapability.BROKEN) && list.contains("AVAILABLE"));
        String again = execute("rapport:capability-install " + TestCapability.NAME);
        assertTrue(again, again.contains("already installed"));
        String unknown = execute("rapport:capability-install rapport-nope");
        assertTrue(unknown, unknown.contains("Error: There is no capability named rapport-nope"));
        String platform = execute("rapport:capability-uninstall rapport-platform");
        assertTrue(platform, platform.contains("Error: rapport-platform is a feature but not a capability"));
        String uninstalled = execute("rapport:capability-uninstall " + TestCapability.NAME);
        assertTrue(uninstalled, uninstalled.contains("Uninstalled " + TestCapability.NAME));
        assertEquals(List.of(), versions(TestCapability.SYMBOLIC_NAME));
        assertTrue(execute("rapport:capability-uninstall " + TestCapability.NAME).contains("is not installed"));
        assertTrue("the platform stays installed", features.isInstalled(features.getFeature("rapport-platform")));
    }

    @Test
    public void d_theLoyaltyExampleComesAndGoesWithItsDataKept() throws Exception {
        awaitHttp("GET", "/health", 200);
        assertFalse(item(call("GET", "/admin/capabilities", null, 200), "rapport-loyalty").path("installed").asBoolean());
        String contact = call("POST", "/contacts", "{\"firstName\":\"Lou\",\"lastName\":\"Loyal\"}", 201).body.path("id").asText();

        long start = System.nanoTime();
        call("POST", "/admin/capabilities/rapport-loyalty", null, 201);
        awaitHttp("GET", "/loyalty/balances/" + contact, 200);
        System.out.printf("rapport-loyalty: install request to its REST endpoint answering: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(200, call("GET", "/metadata/pointsEntry", null, 200).status);
        assertTrue(call("GET", "/console/contributions", null, 200).body.toString().contains("\"loyalty-points\""));
        assertTrue(call("GET", "/automation", null, 200).body.toString().contains("\"loyalty.award-points\""));

        call("POST", "/activities", "{\"subject\":\"QBR\",\"activityType\":\"Meeting\",\"status\":\"Completed\",\"contact\":\"" + contact + "\"}", 201);
        RapportExam.await(() -> points(contact) == 10, "a completed meeting earns 10 points");

        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        long logSize = java.nio.file.Files.size(log);
        call("DELETE", "/admin/capabilities/rapport-loyalty", null, 204);
        assertEquals(404, call("GET", "/loyalty/balances/" + contact, null, -1).status);
        assertEquals(404, call("GET", "/metadata/pointsEntry", null, -1).status);
        assertFalse(call("GET", "/console/contributions", null, 200).body.toString().contains("\"loyalty-points\""));
        assertFalse(call("GET", "/automation", null, 200).body.toString().contains("\"loyalty.award-points\""));
        assertEquals(200, call("GET", "/contacts/" + contact, null, 200).status);
        String logged = new String(java.nio.file.Files.readAllBytes(log), StandardCharsets.UTF_8).substring((int) logSize);
        assertFalse("no error logged by the uninstall: " + logged, logged.contains("| ERROR |"));

        call("POST", "/admin/capabilities/rapport-loyalty", null, 201);
        awaitHttp("GET", "/loyalty/balances/" + contact, 200);
        assertEquals("the points are still there", 10, points(contact));
    }

    private long points(String contact) {
        try {
            return call("GET", "/loyalty/balances/" + contact, null, 200).body.path("points").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void addRepository(String version) throws Exception {
        features.addRepository(TestCapability.repository(Path.of(System.getProperty("karaf.data"), "testcap"), version));
    }

    private void addBrokenRepository() throws Exception {
        features.addRepository(TestCapability.brokenRepository(Path.of(System.getProperty("karaf.data"), "testcap")));
    }

    private int state(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b.getState();
            }
        }
        return Bundle.UNINSTALLED;
    }

    private List<String> versions(String symbolicName) {
        List<String> versions = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                versions.add(b.getVersion().toString());
            }
        }
        return versions;
    }

    private static JsonNode item(Reply list, String name) {
        for (JsonNode item : list.body.path("items")) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " is not listed: " + list.body);
    }

    private record Reply(int status, JsonNode body) {
    }

    /** One API call as admin; {@code expected} -1 accepts any status. */
    private Reply call(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Reply reply = new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
        if (expected != -1) {
            assertEquals(method + " " + path + ": " + r.body(), expected, r.statusCode());
        }
        if (expected == 204) {
            assertNull(r.body().isEmpty() ? null : r.body());
        }
        return reply;
    }

    private Reply awaitHttp(String method, String path, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                Reply r = call(method, path, null, -1);
                if (r.status == expected || System.currentTimeMillis() > deadline) {
                    assertEquals(method + " " + path + ": " + r.body, expected, r.status);
                    return r;
                }
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private String execute(String command) throws Exception {
        return RapportExam.execute(shell, command);
    }
}
