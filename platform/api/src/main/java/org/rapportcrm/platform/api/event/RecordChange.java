package org.rapportcrm.platform.api.event;

import java.util.Set;
import org.rapportcrm.platform.api.record.Record;

/**
 * A committed change of one record, as {@link RecordChangeListener}s receive it.
 *
 * @param kind {@link RecordEvents#CREATED}, {@link RecordEvents#UPDATED} or {@link RecordEvents#DELETED}
 * @param record the record after the change; for a deletion, the record as it was
 * @param changedFields the api names of the fields whose value changed (empty for creations and deletions)
 */
public record RecordChange(String kind, Record record, String actorId, Set<String> changedFields) {
    public RecordChange {
        changedFields = Set.copyOf(changedFields);
    }

    public String recordType() {
        return record.getType();
    }
}
