package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.rapportcrm.itests.RestClient.Response;

/**
 * {@link ExternalIsolationIT}'s walk as a partner's user, on a server of its own with the PRM capability: partner
 * A's user never sees anything of partner B's world (its account, registrations, the opportunities and leads given to
 * it, the collateral of its tier), through every type, search, export and every GET endpoint of the OpenAPI document.
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

    /**
     * Each world's account becomes a partner of the world's own tier, with collateral published for that tier (and a file
     * on it): partner A's user sees A's tier's collateral and its file, and nothing of B's tier anywhere in the walk.
     */
    @Override
    protected void worldsMade() {
        for (Map<String, String> world : List.of(worldA, worldB)) {
            String account = "/accounts/" + world.get("account");
            Response partner = admin.patch(account, admin.get(account).header("ETag"), Map.of("isPartner", true,
                    "partnerTier", world.get("partnerTier")));
            assertEquals(200, partner.status(), partner.body().toString());
            Response collateral = admin.post("/partnerCollateral", Map.of("title", "Tier price list", "kind", "Price list",
                    "status", "Published", "partnerTier", world.get("partnerTier")));
            assertEquals(201, collateral.status(), collateral.body().toString());
            world.put("tierCollateral", collateral.body().path("id").asText());
            Response file = admin.raw("POST", "/partnerCollateral/" + world.get("tierCollateral") + "/files", "text/plain",
                    "prices of tier " + world.get("partnerTier"));
            assertEquals(201, file.status(), file.body().toString());
            world.put("tierCollateralFile", file.body().path("id").asText());
        }
    }

    @Test
    void aPartnerSeesTheCollateralOfItsTierWithItsFilesAndNoneOfAnotherTier() {
        Response list = portal.get("/partnerCollateral?limit=200");
        assertEquals(200, list.status(), list.body().toString());
        List<String> ids = new ArrayList<>();
        list.body().path("items").forEach(c -> ids.add(c.path("id").asText()));
        assertEquals(List.of(worldA.get("tierCollateral")), ids, "its tier's published collateral, not the drafts, not B's tier's");
        assertEquals("prices of tier " + worldA.get("partnerTier"), portal.get("/files/" + worldA.get("tierCollateralFile")).raw().body());
        assertEquals(404, portal.get("/partnerCollateral/" + worldB.get("tierCollateral")).status());
        assertEquals(404, portal.get("/files/" + worldB.get("tierCollateralFile")).status());
        assertEquals(403, portal.raw("POST", "/partnerCollateral/" + worldA.get("tierCollateral") + "/files", "text/plain", "ours").status(),
                "partners read collateral, they add nothing to it");
    }

    @AfterAll
    void stop() {
        if (own != null) {
            own.close();
        }
    }
}
