package org.rapportcrm.platform.api.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The outbox as consumers and administrators see it: positions, replay and what was already consumed. */
@ProviderType
public interface Outbox {
    /** How long entries are kept; a consumer that is behind by more loses what is older. */
    Duration RETENTION = Duration.ofDays(7);

    /**
     * Service property of an {@link OutboxConsumer} (whole milliseconds from 0 to 10,000, as a number or its text): the
     * shortest time from the start of one batch that was not full to the start of the next. A change after a quiet spell
     * is handed over at once; in a steady stream the changes of that long come together, so what the consumer does once
     * per batch (a commit, which on Derby waits for the disk) is shared by all of them, at the price of that much delay
     * at most. A full batch is followed at once. Without it every commit wakes the consumer.
     */
    String BATCH_INTERVAL_MILLIS = "rapport.outbox.batchIntervalMillis";

    /** Where the consumer stands, if it was ever registered. */
    Optional<ConsumerPosition> position(String consumer);

    /**
     * Moves the consumer back (or forward) so that its next batch starts with the first entry made at or after
     * {@code from}: it then receives again everything since. Effective within a second or two, on whichever node runs
     * the consumer.
     *
     * @throws IllegalArgumentException if {@code from} is older than {@link #RETENTION} or in the future, or the
     *     consumer was never registered
     */
    void replay(String consumer, Instant from);

    /**
     * Entries the consumer has already consumed, of its record types, made at or after {@code since}, with a sequence
     * above {@code afterSequence}, oldest first, at most {@code limit}: for re-sending part of what went out (one
     * subscriber's events since a point in time) without moving the consumer.
     *
     * @throws IllegalArgumentException if the consumer was never registered
     */
    List<OutboxEntry> consumed(String consumer, Instant since, long afterSequence, int limit);

    /**
     * The same entries as {@link #consumed}, each only as the record it changed: for readers that need no values.
     *
     * @throws IllegalArgumentException if the consumer was never registered
     * @since 1.1
     */
    List<OutboxChange> consumedChanges(String consumer, Instant since, long afterSequence, int limit);
}
