package org.rapportcrm.platform.api.metadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes a record type: its names, its fields and the field that names a record in lists and references.
 * The system fields (id, version, owner, createdAt, updatedAt, createdBy, updatedBy) exist on every type and are
 * not listed in {@link #getFields()}. The console shows a type in its navigation under the capability that
 * contributed it, unless the type is a {@linkplain #childOf(String) child} of another. Its {@link Kind} says who
 * writes its records.
 */
public final class RecordType {
    /** Who writes the records of a type. */
    public enum Kind {
        /** Business records (accounts, deals, cases): what each role may do with them is decided by its grants. */
        DATA,
        /**
         * Settings that shape how Rapport works for everyone (sales stages, assignment and scoring rules, web forms,
         * products, price books): created, changed and deleted only by administrators and roles holding the
         * {@code manageSettings} permission, whatever else a role's grants say; read as the grants say.
         */
        CONFIGURATION,
        /**
         * Records the platform and capabilities keep themselves (a deal's stage history): read as the grants say,
         * written only by the platform's own code ({@link org.rapportcrm.platform.api.security.Actor#system()}), never
         * through the API, so what they tell can be trusted.
         */
        SYSTEM,
        /**
         * Records the platform keeps for its own work (the mail queue, ids of handled messages): read and written only by
         * the platform's own code ({@link org.rapportcrm.platform.api.security.Actor#system()}). They have no generic
         * endpoints and are hidden from everyone, administrators included; users see them only as the service that keeps
         * them answers (the mail sent about a record, to those who may read the record).
         */
        INTERNAL
    }

    /**
     * The manifest header in which a bundle names the capability its record types and console pages belong to, as
     * the console's navigation shows it: {@code Rapport-Capability: Sales}. Types of bundles without it are listed
     * with the platform's own.
     */
    public static final String CAPABILITY_HEADER = "Rapport-Capability";

    private final String apiName;
    private final String pluralApiName;
    private final String label;
    private final String pluralLabel;
    private final String nameField;
    private final Map<String, FieldDefinition> fields;
    private final String parentField;
    private final String capability;
    private final Kind kind;

    public RecordType(String apiName, String pluralApiName, String label, String pluralLabel, String nameField,
            List<FieldDefinition> fields) {
        this(apiName, pluralApiName, label, pluralLabel, nameField, fields, null, null, Kind.DATA);
    }

    private RecordType(String apiName, String pluralApiName, String label, String pluralLabel, String nameField,
            List<FieldDefinition> fields, String parentField, String capability, Kind kind) {
        this.kind = Objects.requireNonNull(kind);
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
        if (parentField != null) {
            FieldDefinition parent = byName.get(parentField);
            if (parent == null || parent.getType() != FieldType.REFERENCE) {
                throw new IllegalArgumentException("Parent field " + parentField + " is not a reference field of " + apiName);
            }
            if (parent.declaredOnDelete() == null) {
                // Details go with their master unless the type says otherwise.
                byName.put(parentField, parent.toBuilder().onDelete(DeleteRule.CASCADE).build());
            }
        }
        this.fields = byName;
        this.parentField = parentField;
        this.capability = capability;
    }

    public String getApiName() { return apiName; }
    public String getPluralApiName() { return pluralApiName; }
    public String getLabel() { return label; }
    public String getPluralLabel() { return pluralLabel; }
    public String getNameField() { return nameField; }
    public List<FieldDefinition> getFields() { return List.copyOf(fields.values()); }
    public Kind getKind() { return kind; }

    /**
     * For a child type: the reference field to the parent record that its records belong to (a quote line's
     * {@code quote}); null for a type of its own. The console lists a child type's records on the parent's page and
     * leaves the type out of its navigation.
     */
    public String getParentField() { return parentField; }

    /**
     * The capability that contributed this type, as its bundle's {@value #CAPABILITY_HEADER} header names it
     * ({@code Sales}); null for the platform's own types and bundles without the header. The registry sets it.
     */
    public String getCapability() { return capability; }

    public Optional<FieldDefinition> field(String apiName) {
        return Optional.ofNullable(fields.get(apiName));
    }

    /** A copy of this type with one more field. */
    public RecordType withField(FieldDefinition field) {
        List<FieldDefinition> all = new java.util.ArrayList<>(fields.values());
        all.add(field);
        return new RecordType(apiName, pluralApiName, label, pluralLabel, nameField, all, parentField, capability, kind);
    }

    /**
     * A copy of this type as a child of the records its reference field {@code parentField} points at: quote lines
     * of a quote, entries of a price book. Unless that field declares another {@link DeleteRule}, the children are
     * deleted with their parent ({@link DeleteRule#CASCADE}).
     *
     * @throws IllegalArgumentException if {@code parentField} is not a reference field of this type
     */
    public RecordType childOf(String parentField) {
        return new RecordType(apiName, pluralApiName, label, pluralLabel, nameField, getFields(), Objects.requireNonNull(parentField),
                capability, kind);
    }

    /** A copy of this type naming the capability that contributed it (null for none). */
    public RecordType withCapability(String capability) {
        return new RecordType(apiName, pluralApiName, label, pluralLabel, nameField, getFields(), parentField, capability, kind);
    }

    /** A copy of this type of another kind, as a provider declares its settings: {@code new RecordType(...).withKind(Kind.CONFIGURATION)}. */
    public RecordType withKind(Kind kind) {
        return new RecordType(apiName, pluralApiName, label, pluralLabel, nameField, getFields(), parentField, capability, kind);
    }

    @Override
    public String toString() {
        return "RecordType[" + apiName + "]";
    }
}
