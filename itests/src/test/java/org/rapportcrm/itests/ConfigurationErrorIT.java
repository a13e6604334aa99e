package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapportcrm.itests.RestClient.Response;

/** A bad setting gives a clear error, never a half-started server that answers 404 pages. */
class ConfigurationErrorIT {
    private static RapportServer.Running running;
    private static RestClient anonymous;

    @BeforeAll
    static void startWithAnAdminPasswordTooShort() {
        running = RapportServer.startOwn(Map.of("RAPPORT_ADMIN_PASSWORD", "short"));
        anonymous = new RestClient(running.server);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void healthSaysWhatToFixAndNobodyCanSignInWithTheRefusedPassword() throws Exception {
        // Alive comes first; the parts report as they come up, and the API itself (its document) last.
        long deadline = System.currentTimeMillis() + 60_000;
        while (anonymous.get("/openapi.json").status() != 200 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        Response health = anonymous.get("/health");
        assertEquals(503, health.status());
        assertEquals("DOWN", health.body().path("status").asText(), health.body().toString());
        String reason = health.body().path("checks").path("security").path("detail").asText();
        assertTrue(reason.contains("RAPPORT_ADMIN_PASSWORD") && reason.contains("restart"), reason);
        assertEquals("5", health.header("Retry-After"));
        assertEquals(200, anonymous.get("/health/live").status(), "alive, just not ready");

        assertEquals(401, new RestClient(running.server).basic("admin", "short").get("/contacts").status());
        assertEquals(false, anonymous.get("/setup").body().path("setUp").asBoolean(), "the setup page is still on offer");

        try (ConsoleBrowser browser = new ConsoleBrowser(1280, 800, null)) {
            browser.driver.get(running.server.baseUrl + "/");
            browser.waitForText("health-banner", "RAPPORT_ADMIN_PASSWORD");
            assertTrue(browser.byTestId("health-banner").getText().contains("needs attention"), "the console shows it");
        }

        String log = Files.readString(running.server.home.resolve("data/log/karaf.log"));
        assertTrue(log.lines().anyMatch(l -> l.contains("ERROR") && l.contains("RAPPORT_ADMIN_PASSWORD") && l.contains("set another and restart")),
                "one log line says what to fix");
    }
}
