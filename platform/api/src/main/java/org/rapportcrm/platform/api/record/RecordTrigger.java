package org.rapportcrm.platform.api.record;

import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Whiteboard SPI: business logic that must happen with a change, in its transaction, for every caller alike (REST,
 * console, imports, other extensions). Unlike a {@link RecordValidator}, which only judges, and a
 * {@link org.rapportcrm.platform.api.event.RecordChangeListener}, which learns of a change after the commit, a
 * trigger may derive values before the write and write other records after it, all or nothing. A trigger that throws
 * refuses the change (a {@link ValidationException} is answered as 422); keep triggers quick.
 * <p>
 * {@code beforeWrite} runs inside the change's transaction for creates and updates alike, after the values were
 * converted and before the validation rules; {@code afterWrite} runs in the same transaction after the write.
 * Several triggers of a type run in the order OSGi ranks their services: highest {@code service.ranking} first, then
 * the one registered first (set {@code @Component(property = "service.ranking:Integer=100")} to run before others).
 *
 * <pre>
 * &#64;Component
 * public class StageHistory implements RecordTrigger {
 *     &#64;Reference RecordService records;
 *     public Set&lt;String&gt; recordTypes() { return Set.of("opportunity"); }
 *     public void afterWrite(Actor actor, RecordChange change) {
 *         if (change.changedFields().contains("stage")) {
 *             records.create(Actor.system(), "stageChange", Map.of("opportunity", change.record().getId(), "stage", change.record().get("stage")));
 *         }
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordTrigger {
    /** The api names of the record types this trigger handles; an empty set means every type. */
    Set<String> recordTypes();

    /**
     * Before validation: may put values into {@code after} that follow from the change (a probability from a stage, a
     * total from a quantity and a price). They are validated and audited like the caller's own.
     *
     * @param before the stored record, or null when it is being created
     * @param after every field's value as it will be stored; modifiable
     */
    default void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
    }

    /**
     * After the row was written, inside the same transaction: record calls made here join it. Deletions arrive with
     * kind {@link org.rapportcrm.platform.api.event.RecordEvents#DELETED}.
     */
    default void afterWrite(Actor actor, RecordChange change) {
    }
}
