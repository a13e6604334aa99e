package org.rapportcrm.platform.api.record;

import java.time.Instant;

/** One audited change of one field (or the creation or deletion of a record when {@code field} is null). */
public record Change(Instant at, String actorId, String actorName, String recordType, String recordId, long version,
        String operation, String field, String oldValue, String newValue) {
}
