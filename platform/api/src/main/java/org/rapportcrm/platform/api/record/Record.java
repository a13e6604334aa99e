package org.rapportcrm.platform.api.record;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.SystemFields;

/**
 * One record of a record type. Field values are typed: String for textual, picklist, reference and owner fields,
 * Long for integers, BigDecimal for decimals and percents, {@link Money}, LocalDate, Instant, Boolean, and
 * List&lt;String&gt; for multi-picklists. Absent or null means empty.
 */
public final class Record {
    private final String type;
    private final String id;
    private final long version;
    private final String owner;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final String createdBy;
    private final String updatedBy;
    private final Map<String, Object> values;

    public Record(String type, String id, long version, String owner, Instant createdAt, Instant updatedAt,
            String createdBy, String updatedBy, Map<String, Object> values) {
        this.type = type;
        this.id = id;
        this.version = version;
        this.owner = owner;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.createdBy = createdBy;
        this.updatedBy = updatedBy;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String getType() { return type; }
    public String getId() { return id; }
    /** Increases with every update; an update must name the version it read (optimistic locking). */
    public long getVersion() { return version; }
    /** The id of the owning user. */
    public String getOwner() { return owner; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public String getCreatedBy() { return createdBy; }
    public String getUpdatedBy() { return updatedBy; }
    /** Field values by api name, in the type's field order; empty fields are null. */
    public Map<String, Object> getValues() { return values; }

    public Object get(String field) {
        return values.get(field);
    }

    /** The record as the API and exports show it: the system fields by their api names, then the field values. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(SystemFields.ID, id);
        map.put(SystemFields.VERSION, version);
        map.put(SystemFields.OWNER, owner);
        map.put(SystemFields.CREATED_AT, createdAt);
        map.put(SystemFields.UPDATED_AT, updatedAt);
        map.put(SystemFields.CREATED_BY, createdBy);
        map.put(SystemFields.UPDATED_BY, updatedBy);
        map.putAll(values);
        return map;
    }

    @Override
    public String toString() {
        return type + "/" + id + "@" + version + values;
    }
}
