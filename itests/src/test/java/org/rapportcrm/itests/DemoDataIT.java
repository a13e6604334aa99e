package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: Rapport started with {@code RAPPORT_DEMO_DATA=true} fills itself with the platform's and
 * the sales capability's demo data, and a capability installed afterwards (service, automation) adds its own, each
 * written once by a task on the clustered scheduler.
 */
class DemoDataIT {
    private static RapportServer.Running running;
    private static RestClient admin;

    @BeforeAll
    static void aServerStartedWithDemoData() {
        running = RapportServer.Running.start(Map.of("RAPPORT_DEMO_DATA", "true"), Map.of(), "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void theDemoFillsThePlatformSalesServiceSurveysAndRules() {
        await("the platform's demo accounts and the sales demo deals", () -> count("accounts") == 300 && count("opportunities") > 0, 240);
        assertTrue(count("leads") > 0);
        RestClient alice = new RestClient(running.server.baseUrl + "/api/v1").basic("alice", "demo-password");
        assertEquals(200, alice.get("/opportunities?limit=1").status(), "the demo users sign in with the demo password");

        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        assertEquals(201, admin.post("/admin/capabilities/rapport-automation", Map.of()).status());
        await("the service demo cases", () -> count("cases") >= 500, 300);
        await("the demo surveys with answers", () -> count("surveys") == 2 && count("surveyResponses") > 0, 180);
        await("the demo workflow rules", () -> count("workflowRules") > 0, 120);
    }

    private static long count(String plural) {
        RestClient.Response r = admin.get("/" + plural + "?limit=1&count=true");
        return r.status() == 200 ? r.body().path("total").asLong() : -1;
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        }
    }
}
