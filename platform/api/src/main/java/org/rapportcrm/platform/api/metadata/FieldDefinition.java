package org.rapportcrm.platform.api.metadata;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Describes one field of a record type. Standard fields come from the bundle that owns the type; custom fields are
 * added by administrators at runtime. Both are served by the same generic machinery.
 */
public final class FieldDefinition {
    /** lowerCamelCase, starting with a letter: the name used in JSON, filters and forms. */
    public static final Pattern API_NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");
    /** Characters of a text field unless it sets its own maximum. */
    public static final int DEFAULT_TEXT_LENGTH = 255;
    /** The most characters a long text may hold. */
    public static final int LONG_TEXT_LENGTH = 32000;

    private final String apiName;
    private final String label;
    private final FieldType type;
    private final boolean required;
    private final boolean unique;
    private final Integer maxLength;
    private final Integer scale;
    private final Object defaultValue;
    private final List<String> picklistValues;
    private final String referenceTo;
    private final boolean custom;
    private final boolean searchable;
    private final boolean indexed;
    private final BigDecimal minValue;
    private final BigDecimal maxValue;
    private final boolean master;
    private final DeleteRule declaredOnDelete;
    private final BuildState searchState;
    private final BuildState indexState;

    /**
     * Where the index behind {@link #isSearchable()} or {@link #isIndexed()} stands. An administrator switches these on
     * for a custom field at runtime; the platform builds what they need in the background, and the flag takes effect
     * (the field is searched, lists sort and filter by it) only once that is {@link #READY}.
     */
    public enum BuildState {
        /** Not asked for. */
        OFF,
        /** Asked for and being built; not in effect yet. */
        BUILDING,
        /** In effect. */
        READY,
        /** Building failed (see the log); not in effect. Switching it off and on again tries again. */
        FAILED
    }

    private FieldDefinition(Builder b) {
        this.apiName = Objects.requireNonNull(b.apiName, "apiName");
        this.label = b.label == null ? apiName : b.label;
        this.type = Objects.requireNonNull(b.type, "type");
        this.required = b.required;
        this.unique = b.unique;
        this.maxLength = b.maxLength;
        this.scale = b.scale;
        this.defaultValue = b.defaultValue;
        this.picklistValues = b.picklistValues == null ? List.of() : List.copyOf(b.picklistValues);
        this.referenceTo = b.referenceTo;
        this.custom = b.custom;
        this.searchable = b.searchable;
        this.indexed = b.indexed;
        this.minValue = b.minValue;
        this.maxValue = b.maxValue;
        if (minValue != null && maxValue != null && minValue.compareTo(maxValue) > 0) {
            throw new IllegalArgumentException(apiName + ": minValue " + minValue + " is above maxValue " + maxValue);
        }
        this.master = b.master;
        this.searchState = b.searchState != null ? b.searchState : searchable ? BuildState.READY : BuildState.OFF;
        this.indexState = b.indexState != null ? b.indexState : indexed ? BuildState.READY : BuildState.OFF;
        if (master && type != FieldType.REFERENCE) {
            throw new IllegalArgumentException("Only a reference can name a master record: " + apiName + " is " + type);
        }
        this.declaredOnDelete = b.onDelete;
        if (declaredOnDelete != null && type != FieldType.REFERENCE) {
            throw new IllegalArgumentException("Only a reference has a rule on delete: " + apiName + " is " + type);
        }
        if (declaredOnDelete == DeleteRule.SET_NULL && required) {
            throw new IllegalArgumentException("A required reference cannot be cleared when its record is deleted: " + apiName);
        }
    }

    public static Builder builder(String apiName, FieldType type) {
        return new Builder(apiName, type);
    }

    public String getApiName() { return apiName; }
    public String getLabel() { return label; }
    public FieldType getType() { return type; }
    public boolean isRequired() { return required; }
    public boolean isUnique() { return unique; }
    /** Maximum characters for textual fields; null means the type's default. */
    public Integer getMaxLength() { return maxLength; }
    /** Digits after the decimal point for decimal, money and percent fields; null means the type's default. */
    public Integer getScale() { return scale; }
    /** Applied by the platform when a record is created without a value for this field. */
    public Object getDefaultValue() { return defaultValue; }
    public List<String> getPicklistValues() { return picklistValues; }
    /** For reference fields: the api name of the referenced record type. */
    public String getReferenceTo() { return referenceTo; }
    public boolean isCustom() { return custom; }
    /** Included in global search by prefix. */
    public boolean isSearchable() { return searchable; }
    /**
     * Lists filtered on this field are common (a country, a status, a stage): the platform keeps an index on it in
     * the type's name order, so such a list in the default order reads only the page it shows. Every index slows
     * inserts a little; references, owners and searchable fields are indexed anyway.
     */
    public boolean isIndexed() { return indexed; }
    /** Where making the field searchable stands: {@link BuildState#READY} exactly when {@link #isSearchable()}, unless being built. */
    public BuildState getSearchState() { return searchState; }
    /** Where indexing the field stands: {@link BuildState#READY} exactly when {@link #isIndexed()}, unless being built. */
    public BuildState getIndexState() { return indexState; }
    /** The smallest value a number field accepts (inclusive), or null for the column's range only. */
    public BigDecimal getMinValue() { return minValue; }
    /** The largest value a number field accepts (inclusive), or null for the column's range only. */
    public BigDecimal getMaxValue() { return maxValue; }

    /**
     * The most characters a value of this field may have, counted as Unicode code points, as the platform stores and
     * checks it (the type's default unless {@link #getMaxLength()} sets one); 0 for types that are not text.
     */
    public int effectiveMaxLength() {
        return switch (type) {
            case TEXT -> maxLength == null ? DEFAULT_TEXT_LENGTH : maxLength;
            case LONG_TEXT -> maxLength == null ? LONG_TEXT_LENGTH : Math.min(maxLength, LONG_TEXT_LENGTH);
            case EMAIL -> 254;
            case PHONE -> 40;
            case URL -> 2000;
            case PICKLIST -> 255;
            case MULTI_PICKLIST -> 4000;
            case REFERENCE, OWNER -> 36;
            default -> 0;
        };
    }

    /** Digits after the decimal point of decimal, money and percent values (2 unless {@link #getScale()} sets it); else 0. */
    public int effectiveScale() {
        if (scale != null) {
            return scale;
        }
        return switch (type) {
            case DECIMAL, MONEY, PERCENT -> 2;
            default -> 0;
        };
    }

    /** All digits a decimal, money or percent value may have, before and after the point; 19 for integers; else 0. */
    public int precision() {
        return switch (type) {
            case DECIMAL, MONEY -> 24;
            case PERCENT -> 12;
            case INTEGER -> 19;
            default -> 0;
        };
    }

    /**
     * The largest magnitude a number of this field may have: 10^(precision - scale) minus one unit of the last
     * place for decimal, money and percent, {@link Long#MAX_VALUE} for integers; null for other types.
     */
    public BigDecimal largestValue() {
        return switch (type) {
            case INTEGER -> BigDecimal.valueOf(Long.MAX_VALUE);
            case DECIMAL, MONEY, PERCENT -> BigDecimal.TEN.pow(precision() - effectiveScale())
                    .subtract(BigDecimal.ONE.movePointLeft(effectiveScale()));
            default -> null;
        };
    }

    /** The smallest number accepted: {@link #getMinValue()} within the column's range; null for other types. */
    public BigDecimal effectiveMinValue() {
        BigDecimal column = type == FieldType.INTEGER ? BigDecimal.valueOf(Long.MIN_VALUE) : largestValue() == null ? null : largestValue().negate();
        return column == null || minValue == null ? column : minValue.max(column);
    }

    /** The largest number accepted: {@link #getMaxValue()} within the column's range; null for other types. */
    public BigDecimal effectiveMaxValue() {
        BigDecimal column = largestValue();
        return column == null || maxValue == null ? column : maxValue.min(column);
    }

    /**
     * This reference names the record this one is part of, its master: an opportunity's products, a quote's lines, a
     * deal's stage history. Creating, changing or deleting such a record changes its master (its amount, its totals,
     * its score), so it needs the right to edit the master as well as the record's own permissions; for a change of
     * master, both the old and the new one. The platform checks it before anything is written, so what triggers then
     * recompute on the master, as the system, always follows a change the caller was allowed to make. The parent field
     * of a child type ({@link RecordType#childOf(String)}) is a master without being declared one.
     */
    public boolean isMaster() { return master; }

    /**
     * For a reference: what deleting the record it points at does to the records holding it. Unless declared
     * ({@link Builder#onDelete(DeleteRule)}): {@link DeleteRule#CASCADE} for a child type's parent (its details go
     * with the master), {@link DeleteRule#RESTRICT} for another required reference, {@link DeleteRule#SET_NULL} for
     * the other lookups. Null for fields that are not references.
     */
    public DeleteRule getOnDelete() {
        if (type != FieldType.REFERENCE) {
            return null;
        }
        if (declaredOnDelete != null) {
            return declaredOnDelete;
        }
        return required ? DeleteRule.RESTRICT : DeleteRule.SET_NULL;
    }

    /** The rule the field's definition declares, or null where the default applies. */
    DeleteRule declaredOnDelete() { return declaredOnDelete; }

    public Builder toBuilder() {
        Builder b = new Builder(apiName, type).label(label).required(required).unique(unique).maxLength(maxLength)
                .scale(scale).defaultValue(defaultValue).picklistValues(picklistValues).referenceTo(referenceTo)
                .custom(custom).searchable(searchable).indexed(indexed).minValue(minValue).maxValue(maxValue).master(master)
                .onDelete(declaredOnDelete)
                .searchState(searchState).indexState(indexState);
        return b;
    }

    @Override
    public String toString() {
        return apiName + ":" + type;
    }

    public static final class Builder {
        private final String apiName;
        private final FieldType type;
        private String label;
        private boolean required;
        private boolean unique;
        private Integer maxLength;
        private Integer scale;
        private Object defaultValue;
        private List<String> picklistValues;
        private String referenceTo;
        private boolean custom;
        private boolean searchable;
        private boolean indexed;
        private BigDecimal minValue;
        private BigDecimal maxValue;
        private boolean master;
        private DeleteRule onDelete;
        private BuildState searchState;
        private BuildState indexState;

        private Builder(String apiName, FieldType type) {
            this.apiName = apiName;
            this.type = type;
        }

        public Builder label(String label) { this.label = label; return this; }
        public Builder required(boolean required) { this.required = required; return this; }
        public Builder unique(boolean unique) { this.unique = unique; return this; }
        public Builder maxLength(Integer maxLength) { this.maxLength = maxLength; return this; }
        public Builder scale(Integer scale) { this.scale = scale; return this; }
        public Builder defaultValue(Object defaultValue) { this.defaultValue = defaultValue; return this; }
        public Builder picklistValues(List<String> values) { this.picklistValues = values; return this; }
        public Builder referenceTo(String recordType) { this.referenceTo = recordType; return this; }
        public Builder custom(boolean custom) { this.custom = custom; return this; }
        public Builder searchable(boolean searchable) { this.searchable = searchable; return this; }
        public Builder indexed(boolean indexed) { this.indexed = indexed; return this; }
        /** For integer, decimal, money (its amount) and percent fields: the smallest value accepted, inclusive. */
        public Builder minValue(BigDecimal minValue) { this.minValue = minValue; return this; }
        /** For integer, decimal, money (its amount) and percent fields: the largest value accepted, inclusive. */
        public Builder maxValue(BigDecimal maxValue) { this.maxValue = maxValue; return this; }
        /** Marks a reference as the record's master: see {@link FieldDefinition#isMaster()}. */
        public Builder master(boolean master) { this.master = master; return this; }
        /** For a reference: what deleting the record it points at does; see {@link FieldDefinition#getOnDelete()}. */
        public Builder onDelete(DeleteRule onDelete) { this.onDelete = onDelete; return this; }
        /** Where making it searchable stands; by default {@code READY} if searchable, else {@code OFF}. */
        public Builder searchState(BuildState state) { this.searchState = state; return this; }
        /** Where indexing it stands; by default {@code READY} if indexed, else {@code OFF}. */
        public Builder indexState(BuildState state) { this.indexState = state; return this; }

        public FieldDefinition build() {
            return new FieldDefinition(this);
        }
    }
}
