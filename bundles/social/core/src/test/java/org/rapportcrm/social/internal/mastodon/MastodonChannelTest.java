package org.rapportcrm.social.internal.mastodon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.social.api.ChannelSettings;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.ListenContext;
import org.rapportcrm.social.api.RateLimitedException;
import org.rapportcrm.social.fake.MastodonFake;

/** The Mastodon adapter against a server speaking Mastodon's streaming and REST APIs. */
class MastodonChannelTest {
    private MastodonFake mastodon;
    private final MastodonChannel adapter = new MastodonChannel();
    private ChannelSettings settings;

    @BeforeEach
    void startServer() throws IOException {
        mastodon = new MastodonFake("token-1");
        settings = new ChannelSettings("c1", "mastodon", "Support", mastodon.baseUrl(), "token-1", List.of());
    }

    @AfterEach
    void stopServer() {
        mastodon.close();
    }

    @Test
    void serverSentEventsAreParsedAsTheStandardSays() {
        ServerSentEvents events = new ServerSentEvents();
        assertNull(events.line(":thump"));
        assertNull(events.line("event: notification"));
        assertNull(events.line("data: {\"a\":"));
        assertNull(events.line("data:1}"));
        ServerSentEvents.Event e = events.line("");
        assertEquals("notification", e.name());
        assertEquals("{\"a\":\n1}", e.data());
        assertNull(events.line(""), "a blank line without data dispatches nothing");
        events.line("data: x");
        assertEquals("message", events.line("").name());
    }

    @Test
    void mentionsArriveByStreamAndAfterDroppedStreamsByBackfillNoneLostNoneTwice() throws Exception {
        Recorder recorder = new Recorder("0");
        Thread listening = listen(recorder);
        await(() -> mastodon.openStreams() == 1, "the stream is open");
        List<String> sent = new ArrayList<>();
        int opened = 1;
        for (int i = 0; i < 300; i++) {
            sent.add(mastodon.mention("ann@example.social", "Ann Lee", "message " + i));
            if (i % 100 == 50) {
                opened = mastodon.streamsOpened();
                mastodon.dropStreams(); // the next mentions are made while the adapter reconnects: they come by backfill
            } else if (i % 100 == 60) {
                int before = opened;
                await(() -> mastodon.streamsOpened() > before, "reconnected");
            }
        }
        await(() -> recorder.positions.contains(sent.get(sent.size() - 1)), "the last mention arrives");
        recorder.stop = true;
        mastodon.dropStreams();
        listening.join(10_000);
        List<String> texts = recorder.posts.stream().map(InboundPost::html).toList();
        assertEquals(300, texts.size(), "one post per mention");
        assertEquals(300, texts.stream().distinct().count(), "no duplicate");
        assertEquals(4, mastodon.streamsOpened(), "reconnected once after each drop");
        InboundPost first = recorder.posts.get(0);
        assertEquals("ann@example.social", first.author().handle());
        assertEquals("Ann Lee", first.author().displayName());
    }

    @Test
    void theFirstRunTakesTheLatestMentionsAndThenResumesFromItsPosition() throws Exception {
        mastodon.mention("bob@example.social", "Bob", "before the channel existed");
        Recorder recorder = new Recorder(null);
        recorder.stopWhenStreaming = true;
        adapter.listen(settings, recorder);
        assertEquals(1, recorder.posts.size());
        String position = recorder.position();
        mastodon.mention("bob@example.social", "Bob", "while nobody listened");
        Recorder resumed = new Recorder(position);
        resumed.stopWhenStreaming = true;
        adapter.listen(settings, resumed);
        assertEquals(List.of("while nobody listened"), resumed.posts.stream().map(p -> p.html().replaceAll("<[^>]*>", "").replace("@crm", "").strip()).toList());
    }

    @Test
    void aRateLimitTellsWhenToComeBackAndAWrongTokenFails() {
        mastodon.rateLimitNext(1);
        RateLimitedException limited = assertThrows(RateLimitedException.class, () -> adapter.listen(settings, new Recorder("0")));
        assertTrue(limited.retryAt().isAfter(Instant.now().minusSeconds(1)) && limited.retryAt().isBefore(Instant.now().plusSeconds(5)), limited.retryAt().toString());
        IOException refused = assertThrows(IOException.class, () -> adapter.listen(new ChannelSettings("c1", "mastodon", "x", mastodon.baseUrl(),
                "wrong", List.of()), new Recorder("0")));
        assertTrue(refused.getMessage().contains("401") && refused.getMessage().contains("The access token is invalid"), refused.getMessage());
    }

    @Test
    void aReplyAnswersThePostAndARetryWithTheSameKeyIsPublishedOnce() throws IOException {
        String mention = mastodon.mention("ann@example.social", "Ann Lee", "hello?");
        InboundPost reply = adapter.reply(settings, "4711", "@ann@example.social thanks!", "key-1");
        InboundPost again = adapter.reply(settings, "4711", "@ann@example.social thanks!", "key-1");
        assertEquals(reply.networkId(), again.networkId());
        assertEquals(1, mastodon.posted().size());
        assertEquals("4711", mastodon.posted().get(0).get("in_reply_to_id"));
        assertEquals("key-1", mastodon.posted().get(0).get("idempotency_key"));
        assertTrue(MastodonChannel.isNewer(reply.networkId(), mention));
        assertTrue(MastodonChannel.isNewer("10000000000000000000", "9999999999999999999"), "ids compare as numbers");
    }

    private Thread listen(Recorder recorder) {
        Thread t = new Thread(() -> {
            try {
                adapter.listen(settings, recorder);
            } catch (Exception e) {
                if (!recorder.stop) {
                    recorder.failure = e;
                }
            }
        });
        t.start();
        return t;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Keeps what the adapter hands over, as the capability would store it: each post once, by network id. */
    private static final class Recorder implements ListenContext {
        final List<InboundPost> posts = new CopyOnWriteArrayList<>();
        final List<String> positions = new CopyOnWriteArrayList<>();
        volatile String position;
        volatile boolean stop;
        volatile boolean stopWhenStreaming;
        volatile Exception failure;

        Recorder(String position) {
            this.position = position;
        }

        @Override
        public String position() {
            return position;
        }

        @Override
        public synchronized void accept(List<InboundPost> batch, String newPosition) {
            for (InboundPost p : batch) {
                if (posts.stream().noneMatch(known -> known.networkId().equals(p.networkId()))) {
                    posts.add(p);
                }
            }
            position = newPosition;
            positions.add(newPosition);
        }

        @Override
        public boolean stopRequested() {
            // After the first backfill the adapter reads the stream and checks this on each line (heartbeats every second).
            return stop || (stopWhenStreaming && !positions.isEmpty());
        }

        @Override
        public void closeOnStop(AutoCloseable resource) {
        }

        @Override
        public void pollAgainAfter(java.time.Duration interval) {
        }
    }
}
