package org.rapportcrm.platform.api.cluster;

import java.time.Instant;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: hears the notices other nodes {@linkplain ClusterChanges#publish publish} on its topics, once their
 * transactions have committed. Each listener gets its notices in order, on a thread of its own; one that throws is
 * logged and keeps hearing, one that overruns the platform's time limit is interrupted. Keep calls short: read what
 * changed from the database, or mark a cached value stale, and hand longer work to your own thread.
 */
@ConsumerType
public interface ClusterChangeListener {
    /** The topics to hear. */
    Set<String> topics();

    /** Another node published {@code payload} on {@code topic}, and its transaction has committed. */
    void onChange(String topic, String payload) throws Exception;

    /**
     * Notices published after {@code since} (this node's clock) may not have reached this listener: when this node
     * starts listening, when it listens again after its connection to the database was cut, when the listener is
     * registered while the node listens, and when the listener fell too far behind. Read again what you hold. Never
     * called on a database only one node can open.
     */
    default void onMissedChanges(Instant since) throws Exception {
    }
}
