package org.rapportcrm.platform.api.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One committed change of one record, as the outbox keeps it.
 *
 * @param sequence the entry's number: increasing in the order consumers receive entries, unique, with gaps (a
 *     rolled-back change leaves one); use it to recognise an entry given again
 * @param kind {@code CREATED}, {@code UPDATED} or {@code DELETED} (the {@code RecordEvents} constants)
 * @param recordType the api name of the record's type
 * @param recordId the record's id
 * @param version the record's version after the change; for a deletion, its last version
 * @param time when the change was made
 * @param actorId the user who made it; null for the system
 * @param changedFields the api names of the fields whose value changed (updates only; empty otherwise)
 * @param values the record after the change as the REST API shows it: system fields ({@code id}, {@code version},
 *     {@code owner}, {@code createdAt}, ...) and field values as plain JSON values (text, numbers, booleans, null,
 *     lists and maps); for a deletion, the record as it was
 * @param previousValues for an update, the value each changed field had before the change (same form as
 *     {@code values}); empty otherwise
 */
public record OutboxEntry(long sequence, String kind, String recordType, String recordId, long version, Instant time,
        String actorId, Set<String> changedFields, Map<String, Object> values, Map<String, Object> previousValues) {
    public OutboxEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(time, "time");
        changedFields = Set.copyOf(changedFields);
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        previousValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(previousValues));
    }
}
