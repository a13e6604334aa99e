package org.rapportcrm.platform.api.cluster;

import java.util.regex.Pattern;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tells the other nodes of a cluster that something they may hold in memory has changed.
 *
 * <p>Called on a thread inside the platform's transaction ({@code RecordService.inTransaction}, a record trigger, a
 * scheduled task's work), the notice is part of that transaction: the other nodes hear it once it commits, and never
 * if it rolls back. Outside a transaction it is sent at once. The node that publishes does not hear its own notices:
 * it changes what it holds itself, as it always has.
 *
 * <p>Notices are not durable. A node that is not listening when one is sent (it is starting, or its connection to the
 * database was cut) is told through {@link ClusterChangeListener#onMissedChanges} instead, once it listens again.
 */
@ProviderType
public interface ClusterChanges {
    /** Topics: a capability's prefix and a name, {@code sales.price-lists}; letters, digits, '.', '-' and '_'. */
    Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** The longest payload, in bytes of UTF-8: a name or a few ids, never the data itself. */
    int MAX_PAYLOAD_BYTES = 7000;

    /**
     * Tells every other node's listeners of {@code topic} about a change, as part of the current transaction if there
     * is one.
     *
     * @param payload what changed, such as an id; may be empty
     * @throws IllegalArgumentException for a topic that does not match {@link #TOPIC} or a payload longer than
     *     {@link #MAX_PAYLOAD_BYTES}
     */
    void publish(String topic, String payload);

    /**
     * Whether this node hears the other nodes' notices now. Always true on a database only one node can open; on
     * PostgreSQL false while this node's listening connection is down (readiness then reports the node not ready).
     */
    boolean isListening();
}
