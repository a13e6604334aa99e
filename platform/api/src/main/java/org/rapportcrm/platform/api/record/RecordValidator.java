package org.rapportcrm.platform.api.record;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Whiteboard SPI: a validation rule an extension adds to record types. It runs inside every create and update, after
 * the values were converted and checked against the metadata, before anything is written; the errors it returns are
 * answered as one {@link ValidationException} (HTTP 422) together with the others, and nothing is written. It runs
 * on the caller's thread, so keep it quick and free of remote calls. If it throws, the platform logs the failure
 * with the validator's bundle and carries on without it, so a broken extension cannot stop core work. Several rules
 * run in the order OSGi ranks their services (highest {@code service.ranking} first, then the one registered first),
 * and all of their errors are answered together.
 *
 * <pre>
 * &#64;Component
 * public class ClosedWonNeedsAmount implements RecordValidator {
 *     public Set&lt;String&gt; recordTypes() { return Set.of("opportunity"); }
 *     public List&lt;FieldError&gt; validate(Actor actor, RecordType type, Record before, Map&lt;String, Object&gt; after) {
 *         return "Closed won".equals(after.get("stage")) &amp;&amp; after.get("amount") == null
 *             ? List.of(new FieldError("amount", "required", "is required to close a deal")) : List.of();
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RecordValidator {
    /** The api names of the record types to check; an empty set means every type. */
    Set<String> recordTypes();

    /**
     * @param before the record as stored before this change, or null when it is being created
     * @param after every field's value as it will be stored (typed as in {@link Record})
     * @return the refused fields, or an empty list
     */
    List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after);
}
