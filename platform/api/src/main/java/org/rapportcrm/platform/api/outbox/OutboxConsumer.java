package org.rapportcrm.platform.api.outbox;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: a durable reader of the outbox. Register it as a DS component; the platform runs it on exactly one
 * node of the cluster at a time (another node takes over within 30 s when that one dies) and calls {@link #consume}
 * on a thread of its own with the next entries of its {@link #recordTypes()}, in commit order.
 *
 * <p>Its position is kept in the database under {@link #name()} and moves past a batch only when {@link #consume}
 * returns. If it throws, the same batch (and nothing after it) is given again after a back-off that doubles from
 * one second up to a few minutes; the failures show in the node's health. A batch may be given more than once (a
 * node died while consuming it): make the work idempotent, for example keyed by {@link OutboxEntry#sequence()}.
 *
 * <p>A consumer registered for the first time starts with the changes committed after it first appears; one that
 * was unregistered (its bundle stopped, upgraded or removed) goes on where it stopped when it comes back, as long as
 * that is within {@link Outbox#RETENTION}.
 */
@ConsumerType
public interface OutboxConsumer {
    /**
     * The consumer's stable name, which keys its position: prefixed with its capability's name
     * ({@code automation.webhooks}); letters, digits, '.', '-' and '_', at most 100 characters. Renaming it starts a
     * new consumer.
     */
    String name();

    /** The api names of the record types it wants; an empty set means every type. */
    Set<String> recordTypes();

    /** The most entries in one batch. */
    default int batchSize() {
        return 500;
    }

    /** Handles the next entries, in commit order; returns once they are done (its position then moves past them). */
    void consume(List<OutboxEntry> batch) throws Exception;
}
