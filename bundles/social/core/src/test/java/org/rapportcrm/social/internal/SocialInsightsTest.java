package org.rapportcrm.social.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.Social;

/** The listening dashboard's figures, counted by the database over the posts of a period. */
class SocialInsightsTest {
    private static PostScoring scoring;
    private CoreFixture core;
    private PostIngest ingest;
    private SocialInsights insights;

    @BeforeAll
    static void loadModels() {
        scoring = new PostScoring();
    }

    @BeforeEach
    void start() {
        core = new CoreFixture();
        core.metadata.addProvider(new SocialTypes());
        ChannelStore channels = new ChannelStore(core.records);
        ingest = new PostIngest(core.records, channels, new ProfileMatching(core.records, core.metadata), scoring, core.tasks, core.metadata,
                Configs.of(SocialConfig.class, Map.of()));
        insights = new SocialInsights(core.records);
    }

    @AfterEach
    void close() {
        core.close();
    }

    private static InboundPost post(String id, String author, String text, String at) {
        return new InboundPost(id, null, Instant.parse(at), text, null, null, new InboundPost.Author(null, author, author, null, null));
    }

    @Test
    void postsAreCountedPerDayAndSentimentPerAuthorAndPerKeywordWithinThePeriod() {
        Record acme = core.records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Acme", "network", "rss",
                "baseUrl", "https://acme.example/feed", "keywords", "#acme, rapport"));
        Record other = core.records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Other", "network", "rss",
                "baseUrl", "https://other.example/feed"));
        ingest.accept(acme, List.of(
                post("1", "ann", "I love #acme, the new dashboard is great and the support team is amazing!", "2026-11-01T10:00:00Z"),
                post("2", "ann", "Acme support is terrible and slow, I am really disappointed with the service.", "2026-11-01T12:00:00Z"),
                post("3", "ben", "Switched from rapport to acme today", "2026-11-02T09:00:00Z"),
                post("4", "ben", "Rapport crm is okay", "2026-11-03T09:00:00Z"),
                post("5", "cy", "Old news about acme", "2026-10-01T09:00:00Z")), null);
        ingest.accept(other, List.of(post("6", "dee", "Nothing to see here", "2026-11-02T09:00:00Z")), null);

        Map<String, Object> figures = insights.insights(Actor.system(), "2026-11-01", "2026-11-03", acme.getId());

        assertEquals(4L, figures.get("posts"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> days = (List<Map<String, Object>>) figures.get("days");
        assertEquals(List.of("2026-11-01", "2026-11-02", "2026-11-03"), days.stream().map(d -> d.get("day")).toList());
        assertEquals(List.of(2L, 1L, 1L), days.stream().map(d -> d.get("posts")).toList());
        @SuppressWarnings("unchecked")
        Map<String, Long> first = (Map<String, Long>) days.get(0).get("sentiment");
        assertEquals(1L, first.get(Social.POSITIVE));
        assertEquals(1L, first.get(Social.NEGATIVE));
        assertEquals(List.of(Map.of("author", "ann", "posts", 2L), Map.of("author", "ben", "posts", 2L)), figures.get("topAuthors"));
        assertEquals(List.of(Map.of("keyword", "acme", "posts", 3L, "share", 0.75), Map.of("keyword", "rapport", "posts", 1L, "share", 0.25)),
                figures.get("shareOfVoice"), "each post counts for the first keyword it mentions, in the channel's order");

        assertEquals(5L, insights.insights(Actor.system(), "2026-11-01", "2026-11-03", null).get("posts"), "all channels");
    }

    @Test
    void postsStoredBeforeTheDashboardAreGivenTheirDayAndKeywordSoTheyCount() {
        Record acme = core.records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Acme", "network", "rss",
                "baseUrl", "https://acme.example/feed", "keywords", "acme"));
        Record older = ingest.accept(acme, List.of(post("1", "ann", "Acme is fine", "2026-11-01T10:00:00Z")), null).get(0);
        java.util.HashMap<String, Object> asBefore = new java.util.HashMap<>();
        asBefore.put("postedDay", null);
        asBefore.put("keyword", null);
        core.records.update(Actor.system(), Social.POST, older.getId(), older.getVersion(), asBefore);
        assertEquals(0L, insights.insights(Actor.system(), "2026-11-01", "2026-11-01", null).get("posts"));

        assertEquals(1, ingest.completeOlderPosts(500));

        assertEquals(1L, insights.insights(Actor.system(), "2026-11-01", "2026-11-01", null).get("posts"));
        assertEquals("acme", core.records.get(Actor.system(), Social.POST, older.getId()).get("keyword"));
        assertEquals(0, ingest.completeOlderPosts(500), "none left");
    }

    @Test
    void aPeriodThatIsNoPeriodIs400NamingTheParameter() {
        assertEquals("from", assertThrows(RestException.class, () -> insights.insights(Actor.system(), "2026-11-05", "2026-11-01", null)).getParameter());
        assertEquals("to", assertThrows(RestException.class, () -> insights.insights(Actor.system(), null, "tomorrow", null)).getParameter());
        assertEquals("from", assertThrows(RestException.class, () -> insights.insights(Actor.system(), "2020-01-01", "2026-11-01", null)).getParameter());
    }
}
