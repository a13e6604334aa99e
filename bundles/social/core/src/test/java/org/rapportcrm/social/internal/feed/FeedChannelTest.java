package org.rapportcrm.social.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.social.api.ChannelSettings;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.ListenContext;
import org.rapportcrm.social.api.RateLimitedException;
import org.rapportcrm.social.fake.FeedFake;

/** A feed channel reads what a blog published, asks again only conditionally, and names every entry the same way each time. */
class FeedChannelTest {
    private FeedFake blog;
    private ChannelSettings settings;
    private final FeedChannel adapter = new FeedChannel();

    @BeforeEach
    void start() throws IOException {
        blog = new FeedFake();
        blog.publish("post-1", "Rapport review", "<p>The import is <b>great</b> &amp; fast.</p>", "ann@blog.example", "Ann Lee",
                Instant.parse("2026-12-01T09:00:00Z"));
        blog.publish("post-2", "Second look", "<p>Support was terrible this week.</p>", "ben@blog.example", "Ben Ode",
                Instant.parse("2026-12-02T09:00:00Z"));
        settings = new ChannelSettings("c1", "rss", "Reviews", blog.url(), null, List.of(), Duration.ofMinutes(10));
    }

    @AfterEach
    void stop() {
        blog.close();
    }

    @Test
    void theFirstPollHandsOverEveryEntryOldestFirstWithItsAuthorAsPlainPosts() throws Exception {
        Recorder context = new Recorder(null);
        adapter.listen(settings, context);

        assertEquals(List.of(blog.url() + "#post-1", blog.url() + "#post-2"), context.posts.stream().map(InboundPost::networkId).toList());
        InboundPost first = context.posts.get(0);
        assertEquals("Ann Lee", first.author().handle());
        assertEquals("ann@blog.example", first.author().email());
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), first.createdAt());
        assertEquals("https://blog.example/posts/post-1", first.url());
        assertTrue(first.html().contains("Rapport review") && first.html().contains("<b>great</b>"), first.html());
        assertTrue(context.position.contains("v2"), "the ETag is the position: " + context.position);
        assertEquals(Duration.ofMinutes(10), context.pollAgain, "polled again after the channel's interval by the scheduler");
    }

    @Test
    void anUnchangedFeedIsAnswered304AndNothingIsHandedOver() throws Exception {
        Recorder context = new Recorder(null);
        adapter.listen(settings, context);
        context.posts.clear();

        adapter.listen(settings, context);

        assertEquals(1, blog.notModified());
        assertTrue(context.posts.isEmpty());
    }

    @Test
    void aNewEntryArrivesAndTheOthersKeepTheirIdsSoTheyAreNotStoredTwice() throws Exception {
        Recorder context = new Recorder(null);
        adapter.listen(settings, context);
        List<String> before = context.posts.stream().map(InboundPost::networkId).toList();
        blog.publish("post-3", "Pricing?", "How much is it for 20 users?", "cy@blog.example", "Cy", Instant.parse("2026-12-03T09:00:00Z"));
        context.posts.clear();

        adapter.listen(settings, new Recorder(context.position) {
            @Override
            public void accept(List<InboundPost> batch, String newPosition) {
                context.accept(batch, newPosition);
            }
        });

        assertEquals(0, blog.notModified(), "the ETag changed");
        List<String> after = context.posts.stream().map(InboundPost::networkId).toList();
        assertTrue(after.containsAll(before), "the same entries have the same ids: " + after);
        assertEquals(blog.url() + "#post-3", after.get(after.size() - 1));
    }

    @Test
    void a503WithRetryAfterWaitsThatLong() {
        blog.unavailableFor(1);
        Instant asked = Instant.now();
        RateLimitedException waiting = assertThrows(RateLimitedException.class, () -> adapter.listen(settings, new Recorder(null)));
        assertFalse(waiting.retryAt().isBefore(asked.plusSeconds(120)));
        assertEquals(Instant.parse("2026-12-05T10:00:00Z"), FeedChannel.retryAt("Sat, 05 Dec 2026 10:00:00 GMT", asked));
        assertEquals(asked.plus(Duration.ofMinutes(5)), FeedChannel.retryAt("soon", asked));
    }

    @Test
    void anAtomFeedGivesItsAuthorsAndContent() throws IOException {
        String atom = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Dev notes</title><id>urn:uuid:feed</id><updated>2026-12-03T10:00:00Z</updated>
                <entry><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id><title>Rapport &amp; Mastodon</title>
                <updated>2026-12-03T10:00:00Z</updated><author><name>Dee Kay</name><email>dee@notes.example</email><uri>https://notes.example/dee</uri></author>
                <content type="html">&lt;p&gt;Love the &lt;em&gt;new&lt;/em&gt; inbox&lt;/p&gt;</content></entry></feed>""";
        List<InboundPost> posts = FeedChannel.parse(atom.getBytes(StandardCharsets.UTF_8), "application/atom+xml", "https://notes.example/atom");
        assertEquals(1, posts.size());
        InboundPost post = posts.get(0);
        assertEquals("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", post.networkId(), "an absolute id stands alone");
        assertEquals("Dee Kay", post.author().handle());
        assertEquals("https://notes.example/dee", post.author().url());
        assertTrue(post.html().contains("<em>new</em>"), post.html());
    }

    @Test
    void aFeedWithADoctypeIsRefusedSoNoExternalEntityIsRead() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>&secret;</title><item><guid>1</guid><title>x</title></item></channel></rss>""";
        IOException refused = assertThrows(IOException.class, () -> FeedChannel.parse(xxe.getBytes(StandardCharsets.UTF_8), "text/xml", "https://x.example/"));
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
    }

    @Test
    void longEntryIdsAreHashedToFitAndStayStable() {
        String longId = "x".repeat(300);
        String id = FeedChannel.networkId("https://a.example/feed", longId);
        assertTrue(id.startsWith("sha256:") && id.length() <= 100, id);
        assertEquals(id, FeedChannel.networkId("https://a.example/feed", longId));
        assertFalse(id.equals(FeedChannel.networkId("https://b.example/feed", longId)), "the feed is part of the id");
    }

    @Test
    void feedsTakeNoReplies() {
        assertFalse(adapter.supportsReplies());
    }

    private static class Recorder implements ListenContext {
        final List<InboundPost> posts = new ArrayList<>();
        String position;
        Duration pollAgain;

        Recorder(String position) {
            this.position = position;
        }

        @Override
        public String position() {
            return position;
        }

        @Override
        public void accept(List<InboundPost> batch, String newPosition) {
            posts.addAll(batch);
            position = newPosition;
        }

        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public void closeOnStop(AutoCloseable resource) {
        }

        @Override
        public void pollAgainAfter(Duration interval) {
            pollAgain = interval;
        }
    }
}
