package org.rapportcrm.platform.api.metadata;

/** The kinds of value a field can hold; each maps to a real typed column. */
public enum FieldType {
    TEXT, LONG_TEXT, EMAIL, PHONE, URL, INTEGER, DECIMAL, MONEY, PERCENT, DATE, DATE_TIME, BOOLEAN,
    PICKLIST, MULTI_PICKLIST, REFERENCE, OWNER;

    /** Long text is stored as a large object: it can be tested for emptiness but not compared or sorted. */
    public boolean isComparable() {
        return this != LONG_TEXT && this != MULTI_PICKLIST;
    }

    public boolean isTextual() {
        return this == TEXT || this == LONG_TEXT || this == EMAIL || this == PHONE || this == URL || this == PICKLIST;
    }
}
