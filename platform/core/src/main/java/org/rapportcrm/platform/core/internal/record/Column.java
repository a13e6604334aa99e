package org.rapportcrm.platform.core.internal.record;

import java.util.Optional;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.FieldColumns;

/** A field of a type together with the column that stores it; system fields included. */
public record Column(FieldDefinition field, String name) {

    public static Optional<Column> of(RecordType type, String apiName) {
        return switch (apiName) {
            case SystemFields.ID -> Optional.of(system(apiName, FieldType.REFERENCE, "id"));
            case SystemFields.VERSION -> Optional.of(system(apiName, FieldType.INTEGER, "version"));
            case SystemFields.OWNER -> Optional.of(system(apiName, FieldType.OWNER, "owner_id"));
            case SystemFields.CREATED_BY -> Optional.of(system(apiName, FieldType.OWNER, "created_by"));
            case SystemFields.UPDATED_BY -> Optional.of(system(apiName, FieldType.OWNER, "updated_by"));
            case SystemFields.CREATED_AT -> Optional.of(system(apiName, FieldType.DATE_TIME, "created_at"));
            case SystemFields.UPDATED_AT -> Optional.of(system(apiName, FieldType.DATE_TIME, "updated_at"));
            default -> type.field(apiName).map(f -> new Column(f, Names.column(f.getApiName())));
        };
    }

    private static Column system(String apiName, FieldType type, String column) {
        return new Column(FieldDefinition.builder(apiName, type).build(), column);
    }

    public boolean hasLowerColumn() {
        return FieldColumns.hasLowerColumn(field);
    }

    public String lowerName() {
        return Names.lowerColumn(field.getApiName());
    }
}
