package org.rapportcrm.platform.api.file;

import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Whiteboard SPI: may the files of a record change now? Asked before a file is added to a record and before one is
 * deleted from it (a file is replaced by deleting it and adding its successor, so both are asked), after the actor's
 * right to edit the record was checked, and asked again in the transaction that records the change, so a record that
 * changes state during an upload is judged as it is when the file would be kept. A refusal applies to everyone,
 * administrators included: the guard decides whom it exempts. Deleting the record itself deletes its files unasked.
 *
 * <pre>
 * &#64;Component
 * public class FrozenProofs implements FileChangeGuard {
 *     public String refusal(Actor actor, Record record, Change change) {
 *         return "claim".equals(record.getType()) &amp;&amp; "Approved".equals(record.get("status"))
 *                 ? "The claim is approved: its proof of performance can no longer change" : null;
 *     }
 * }
 * </pre>
 *
 * @since 1.1
 */
@ConsumerType
public interface FileChangeGuard {

    /** What would happen to the record's files. */
    enum Change { ADD, DELETE }

    /**
     * Why the change is refused (said to the user: the REST API answers 409 with it), or null to allow it.
     *
     * @param record the record the file belongs to, as it is now
     */
    String refusal(Actor actor, Record record, Change change);
}
