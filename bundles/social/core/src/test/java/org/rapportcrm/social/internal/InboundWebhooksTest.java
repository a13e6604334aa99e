package org.rapportcrm.social.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.webhook.StandardWebhooks;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.social.api.Social;

/** A webhook channel stores what a sender with its secret signed, once per message, and refuses the rest with the reason. */
class InboundWebhooksTest {
    private static PostScoring scoring;
    private CoreFixture core;
    private InboundWebhooks inbound;
    private String secret;
    private Record channel;

    @BeforeAll
    static void loadModels() {
        scoring = new PostScoring();
    }

    @BeforeEach
    void start() {
        core = new CoreFixture();
        core.metadata.addProvider(new SocialTypes());
        ChannelStore channels = new ChannelStore(core.records);
        SocialConfig config = Configs.of(SocialConfig.class, Map.of());
        PostIngest ingest = new PostIngest(core.records, channels, new ProfileMatching(core.records, core.metadata), scoring, core.tasks, core.metadata, config);
        core.records.addTrigger(new ChannelRules(channels, core.tasks, new ChannelListener(channels, ingest, config)), "org.rapportcrm.social");
        inbound = new InboundWebhooks(core.records, channels, ingest);
        secret = StandardWebhooks.newSecret();
        channel = core.records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Shop reviews", "network", "webhook",
                "baseUrl", "https://shop.example", "accessToken", secret, "enabled", true));
    }

    @AfterEach
    void close() {
        core.close();
    }

    private InboundWebhooks.Receipt send(String messageId, String body, List<String> signWith, Instant at) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return inbound.receive(channel.getId(), messageId, Long.toString(at.getEpochSecond()),
                StandardWebhooks.signature(signWith, messageId, at.getEpochSecond(), bytes), bytes);
    }

    private long posts() {
        return core.records.count(Actor.system(), Social.POST, Filter.eq("network", "webhook"));
    }

    private static final String TWO_POSTS = """
            [{"id": "r-1", "text": "Terrible service, my order never arrived & nobody answers.", "author": {"handle": "ann", "name": "Ann Lee",
              "email": "ann@shop.example"}, "url": "https://shop.example/reviews/1", "createdAt": "2026-12-05T09:00:00Z"},
             {"id": "r-2", "text": "Love it <3", "author": {"handle": "ben"}, "inReplyTo": "r-1"}]""";

    @Test
    void aSignedMessageIsStoredWithSentimentProfilesAndThread() {
        InboundWebhooks.Receipt receipt = send("msg_1", TWO_POSTS, List.of(secret), Instant.now());

        assertEquals(new InboundWebhooks.Receipt(2, 2, false), receipt);
        Record first = core.records.query(Actor.system(), org.rapportcrm.platform.api.query.Query.of(Social.POST)
                .where(Filter.eq("postKey", "webhook:r-1"))).items().get(0);
        assertEquals(Social.NEGATIVE, first.get("sentiment"));
        assertEquals("Terrible service, my order never arrived & nobody answers.", first.get("text"));
        assertEquals(Instant.parse("2026-12-05T09:00:00Z"), first.get("postedAt"));
        Record reply = core.records.query(Actor.system(), org.rapportcrm.platform.api.query.Query.of(Social.POST)
                .where(Filter.eq("postKey", "webhook:r-2"))).items().get(0);
        assertEquals("Love it <3", reply.get("text"), "plain text keeps its angle brackets");
        assertEquals(first.getId(), reply.get("inReplyTo"));
        assertEquals(2, core.records.count(Actor.system(), Social.PROFILE, Filter.eq("network", "webhook")));
    }

    @Test
    void aReplayedMessageIdStoresNothingAndAnOverlappingNewMessageOnlyTheNewPosts() {
        Instant now = Instant.now();
        send("msg_1", TWO_POSTS, List.of(secret), now);
        assertEquals(new InboundWebhooks.Receipt(0, 0, true), send("msg_1", TWO_POSTS, List.of(secret), now));
        assertEquals(new InboundWebhooks.Receipt(2, 0, false), send("msg_2", TWO_POSTS, List.of(secret), now), "posts are stored once by id too");
        assertEquals(2, posts());
    }

    private long keptIds() {
        return core.records.count(Actor.system(), SocialTypes.INBOUND_MESSAGE, Filter.isNotEmpty("key"));
    }

    private InboundIdPurge purgeAt(Duration retention, Duration later) {
        return new InboundIdPurge(core.records, retention, Clock.offset(Clock.systemUTC(), later));
    }

    @Test
    void anIdPastItsRetentionIsForgottenWhileAReplayInsideTheWindowIsStillRefused() {
        Instant now = Instant.now();
        send("msg_old", TWO_POSTS, List.of(secret), now);
        purgeAt(Duration.ofMinutes(15), Duration.ofMinutes(16)).run(TaskRun.of(TaskScheduler.RECURRING_INSTANCE, Map.of(), 1, Instant.now()));
        assertEquals(0, keptIds(), "16 minutes later the id of a 15-minute retention is gone");

        send("msg_new", "{\"id\": \"r-3\", \"text\": \"Fine.\", \"author\": {\"handle\": \"cy\"}}", List.of(secret), now);
        purgeAt(Duration.ofMinutes(15), Duration.ofMinutes(4)).run(TaskRun.of(TaskScheduler.RECURRING_INSTANCE, Map.of(), 1, Instant.now()));
        assertEquals(1, keptIds());
        assertEquals(new InboundWebhooks.Receipt(0, 0, true), send("msg_new", "{\"id\": \"r-4\", \"text\": \"Fine.\", "
                + "\"author\": {\"handle\": \"cy\"}}", List.of(secret), now), "a replay inside the window stores nothing");
    }

    @Test
    void idsAreKeptTwiceTheTimestampToleranceHoweverShortTheRetentionIsSet() {
        send("msg_1", TWO_POSTS, List.of(secret), Instant.now());
        assertEquals(0, purgeAt(Duration.ofMinutes(1), Duration.ofMinutes(9)).purgeBatch(), "a timestamp 5 minutes ahead still passes for 10");
        assertEquals(1, keptIds());
        assertEquals(1, purgeAt(Duration.ofMinutes(1), Duration.ofMinutes(11)).purgeBatch());
    }

    @Test
    void thePurgeWorksInBatchesUntilNoExpiredIdIsLeft() {
        for (int i = 0; i < InboundIdPurge.BATCH + 3; i++) {
            core.records.create(Actor.system(), SocialTypes.INBOUND_MESSAGE, Map.of("key", channel.getId() + ":m" + i, "channel", channel.getId(),
                    "posts", 1));
        }
        InboundIdPurge purge = purgeAt(Duration.ofMinutes(15), Duration.ofMinutes(16));
        assertEquals(InboundIdPurge.BATCH, purge.purgeBatch());
        assertEquals(3, keptIds());
        purge.run(TaskRun.of(TaskScheduler.RECURRING_INSTANCE, Map.of(), 1, Instant.now()));
        assertEquals(0, keptIds());
    }

    @Test
    void aBadSignatureAnOldTimestampOrAMissingHeaderIs401NamingTheHeader() {
        byte[] body = TWO_POSTS.getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.signature(List.of(secret), "msg_1", now, body);

        RestException forged = assertThrows(RestException.class, () -> send("msg_1", TWO_POSTS, List.of(StandardWebhooks.newSecret()), Instant.now()));
        assertEquals(401, forged.getStatus());
        assertEquals("webhook-signature", forged.getParameter());
        byte[] tampered = TWO_POSTS.replace("Terrible", "Perfect").getBytes(StandardCharsets.UTF_8);
        assertEquals("webhook-signature", assertThrows(RestException.class,
                () -> inbound.receive(channel.getId(), "msg_1", Long.toString(now), signature, tampered)).getParameter());
        RestException old = assertThrows(RestException.class, () -> send("msg_1", TWO_POSTS, List.of(secret), Instant.now().minusSeconds(600)));
        assertEquals("webhook-timestamp", old.getParameter());
        assertEquals("webhook-id", assertThrows(RestException.class,
                () -> inbound.receive(channel.getId(), null, Long.toString(now), signature, body)).getParameter());
        assertEquals(0, posts());
    }

    @Test
    void duringARotationTheChannelTakesMessagesSignedWithEitherSecret() {
        String next = StandardWebhooks.newSecret();
        Record current = core.records.get(Actor.system(), Social.CHANNEL, channel.getId());
        core.records.update(Actor.system(), Social.CHANNEL, channel.getId(), current.getVersion(), Map.of("accessToken", next + " " + secret));

        assertEquals(2, send("msg_old", TWO_POSTS, List.of(secret), Instant.now()).received());
        assertEquals(2, send("msg_new", TWO_POSTS, List.of(next), Instant.now()).received());
    }

    @Test
    void aBodyThatIsNotPostsIs422NamingEachWrongFieldAndStoresNothing() {
        String bad = """
                [{"id": "r-1", "text": "fine", "author": {"handle": "ann"}},
                 {"id": 7, "text": "", "author": {"email": "not-an-address"}, "createdAt": "yesterday"}]""";
        ValidationException refused = assertThrows(ValidationException.class, () -> send("msg_1", bad, List.of(secret), Instant.now()));
        assertEquals(List.of("[1].id", "[1].text", "[1].createdAt", "[1].author.handle", "[1].author.email"),
                refused.getErrors().stream().map(FieldError::field).toList());
        assertEquals("body", assertThrows(ValidationException.class, () -> send("msg_2", "{not json", List.of(secret), Instant.now()))
                .getErrors().get(0).field());
        assertEquals(0, posts());
        assertTrue(send("msg_1", "{\"id\": \"x\", \"text\": \"ok\", \"author\": {\"handle\": \"c\"}}", List.of(secret), Instant.now()).stored() == 1,
                "a refused message's id is not taken");
    }

    @Test
    void aWebhookChannelsSecretMustBeAStandardWebhooksSecret() {
        ValidationException refused = assertThrows(ValidationException.class, () -> core.records.create(Actor.system(), Social.CHANNEL,
                Map.of("name", "Other", "network", "webhook", "baseUrl", "https://x.example", "accessToken", "password1")));
        assertEquals("accessToken", refused.getErrors().get(0).field());
    }
}
