package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.FluentWait;
import org.rapportcrm.itests.RestClient.Response;

/**
 * The capabilities API as clients see it, on the shared running distribution: who may use it, how it refuses what
 * is no capability, and what the console sees of the loyalty example while it is installed. Installing, upgrading and
 * uninstalling a capability of a repository of its own is in {@link CapabilityLifecycleIT}, which can add a features
 * repository from inside Karaf.
 */
@ExtendWith(RapportServer.class)
class CapabilitiesIT {
    private static RapportServer server;
    private static RestClient admin;

    @BeforeAll
    static void connect(RapportServer s) {
        server = s;
        admin = new RestClient(s).basic("admin", RapportServer.ADMIN_PASSWORD);
    }

    @Test
    void anAdminListsTheCapabilitiesAndThePlatformIsNotOne() {
        Response r = admin.get("/admin/capabilities");
        assertEquals(200, r.status(), r.body().toString());
        assertTrue(r.body().path("items").isArray());
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode item : r.body().path("items")) {
            names.add(item.path("name").asText());
            assertTrue(item.path("name").asText().startsWith("rapport-"));
            assertFalse(List.of("rapport-platform", "rapport-all", "rapport-datasource", "rapport-jpa", "rapport-jackson", "rapport-csv")
                    .contains(item.path("name").asText()));
        }
        assertTrue(names.contains("rapport-loyalty"), names.toString());
    }

    @Test
    void aReadOnlyUserIsRefused() {
        String name = "capreader" + System.nanoTime();
        assertEquals(201, admin.post("/users", Map.of("userName", name, "displayName", "Reader", "password", "reader-password",
                "roles", List.of("read-only"))).status());
        RestClient reader = new RestClient(server).basic(name, "reader-password");
        assertEquals(403, reader.get("/admin/capabilities").status());
        assertEquals(403, reader.post("/admin/capabilities/rapport-anything", Map.of()).status());
        assertEquals(401, new RestClient(server).get("/admin/capabilities").status());
    }

    @Test
    void anUnknownNameIsNotFoundAndNamed() {
        for (Response r : List.of(admin.get("/admin/capabilities/rapport-nope"), admin.post("/admin/capabilities/rapport-nope", Map.of()),
                admin.raw("DELETE", "/admin/capabilities/rapport-nope", "application/json", ""))) {
            assertEquals(404, r.status());
            assertEquals("application/problem+json;charset=utf-8", r.header("Content-Type").toLowerCase());
            assertTrue(r.body().path("detail").asText().contains("rapport-nope"), r.body().toString());
        }
    }

    @Test
    void aPlatformFeatureIsABadRequestAndStaysInstalled() {
        for (Response r : List.of(admin.get("/admin/capabilities/rapport-platform"), admin.post("/admin/capabilities/rapport-platform", Map.of()),
                admin.raw("DELETE", "/admin/capabilities/rapport-platform", "application/json", ""),
                admin.post("/admin/capabilities/http", Map.of()))) {
            assertEquals(400, r.status());
            assertTrue(r.body().path("detail").asText().contains("not a capability"), r.body().toString());
        }
        assertEquals(200, new RestClient(server).get("/health").status());
    }

    @Test
    void otherAdminPathsAndMethodsAreRefusedCleanly() {
        assertEquals(404, admin.get("/admin/nothing-here").status());
        assertEquals(405, admin.raw("PUT", "/admin/capabilities", "application/json", "{}").status());
    }

    @Test
    void theConsolePageIsContributedAndItsModuleServed() throws Exception {
        JsonNode items = admin.get("/console/contributions").body().path("items");
        JsonNode page = null;
        for (JsonNode item : items) {
            if (item.path("id").asText().equals("capabilities")) {
                page = item;
            }
        }
        assertTrue(page != null, items.toString());
        assertEquals("NAVIGATION", page.path("placement").asText());
        assertEquals("rp-capabilities-page-v1", page.path("tagName").asText());
        HttpResponse<String> module = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl + page.path("moduleUrl").asText())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, module.statusCode());
        assertTrue(module.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(module.body().contains("customElements.define('rp-capabilities-page-v1'"));
        assertTrue(module.body().contains("from 'lit'"));
    }

    /**
     * The loyalty example installed at run time: its record type names its capability and its parent, its panel is
     * listed under its capability and its module folder is served (revalidated with its ETag); uninstalled, both go.
     */
    @Test
    void aCapabilitysConsoleFolderAndContributionsComeAndGoWithIt() throws Exception {
        String module = "/app/ext/loyalty/points-panel.js";
        assertEquals(201, admin.post("/admin/capabilities/rapport-loyalty", Map.of()).status());
        try {
            awaitStatus("/metadata/pointsEntry", 200);
            JsonNode type = admin.get("/metadata/pointsEntry").body();
            assertEquals("Loyalty", type.path("capability").asText());
            assertEquals("contact", type.path("parentField").asText());
            JsonNode panel = contribution("loyalty-points");
            assertEquals("Loyalty", panel.path("capability").asText());
            assertEquals(module, panel.path("moduleUrl").asText());

            HttpResponse<String> served = fetch(module, null);
            assertEquals(200, served.statusCode());
            assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertEquals("no-cache", served.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(served.body().contains("from '/app/sdk/v1.js'"), "the module uses the console SDK");
            assertEquals(304, fetch(module, served.headers().firstValue("ETag").orElseThrow()).statusCode());
        } finally {
            assertEquals(204, admin.send("DELETE", "/admin/capabilities/rapport-loyalty").status());
        }
        awaitStatus("/metadata/pointsEntry", 404);
        assertEquals(null, contribution("loyalty-points"));
        assertEquals(404, fetch(module, null).statusCode());
    }

    private static JsonNode contribution(String id) {
        for (JsonNode item : admin.get("/console/contributions").body().path("items")) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        return null;
    }

    private static HttpResponse<String> fetch(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl + path));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitStatus(String path, int status) {
        new FluentWait<>(admin).withTimeout(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(100))
                .withMessage(() -> "GET " + path + " answers " + status)
                .until(r -> r.get(path).status() == status);
    }
}
