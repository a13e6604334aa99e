package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rapportcrm.itests.RestClient.Response;

/**
 * The collaboration capability in the real distribution, over HTTP: a record's feed with posts, comments and its changes
 * (without fields the reader may not see), mentions that tell only those who may read the record, following, the
 * notification centre, and notifications arriving live on the event stream of another user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollaborationIT {
    private static final String PASSWORD = "collab-password";
    private static RapportServer.Running running;
    private static RestClient admin;
    private static RestClient alice;
    private static RestClient bob;
    private static RestClient eve;
    private static String aliceId;
    private static String bobId;
    private static String eveId;
    private static String accountId;

    @BeforeAll
    static void twoTeamsThatSeeOnlyTheirOwnRecords() {
        running = RapportServer.Running.start(Map.of(), Map.of(), "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        Response installed = admin.post("/admin/capabilities/rapport-collaboration", Map.of());
        assertEquals(201, installed.status(), installed.raw().body());
        await("the notification centre", () -> admin.get("/notifications/count").status() == 200, 60);

        Response role = admin.post("/roles", Map.of("name", "team-sales", "label", "Team sales",
                "grants", List.of(Map.of("recordType", "*", "read", "TEAM", "create", true, "edit", "OWN", "delete", "NONE")),
                "fields", List.of(Map.of("recordType", "account", "field", "phone", "read", false, "edit", false))));
        assertEquals(201, role.status(), role.body().toString());
        String north = admin.post("/teams", Map.of("name", "North")).body().path("id").asText();
        String south = admin.post("/teams", Map.of("name", "South")).body().path("id").asText();
        aliceId = user("alice", "Alice Smith", north);
        bobId = user("bob", "Bob Jones", north);
        eveId = user("eve", "Eve South", south);
        alice = as("alice");
        bob = as("bob");
        eve = as("eve");
        Response account = alice.post("/accounts", Map.of("name", "Northwind"));
        assertEquals(201, account.status(), account.raw().body());
        accountId = account.body().path("id").asText();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    @Order(1)
    void aMentionArrivesLiveInTheOtherUsersStream() throws Exception {
        try (EventStream stream = new EventStream(running.server.baseUrl + "/api/v1/notifications/stream", "bob", PASSWORD, null)) {
            assertEquals(200, stream.status);
            long start = System.nanoTime();
            Response post = alice.post(feed(), Map.of("text", "Can you call them, " + token("user", bobId, "Bob Jones") + "?"));
            assertEquals(201, post.status(), post.raw().body());
            assertEquals(0, post.body().path("notNotified").size());

            EventStream.Event event = stream.next(Duration.ofSeconds(20));
            assertNotNull(event, "the mention arrived on bob's stream");
            assertEquals("notification", event.name());
            JsonNode n = RestClient.JSON.readTree(event.data());
            assertEquals("mention", n.path("kind").asText());
            assertEquals("Alice Smith mentioned you on Account Northwind", n.path("title").asText());
            assertEquals("Can you call them, @Bob Jones?", n.path("body").asText());
            assertEquals(accountId, n.path("recordId").asText());
            assertEquals(event.id(), n.path("id").asText());
            System.out.printf("collaboration: a mention reached the other user's stream %.1f ms after the post was sent%n",
                    (event.receivedNanos() - start) / 1e6);
        }
        assertEquals(1, bob.get("/notifications/count").body().path("unread").asInt());
    }

    @Test
    @Order(2)
    void someoneWhoMayNotReadTheRecordIsNotToldAndThePosterLearnsIt() {
        Response post = alice.post(feed(), Map.of("text", "Ask " + token("user", eveId, "Eve South") + " and " + token("team", "x", "Nobody")));
        assertEquals(201, post.status(), post.raw().body());
        assertEquals(eveId, post.body().path("notNotified").path(0).path("id").asText());
        assertEquals(0, eve.get("/notifications/count").body().path("unread").asInt());

        assertEquals(404, eve.get(feed()).status(), "another team's user cannot read the feed");
        assertEquals(404, eve.post(feed(), Map.of("text", "hello")).status(), "nor post on it");
        assertEquals(404, eve.post(feed() + "/followers/me", Map.of()).status());
    }

    @Test
    @Order(3)
    void theFeedShowsChangesWithoutTheFieldsTheReaderMayNotSee() {
        JsonNode record = admin.get("/accounts/" + accountId).body();
        Response changed = admin.patch("/accounts/" + accountId, "\"" + record.path("version").asLong() + "\"",
                Map.of("name", "Northwind Traders", "phone", "+49 30 9999"));
        assertEquals(200, changed.status(), changed.raw().body());

        List<String> seenByAdmin = fieldChanges(admin.get(feed()).body());
        assertTrue(seenByAdmin.contains("name") && seenByAdmin.contains("phone"), seenByAdmin.toString());
        JsonNode bobsFeed = bob.get(feed()).body();
        List<String> seenByBob = fieldChanges(bobsFeed);
        assertTrue(seenByBob.contains("name"), seenByBob.toString());
        assertFalse(seenByBob.contains("phone"), "bob may not read the phone: " + seenByBob);
        assertFalse(bobsFeed.toString().contains("9999"), bobsFeed.toString());
        // newest first: the change comes before the posts made earlier
        assertEquals("change", bobsFeed.path("items").path(0).path("type").asText());
    }

    @Test
    @Order(4)
    void commentsFollowersAndTheOwnerWhoFollowsByDefault() {
        long before = count(alice);
        Response post = bob.post(feed(), Map.of("text", "Called them, all good."));
        assertEquals(201, post.status());
        await("alice (the owner) hears of bob's post", () -> count(alice) == before + 1, 10);
        JsonNode newest = alice.get("/notifications?limit=1").body().path("items").path(0);
        assertEquals("collaboration.followed-post", newest.path("kind").asText());

        Response comment = alice.post(feed() + "/posts/" + post.body().path("id").asText() + "/comments", Map.of("text", "Thanks!"));
        assertEquals(201, comment.status(), comment.raw().body());
        await("bob hears of the comment on his post", () -> bob.get("/notifications?limit=1").body().path("items").path(0)
                .path("title").asText().startsWith("Alice Smith commented on"), 10);
        JsonNode postInFeed = findPost(bob.get(feed()).body(), post.body().path("id").asText());
        assertEquals("Thanks!", postInFeed.path("comments").path(0).path("text").asText());

        assertTrue(alice.get(feed()).body().path("following").asBoolean(), "the owner follows");
        assertEquals(204, alice.send("DELETE", feed() + "/followers/me").status());
        assertFalse(alice.get(feed()).body().path("following").asBoolean());
        long afterUnfollow = count(alice);
        assertEquals(201, bob.post(feed(), Map.of("text", "One more thing")).status());
        assertEquals(204, bob.post(feed() + "/followers/me", Map.of()).status());
        assertEquals(accountId, bob.get("/following").body().path("items").path(0).path("recordId").asText());
        assertEquals(afterUnfollow, count(alice), "alice unfollowed");

        assertEquals(403, alice.send("DELETE", feed() + "/posts/" + post.body().path("id").asText()).status(), "not her post");
        assertEquals(204, bob.send("DELETE", feed() + "/posts/" + post.body().path("id").asText()).status());
        assertNull(findPost(bob.get(feed()).body(), post.body().path("id").asText()));
    }

    @Test
    @Order(5)
    void theNotificationCentreMarksReadAndKeepsPreferences() {
        JsonNode page = bob.get("/notifications?order=unreadFirst&limit=1").body();
        assertEquals(1, page.path("items").size());
        assertFalse(page.path("items").path(0).path("read").asBoolean());
        assertNotNull(page.path("nextCursor").asText(null));
        String id = page.path("items").path(0).path("id").asText();
        long unread = page.path("unread").asLong();
        assertEquals(unread - 1, bob.post("/notifications/" + id + "/read", Map.of()).body().path("unread").asLong());
        assertEquals(404, eve.post("/notifications/" + id + "/read", Map.of()).status(), "not eve's");
        assertEquals(0, bob.post("/notifications/read-all", Map.of()).body().path("unread").asLong());
        assertEquals(0, bob.get("/notifications?unread=true").body().path("items").size());

        Response off = bob.put("/notifications/preferences", Map.of("mention", Map.of("inApp", false, "email", false)));
        assertEquals(200, off.status(), off.raw().body());
        assertEquals(201, alice.post(feed(), Map.of("text", "Quiet " + token("user", bobId, "Bob Jones"))).status());
        assertEquals(0, count(bob), "bob turned mentions off");

        Response unknown = bob.put("/notifications/preferences", Map.of("no-such-kind", Map.of("inApp", true)));
        assertEquals(422, unknown.status());
        assertEquals("no-such-kind", unknown.problemField());
        assertEquals(400, bob.get("/notifications?cursor=zz").status());
    }

    @Test
    @Order(6)
    void aRecordGivenToSomeoneElseTellsThemOnce() {
        JsonNode record = admin.get("/accounts/" + accountId).body();
        long before = count(bob);
        assertEquals(200, admin.patch("/accounts/" + accountId, "\"" + record.path("version").asLong() + "\"", Map.of("owner", bobId)).status());
        await("bob is told of the assignment", () -> count(bob) == before + 1, 60);
        JsonNode n = bob.get("/notifications?limit=1").body().path("items").path(0);
        assertEquals("assignment", n.path("kind").asText());
        assertTrue(n.path("title").asText().startsWith("Account Northwind Traders was assigned to you"), n.toString());
    }

    @Test
    @Order(7)
    void aStreamThatReconnectsGetsWhatItMissed() throws Exception {
        assertEquals(200, bob.put("/notifications/preferences", Map.of("mention", Map.of("inApp", true))).status());
        String lastSeen = bob.get("/notifications?limit=1").body().path("items").path(0).path("id").asText();
        assertEquals(201, alice.post(feed(), Map.of("text", "While you were away " + token("user", bobId, "Bob Jones"))).status());
        try (EventStream stream = new EventStream(running.server.baseUrl + "/api/v1/notifications/stream", "bob", PASSWORD, lastSeen)) {
            EventStream.Event missed = stream.next(Duration.ofSeconds(10));
            assertNotNull(missed, "the missed mention is replayed");
            assertTrue(Long.parseLong(missed.id()) > Long.parseLong(lastSeen));
        }
        assertEquals(401, new EventStream(running.server.baseUrl + "/api/v1/notifications/stream", "bob", "wrong", null).status);
    }

    @Test
    @Order(8)
    void badInputIsAClientErrorNamingTheField() {
        Response empty = alice.post(feed(), Map.of("text", ""));
        assertTrue(empty.status() == 400 || empty.status() == 422, empty.raw().body());
        assertEquals("text", empty.problemField());
        assertEquals(400, alice.get(feed() + "?cursor=nope").status());
        assertEquals(404, alice.post(feed() + "/posts/999999999/comments", Map.of("text", "x")).status());
        assertTrue(admin.get("/openapi.json").raw().body().contains("/accounts/{id}/feed"), "the feed is documented");
        JsonNode mentions = alice.get("/mentions?q=bo").body().path("items");
        assertEquals(token("user", bobId, "Bob Jones"), mentions.path(0).path("token").asText());
    }

    @Test
    @Order(9)
    void feedsSurviveRemovingAndReinstallingTheCapability() {
        int posts = posts(admin.get(feed() + "?limit=100").body());
        assertEquals(204, admin.send("DELETE", "/admin/capabilities/rapport-collaboration").status());
        await("the feed goes", () -> admin.get(feed()).status() == 404, 60);
        assertEquals(201, admin.post("/admin/capabilities/rapport-collaboration", Map.of()).status());
        await("the feed is back", () -> admin.get(feed()).status() == 200, 60);
        assertEquals(posts, posts(admin.get(feed() + "?limit=100").body()));
    }

    /**
     * In headless Chromium (as the other console browser tests): bob's bell counts alice's mention the moment it is made,
     * without a reload; bob then mentions alice through the Feed panel's @-autocomplete, and she is told.
     */
    @Test
    @Order(10)
    void aMentionAppearsInTheOtherUsersBellWithoutReload() throws IOException {
        assertEquals(0, bob.post("/notifications/read-all", Map.of()).body().path("unread").asLong());
        try (ConsoleBrowser browser = new ConsoleBrowser(1280, 900, null)) {
            browser.screenshotOnFailure("collaboration-bell", () -> {
                browser.driver.get(running.server.baseUrl + "/");
                browser.signIn("bob", PASSWORD);
                browser.byTestId("notification-bell");
                browser.present("rp-notification-bell-v1[data-live]"); // its event stream is open
                assertNull(browser.deepOrNull("[data-testid=\"notification-count\"]", null), "nothing unread yet");

                assertEquals(201, alice.post(feed(), Map.of("text", "Live, " + token("user", bobId, "Bob Jones") + "!")).status());
                assertEquals(1, count(bob), "stored for bob");
                browser.waitForText("notification-count", "1");
                browser.click("notification-bell");
                browser.deep("[data-testid=\"notification-item\"]", "Alice Smith mentioned you");

                browser.driver.get(running.server.baseUrl + "/#/accounts/" + accountId);
                browser.byTestId("panel-feed");
                long aliceBefore = count(alice);
                browser.type("mention-input", "Thanks @ali");
                browser.click(browser.deep("[data-testid=\"mention-candidate\"]", "Alice Smith"));
                browser.type("mention-input", "for the update");
                browser.click("feed-post-button");
                browser.deep("[data-testid=\"feed-text\"]", "@Alice Smith for the update");
                await("alice is told of bob's mention", () -> count(alice) == aliceBefore + 1, 20);
                assertEquals("Bob Jones mentioned you on Account Northwind Traders",
                        alice.get("/notifications?limit=1").body().path("items").path(0).path("title").asText());
                assertEquals(List.of(), browser.consoleErrors());
            });
        }
    }

    /** What the lead checks: a workflow rule that assigns and notifies on a field change fires once, and each person hears once. */
    @Test
    @Order(11)
    void aRuleThatAssignsAndNotifiesOnAFieldChangeFiresOnce() {
        assertEquals(201, admin.post("/admin/capabilities/rapport-automation", Map.of()).status());
        await("the workflow rule type", () -> admin.get("/metadata/workflowRule").status() == 200, 60);
        Map<String, Object> rule = new java.util.LinkedHashMap<>(Map.of("name", "Banks go to Bob", "recordType", "account",
                "trigger", "Field changed", "triggerField", "industry", "toValue", "Banking",
                "actions", "[{\"action\":\"record.assign\",\"parameters\":{\"user\":\"" + bobId + "\"}},"
                        + "{\"action\":\"collaboration.notify\",\"parameters\":{\"recipients\":\"bob, alice\","
                        + "\"message\":\"{{name}} is now in {{industry}} (was {{previous.industry}})\"}}]"));
        Response created = admin.post("/workflowRules", rule);
        assertEquals(201, created.status(), created.raw().body());
        Response account = alice.post("/accounts", Map.of("name", "Fires Once Bank", "industry", "Retail"));
        assertEquals(201, account.status(), account.raw().body());
        String id = account.body().path("id").asText();
        assertEquals(200, alice.patch("/accounts/" + id, "\"1\"", Map.of("industry", "Banking")).status());

        await("bob hears of the rule and of the assignment", () -> kinds(bob, id).size() >= 2, 60);
        await("alice hears of the rule", () -> kinds(alice, id).contains("rule"), 60);
        assertEquals(200, admin.patch("/accounts/" + id, "\"3\"", Map.of("city", "Zurich")).status(), "no second firing");
        assertEquals(List.of("assignment", "rule"), kinds(bob, id).stream().sorted().toList(), "each once");
        assertEquals(List.of("rule"), kinds(alice, id));
        JsonNode ruleNote = bob.get("/notifications?limit=5").body().path("items");
        boolean found = false;
        for (JsonNode n : ruleNote) {
            found |= n.path("kind").asText().equals("rule") && n.path("body").asText().equals("Fires Once Bank is now in Banking (was Retail)");
        }
        assertTrue(found, ruleNote.toString());
    }

    /** The kinds of the user's notifications about one record. */
    private static List<String> kinds(RestClient user, String recordId) {
        List<String> kinds = new ArrayList<>();
        user.get("/notifications?limit=50").body().path("items").forEach(n -> {
            if (recordId.equals(n.path("recordId").asText())) {
                kinds.add(n.path("kind").asText());
            }
        });
        return kinds;
    }

    private static String feed() {
        return "/accounts/" + accountId + "/feed";
    }

    static String token(String kind, String id, String name) {
        return "@[" + name + "](" + kind + ":" + id + ")";
    }

    private static long count(RestClient user) {
        return user.get("/notifications/count").body().path("unread").asLong();
    }

    private static List<String> fieldChanges(JsonNode feed) {
        List<String> fields = new ArrayList<>();
        feed.path("items").forEach(e -> e.path("changes").forEach(c -> fields.add(c.path("field").asText())));
        return fields;
    }

    private static JsonNode findPost(JsonNode feed, String id) {
        for (JsonNode e : feed.path("items")) {
            if (e.path("type").asText().equals("post") && e.path("id").asText().equals(id)) {
                return e;
            }
        }
        return null;
    }

    private static int posts(JsonNode feed) {
        int n = 0;
        for (JsonNode e : feed.path("items")) {
            n += e.path("type").asText().equals("post") ? 1 : 0;
        }
        return n;
    }

    private static String user(String name, String displayName, String team) {
        Response r = admin.post("/users", Map.of("userName", name, "displayName", displayName, "password", PASSWORD,
                "roles", List.of("team-sales"), "teamIds", List.of(team)));
        assertEquals(201, r.status(), r.body().toString());
        return r.body().path("id").asText();
    }

    private static RestClient as(String name) {
        return new RestClient(running.server.baseUrl + "/api/v1").basic(name, PASSWORD);
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
