package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rapportcrm.itests.RestClient.Response;

/** The hardening findings of issues 12 and 22, reproduced over HTTP as an attacker would try them: each is refused. */
@ExtendWith(RapportServer.class)
class SecurityIT {
    private static final String PASSWORD = "it-user-password";
    private static RapportServer server;
    private static RestClient admin;

    @BeforeAll
    static void connect(RapportServer s) {
        server = s;
        admin = new RestClient(s).basic("admin", RapportServer.ADMIN_PASSWORD);
    }

    /** A new user with the roles and teams given; returns their id. */
    static String user(String name, List<String> roles, List<String> teamIds) {
        Response r = admin.post("/users", Map.of("userName", name, "displayName", name, "password", PASSWORD, "roles", roles,
                "teamIds", teamIds));
        assertEquals(201, r.status(), r.body().toString());
        return r.body().path("id").asText();
    }

    static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }

    private static RestClient as(String name) {
        return new RestClient(server).basic(name, PASSWORD);
    }

    @Test
    void httpBasicMatchesUserNamesLikeTheSignInForm() {
        String name = unique("casey");
        user(name, List.of("sales"), List.of());
        assertEquals(200, new RestClient(server).basic("  " + name.toUpperCase() + " ", PASSWORD).get("/accounts?limit=1").status());
    }

    @Test
    void repeatedWrongPasswordsAreAnsweredWith429AndRetryAfterEvenForTheRightOne() {
        String name = unique("lockme");
        user(name, List.of("sales"), List.of());
        for (int i = 0; i < 6; i++) {
            assertEquals(401, new RestClient(server).post("/session", Map.of("userName", name, "password", "guess-" + i)).status());
        }
        Response locked = new RestClient(server).basic(name, PASSWORD).get("/accounts?limit=1");
        assertEquals(429, locked.status());
        assertNotNull(locked.header("Retry-After"));
        assertEquals("application/problem+json", locked.header("Content-Type").split(";")[0]);
    }

    @Test
    void changingYourPasswordNeedsTheCurrentOneAndSignsOutYourOtherSessions() {
        String name = unique("mover");
        String id = user(name, List.of("sales"), List.of());
        Response first = new RestClient(server).post("/session", Map.of("userName", name, "password", PASSWORD));
        Response second = new RestClient(server).post("/session", Map.of("userName", name, "password", PASSWORD));
        RestClient here = new RestClient(server).header("Cookie", cookie(first)).header("X-CSRF-Token", first.body().path("csrfToken").asText());
        RestClient elsewhere = new RestClient(server).header("Cookie", cookie(second));
        String token = as(name).post("/tokens", Map.of("name", "script")).body().path("token").asText();

        Response withoutCurrent = here.post("/users/" + id + "/password", Map.of("password", "brand-new-password"));
        assertEquals(422, withoutCurrent.status());
        assertEquals("currentPassword", withoutCurrent.problemField());
        assertEquals(204, here.post("/users/" + id + "/password", Map.of("password", "brand-new-password", "currentPassword", PASSWORD)).status());

        assertTrue(here.get("/session").body().path("signedIn").asBoolean(true), "the session that changed the password stays");
        assertEquals(200, here.get("/accounts?limit=1").status());
        assertEquals(401, elsewhere.get("/accounts?limit=1").status(), "the other session ended");
        assertEquals(401, new RestClient(server).header("Authorization", "Bearer " + token).get("/accounts?limit=1").status(), "tokens revoked");
        assertEquals(401, as(name).get("/accounts?limit=1").status(), "the old password no longer works");
        assertEquals(200, new RestClient(server).basic(name, "brand-new-password").get("/accounts?limit=1").status());
    }

    @Test
    void aReaderIsRefusedWith403BeforeAStaleIfMatchOrABadValueIsLookedAt() {
        String reader = unique("reader");
        user(reader, List.of("read-only"), List.of());
        String id = admin.post("/contacts", Map.of("lastName", unique("Doe"))).body().path("id").asText();
        assertRefused(403, as(reader).patch("/contacts/" + id, "\"99\"", Map.of("title", "x")), "stale If-Match");
        assertRefused(403, as(reader).patch("/contacts/" + id, "\"1\"", Map.of("birthdate", "not a date")), "bad value");
        assertRefused(403, as(reader).delete("/contacts/" + id, "\"99\""), "stale delete");
    }

    @Test
    void ownersChangeOnlyWithTheTransferPermission() {
        String team = admin.post("/teams", Map.of("name", unique("North "))).body().path("id").asText();
        String alice = unique("alice");
        String bob = unique("bob");
        String manager = unique("manager");
        String aliceId = user(alice, List.of("sales"), List.of(team));
        String bobId = user(bob, List.of("sales"), List.of(team));
        user(manager, List.of("sales-manager"), List.of(team));
        String account = as(bob).post("/accounts", Map.of("name", unique("Bob's "))).body().path("id").asText();

        Response taken = as(alice).patch("/accounts/" + account, "\"1\"", Map.of("owner", aliceId));
        assertRefused(403, taken, "taking a teammate's record");
        assertEquals("owner", taken.problemField());
        assertRefused(403, as(alice).post("/accounts", Map.of("name", "For Bob", "owner", bobId)), "creating a record for someone else");
        assertEquals(200, as(manager).patch("/accounts/" + account, "\"1\"", Map.of("owner", aliceId)).status());
        assertEquals("owner", admin.get("/accounts/" + account + "/history").body().path("items").path(0).path("field").asText());
    }

    @Test
    void settingsAreForAdministratorsAndWebFormsRedirectOnlyWhereAllowed() {
        String rep = unique("rep");
        String repId = user(rep, List.of("sales"), List.of());
        Map<String, Map<String, Object>> settings = Map.of(
                "/assignmentRules", Map.of("name", "All mine", "position", 0, "assignToUser", repId),
                "/webForms", Map.of("name", "Evil", "formKey", unique("evil")),
                "/scoringRules", Map.of("name", "Mine", "points", 100),
                "/salesStages", Map.of("name", "Mine", "position", 99, "probability", 50),
                "/products", Map.of("name", "Mine"),
                "/priceBooks", Map.of("name", "Mine"));
        settings.forEach((path, body) -> assertRefused(403, as(rep).post(path, body), "a rep creating " + path));

        Response open = admin.post("/webForms", Map.of("name", "Open redirect", "formKey", unique("open"), "redirectUrl", "https://evil.example/"));
        assertRefused(422, open, "a redirect to any site");
        assertEquals("redirectUrl", open.problemField());
        assertEquals(201, admin.post("/webForms", Map.of("name", "Thanks page", "formKey", unique("ok"), "redirectUrl", "/thanks.html")).status());
    }

    @Test
    void aDealCannotBeChangedThroughItsProductsByWhoMayNotEditIt() {
        String north = admin.post("/teams", Map.of("name", unique("North "))).body().path("id").asText();
        String south = admin.post("/teams", Map.of("name", unique("South "))).body().path("id").asText();
        String alice = unique("alice");
        String carol = unique("carol");
        user(alice, List.of("sales"), List.of(north));
        user(carol, List.of("sales"), List.of(south));
        String product = admin.post("/products", Map.of("name", unique("Widget "))).body().path("id").asText();
        Response deal = as(carol).post("/opportunities", Map.of("name", unique("Carol's deal "), "stage", "Prospecting",
                "closeDate", "2027-01-31", "amount", Map.of("amount", 1000, "currency", "EUR")));
        assertEquals(201, deal.status(), deal.body().toString());
        String dealId = deal.body().path("id").asText();

        Response line = as(alice).post("/opportunityLineItems", Map.of("opportunity", dealId, "product", product, "quantity", 9999,
                "unitPrice", Map.of("amount", 1000, "currency", "EUR")));
        assertRefused(403, line, "a product on another team's deal");
        assertEquals("opportunity", line.problemField());
        assertRefused(403, as(alice).post("/stageChanges", Map.of("opportunity", dealId, "stage", "Closed Won", "outcome", "Won",
                "enteredAt", "2026-01-01T00:00:00Z")), "a made-up stage change");
        assertEquals(1000, admin.get("/opportunities/" + dealId).body().path("amount").path("amount").asInt());
    }

    @Test
    void anAdministratorHidesAFieldFromARoleAndItCannotBeSeenFilteredSortedOrChanged() {
        String roleName = unique("agent-");
        Response role = admin.post("/roles", Map.of("name", roleName, "label", "Agents", "permissions", List.of("export"),
                "grants", List.of(Map.of("recordType", "*", "read", "ALL", "create", false, "edit", "NONE", "delete", "NONE"),
                        Map.of("recordType", "contact", "read", "ALL", "create", true, "edit", "ALL", "delete", "NONE")),
                "fields", List.of(Map.of("recordType", "contact", "field", "birthdate", "read", false, "edit", false),
                        Map.of("recordType", "contact", "field", "email", "read", true, "edit", false))));
        assertEquals(201, role.status(), role.body().toString());
        assertEquals("\"1\"", role.header("ETag"));
        String agent = unique("agnes");
        user(agent, List.of(roleName), List.of());
        String last = unique("Lovelace");
        String id = admin.post("/contacts", Map.of("lastName", last, "email", last + "@example.com", "birthdate", "1815-12-10"))
                .body().path("id").asText();
        RestClient as = as(agent);

        assertTrue(!as.get("/contacts/" + id).body().has("birthdate") && as.get("/contacts/" + id).body().has("email"));
        assertTrue(!as.get("/contacts?filter=" + RestClient.q("lastName eq '" + last + "'")).body().path("items").path(0).has("birthdate"));
        assertTrue(!as.get("/search?q=" + last).body().path("items").path(0).path("record").has("birthdate"));
        assertTrue(!as.get("/contacts/export?format=csv&filter=" + RestClient.q("lastName eq '" + last + "'")).raw().body().contains("birthdate"));
        assertTrue(admin.get("/contacts/export?format=csv&filter=" + RestClient.q("lastName eq '" + last + "'")).raw().body().contains("birthdate"));
        assertRefused(400, as.get("/contacts?filter=" + RestClient.q("birthdate lt '1900-01-01'")), "filter on a hidden field");
        assertRefused(400, as.get("/contacts?sort=birthdate"), "sort on a hidden field");
        assertTrue(!as.get("/metadata/contact").body().toString().contains("\"birthdate\""), "forms do not offer it");
        assertEquals("birthdate", as.get("/access").body().path("types").path("contact").path("hiddenFields").path(0).asText());

        Response readOnly = as.patch("/contacts/" + id, "\"1\"", Map.of("email", "changed@example.com"));
        assertRefused(403, readOnly, "a read-only field");
        assertEquals("email", readOnly.problemField());
        assertEquals(200, as.patch("/contacts/" + id, "\"1\"", Map.of("title", "Countess")).status());

        Response stale = admin.patch("/roles/" + roleName, "\"7\"", Map.of("label", "x"));
        assertTrue(stale.status() == 409 || stale.status() == 412, "a stale role version: " + stale.status());
        assertRefused(422, admin.delete("/roles/" + roleName, "\"1\""), "a role in use");
        assertRefused(403, as.post("/roles", Map.of("name", unique("mine-"), "label", "Mine")), "only administrators change roles");
    }

    private static String cookie(Response signIn) {
        String c = signIn.header("Set-Cookie");
        return c.substring(0, c.indexOf(';'));
    }

    static void assertRefused(int status, Response r, String what) {
        assertEquals(status, r.status(), what + ": " + r.body());
        assertTrue(r.header("Content-Type") == null || !r.header("Content-Type").contains("html"), what);
    }
}
