package org.rapportcrm.collaboration.internal;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One open event stream of one user. Events are queued and written only while the connection can take them without
 * blocking (Servlet 3.1 non-blocking output): a reader that stalls fills its own bounded queue and is dropped, and never
 * holds up the thread that publishes to everyone else.
 */
final class StreamClient {
    /** Where the stream's bytes go: the servlet's output stream in non-blocking mode. */
    interface Sink {
        /** True when a write or flush can be made now without blocking. */
        boolean isReady();

        void write(byte[] bytes) throws IOException;

        void flush() throws IOException;

        /** Ends the response. */
        void close();
    }

    final String userId;
    private final Sink sink;
    private final int queueLimit;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Consumer<StreamClient> onClose;
    private boolean flushNeeded;
    private volatile boolean closed;

    StreamClient(String userId, Sink sink, int queueLimit, Consumer<StreamClient> onClose) {
        this.userId = userId;
        this.sink = sink;
        this.queueLimit = queueLimit;
        this.onClose = onClose;
    }

    /** Queues an event and writes what the connection takes now; false (and the stream closed) when the queue is full. */
    boolean offer(byte[] event) {
        if (closed) {
            return false;
        }
        if (queued.incrementAndGet() > queueLimit) {
            close();
            return false;
        }
        queue.add(event);
        drain();
        return true;
    }

    /** Writes queued events while the connection is ready; the container calls it again when it is ready once more. */
    synchronized void drain() {
        try {
            while (!closed && sink.isReady()) {
                if (flushNeeded) {
                    flushNeeded = false;
                    sink.flush();
                    continue;
                }
                byte[] next = queue.poll();
                if (next == null) {
                    return;
                }
                queued.decrementAndGet();
                sink.write(next);
                flushNeeded = true;
            }
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        try {
            sink.close();
        } finally {
            onClose.accept(this);
        }
    }

    boolean isClosed() {
        return closed;
    }

    int queued() {
        return queued.get();
    }
}
