package org.rapportcrm.social.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.Social;

/** Storing posts as the capability does, on the real core over in-memory Derby: once each, scored, matched, with their rules. */
class SocialIngestTest {
    private static PostScoring scoring;
    private CoreFixture core;
    private PostIngest ingest;
    private ChannelStore channels;
    private PostRules rules;
    private final List<String> fired = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadModels() {
        scoring = new PostScoring();
    }

    @AfterEach
    void close() {
        if (core != null) {
            core.close();
        }
    }

    private void start(boolean serviceInstalled) {
        core = new CoreFixture();
        core.metadata.addProvider(new SocialTypes());
        if (serviceInstalled) {
            // The case type as the service capability declares it, reduced to what the rule writes.
            core.metadata.addProvider(() -> List.of(new RecordType("case", "cases", "Case", "Cases", "subject", List.of(
                    FieldDefinition.builder("subject", FieldType.TEXT).required(true).build(),
                    FieldDefinition.builder("description", FieldType.LONG_TEXT).build(),
                    FieldDefinition.builder("channel", FieldType.TEXT).build(),
                    FieldDefinition.builder("contact", FieldType.REFERENCE).referenceTo("contact").build()))));
        }
        channels = new ChannelStore(core.records);
        ProfileMatching profiles = new ProfileMatching(core.records, core.metadata);
        SocialConfig config = Configs.of(SocialConfig.class, Map.of());
        ingest = new PostIngest(core.records, channels, profiles, scoring, core.tasks, core.metadata, config);
        ingest.setAutomation((trigger, record, data) -> fired.add(trigger + " " + data.get("sentiment")));
        ChannelListener listener = new ChannelListener(channels, ingest, config);
        core.records.addTrigger(new ChannelRules(channels, core.tasks, listener), "org.rapportcrm.social");
        rules = new PostRules(core.records, core.metadata);
    }

    private Record channel() {
        return core.records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Support", "network", "mastodon",
                "baseUrl", "https://mastodon.example", "accessToken", "s3cret-token", "enabled", false));
    }

    private static InboundPost post(String id, String inReplyTo, String handle, String name, String html) {
        return new InboundPost(id, inReplyTo, Instant.parse("2026-12-05T10:00:00Z"), html, "https://mastodon.example/@x/" + id, null,
                new InboundPost.Author("a-" + handle, handle, name, "https://example.social/@" + handle, null));
    }

    @Test
    void aBurstIsScoredPostByPostAsSinglePostsAre() {
        start(false);
        Record channel = channel();
        List<String> texts = List.of("Thanks for the quick help yesterday, the new dashboard is great!",
                "My invoice is wrong again and nobody answers. Terrible.", "What is your pricing for a team of 20?",
                "Der neue Export ist super, vielen Dank für die schnelle Hilfe!", "The app keeps crashing since the update, please fix it soon.");
        List<InboundPost> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 41; i++) {
            // Each text differs from the others (its number), and the halves scored on two threads hold every kind.
            burst.add(post(String.valueOf(500 + i), null, "fan" + i % 7 + "@example.social", "Fan " + i % 7, texts.get(i % texts.size()) + " #" + i));
        }
        assertEquals(41, ingest.accept(channel, burst, "540").size());
        List<Record> stored = core.records.all(Actor.system(), Query.of(Social.POST).where(Filter.eq("channel", channel.getId())).limit(100));
        assertEquals(41, stored.size());
        for (Record post : stored) {
            String text = (String) post.get("text");
            PostScoring.Score alone = scoring.score(text, null);
            assertEquals(alone.language(), post.get("language"), text);
            assertEquals(alone.sentiment(), post.get("sentiment"), text);
            assertEquals(alone.compound() == null ? null : alone.compound().doubleValue(),
                    post.get("sentimentScore") == null ? null : ((Number) post.get("sentimentScore")).doubleValue(), text);
            assertEquals(ingest.hasBuyingIntent(text), post.get("buyingIntent"), text);
            assertTrue(text.endsWith("#" + (Integer.parseInt((String) post.get("networkId")) - 500)), "the post's own text: " + text);
        }
        assertEquals(Social.NEGATIVE, stored.stream().filter(p -> ((String) p.get("text")).startsWith("My invoice")).findFirst().orElseThrow().get("sentiment"));
        assertEquals("de", stored.stream().filter(p -> ((String) p.get("text")).startsWith("Der neue")).findFirst().orElseThrow().get("language"));
    }

    @Test
    void aChannelsAccessTokenIsKeptButNeverShownBack() {
        start(false);
        Record channel = channel();
        assertNull(channel.get("accessToken"), "not in the answer to the create");
        assertEquals(true, channel.get("credentialsStored"));
        assertNull(core.records.get(Actor.system(), Social.CHANNEL, channel.getId()).get("accessToken"), "not stored in the channel");
        assertEquals("s3cret-token", channels.settings(channel).accessToken());
        Record renamed = core.records.update(Actor.system(), Social.CHANNEL, channel.getId(), channel.getVersion(), Map.of("name", "Care"));
        assertEquals("s3cret-token", channels.settings(renamed).accessToken(), "kept when other settings change");
        assertFalse(channels.settings(renamed).toString().contains("s3cret"), "never logged");
    }

    @Test
    void aPostIsStoredOnceAsPlainTextWithItsLanguageSentimentAndThread() {
        start(false);
        Record channel = channel();
        InboundPost first = post("101", null, "ann@example.social", "Ann Lee", "<p>I <b>love</b> the new release, great work!</p>");
        assertEquals(1, ingest.accept(channel, List.of(first), "1").size());
        assertEquals(0, ingest.accept(channel, List.of(first), "1").size(), "the same network id again");
        ingest.accept(channel, List.of(post("102", "101", "bob@example.social", "Bob", "<p>Das Update ist wirklich sehr gut geworden, danke!</p>")), "2");
        List<Record> posts = core.records.all(Actor.system(), Query.of(Social.POST).sortBy("networkId", false));
        assertEquals(2, posts.size());
        Record ann = posts.get(0);
        assertEquals("I love the new release, great work!", ann.get("text"));
        assertEquals("en", ann.get("language"));
        assertEquals(Social.POSITIVE, ann.get("sentiment"));
        assertEquals(Social.NEW, ann.get("status"));
        Record bob = posts.get(1);
        assertEquals("de", bob.get("language"));
        assertEquals(Social.NOT_SCORED, bob.get("sentiment"));
        assertEquals(ann.getId(), bob.get("inReplyTo"), "the thread is kept");
        assertEquals(List.of("social.post-received Positive", "social.post-received Not scored"), fired);
        assertEquals("2", channels.position(channel), "the position commits with the posts");
    }

    @Test
    void anAuthorIsMatchedToAContactByNameAndCountsAsTheContactOnlyOnceConfirmed() {
        start(true);
        Record channel = channel();
        Record contact = core.records.create(Actor.system(), "contact", Map.of("firstName", "Ann", "lastName", "Lee"));
        ingest.accept(channel, List.of(post("101", null, "ann@example.social", "Ann Lee", "Terrible service, my order is broken and nobody answers.")), "1");
        Record profile = core.records.all(Actor.system(), Query.of(Social.PROFILE)).get(0);
        assertEquals(contact.getId(), profile.get("suggestedContact"));
        assertEquals("name", profile.get("matchReason"));
        assertNull(profile.get("contact"));
        assertEquals(0, core.tasks.size(), "an unconfirmed author opens no case");

        new SocialActions.ConfirmMatch(core.records).confirm(Actor.system(), profile.getId(), null);
        assertEquals(contact.getId(), core.records.all(Actor.system(), Query.of(Social.POST)).get(0).get("contact"), "earlier posts follow");

        ingest.accept(channel, List.of(post("102", null, "ann@example.social", "Ann Lee", "Still broken. This is the worst support ever, I am angry.")), "2");
        core.tasks.runAll(rules);
        Record negative = core.records.all(Actor.system(), Query.of(Social.POST).where(Filter.eq("networkId", "102"))).get(0);
        assertEquals(contact.getId(), negative.get("contact"));
        assertEquals(Social.NEGATIVE, negative.get("sentiment"));
        Record opened = core.records.get(Actor.system(), "case", (String) negative.get("caseId"));
        assertEquals("Social", opened.get("channel"));
        assertEquals(contact.getId(), opened.get("contact"));
        assertTrue(opened.get("subject").toString().startsWith("Social: Still broken"));
    }

    @Test
    void withoutTheServiceCapabilityANegativePostStaysInTheInbox() {
        start(false);
        Record channel = channel();
        Record contact = core.records.create(Actor.system(), "contact", Map.of("firstName", "Ann", "lastName", "Lee"));
        ingest.accept(channel, List.of(post("101", null, "ann@example.social", "Ann Lee", "Hello")), "1");
        Record profile = core.records.all(Actor.system(), Query.of(Social.PROFILE)).get(0);
        new SocialActions.ConfirmMatch(core.records).confirm(Actor.system(), profile.getId(), contact.getId());
        ingest.accept(channel, List.of(post("102", null, "ann@example.social", "Ann Lee", "Awful, broken, useless. I hate it.")), "2");
        core.tasks.runAll(rules);
        Record negative = core.records.all(Actor.system(), Query.of(Social.POST).where(Filter.eq("networkId", "102"))).get(0);
        assertNull(negative.get("caseId"));
        assertEquals(Social.NEW, negative.get("status"));
    }

    @Test
    void buyingIntentIsAConfiguredWordOrPhraseNotAPartOfAWord() {
        start(false);
        assertTrue(ingest.hasBuyingIntent("What is your pricing for 20 seats?"));
        assertTrue(ingest.hasBuyingIntent("Could I get a DEMO next week"));
        assertTrue(ingest.hasBuyingIntent("how much is the pro plan"));
        assertFalse(ingest.hasBuyingIntent("I bought it last year and it is fine"));
        assertFalse(ingest.hasBuyingIntent("The demonstration was long"));
    }

    @Test
    void aBurstFromManyAuthorsIsMatchedAuthorByAuthorAsSinglePostsAre() {
        start(false);
        Record channel = channel();
        Record ann = core.records.create(Actor.system(), "contact", Map.of("firstName", "Ann", "lastName", "Lee", "email", "ann@shop.example"));
        Record bob = core.records.create(Actor.system(), "contact", Map.of("firstName", "Bob", "lastName", "Stone"));
        core.records.create(Actor.system(), "contact", Map.of("firstName", "Cy", "lastName", "Twin"));
        core.records.create(Actor.system(), "contact", Map.of("firstName", "Cy", "lastName", "Twin"));
        ingest.accept(channel, List.of(post("100", null, "dee@example.social", "Dee Known", "Hello there")), "100");
        Record dee = core.records.all(Actor.system(), Query.of(Social.PROFILE)).get(0);

        List<InboundPost> burst = List.of(
                new InboundPost("101", null, Instant.now(), "Hi", null, "en",
                        new InboundPost.Author(null, "annie@example.social", "A. L.", null, "ann@shop.example")),
                post("102", null, "bob@example.social", "Bob Stone", "Hi"),
                post("103", null, "cy@example.social", "Cy Twin", "Hi"),
                post("104", null, "dee@example.social", "Dee Known", "Again"),
                post("105", null, "bob@example.social", "Bob Stone", "Hi again"),
                post("106", "100", "eve@example.social", "Eve", "Replying to Dee"));
        assertEquals(6, ingest.accept(channel, burst, "106").size());

        Map<String, Record> profiles = new java.util.HashMap<>();
        core.records.all(Actor.system(), Query.of(Social.PROFILE)).forEach(p -> profiles.put((String) p.get("handle"), p));
        assertEquals(5, profiles.size(), "one profile per author, however many posts the burst holds");
        assertEquals(ann.getId(), profiles.get("annie@example.social").get("suggestedContact"));
        assertEquals("e-mail", profiles.get("annie@example.social").get("matchReason"));
        assertEquals(bob.getId(), profiles.get("bob@example.social").get("suggestedContact"));
        assertEquals("name", profiles.get("bob@example.social").get("matchReason"));
        assertNull(profiles.get("cy@example.social").get("suggestedContact"), "a name two contacts share matches neither");
        assertNull(profiles.get("eve@example.social").get("suggestedContact"));
        assertEquals(dee.getId(), profiles.get("dee@example.social").getId(), "a known author keeps the profile");
        Record reply = core.records.all(Actor.system(), Query.of(Social.POST).where(Filter.eq("networkId", "106"))).get(0);
        Record first = core.records.all(Actor.system(), Query.of(Social.POST).where(Filter.eq("networkId", "100"))).get(0);
        assertEquals(first.getId(), reply.get("inReplyTo"), "a reply to a post stored before is threaded");
    }

    @Test
    void anUnknownAuthorsBuyingIntentMakesOneLeadHoweverOftenTheyAsk() {
        // Two posts in one burst each call for a lead before either is made: the second finds the first's.
        start(false);
        // The lead type as the sales capability declares it, reduced to what the rule writes.
        core.metadata.addProvider(() -> List.of(new RecordType("lead", "leads", "Lead", "Leads", "lastName", List.of(
                FieldDefinition.builder("firstName", FieldType.TEXT).build(),
                FieldDefinition.builder("lastName", FieldType.TEXT).required(true).build(),
                FieldDefinition.builder("email", FieldType.EMAIL).build(),
                FieldDefinition.builder("website", FieldType.URL).build(),
                FieldDefinition.builder("description", FieldType.LONG_TEXT).build(),
                FieldDefinition.builder("source", FieldType.TEXT).build()))));
        Record channel = channel();
        ingest.accept(channel, List.of(post("101", null, "gus@example.social", "Gus Grant", "What is your pricing for 20 seats?"),
                post("102", null, "gus@example.social", "Gus Grant", "Could I get a demo next week?")), "102");
        core.tasks.runAll(rules);
        ingest.accept(channel, List.of(post("103", null, "gus@example.social", "Gus Grant", "And a quote for 30 seats, please")), "103");
        core.tasks.runAll(rules);

        List<Record> leads = core.records.all(Actor.system(), Query.of("lead"));
        assertEquals(1, leads.size());
        assertEquals("Grant", leads.get(0).get("lastName"));
        assertEquals(leads.get(0).getId(), core.records.all(Actor.system(), Query.of(Social.PROFILE)).get(0).get("lead"));
        core.records.all(Actor.system(), Query.of(Social.POST).where(Filter.in("networkId", List.of("101", "102"))))
                .forEach(p -> assertEquals(leads.get(0).getId(), p.get("leadId"), "post " + p.get("networkId")));
    }
}
