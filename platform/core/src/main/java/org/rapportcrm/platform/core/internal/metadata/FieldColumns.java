package org.rapportcrm.platform.core.internal.metadata;

import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.core.internal.db.Dialect;

/** The storage rules of each field type: SQL type, default sizes and scales. */
public final class FieldColumns {
    public static final int DEFAULT_TEXT_LENGTH = 255;
    public static final int LONG_TEXT_LENGTH = 32000;
    public static final int MULTI_PICKLIST_LENGTH = 4000;
    public static final int ID_LENGTH = 36;

    private FieldColumns() {
    }

    public static int maxLength(FieldDefinition f) {
        return switch (f.getType()) {
            case TEXT -> f.getMaxLength() == null ? DEFAULT_TEXT_LENGTH : f.getMaxLength();
            case LONG_TEXT -> f.getMaxLength() == null ? LONG_TEXT_LENGTH : Math.min(f.getMaxLength(), LONG_TEXT_LENGTH);
            case EMAIL -> 254;
            case PHONE -> 40;
            case URL -> 2000;
            case PICKLIST -> 255;
            case MULTI_PICKLIST -> MULTI_PICKLIST_LENGTH;
            case REFERENCE, OWNER -> ID_LENGTH;
            default -> 0;
        };
    }

    public static int scale(FieldDefinition f) {
        if (f.getScale() != null) {
            return f.getScale();
        }
        return switch (f.getType()) {
            case DECIMAL, MONEY, PERCENT -> 2;
            default -> 0;
        };
    }

    public static String sqlType(FieldDefinition f, Dialect dialect) {
        return switch (f.getType()) {
            case TEXT, EMAIL, PHONE, URL, PICKLIST, MULTI_PICKLIST, REFERENCE, OWNER -> "VARCHAR(" + maxLength(f) + ")";
            case LONG_TEXT -> dialect.longTextType();
            case INTEGER -> "BIGINT";
            case DECIMAL, MONEY -> "DECIMAL(24," + scale(f) + ")";
            case PERCENT -> "DECIMAL(12," + scale(f) + ")";
            case DATE -> "DATE";
            case DATE_TIME -> "TIMESTAMP";
            case BOOLEAN -> "BOOLEAN";
        };
    }

    /** Searchable textual fields get a lower-cased shadow column with an index, for case-insensitive prefix search. */
    public static boolean hasLowerColumn(FieldDefinition f) {
        return f.isSearchable() && f.getType().isTextual() && f.getType() != org.rapportcrm.platform.api.metadata.FieldType.LONG_TEXT;
    }
}
