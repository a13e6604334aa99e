package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rapportcrm.itests.RestClient.Response;

/**
 * A portal user of account A never sees anything of account B, whichever endpoint it calls. Two worlds of samples are
 * made, one of every record type around each account; the portal user of A then reads every type (list, record,
 * history, count, export, search), tries to change B's records, and calls every GET endpoint of the OpenAPI document:
 * no id of B's world may appear in any answer, and every type the platform says it shares shows A's sample. Generated
 * from the metadata and the document, so a capability's new types and endpoints are covered as they come. Subclasses
 * walk the same way as another kind of external principal on a server with more capabilities (partners: {@link
 * PartnerIsolationIT}). The principal is A's sample contact, so what is shared with it as its own (a customer's own
 * cases) shows too.
 */
@ExtendWith(RapportServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalIsolationIT {
    private static final String PASSWORD = "portal-password";
    private SampleRecords samples;
    protected Map<String, String> worldA;
    protected Map<String, String> worldB;
    protected RestClient portal;
    protected RestClient admin;
    private JsonNode access;
    private JsonNode openApi;

    /** The role of the external principal who walks the API. */
    protected String role() {
        return "portal";
    }

    /** The server to walk (the shared one unless a subclass needs its own), made ready for the samples. */
    protected String prepare(RapportServer shared) {
        return shared.baseUrl;
    }

    @BeforeAll
    void twoAccountsAndAnExternalUserOfTheFirst(RapportServer shared) {
        String baseUrl = prepare(shared) + "/api/v1";
        admin = new RestClient(baseUrl).basic("admin", RapportServer.ADMIN_PASSWORD);
        samples = new SampleRecords(admin);
        worldA = samples.world(null);
        worldB = samples.world(null);
        worldsMade();
        String name = role() + "-" + Long.toString(System.nanoTime(), 36);
        Response u = admin.post("/users", Map.of("userName", name, "displayName", name, "password", PASSWORD, "roles", List.of(role()),
                "accountId", worldA.get("account"), "contactId", worldA.get("contact")));
        assertEquals(201, u.status(), u.body().toString());
        assertEquals(worldA.get("account"), u.body().path("accountId").asText());
        assertEquals(worldA.get("contact"), u.body().path("contactId").asText());
        portal = new RestClient(baseUrl).basic(name, PASSWORD);
        access = portal.get("/access").body().path("types");
        openApi = admin.get("/openapi.json").body();
    }

    /**
     * What a subclass adds to both worlds (with the administrator's client) before the walk; each id it puts in world B
     * is one the external principal of A must never see.
     */
    protected void worldsMade() {
    }

    /**
     * Types whose records are shared with external principals when they match a filter (published portal articles,
     * published collateral of the partner's tier), whatever their account; the samples do not match it (internal
     * articles, draft collateral), so neither world's shows.
     */
    private static final Set<String> SHARED_WITH_EVERY_PORTAL_USER = Set.of("knowledgeArticle", "partnerCollateral");

    private boolean shared(String type) {
        return !access.path(type).path("read").asText("NONE").equals("NONE");
    }

    /** No record of account B's world is named anywhere in the answer, but for what the request itself named. */
    private void nothingOfB(Response r, String what) {
        assertTrue(r.status() < 500, what + " answered " + r.status());
        String body = r.raw().body();
        String asked = r.raw().request().uri().toString();
        for (Map.Entry<String, String> b : worldB.entrySet()) {
            if (!worldA.containsValue(b.getValue()) && !asked.contains(b.getValue())) {
                assertFalse(body.contains(b.getValue()), what + " shows B's " + b.getKey() + " " + b.getValue());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyTypeShowsThePortalUserOnlyItsOwnAccountsRecords() {
        List<DynamicTest> cases = new ArrayList<>();
        for (String type : samples.typesByName.keySet()) {
            String plural = "/" + samples.typesByName.get(type).path("pluralApiName").asText();
            String mine = worldA.get(type);
            String theirs = worldB.get(type);
            boolean shared = shared(type);
            boolean sampleShown = shared && !SHARED_WITH_EVERY_PORTAL_USER.contains(type);
            cases.add(DynamicTest.dynamicTest(type + ": list", () -> {
                Response list = portal.get(plural + "?limit=200");
                nothingOfB(list, type + " list");
                if (shared) {
                    assertEquals(200, list.status());
                    assertEquals(sampleShown, list.raw().body().contains(mine), "the account's own " + type + " is listed");
                } else {
                    assertEquals(403, list.status(), type + " is not shared: " + list.body());
                }
            }));
            cases.add(DynamicTest.dynamicTest(type + ": records and history", () -> {
                assertEquals(sampleShown ? 200 : shared ? 404 : 403, portal.get(plural + "/" + mine).status(), type + " of A");
                for (String path : List.of(plural + "/" + theirs, plural + "/" + theirs + "/history")) {
                    Response r = portal.get(path);
                    nothingOfB(r, path);
                    assertEquals(shared ? 404 : 403, r.status(), path);
                }
                Response count = portal.get(plural + "?count=true&limit=1&filter=" + RestClient.q("id eq '" + theirs + "'"));
                nothingOfB(count, type + " count");
                if (shared) {
                    assertEquals(0, count.body().path("total").asInt(), "a filter reaches no further");
                } else {
                    assertEquals(403, count.status());
                }
            }));
            cases.add(DynamicTest.dynamicTest(type + ": changes to B's record", () -> {
                Response patch = portal.patch(plural + "/" + theirs, "\"999999\"", Map.of());
                Response delete = portal.delete(plural + "/" + theirs, "\"999999\"");
                for (Response r : List.of(patch, delete)) {
                    nothingOfB(r, type + " change");
                    assertTrue(r.status() == 403 || r.status() == 404, type + ": neither a conflict nor anything else tells it exists: " + r.status());
                }
                assertEquals(403, portal.get(plural + "/export?format=csv").status(), "portal users do not export");
            }));
        }
        cases.add(DynamicTest.dynamicTest("files: only those of A's records", () -> {
            String aFile = admin.raw("POST", "/accounts/" + worldA.get("account") + "/files", "text/plain", "A's terms").body().path("id").asText();
            Response upload = admin.raw("POST", "/accounts/" + worldB.get("account") + "/files", "text/plain", "B's terms");
            assertEquals(201, upload.status(), upload.body().toString());
            String bFile = upload.body().path("id").asText();
            Response listA = portal.get("/accounts/" + worldA.get("account") + "/files");
            assertEquals(200, listA.status(), listA.body().toString());
            assertTrue(listA.raw().body().contains(aFile), "A's own file is listed");
            assertEquals("A's terms", portal.get("/files/" + aFile).raw().body());
            for (String path : List.of("/accounts/" + worldB.get("account") + "/files", "/files/" + bFile, "/files/" + bFile + "/info")) {
                Response r = portal.get(path);
                nothingOfB(r, path);
                assertEquals(404, r.status(), path);
                assertFalse(r.raw().body().contains("B's terms"), path);
            }
            Response delete = portal.raw("DELETE", "/files/" + bFile, "application/json", "");
            assertEquals(404, delete.status(), "B's file: not there for the portal user");
            Response own = portal.raw("POST", "/accounts/" + worldA.get("account") + "/files", "text/plain", "mine");
            assertEquals(403, own.status(), "a portal user reads its account's files and adds none: " + own.body());
        }));
        cases.add(DynamicTest.dynamicTest("search", () -> {
            // The search index sees a new record within about a second: wait for the own account, then check the answer.
            RapportExam.await(() -> portal.get("/search?q=Sample&limit=50").raw().body().contains(worldA.get("account")),
                    "the search index has the portal user's account", 30);
            Response found = portal.get("/search?q=Sample&limit=50");
            nothingOfB(found, "search");
            assertEquals(200, found.status());
            assertTrue(found.raw().body().contains(worldA.get("account")), "its own account is found");
        }));
        cases.add(DynamicTest.dynamicTest("metadata offers only shared types", () -> {
            for (JsonNode t : portal.get("/metadata").body().path("types")) {
                assertTrue(shared(t.path("apiName").asText()), t.path("apiName").asText());
            }
        }));
        for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getValue().has("get") || path.getKey().equals("/session")) {
                continue; // the session is the cookie's, and a portal user here signs in with Basic
            }
            for (Map<String, String> world : List.of(worldA, worldB)) {
                String concrete = concrete(path.getKey(), world);
                cases.add(DynamicTest.dynamicTest("GET " + concrete, () -> {
                    Response r = portal.get(concrete);
                    nothingOfB(r, "GET " + concrete);
                    assertNotEquals(401, r.status());
                }));
            }
        }
        return cases.stream();
    }

    /** A path of the document with its parameters taken from one world: {id} of a record path is that type's sample. */
    private String concrete(String template, Map<String, String> world) {
        String[] segments = template.replaceFirst("^/", "").split("/");
        JsonNode type = samples.typesByPlural.get(segments[0]);
        String id = type == null ? "x" : world.get(type.path("apiName").asText());
        return template.replace("{id}", id).replaceAll("\\{[^}]+}", "x");
    }
}
