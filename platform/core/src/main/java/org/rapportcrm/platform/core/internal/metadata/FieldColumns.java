package org.rapportcrm.platform.core.internal.metadata;

import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.core.internal.db.Dialect;

/** The SQL column of each field type, sized by the field's own limits (the API documents and checks the same ones). */
public final class FieldColumns {
    private FieldColumns() {
    }

    public static String sqlType(FieldDefinition f, Dialect dialect) {
        return switch (f.getType()) {
            case TEXT, EMAIL, PHONE, URL, PICKLIST, MULTI_PICKLIST, REFERENCE, OWNER -> "VARCHAR(" + varcharLength(f, dialect) + ")";
            case LONG_TEXT -> dialect.longTextType();
            case INTEGER -> "BIGINT";
            case DECIMAL, MONEY, PERCENT -> "DECIMAL(" + f.precision() + "," + f.effectiveScale() + ")";
            case DATE -> "DATE";
            case DATE_TIME -> "TIMESTAMP";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    /** The declared length of a text field's column (and of its lower-cased shadow), 0 for other types. */
    public static int varcharLength(FieldDefinition f, Dialect dialect) {
        return f.getType() == org.rapportcrm.platform.api.metadata.FieldType.LONG_TEXT ? 0 : dialect.varcharLength(f.effectiveMaxLength());
    }

    /** Searchable textual fields get a lower-cased shadow column with an index, for case-insensitive prefix search. */
    public static boolean hasLowerColumn(FieldDefinition f) {
        return f.isSearchable() && f.getType().isTextual() && f.getType() != org.rapportcrm.platform.api.metadata.FieldType.LONG_TEXT;
    }
}
