package org.rapportcrm.collaboration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamHubTest {
    /** A connection whose reader may stall: while not ready, nothing may be written to it. */
    static class FakeSink implements StreamClient.Sink {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean ready = true;
        boolean closed;
        int flushes;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (!ready) {
                throw new IllegalStateException("written while not ready");
            }
            received.write(bytes);
        }

        @Override
        public void flush() {
            if (!ready) {
                throw new IllegalStateException("flushed while not ready");
            }
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    private final StreamHub hub = new StreamHub();

    private StreamClient open(String user, FakeSink sink, int limit) {
        StreamClient c = new StreamClient(user, sink, limit, hub::remove);
        hub.add(c);
        return c;
    }

    @Test
    void anEventReachesEveryStreamOfItsUserAndNoOneElse() {
        FakeSink aliceTab1 = new FakeSink();
        FakeSink aliceTab2 = new FakeSink();
        FakeSink bob = new FakeSink();
        open("alice", aliceTab1, 10);
        open("alice", aliceTab2, 10);
        open("bob", bob, 10);

        assertEquals(2, hub.publish("alice", StreamHub.event(7, "notification", "{\"id\":\"7\"}")));
        assertEquals("id: 7\nevent: notification\ndata: {\"id\":\"7\"}\n\n", aliceTab1.text());
        assertEquals(aliceTab1.text(), aliceTab2.text());
        assertEquals("", bob.text());
        assertEquals(1, aliceTab1.flushes, "each event is flushed so it arrives at once");
    }

    @Test
    void aStalledReaderIsDroppedWithoutHoldingUpTheOthers() {
        FakeSink stalled = new FakeSink();
        stalled.ready = false;
        FakeSink healthy = new FakeSink();
        open("alice", stalled, 3);
        open("alice", healthy, 3);

        for (int i = 1; i <= 5; i++) {
            hub.publish("alice", StreamHub.event(i, "notification", "{}"));
        }
        assertTrue(stalled.closed, "its queue overflowed");
        assertFalse(healthy.closed);
        assertEquals(5, healthy.text().split("event: notification").length - 1);
        assertEquals(1, hub.streams(), "the dropped stream is gone from the hub");
        assertEquals(1, hub.dropped());
    }

    @Test
    void whatWaitedWhileTheConnectionWasBusyIsWrittenWhenItFreesUp() {
        FakeSink sink = new FakeSink();
        StreamClient client = open("alice", sink, 10);
        sink.ready = false;
        hub.publish("alice", StreamHub.event(1, "notification", "{}"));
        hub.publish("alice", StreamHub.event(2, "notification", "{}"));
        assertEquals("", sink.text());
        assertEquals(2, client.queued());

        sink.ready = true;
        client.drain(); // what the container's write listener does
        assertTrue(sink.text().startsWith("id: 1\n") && sink.text().contains("id: 2\n"), sink.text());
        assertEquals(0, client.queued());
    }

    @Test
    void heartbeatsFindDeadConnections() {
        FakeSink dead = new FakeSink() {
            @Override
            public void write(byte[] bytes) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        open("alice", dead, 10);
        hub.heartbeat();
        assertTrue(dead.closed);
        assertFalse(hub.hasStreams("alice"));
    }

    @Test
    void multiLineDataStaysOneEvent() {
        assertEquals("id: 1\nevent: x\ndata: a\ndata: b\n\n", new String(StreamHub.event(1, "x", "a\nb"), StandardCharsets.UTF_8));
    }
}
