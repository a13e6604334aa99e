package org.rapportcrm.platform.api.outbox;

import java.time.Instant;
import java.util.Objects;

/**
 * Which record an outbox entry changed, without its values: what a reader needs that only asks "what changed since",
 * such as a sync feed that reads the records themselves. Far cheaper to read than an {@link OutboxEntry}.
 *
 * @param sequence the entry's number (see {@link OutboxEntry#sequence()})
 * @param kind {@code CREATED}, {@code UPDATED} or {@code DELETED}
 * @param recordType the api name of the record's type
 * @param recordId the record's id
 * @param version the record's version after the change; for a deletion, its last version
 * @param time when the change was made
 * @since 1.1
 */
public record OutboxChange(long sequence, String kind, String recordType, String recordId, long version, Instant time) {
    public OutboxChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(time, "time");
    }
}
