package org.rapportcrm.platform.api.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes a record type: its names, its fields and the field that names a record in lists and references.
 * The system fields (id, version, owner, createdAt, updatedAt, createdBy, updatedBy) exist on every type and are
 * not listed in {@link #getFields()}.
 */
public final class RecordType {
    private final String apiName;
    private final String pluralApiName;
    private final String label;
    private final String pluralLabel;
    private final String nameField;
    private final Map<String, FieldDefinition> fields;

    public RecordType(String apiName, String pluralApiName, String label, String pluralLabel, String nameField,
            List<FieldDefinition> fields) {
        this.apiName = Objects.requireNonNull(apiName);
        this.pluralApiName = Objects.requireNonNull(pluralApiName);
        this.label = label;
        this.pluralLabel = pluralLabel;
        this.nameField = nameField;
        Map<String, FieldDefinition> byName = new LinkedHashMap<>();
        for (FieldDefinition f : fields) {
            if (byName.put(f.getApiName(), f) != null) {
                throw new IllegalArgumentException("Duplicate field " + f.getApiName() + " in " + apiName);
            }
        }
        if (!byName.containsKey(nameField)) {
            throw new IllegalArgumentException("Name field " + nameField + " is not a field of " + apiName);
        }
        this.fields = byName;
    }

    public String getApiName() { return apiName; }
    public String getPluralApiName() { return pluralApiName; }
    public String getLabel() { return label; }
    public String getPluralLabel() { return pluralLabel; }
    public String getNameField() { return nameField; }
    public List<FieldDefinition> getFields() { return List.copyOf(fields.values()); }

    public Optional<FieldDefinition> field(String apiName) {
        return Optional.ofNullable(fields.get(apiName));
    }

    /** A copy of this type with one more field. */
    public RecordType withField(FieldDefinition field) {
        List<FieldDefinition> all = new java.util.ArrayList<>(fields.values());
        all.add(field);
        return new RecordType(apiName, pluralApiName, label, pluralLabel, nameField, all);
    }

    @Override
    public String toString() {
        return "RecordType[" + apiName + "]";
    }
}
