package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.rapportcrm.social.fake.FeedFake;
import org.rapportcrm.social.fake.MastodonFake;

/**
 * The social capability in the real distribution, installed at run time beside service, against a local server that
 * speaks Mastodon's streaming and REST APIs: a channel is configured (its token never shown back), a mention arrives
 * with sentiment and language and is matched to its contact, a negative one from the confirmed contact opens a case, a
 * reply from the CRM reaches the network, dropped streams and a crash of the node lose and double nothing, and
 * uninstalling social keeps its data for the reinstall.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocialIT {
    private static final String TOKEN = "it-mastodon-token";
    private static final String JANE = "jane@example.social";
    private static MastodonFake mastodon;
    private static RapportServer.Running running;
    private static RestClient admin;
    private static String contactId;
    private static String negativePostId;

    @BeforeAll
    static void aServerWithSocialAndServiceAndAMastodonServer() throws IOException {
        mastodon = new MastodonFake(TOKEN);
        running = RapportServer.Running.start(Map.of(), Map.of(), "/api/v1/health");
        admin = client();
        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        assertEquals(201, admin.post("/admin/capabilities/rapport-social", Map.of()).status());
        await("the social types", () -> admin.get("/socialChannels").status() == 200 && admin.get("/cases").status() == 200, 120);
        contactId = created(admin.post("/contacts", Map.of("firstName", "Jane", "lastName", "Doe", "email", "jane.doe@example.com"))).path("id").asText();
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
        if (mastodon != null) {
            mastodon.close();
        }
    }

    @Test
    @Order(1)
    void aChannelIsConfiguredAndItsTokenIsNeverShownBack() {
        JsonNode channel = created(admin.post("/socialChannels", Map.of("name", "Support on Mastodon", "network", "mastodon",
                "baseUrl", mastodon.baseUrl(), "accessToken", TOKEN, "keywords", "#rapport, crm", "enabled", true)));
        assertTrue(channel.path("accessToken").isNull(), channel.toString());
        assertTrue(channel.path("credentialsStored").asBoolean());
        String all = admin.get("/socialChannels/" + channel.path("id").asText()).raw().body() + admin.get("/socialChannels").raw().body();
        assertFalse(all.contains(TOKEN), "the token is in no answer");
        Response bad = admin.post("/socialChannels", Map.of("name", "Bad", "network", "mastodon", "baseUrl", "ftp://x.example"));
        assertEquals(422, bad.status(), bad.raw().body());
        await("the channel listens", () -> mastodon.openStreams() == 1, 60);
    }

    @Test
    @Order(2)
    void aMentionArrivesWithSentimentAndLanguageAndItsAuthorIsMatchedToTheContact() {
        Instant sent = Instant.now();
        mastodon.mention(JANE, "Jane Doe", "Thanks for the quick help yesterday, the new dashboard is great!");
        await("the mention is stored", () -> inbound().size() == 1, 30);
        long millis = Duration.between(sent, Instant.now()).toMillis();
        System.out.printf("social: a Mastodon mention was in the inbox %d ms after it was posted (polled every 50 ms)%n", millis);
        JsonNode post = inbound().get(0);
        assertEquals("Positive", post.path("sentiment").asText());
        assertEquals("en", post.path("language").asText());
        assertEquals("New", post.path("status").asText());
        assertTrue(post.path("text").asText().startsWith("@crm Thanks for the quick help"), post.toString());

        JsonNode profile = admin.get("/socialProfiles?filter=" + RestClient.q("handle eq '" + JANE + "'")).body().path("items").get(0);
        assertEquals(contactId, profile.path("suggestedContact").asText());
        Response confirmed = admin.post("/socialProfiles/" + profile.path("id").asText() + "/confirm-match", Map.of());
        assertEquals(200, confirmed.status(), confirmed.raw().body());
        assertEquals(contactId, confirmed.body().path("contact").asText());
        assertEquals(1, admin.get("/socialPosts?filter=" + RestClient.q("contact eq '" + contactId + "'")).body().path("items").size(),
                "the contact's posts (its page lists them)");
    }

    @Test
    @Order(3)
    void aNegativeMentionFromTheCustomerOpensACase() {
        mastodon.mention(JANE, "Jane Doe", "My invoice is wrong again and nobody answers. Terrible, I am really angry.");
        await("the case is opened", () -> inbound().stream().anyMatch(p -> !p.path("caseId").isNull() && !p.path("caseId").asText().isEmpty()), 60);
        JsonNode negative = inbound().stream().filter(p -> p.path("text").asText().contains("invoice")).findFirst().orElseThrow();
        negativePostId = negative.path("id").asText();
        assertEquals("Negative", negative.path("sentiment").asText());
        JsonNode theCase = admin.get("/cases/" + negative.path("caseId").asText()).body();
        assertEquals("Social", theCase.path("channel").asText());
        assertEquals(contactId, theCase.path("contact").asText());
    }

    @Test
    @Order(4)
    void aReplyFromTheCrmReachesTheNetwork() {
        JsonNode post = admin.get("/socialPosts/" + negativePostId).body();
        Response reply = admin.post("/socialPosts/" + negativePostId + "/reply", Map.of("text", "Sorry about that, we are on it."));
        assertEquals(201, reply.status(), reply.raw().body());
        assertEquals("Outbound", reply.body().path("direction").asText());
        assertEquals(negativePostId, reply.body().path("inReplyTo").asText());
        List<Map<String, Object>> posted = mastodon.posted();
        assertEquals(1, posted.size());
        assertEquals(post.path("networkId").asText(), posted.get(0).get("in_reply_to_id"));
        assertEquals("@" + JANE + " Sorry about that, we are on it.", posted.get(0).get("text"));
        assertTrue(posted.get(0).get("idempotency_key") != null);
        assertEquals("Replied", admin.get("/socialPosts/" + negativePostId).body().path("status").asText());
        assertEquals(422, admin.post("/socialPosts/" + negativePostId + "/reply", Map.of("text", " ")).status());
    }

    @Test
    @Order(5)
    void droppedStreamsAndACrashLoseNoMentionAndStoreNoneTwice() {
        int before = inbound().size();
        int opened = mastodon.streamsOpened();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            texts.add("stream test " + i);
            mastodon.mention("fan" + (i % 3) + "@example.social", "Fan " + i, "stream test " + i);
            if (i == 10) {
                mastodon.dropStreams();
            }
        }
        await("all 30 mentions are stored", () -> inbound().size() == before + 30, 60);
        assertTrue(mastodon.streamsOpened() > opened, "the channel reconnected");

        running.kill();
        for (int i = 30; i < 40; i++) {
            texts.add("stream test " + i);
            mastodon.mention("fan@example.social", "Fan", "stream test " + i);
        }
        running = running.restart();
        admin = client();
        await("the mentions made while the node was down are backfilled", () -> inbound().size() == before + 40, 120);
        Set<String> stored = new HashSet<>();
        for (JsonNode p : inbound()) {
            assertTrue(stored.add(p.path("networkId").asText()), "stored twice: " + p);
        }
        for (String text : texts) {
            assertTrue(inbound().stream().anyMatch(p -> p.path("text").asText().endsWith(text)), "lost: " + text);
        }
    }

    @Test
    @Order(6)
    void uninstallingSocialKeepsItsDataAndTheReinstallListensOn() {
        int before = inbound().size();
        assertEquals(204, admin.send("DELETE", "/admin/capabilities/rapport-social").status());
        await("social is gone", () -> admin.get("/socialPosts").status() == 404, 60);
        assertEquals(201, admin.post("/admin/capabilities/rapport-social", Map.of()).status());
        await("social is back with its posts", () -> admin.get("/socialPosts").status() == 200 && inbound().size() == before, 120);
        mastodon.mention(JANE, "Jane Doe", "Back again, all good now.");
        await("a new mention arrives after the reinstall", () -> inbound().size() == before + 1, 60);
    }

    @Test
    @Order(7)
    void aFeedChannelReadsTheBlogOnceAndThenOnlyWhatIsNewAskingConditionally() throws IOException {
        try (FeedFake blog = new FeedFake()) {
            blog.publish("review-1", "Rapport review", "<p>The new dashboard is <b>great</b>, support answered in minutes.</p>",
                    "ann@blog.example", "Ann Blogger", Instant.now().minusSeconds(7200));
            blog.publish("review-2", "Second look", "<p>The export is terrible and slow, really disappointing.</p>",
                    "ann@blog.example", "Ann Blogger", Instant.now().minusSeconds(3600));
            JsonNode channel = created(admin.post("/socialChannels", Map.of("name", "Review blog", "network", "rss", "baseUrl", blog.url(),
                    "keywords", "rapport, export", "pollSeconds", 5, "enabled", true)));
            await("both entries are stored", () -> posts("rss").size() == 2, 60);
            JsonNode first = posts("rss").get(0);
            assertEquals("Ann Blogger", first.path("author").asText());
            assertTrue(first.path("text").asText().startsWith("Rapport review\nThe new dashboard is great"), first.toString());
            assertEquals("Positive", first.path("sentiment").asText());
            assertEquals("Negative", posts("rss").get(1).path("sentiment").asText());

            await("the next polls ask conditionally and are answered 304", () -> blog.notModified() >= 1, 60);
            blog.publish("review-3", "Pricing question", "<p>How much is it for a team of 20?</p>", "cy@blog.example", "Cy", Instant.now());
            await("only the new entry is added", () -> posts("rss").size() == 3, 60);
            assertTrue(posts("rss").stream().anyMatch(p -> p.path("buyingIntent").asBoolean()), "rules run on feed posts too");

            JsonNode networks = admin.get("/social/networks").body();
            boolean feedsTakeReplies = true;
            for (JsonNode n : networks) {
                if (n.path("network").asText().equals("rss")) {
                    feedsTakeReplies = n.path("replies").asBoolean();
                }
            }
            assertFalse(feedsTakeReplies, networks.toString());
            Response reply = admin.post("/socialPosts/" + first.path("id").asText() + "/reply", Map.of("text", "Thanks!"));
            assertEquals(422, reply.status(), reply.raw().body());
            assertEquals("channel", reply.problemField());
            admin.patch("/socialChannels/" + channel.path("id").asText(), null, Map.of("enabled", false));
        }
    }

    @Test
    @Order(8)
    void aSignedWebhookIsStoredOnceAndAnUnsignedOrStaleOneIsRefused() throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("it-secret-of-24-bytes!!!".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String channelId = created(admin.post("/socialChannels", Map.of("name", "Shop reviews", "network", "webhook",
                "baseUrl", "https://shop.example", "accessToken", secret, "keywords", "rapport", "enabled", true))).path("id").asText();
        RestClient anonymous = new RestClient(running.server.baseUrl + "/api/v1");
        String body = "[{\"id\": \"rev-1\", \"text\": \"Rapport is great, the support team is amazing!\", \"author\": {\"handle\": \"kim\", "
                + "\"name\": \"Kim Shop\", \"email\": \"kim@shop.example\"}, \"createdAt\": \"" + Instant.now().minusSeconds(60) + "\"},"
                + "{\"id\": \"rev-2\", \"text\": \"Delivery was awful and late.\", \"author\": {\"handle\": \"lee\"}, \"inReplyTo\": \"rev-1\"}]";
        long now = Instant.now().getEpochSecond();
        // Signed by the Standard Webhooks reference library, not by our own code.
        String signature = new com.standardwebhooks.Webhook(secret).sign("msg_it_1", now, body);
        String path = "/social/inbound/" + channelId;
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Response taken = anonymous.upload(path, "application/json", bytes, "webhook-id", "msg_it_1", "webhook-timestamp", Long.toString(now),
                "webhook-signature", signature);
        assertEquals(200, taken.status(), taken.raw().body());
        assertEquals(2, taken.body().path("stored").asInt());
        Response replay = anonymous.upload(path, "application/json", bytes, "webhook-id", "msg_it_1", "webhook-timestamp", Long.toString(now),
                "webhook-signature", signature);
        assertEquals(200, replay.status());
        assertTrue(replay.body().path("replay").asBoolean());
        assertEquals(2, posts("webhook").size(), "stored once");
        assertEquals("Negative", posts("webhook").stream().filter(p -> p.path("networkId").asText().equals("rev-2")).findFirst().orElseThrow()
                .path("sentiment").asText());

        Response forged = anonymous.upload(path, "application/json", body.replace("great", "awful").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "webhook-id", "msg_it_2", "webhook-timestamp", Long.toString(now), "webhook-signature", signature);
        assertEquals(401, forged.status(), forged.raw().body());
        assertEquals("webhook-signature", forged.problemField());
        long old = now - 600;
        Response stale = anonymous.upload(path, "application/json", bytes, "webhook-id", "msg_it_3", "webhook-timestamp", Long.toString(old),
                "webhook-signature", new com.standardwebhooks.Webhook(secret).sign("msg_it_3", old, body));
        assertEquals(401, stale.status());
        assertEquals("webhook-timestamp", stale.problemField());
        String badJson = "[{\"id\": \"rev-3\", \"author\": {\"handle\": \"kim\"}}]";
        Response invalid = anonymous.upload(path, "application/json", badJson.getBytes(java.nio.charset.StandardCharsets.UTF_8), "webhook-id", "msg_it_4",
                "webhook-timestamp", Long.toString(now), "webhook-signature", new com.standardwebhooks.Webhook(secret).sign("msg_it_4", now, badJson));
        assertEquals(422, invalid.status(), invalid.raw().body());
        assertEquals("[0].text", invalid.problemField());
        Response tooLarge = anonymous.upload(path, "application/json", new byte[2 * 1024 * 1024], "webhook-id", "msg_it_5",
                "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,x");
        assertEquals(413, tooLarge.status());
        assertEquals(2, posts("webhook").size(), "nothing refused was stored");

        JsonNode insights = admin.get("/social/insights?channel=" + channelId).body();
        assertEquals(2, insights.path("posts").asInt(), insights.toString());
        assertEquals(1, insights.path("shareOfVoice").get(0).path("posts").asInt(), insights.toString());
        assertTrue(admin.get("/openapi.json").raw().body().contains("/social/insights"), "declared in the OpenAPI document");
    }

    private static List<JsonNode> posts(String network) {
        Response r = admin.get("/socialPosts?limit=200&sort=postedAt&filter=" + RestClient.q("network eq '" + network + "'"));
        List<JsonNode> items = new ArrayList<>();
        if (r.status() == 200) {
            r.body().path("items").forEach(items::add);
        }
        return items;
    }

    private static List<JsonNode> inbound() {
        Response r = admin.get("/socialPosts?limit=200&sort=postedAt&filter=" + RestClient.q("direction eq 'Inbound'"));
        if (r.status() != 200) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        r.body().path("items").forEach(items::add);
        return items;
    }

    private static RestClient client() {
        return new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
    }

    private static JsonNode created(Response r) {
        assertEquals(201, r.status(), r.raw().body());
        return r.body();
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
