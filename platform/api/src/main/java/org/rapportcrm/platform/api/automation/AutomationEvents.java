package org.rapportcrm.platform.api.automation;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.record.Record;

/**
 * Where a capability tells workflow rules that one of its {@link AutomationTrigger}s happened. Provided by the
 * automation capability: look it up as an optional, dynamic reference, since a capability must work without it.
 *
 * @since 1.1
 */
@ProviderType
public interface AutomationEvents {
    /**
     * Records the event durably, before returning, and runs the active rules that start from it asynchronously. When
     * no active rule starts from it, nothing is recorded: a rule made active later starts from the events after it.
     * Call it once what caused the event has committed, or in the transaction that writes it
     * ({@code RecordService.inTransaction}): then the event is written with that transaction, and commits or rolls back
     * with what it reports.
     *
     * @param triggerId a registered {@link AutomationTrigger}'s id
     * @param record the record it happened to, as it is now
     * @param data what rules may test and use ({@link AutomationContext#eventData()}): plain JSON values
     * @throws IllegalArgumentException if no trigger of that id is registered, or it does not fire for the record's type
     */
    void fire(String triggerId, Record record, Map<String, Object> data);
}
