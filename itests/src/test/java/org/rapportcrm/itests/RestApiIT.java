package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.FluentWait;
import org.rapportcrm.itests.RestClient.Response;

/** The REST API as clients see it, against the running distribution. */
@ExtendWith(RapportServer.class)
class RestApiIT {
    private static RapportServer server;
    private static RestClient admin;

    @BeforeAll
    static void connect(RapportServer s) {
        server = s;
        admin = new RestClient(s).basic("admin", RapportServer.ADMIN_PASSWORD);
    }

    private static String unique(String prefix) {
        return prefix + System.nanoTime();
    }

    @Test
    void healthNeedsNoSignIn() {
        Response r = new RestClient(server).get("/health");
        assertEquals(200, r.status());
        assertEquals("UP", r.body().path("status").asText());
    }

    @Test
    void aContactCreatedWithBasicAuthCanBeReadListedChangedAndDeleted() {
        Response account = admin.post("/accounts", Map.of("name", unique("Acme "), "country", "DE"));
        assertEquals(201, account.status());
        String accountId = account.body().path("id").asText();
        String last = unique("Lovelace");
        Response created = admin.post("/contacts", Map.of("firstName", "Ada", "lastName", last, "email", "ada@example.com", "account", accountId));
        assertEquals(201, created.status());
        assertEquals("\"1\"", created.header("ETag"));
        String id = created.body().path("id").asText();
        assertTrue(created.header("Location").endsWith("/api/v1/contacts/" + id));

        JsonNode page = admin.get("/contacts?count=true&filter=" + RestClient.q("account eq '" + accountId + "'")).body();
        JsonNode listed = page.path("items");
        assertEquals(1, listed.size());
        assertEquals(1, page.path("total").asInt());
        assertEquals(last, listed.path(0).path("lastName").asText());

        Response changed = admin.patch("/contacts/" + id, "\"1\"", Map.of("title", "Countess"));
        assertEquals(200, changed.status());
        assertEquals(2, changed.body().path("version").asInt());
        assertEquals("Countess", admin.get("/contacts/" + id).body().path("title").asText());

        assertEquals(204, admin.delete("/contacts/" + id, "\"2\"").status());
        assertEquals(404, admin.get("/contacts/" + id).status());
    }

    @Test
    void savedListViewsArePrivateToTheirOwnerOrSharedBySettingsManagersAndCheckedWhenSaved() {
        String name = unique("viewer");
        assertEquals(201, admin.post("/users", Map.of("userName", name, "displayName", name, "password", "viewer-password-1",
                "roles", List.of("sales"))).status());
        RestClient seller = new RestClient(server).basic(name, "viewer-password-1");
        Map<String, Object> webers = Map.of("recordType", "contact", "name", "My Webers", "columns", List.of("lastName", "email"),
                "filter", "lastName eq 'Weber'", "sort", "-updatedAt");

        Response mine = seller.post("/listViews", webers);
        assertEquals(201, mine.status(), mine.body().toString());
        assertEquals("\"1\"", mine.header("ETag"));
        String id = mine.body().path("id").asText();
        assertTrue(mine.header("Location").endsWith("/api/v1/listViews/" + id));
        assertEquals(List.of("lastName", "email"), RestClient.JSON.convertValue(mine.body().path("columns"), List.class));

        Map<String, Object> sharing = new java.util.HashMap<>(webers);
        sharing.put("shared", true);
        Response refused = seller.post("/listViews", sharing);
        assertEquals(403, refused.status());
        Map<String, Object> wrong = new java.util.HashMap<>(webers);
        wrong.put("filter", "shoeSize eq 4");
        Response invalid = seller.post("/listViews", wrong);
        assertEquals(422, invalid.status());
        assertEquals("filter", invalid.body().path("errors").path(0).path("field").asText());

        Response shared = admin.post("/listViews", Map.of("recordType", "contact", "name", unique("German contacts "),
                "filter", "country eq 'DE'", "sort", "-createdAt", "shared", true));
        assertEquals(201, shared.status(), shared.body().toString());
        String sharedId = shared.body().path("id").asText();
        List<String> seen = new ArrayList<>();
        seller.get("/listViews?recordType=contact").body().path("items").forEach(v -> seen.add(v.path("id").asText()));
        assertTrue(seen.containsAll(List.of(id, sharedId)), seen.toString());
        assertEquals(404, admin.get("/listViews/" + id).status(), "private to its owner");
        assertEquals(200, admin.get("/contacts?limit=5&filter=" + RestClient.q("country eq 'DE'") + "&sort=-createdAt").status());

        Response renamed = seller.patch("/listViews/" + id, "\"1\"", Map.of("name", "Webers"));
        assertEquals(200, renamed.status());
        assertEquals("Webers", renamed.body().path("name").asText());
        assertEquals("lastName eq 'Weber'", renamed.body().path("filter").asText(), "what is left out stays");
        assertEquals(412, seller.patch("/listViews/" + id, "\"1\"", Map.of("name", "Stale")).status());
        assertEquals(403, seller.delete("/listViews/" + sharedId, "\"1\"").status());
        assertEquals(204, admin.delete("/listViews/" + sharedId, "\"1\"").status());
        assertEquals(204, seller.delete("/listViews/" + id, "\"2\"").status());
        assertEquals(404, seller.get("/listViews/" + id).status());
    }

    @Test
    void malformedJsonIsABadRequest() {
        Response r = admin.raw("POST", "/contacts", "application/json", "{\"lastName\": ");
        assertEquals(400, r.status());
        assertEquals("application/problem+json;charset=utf-8", r.header("Content-Type").toLowerCase());
        assertTrue(r.body().path("detail").asText().startsWith("Malformed JSON"));
    }

    @Test
    void unknownFieldsWrongTypesAndTooLongValuesAreNamedAndNothingIsCreated() {
        String last = unique("x".repeat(95));
        Response r = admin.post("/contacts", Map.of("lastName", last + "too-long", "email", 42, "favouriteFruit", "apple"));
        assertEquals(422, r.status());
        List<String> fields = new ArrayList<>();
        r.body().path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(List.of("email", "favouriteFruit", "lastName"), fields.stream().sorted().toList());
        assertEquals(0, admin.get("/contacts?filter=" + RestClient.q("lastName sw '" + last.substring(0, 95) + "'")).body().path("items").size());
    }

    @Test
    void missingOrWrongCredentialsAreRefused() {
        assertEquals(401, new RestClient(server).get("/contacts").status());
        Response wrong = new RestClient(server).basic("admin", "not-the-password").get("/contacts");
        assertEquals(401, wrong.status());
        assertNotNull(wrong.header("WWW-Authenticate"));
        assertEquals(401, new RestClient(server).header("Authorization", "Bearer rpt_nope.nope").get("/contacts").status());
    }

    @Test
    void aReadOnlyUserMayReadButNotCreate() {
        String name = unique("reader");
        assertEquals(201, admin.post("/users", Map.of("userName", name, "displayName", "Reader", "password", "reader-password",
                "roles", List.of("read-only"))).status());
        RestClient reader = new RestClient(server).basic(name, "reader-password");
        assertEquals(200, reader.get("/accounts").status());
        Response r = reader.post("/accounts", Map.of("name", "Not allowed"));
        assertEquals(403, r.status());
    }

    @Test
    void anUpdateAgainstAStaleVersionFailsItsPreconditionAndKeepsTheNewerValue() {
        String id = admin.post("/accounts", Map.of("name", unique("Stale "))).body().path("id").asText();
        assertEquals(200, admin.patch("/accounts/" + id, "\"1\"", Map.of("phone", "+49 30 1234")).status());
        Response stale = admin.patch("/accounts/" + id, "\"1\"", Map.of("phone", "+49 40 9999"));
        assertEquals(412, stale.status());
        assertEquals("\"2\"", stale.header("ETag"));
        assertEquals("+49 30 1234", admin.get("/accounts/" + id).body().path("phone").asText());
        assertEquals(428, admin.patch("/accounts/" + id, null, Map.of("phone", "+1 555")).status());
        for (String noCurrentTag : List.of("\"opaque\"", "W/\"2\"", "2", "\"1\", \"3\"")) {
            assertEquals(412, admin.patch("/accounts/" + id, noCurrentTag, Map.of("phone", "+1 555")).status(), noCurrentTag);
        }
        assertEquals(200, admin.patch("/accounts/" + id, "*", Map.of("phone", "+1 555")).status(), "* matches what is current");
        assertEquals(200, admin.patch("/accounts/" + id, "\"1\", \"3\"", Map.of("phone", "+1 556")).status(), "one of several tags");
    }

    @Test
    void aCreateRetriedWithItsIdempotencyKeyIsAnsweredAgainAndMakesOneRecord() throws Exception {
        String name = unique("Once ");
        String key = java.util.UUID.randomUUID().toString();
        RestClient withKey = new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD).header("Idempotency-Key", key);
        Response first = withKey.post("/accounts", Map.of("name", name));
        Response retried = withKey.post("/accounts", Map.of("name", name));
        assertEquals(201, first.status());
        assertEquals(201, retried.status());
        assertEquals(first.body(), retried.body());
        assertEquals(first.header("Location"), retried.header("Location"));
        assertEquals(first.header("ETag"), retried.header("ETag"));
        assertEquals("true", retried.header("Idempotent-Replayed"));
        assertEquals(1, admin.get("/accounts?count=true&filter=" + RestClient.q("name eq '" + name + "'")).body().path("total").asInt());

        Response otherBody = withKey.post("/accounts", Map.of("name", name + " changed"));
        assertEquals(422, otherBody.status());
        assertEquals("Idempotency-Key", otherBody.problemField());
        assertEquals(400, new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD).header("Idempotency-Key", "has spaces")
                .post("/accounts", Map.of("name", name)).status());

        String reader = unique("keyuser");
        admin.post("/users", Map.of("userName", reader, "displayName", "Key user", "password", "key-user-password", "roles", List.of("sales")));
        Response someoneElse = new RestClient(server).basic(reader, "key-user-password").header("Idempotency-Key", key)
                .post("/accounts", Map.of("name", name));
        assertEquals(201, someoneElse.status(), "keys are per user");
        assertTrue(!someoneElse.body().path("id").equals(first.body().path("id")));
    }

    @Test
    void ofConcurrentRetriesWithOneKeyOneRunsAndTheOthersWaitOrGetItsAnswer() throws Exception {
        String name = unique("Racing ");
        RestClient withKey = new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD)
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Response>> retries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            retries.add(() -> withKey.post("/accounts", Map.of("name", name)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> f : pool.invokeAll(retries)) {
            statuses.add(f.get().status());
        }
        pool.shutdown();
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
        assertEquals(1, admin.get("/accounts?count=true&filter=" + RestClient.q("name eq '" + name + "'")).body().path("total").asInt());
        assertEquals(201, withKey.post("/accounts", Map.of("name", name)).status(), "once done, every retry gets the answer");
    }

    @Test
    void anImportRetriedWithItsKeyStartsOneJob() {
        String csv = "firstName,lastName\nIdem,Potent" + System.nanoTime() + "\n";
        RestClient withKey = new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD)
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString());
        Response first = withKey.raw("POST", "/contacts/bulk", "text/csv", csv);
        Response retried = withKey.raw("POST", "/contacts/bulk", "text/csv", csv);
        assertEquals(202, first.status(), first.body().toString());
        assertEquals(first.body().path("id"), retried.body().path("id"));
        assertEquals(first.header("Location"), retried.header("Location"));
    }

    @Test
    void theHttpSemanticsClientsRelyOn() throws Exception {
        Response wrongMethod = admin.send("PUT", "/accounts");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, POST", wrongMethod.header("Allow"));
        Response anonymous = new RestClient(server).get("/accounts");
        assertEquals(401, anonymous.status());
        assertTrue(anonymous.raw().headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Basic realm=\"Rapport\"")),
                anonymous.raw().headers().map().toString());
        assertEquals("nosniff", anonymous.header("X-Content-Type-Options"));
        assertEquals(200, admin.get("/accounts?limit=&count=&sort=&cursor=").status(), "an empty optional parameter is as good as none");
        assertTrue(rawStatusLine("/api/v1/accounts?filter=%zz").contains(" 400 "), "a malformed escape is a bad request");
        assertEquals("filter", admin.get("/accounts?filter=" + RestClient.q("(".repeat(200) + "name eq 'x'" + ")".repeat(200))).problemField());
        assertEquals(404, admin.get("/accounts/export%2Fcsv").status(), "an encoded slash stays inside its segment");
    }

    /** What a request no URI class would send answers: its status line. */
    private static String rawStatusLine(String pathAndQuery) throws java.io.IOException {
        java.net.URI uri = java.net.URI.create(server.baseUrl);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            String auth = java.util.Base64.getEncoder().encodeToString(("admin:" + RapportServer.ADMIN_PASSWORD).getBytes());
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void valuesBeyondWhatAColumnHoldsOrWithControlCharactersAreRefusedNamingTheField() {
        Response tooPrecise = admin.post("/accounts", Map.of("name", unique("Big "), "annualRevenue",
                Map.of("amount", new java.math.BigDecimal("1e30"), "currency", "EUR")));
        assertEquals(422, tooPrecise.status(), tooPrecise.body().toString());
        assertEquals("annualRevenue.amount", tooPrecise.problemField());
        Response twoLines = admin.post("/accounts", Map.of("name", "Two\nLines"));
        assertEquals(422, twoLines.status());
        assertEquals("name", twoLines.problemField());
        String emoji = "\uD83D\uDE00".repeat(255);
        Response wide = admin.post("/accounts", Map.of("name", emoji));
        assertEquals(201, wide.status(), "255 characters fit a 255-character name, whatever their UTF-16 length");
        assertEquals(emoji, admin.get("/accounts/" + wide.body().path("id").asText()).body().path("name").asText());
    }

    @Test
    void ofConcurrentUpdatesOfOneVersionOnlyOneIsApplied() throws Exception {
        String id = admin.post("/accounts", Map.of("name", unique("Race "))).body().path("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String city = "City " + i;
            writers.add(() -> admin.patch("/accounts/" + id, "\"1\"", Map.of("city", city)).status());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(writers)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        assertEquals(2, admin.get("/accounts/" + id).body().path("version").asInt());
    }

    @Test
    void oversizedBodiesAndOtherMediaTypesAreRefused() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        assertEquals(413, admin.raw("POST", "/accounts", "application/json", big).status());
        assertEquals(415, admin.raw("POST", "/accounts", "text/plain", "name=Acme").status());
    }

    @Test
    void aRefusedUploadIsAnsweredEvenWhileItsClientIsStillSendingIt() {
        // 2 MB: the client is still sending when the answer comes. Closing with unread bytes would reset the connection,
        // and the client would see no answer (it did, 1 in 20 before the server read refused bodies to their end).
        byte[] oversized = new byte[2 * 1024 * 1024];
        RestClient anonymous = new RestClient(server);
        Map<String, Integer> answers = new java.util.TreeMap<>();
        for (int i = 0; i < 100; i++) {
            String answer;
            try {
                answer = Integer.toString((i % 2 == 0 ? admin : anonymous).upload("/accounts", "application/json", oversized).status());
            } catch (RuntimeException e) {
                answer = e.getMessage();
            }
            answers.merge(answer, 1, Integer::sum);
        }
        assertEquals(Map.of("401", 50, "413", 50), answers);
    }

    @Test
    void aDeleteSaysBeforehandWhatItWillDoAndARestrictingReferenceRefusesItWith409() {
        String field = "keptFor" + (System.nanoTime() % 100000);
        Response added = admin.post("/metadata/activity/fields", Map.of("apiName", field, "type", "REFERENCE", "referenceTo", "account",
                "onDelete", "RESTRICT"));
        assertEquals(201, added.status(), added.body().toString());
        assertEquals("RESTRICT", added.body().path("onDelete").asText());
        String accountId = admin.post("/accounts", Map.of("name", unique("Referenced "))).body().path("id").asText();
        String contactId = admin.post("/contacts", Map.of("lastName", unique("Held"), "account", accountId)).body().path("id").asText();
        String activityId = admin.post("/activities", Map.of("subject", "Call", "activityType", "Call", field, accountId)).body().path("id").asText();

        JsonNode preview = admin.get("/accounts/" + accountId + "/deletion").body();
        assertEquals(false, preview.path("allowed").asBoolean());
        assertEquals(List.of("activity." + field + "=1"), counts(preview.path("blockedBy")));
        assertEquals(List.of("contact.account=1"), counts(preview.path("clears")));
        Response refused = admin.delete("/accounts/" + accountId, "\"1\"");
        assertEquals(409, refused.status());
        assertEquals("activity." + field, refused.problemField());
        assertEquals("restricted", refused.body().path("errors").path(0).path("code").asText());
        assertEquals(1, admin.get("/contacts/" + contactId).body().path("version").asInt(), "nothing half-written");

        assertEquals("onDelete", admin.patch("/metadata/activity/fields/" + field, null, Map.of("onDelete", "NEVER")).problemField());
        assertEquals("onDelete", admin.patch("/metadata/contact/fields/account", null, Map.of("onDelete", "CASCADE")).problemField(),
                "a standard field's rule is its capability's");
        assertEquals("onDelete", admin.post("/metadata/activity/fields", Map.of("apiName", field + "x", "type", "REFERENCE",
                "referenceTo", "account", "required", true, "onDelete", "SET_NULL")).problemField(), "a required reference cannot be cleared");
        Response changed = admin.patch("/metadata/activity/fields/" + field, null, Map.of("onDelete", "CASCADE"));
        assertEquals(200, changed.status(), changed.body().toString());
        preview = admin.get("/accounts/" + accountId + "/deletion").body();
        assertEquals(true, preview.path("allowed").asBoolean());
        assertEquals(List.of("activity=1"), counts(preview.path("deletes")));

        assertEquals(204, admin.delete("/accounts/" + accountId, "\"1\"").status());
        assertEquals(404, admin.get("/activities/" + activityId).status());
        JsonNode contact = admin.get("/contacts/" + contactId).body();
        assertTrue(contact.path("account").isNull() || contact.path("account").isMissingNode(), contact.toString());
        assertEquals(2, contact.path("version").asInt());
    }

    /** "type.field=count" (or "type=count") of each entry of a deletion preview's list. */
    private static List<String> counts(JsonNode entries) {
        List<String> result = new ArrayList<>();
        entries.forEach(e -> result.add(e.path("type").asText() + (e.has("field") ? "." + e.path("field").asText() : "") + "="
                + e.path("count").asLong()));
        return result;
    }

    @Test
    void aCustomFieldAddedOverRestIsValidatedFilterableSortableAndInTheOpenApiDocument() {
        String field = "tier" + (System.nanoTime() % 100000);
        Response added = admin.post("/metadata/account/fields", Map.of("apiName", field, "label", "Tier", "type", "PICKLIST",
                "picklistValues", List.of("Gold", "Silver", "Bronze")));
        assertEquals(201, added.status(), added.body().toString());
        assertEquals(422, admin.post("/metadata/account/fields", Map.of("apiName", field, "type", "TEXT")).status());
        assertEquals("type", admin.post("/metadata/account/fields", Map.of("apiName", "other", "type", "COLOUR")).problemField());

        String tag = unique("Tiered ");
        admin.post("/accounts", Map.of("name", tag + "B", field, "Silver"));
        admin.post("/accounts", Map.of("name", tag + "A", field, "Gold"));
        Response bad = admin.post("/accounts", Map.of("name", tag + "C", field, "Platinum"));
        assertEquals(422, bad.status());
        assertEquals(field, bad.problemField());

        JsonNode items = admin.get("/accounts?sort=-" + field + "&filter=" + RestClient.q("name sw '" + tag + "' and " + field + " in ('Gold','Silver')"))
                .body().path("items");
        assertEquals(List.of("Silver", "Gold"), List.of(items.path(0).path(field).asText(), items.path(1).path(field).asText()));
        assertTrue(admin.get("/openapi.json").body().path("components").path("schemas").path("Account").path("properties").has(field));
    }

    @Test
    void anAdministratorMakesACustomFieldSearchableAndIndexedAndItTakesEffectOnceBuilt() {
        String field = "motto" + (System.nanoTime() % 100000);
        assertEquals(201, admin.post("/metadata/account/fields", Map.of("apiName", field, "label", "Motto", "type", "TEXT")).status());
        String word = "quux" + (System.nanoTime() % 100000);
        String id = admin.post("/accounts", Map.of("name", unique("Motto "), field, word + " forever")).body().path("id").asText();

        Response switched = admin.patch("/metadata/account/fields/" + field, null, Map.of("searchable", true, "indexed", true));
        assertEquals(200, switched.status(), switched.body().toString());
        assertTrue(List.of("BUILDING", "READY").contains(switched.body().path("indexState").asText()), switched.body().toString());

        new FluentWait<>(admin).withTimeout(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(200))
                .withMessage(() -> "the field is searchable and indexed")
                .until(a -> fieldOf(a.get("/metadata/account").body(), field).path("indexState").asText().equals("READY")
                        && fieldOf(a.get("/metadata/account").body(), field).path("searchState").asText().equals("READY"));
        JsonNode type = admin.get("/metadata/account").body();
        assertTrue(fieldOf(type, field).path("indexed").asBoolean() && fieldOf(type, field).path("searchable").asBoolean());
        assertTrue(type.path("sortableFields").toString().contains("\"" + field + "\""), type.path("sortableFields").toString());
        new FluentWait<>(admin).withTimeout(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(200))
                .withMessage(() -> "global search finds the account by its motto")
                .until(a -> a.get("/search?q=" + word).body().toString().contains(id));

        Response off = admin.patch("/metadata/account/fields/" + field, null, Map.of("indexed", false));
        assertEquals("OFF", off.body().path("indexState").asText());
        assertEquals("READY", off.body().path("searchState").asText(), "what the request leaves out stays");

        assertEquals("searchable", admin.patch("/metadata/account/fields/name", null, Map.of("searchable", false)).problemField());
        assertEquals(404, admin.patch("/metadata/account/fields/nothing", null, Map.of("indexed", true)).status());
        assertEquals(422, admin.patch("/metadata/account/fields/" + field, null, Map.of("colour", true)).status());
        String name = unique("switcher");
        admin.post("/users", Map.of("userName", name, "displayName", "Switcher", "password", "switcher-password", "roles", List.of("sales")));
        assertEquals(403, new RestClient(server).basic(name, "switcher-password")
                .patch("/metadata/account/fields/" + field, null, Map.of("indexed", true)).status());
    }

    private static JsonNode fieldOf(JsonNode type, String field) {
        for (JsonNode f : type.path("fields")) {
            if (f.path("apiName").asText().equals(field)) {
                return f;
            }
        }
        throw new AssertionError("no field " + field + " in " + type.path("apiName"));
    }

    @Test
    void theConsoleSessionNeedsItsCsrfTokenForChanges() {
        Response signIn = new RestClient(server).post("/session", Map.of("userName", "admin", "password", RapportServer.ADMIN_PASSWORD));
        assertEquals(200, signIn.status());
        String cookie = signIn.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String csrf = signIn.body().path("csrfToken").asText();
        RestClient browser = new RestClient(server).header("Cookie", cookie.substring(0, cookie.indexOf(';')));

        assertEquals(200, browser.get("/accounts?limit=1").status());
        assertEquals(403, browser.post("/accounts", Map.of("name", "Forged")).status());
        assertEquals(201, browser.header("X-CSRF-Token", csrf).post("/accounts", Map.of("name", unique("Genuine "))).status());
        assertEquals(401, new RestClient(server).post("/session", Map.of("userName", "admin", "password", "wrong-password")).status());
    }

    @Test
    void theSessionProbeSaysWhetherTheBrowserIsSignedInWhileTheApiStillAsksForCredentials() {
        RestClient anonymous = new RestClient(server);
        Response probe = anonymous.get("/session");
        assertEquals(200, probe.status(), "not signed in is an answer, not an error the browser logs");
        assertEquals(false, probe.body().path("signedIn").asBoolean(true));
        assertEquals(401, anonymous.get("/accounts?limit=1").status());
        assertEquals(401, anonymous.get("/console/contributions").status());

        Response signIn = anonymous.post("/session", Map.of("userName", "admin", "password", RapportServer.ADMIN_PASSWORD));
        String cookie = signIn.header("Set-Cookie");
        Response signedIn = new RestClient(server).header("Cookie", cookie.substring(0, cookie.indexOf(';'))).get("/session");
        assertEquals(200, signedIn.status());
        assertTrue(signedIn.body().path("signedIn").asBoolean(false));
        assertEquals("admin", signedIn.body().path("user").path("userName").asText());
        assertEquals(signIn.body().path("csrfToken").asText(), signedIn.body().path("csrfToken").asText());
    }

    @Test
    void aBulkImportWithBadRowsReportsExactlyThoseAndCreatesAllOthers() throws InterruptedException {
        String tag = unique("Bulk");
        StringBuilder csv = new StringBuilder("firstName,lastName,email\n");
        for (int i = 1; i <= 250; i++) {
            String email = i % 50 == 0 ? "broken-address" : "p" + i + "@example.com";
            csv.append("Person").append(i).append(',').append(i == 7 ? "" : tag).append(',').append(email).append('\n');
        }
        Response started = admin.raw("POST", "/contacts/bulk", "text/csv", csv.toString());
        assertEquals(202, started.status(), started.body().toString());
        String job = started.header("Location").replace("/api/v1", "");

        JsonNode progress = admin.get(job).body();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!progress.path("status").asText().equals("COMPLETED") && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
            progress = admin.get(job).body();
        }
        assertEquals("COMPLETED", progress.path("status").asText(), progress.toString());
        assertEquals(250, progress.path("processed").asInt());
        assertEquals(244, progress.path("created").asInt());
        assertEquals(6, progress.path("failed").asInt());
        List<Integer> badRows = new ArrayList<>();
        admin.get(job + "/errors").body().path("items").forEach(e -> badRows.add(e.path("row").asInt()));
        assertEquals(List.of(7, 50, 100, 150, 200, 250), badRows);
        assertEquals(244, admin.get("/contacts?count=true&limit=1&filter=" + RestClient.q("lastName eq '" + tag + "'")).body().path("total").asInt());

        assertEquals(415, admin.raw("POST", "/contacts/bulk", "application/pdf", "%PDF").status());
        assertEquals(404, admin.get("/jobs/no-such-job").status());

        // What is exported imports again: the same people, as new records.
        Response export = admin.get("/contacts/export?format=csv&sort=email&filter=" + RestClient.q("lastName eq '" + tag + "'"));
        assertEquals(200, export.status());
        String exported = export.raw().body();
        assertTrue(exported.startsWith("id,owner,createdAt,updatedAt,firstName,lastName,email,"), exported.lines().findFirst().orElse(""));
        assertEquals(1 + 244, exported.lines().count());
        String again = admin.raw("POST", "/contacts/bulk", "text/csv", exported.replace(tag, tag + "Again")).header("Location").replace("/api/v1", "");
        deadline = System.currentTimeMillis() + 30_000;
        while (!admin.get(again).body().path("status").asText().equals("COMPLETED") && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(244, admin.get(again).body().path("created").asInt(), admin.get(again).body().toString());
        assertEquals("format", admin.get("/contacts/export?format=xlsx").problemField());
        assertEquals("filter", admin.get("/contacts/export?filter=" + RestClient.q("nope eq 1")).problemField());
    }

    @Test
    void automationRulesCanUseThePlatformsConditions() {
        JsonNode automation = admin.get("/automation").body();
        List<String> conditions = new ArrayList<>();
        automation.path("conditions").forEach(c -> conditions.add(c.path("id").asText()));
        assertTrue(conditions.containsAll(List.of("record.field-changed", "record.field-equals")), conditions.toString());
        assertEquals("field", automation.path("conditions").path(0).path("parameters").path(0).path("apiName").asText());
    }

    @Test
    void anApiTokenAuthenticatesAsItsUser() {
        String name = unique("integration");
        String token = admin.post("/tokens", Map.of("name", name)).body().path("token").asText();
        RestClient program = new RestClient(server).header("Authorization", "Bearer " + token);
        assertEquals(200, program.get("/accounts?limit=1").status());
        RestClient appPassword = new RestClient(server).basic("admin", token);
        assertEquals(200, appPassword.get("/accounts?limit=1").status(), "a token is an app password for Basic clients (phones' address books)");
        assertEquals(401, new RestClient(server).basic("somebody-else", token).get("/accounts?limit=1").status(), "only with its own user's name");
        String id = null;
        for (JsonNode t : admin.get("/tokens").body().path("items")) {
            if (t.path("name").asText().equals(name)) {
                id = t.path("id").asText();
            }
        }
        assertNotNull(id);
        assertEquals(204, admin.send("DELETE", "/tokens/" + id).status());
        assertEquals(401, program.get("/accounts?limit=1").status());
        assertEquals(401, appPassword.get("/accounts?limit=1").status());
    }

    @Test
    void badQueryParametersNameThemselves() {
        assertEquals("filter", admin.get("/contacts?filter=" + RestClient.q("lastName xx 'a'")).problemField());
        assertEquals("sort", admin.get("/contacts?sort=nope").problemField());
        assertEquals("limit", admin.get("/contacts?limit=abc").problemField());
        assertEquals("cursor", admin.get("/contacts?cursor=garbage").problemField());
        assertEquals(404, admin.get("/nosuchtypes").status());
    }

    @Test
    void theMetadataNamesTheFieldsListsCanBeSortedByAndEachSortsBothWays() {
        JsonNode contact = admin.get("/metadata/contact").body();
        List<String> sortable = new ArrayList<>();
        contact.path("sortableFields").forEach(f -> sortable.add(f.asText()));
        assertTrue(sortable.containsAll(List.of("lastName", "firstName", "email", "country", "createdAt", "updatedAt")), sortable::toString);
        assertEquals("contact", contact.path("apiName").asText());
        admin.get("/metadata").body().path("types").forEach(t -> assertTrue(t.path("sortableFields").isArray(), t.toString()));
        for (String field : sortable) {
            for (String sort : List.of(field, "-" + field)) {
                Response page = admin.get("/contacts?limit=2&sort=" + sort);
                assertEquals(200, page.status(), sort + ": " + page.body());
                if (!page.body().path("nextCursor").isNull()) {
                    assertEquals(200, admin.get("/contacts?limit=2&sort=" + sort + "&cursor=" + page.body().path("nextCursor").asText()).status(), sort);
                }
            }
        }
    }
}
