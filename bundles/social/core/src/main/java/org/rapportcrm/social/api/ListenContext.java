package org.rapportcrm.social.api;

import java.time.Duration;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What a listening adapter gets from the capability: where it left off, where to hand posts, when to stop. */
@ProviderType
public interface ListenContext {
    /** The position after the last posts accepted (a network id, a date, an ETag), or null on the first run. */
    String position();

    /**
     * Stores the posts (each once: a post seen before is skipped, so handing one over twice is harmless) and the new
     * position, in one transaction; returns once both are committed.
     */
    void accept(List<InboundPost> posts, String newPosition);

    /** True once the adapter should return: the node or bundle stops, the channel changed, or its turn is over. */
    boolean stopRequested();

    /**
     * For an adapter that polls: when it returns normally, run it again after {@code interval} (the clustered
     * scheduler waits, no thread does) instead of at once. A stream adapter does not call it.
     *
     * @since 1.1
     */
    void pollAgainAfter(Duration interval);

    /** Closed when a stop is requested, to end a read that blocks (a streaming response). */
    void closeOnStop(AutoCloseable resource);
}
