package org.rapportcrm.platform.api.event;

import java.time.Instant;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard SPI: hears about record changes once they are committed. Each listener gets its changes in order, on a
 * thread of its own, never on the request's thread; a listener that throws is logged with its bundle's name and keeps
 * receiving, and one that overruns the platform's time limit is interrupted, so a failing or slow extension delays
 * nobody else. Delivery is in memory: work that must survive a crash belongs in a durable outbox. This is the one
 * channel through which extensions hear of record changes; changes are handed to listeners in the order OSGi ranks
 * their services (highest {@code service.ranking} first, then the one registered first), each on its own thread.
 *
 * <pre>
 * &#64;Component
 * public class AwardPointsOnWin implements RecordChangeListener {
 *     public Set&lt;String&gt; recordTypes() { return Set.of("opportunity"); }
 *     public void onChange(RecordChange change) {
 *         if (change.changedFields().contains("stage") &amp;&amp; "Closed won".equals(change.record().get("stage"))) {
 *             // award points
 *         }
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordChangeListener {
    /** The api names of the record types to hear about; an empty set means every type. */
    Set<String> recordTypes();

    void onChange(RecordChange change) throws Exception;

    /**
     * Changes for this listener were dropped because it fell too far behind: the platform keeps a bounded queue per
     * listener. {@code since} is the earliest update time among the dropped records; a listener that must not miss a
     * change (an index, a sync feed) reads what changed since then from the database. Called on the listener's thread,
     * before the changes that follow the gap.
     */
    default void changesDropped(Instant since) throws Exception {
    }
}
