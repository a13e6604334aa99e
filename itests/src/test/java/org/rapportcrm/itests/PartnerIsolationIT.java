package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.rapportcrm.itests.RestClient.Response;

/**
 * {@link ExternalIsolationIT}'s walk as a partner's user, on a server of its own with the PRM capability: partner
 * A's user never sees anything of partner B's world (its account, registrations, the opportunities and leads given to
 * it), through every type, search, export and every GET endpoint of the OpenAPI document.
 */
class PartnerIsolationIT extends ExternalIsolationIT {
    private RapportServer.Running own;

    @Override
    protected String role() {
        return "partner";
    }

    /**
     * Its own server, since installing a capability changes what every other class sees. A registration of a third
     * partner for the samples' domain makes every world's registration clash with it, so each world has a sample
     * conflict (a type the platform alone writes).
     */
    @Override
    protected String prepare(RapportServer shared) {
        own = RapportServer.startOwn();
        RestClient admin = new RestClient(own.server).basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-prm", Map.of()).status());
        try {
            RapportExam.await(() -> admin.get("/dealRegistrations").status() == 200, "the PRM capability", 90);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Response third = admin.post("/accounts", Map.of("name", "Third partner", "isPartner", true));
        assertEquals(201, third.status(), third.body().toString());
        Response seed = admin.post("/dealRegistrations", Map.of("partnerAccount", third.body().path("id").asText(), "customerName", "Seed",
                "customerDomain", SampleRecords.SAMPLE_DOMAIN, "closeDate", LocalDate.now().plusDays(30).toString()));
        assertEquals(201, seed.status(), seed.body().toString());
        return own.server.baseUrl;
    }

    @AfterAll
    void stop() {
        if (own != null) {
            own.close();
        }
    }
}
