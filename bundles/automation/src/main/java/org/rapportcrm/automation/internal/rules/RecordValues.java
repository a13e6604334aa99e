package org.rapportcrm.automation.internal.rules;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.Record;

/** A record rebuilt from the values the REST API and the outbox show (a deleted record, a change as it was). */
final class RecordValues {
    private RecordValues() {
    }

    static Record record(String type, Map<String, Object> values) {
        Map<String, Object> fields = new HashMap<>(values);
        String id = (String) fields.remove(SystemFields.ID);
        Object version = fields.remove(SystemFields.VERSION);
        String owner = (String) fields.remove(SystemFields.OWNER);
        Instant createdAt = instant(fields.remove(SystemFields.CREATED_AT));
        Instant updatedAt = instant(fields.remove(SystemFields.UPDATED_AT));
        String createdBy = (String) fields.remove(SystemFields.CREATED_BY);
        String updatedBy = (String) fields.remove(SystemFields.UPDATED_BY);
        fields.values().removeIf(java.util.Objects::isNull);
        return new Record(type, id, version instanceof Number n ? n.longValue() : 0, owner, createdAt, updatedAt, createdBy, updatedBy, fields);
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Instant i ? i : Instant.parse(value.toString());
    }
}
