package org.rapportcrm.platform.rest.internal;

import java.math.BigDecimal;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.rest.JsonSchema;

/**
 * The JSON Schemas of a record type, from its metadata: what a read answers (every value may be empty, and values
 * stored under older rules still read), what a create accepts and what a change accepts (exactly what the record
 * service checks: lengths in characters, number ranges and scales of the columns, formats, picklist values).
 */
final class RecordSchemas {
    /** Years the databases store: 0001 to 9999. */
    private static final String NOT_YEAR_ZERO = "^(?!0000)";

    private RecordSchemas() {
    }

    static String inputName(RecordType t) {
        return JsonSchema.recordSchemaName(t.getApiName()) + "Input";
    }

    static String changesName(RecordType t) {
        return JsonSchema.recordSchemaName(t.getApiName()) + "Changes";
    }

    /** A record as reads answer it. */
    static JsonSchema record(RecordType t) {
        JsonSchema s = JsonSchema.object().openProperties().title(t.getLabel())
                .property(SystemFields.ID, JsonSchema.string().maxLength(36).readOnly())
                .property(SystemFields.VERSION, JsonSchema.integer().minimum(1).readOnly().description("changes with every update; the ETag"))
                .property(SystemFields.OWNER, JsonSchema.string().maxLength(36).nullable().description("id of the owning user"))
                .property(SystemFields.CREATED_AT, JsonSchema.string().format("date-time").readOnly())
                .property(SystemFields.UPDATED_AT, JsonSchema.string().format("date-time").readOnly())
                .property(SystemFields.CREATED_BY, JsonSchema.string().nullable().readOnly())
                .property(SystemFields.UPDATED_BY, JsonSchema.string().nullable().readOnly());
        for (FieldDefinition f : t.getFields()) {
            s = s.property(f.getApiName(), stored(f).nullable().title(f.getLabel()));
        }
        return s.required(SystemFields.ID, SystemFields.VERSION);
    }

    /** What {@code POST /<plural>} accepts: required fields must have a value, unknown fields are refused. */
    static JsonSchema input(RecordType t) {
        JsonSchema s = JsonSchema.object().title("New " + t.getLabel())
                .property(SystemFields.ID, JsonSchema.any().readOnly().description("ignored: the platform gives every record its id"))
                .property(SystemFields.VERSION, JsonSchema.any().readOnly().description("ignored"))
                .property(SystemFields.OWNER, JsonSchema.string().pattern(FieldFormats.ID).description("id of the owning user (yourself if left out)"));
        for (FieldDefinition f : t.getFields()) {
            s = s.property(f.getApiName(), f.isRequired() ? accepted(f, true) : accepted(f, false).nullable());
            if (f.isRequired() && f.getDefaultValue() == null) {
                s = s.required(f.getApiName());
            }
        }
        return s;
    }

    /** What {@code PATCH /<plural>/{id}} accepts: any subset of the fields; a required field cannot be emptied. */
    static JsonSchema changes(RecordType t) {
        JsonSchema s = JsonSchema.object().title("Changes to a " + t.getLabel())
                .property(SystemFields.ID, JsonSchema.any().readOnly().description("ignored"))
                .property(SystemFields.VERSION, JsonSchema.integer().minimum(1).description("the version changed, if If-Match is not sent"))
                .property(SystemFields.OWNER, JsonSchema.string().pattern(FieldFormats.ID).description("id of the new owning user"));
        for (FieldDefinition f : t.getFields()) {
            s = s.property(f.getApiName(), f.isRequired() ? accepted(f, true) : accepted(f, false).nullable());
        }
        return s;
    }

    static JsonSchema page(RecordType t) {
        return JsonSchema.object().openProperties()
                .property("items", JsonSchema.array(JsonSchema.record(t.getApiName())))
                .property("nextCursor", JsonSchema.string().nullable().description("the cursor of the next page; null on the last"))
                .property("total", JsonSchema.integer().minimum(0).description("how many records match, when count=true"))
                .required("items", "nextCursor");
    }

    /** A value as the record service accepts it; {@code nonEmpty}: an empty text or list counts as no value. */
    static JsonSchema accepted(FieldDefinition f, boolean nonEmpty) {
        JsonSchema s = switch (f.getType()) {
            case TEXT, PICKLIST -> text(f, FieldFormats.SINGLE_LINE);
            case LONG_TEXT -> text(f, FieldFormats.MULTI_LINE);
            case EMAIL -> text(f, FieldFormats.EMAIL).description("an e-mail address");
            case PHONE -> text(f, FieldFormats.PHONE).description("a phone number");
            case URL -> text(f, FieldFormats.URL).description("an http or https address");
            case INTEGER -> JsonSchema.integer().minimum(f.effectiveMinValue()).maximum(f.effectiveMaxValue());
            case DECIMAL, PERCENT -> number(f);
            case MONEY -> money(f);
            case DATE -> JsonSchema.string().format("date").pattern(NOT_YEAR_ZERO);
            case DATE_TIME -> JsonSchema.string().format("date-time").pattern(NOT_YEAR_ZERO);
            case BOOLEAN -> JsonSchema.bool();
            case MULTI_PICKLIST -> JsonSchema.array(JsonSchema.string().enumValues(f.getPicklistValues()));
            case REFERENCE -> JsonSchema.string().pattern(FieldFormats.ID).description("id of a " + f.getReferenceTo());
            case OWNER -> JsonSchema.string().pattern(FieldFormats.ID).description("id of a user");
        };
        if (f.getType() == FieldType.PICKLIST) {
            s = s.enumValues(f.getPicklistValues());
        }
        if (nonEmpty && f.getType().isTextual()) {
            s = s.minLength(1);
        }
        if (nonEmpty && f.getType() == FieldType.MULTI_PICKLIST) {
            s = s.minItems(1);
        }
        return s;
    }

    /** A stored value as reads answer it: its type and size, not the rules of today (old data still reads). */
    private static JsonSchema stored(FieldDefinition f) {
        return switch (f.getType()) {
            case TEXT, LONG_TEXT, EMAIL, PHONE, URL, PICKLIST, REFERENCE, OWNER -> JsonSchema.string();
            case INTEGER -> JsonSchema.integer();
            case DECIMAL, PERCENT -> JsonSchema.number();
            case MONEY -> JsonSchema.object().openProperties().property("amount", JsonSchema.number())
                    .property("currency", JsonSchema.string()).required("amount", "currency");
            case DATE -> JsonSchema.string().format("date");
            case DATE_TIME -> JsonSchema.string().format("date-time");
            case BOOLEAN -> JsonSchema.bool();
            case MULTI_PICKLIST -> JsonSchema.array(JsonSchema.string());
        };
    }

    private static JsonSchema text(FieldDefinition f, String pattern) {
        return JsonSchema.string().maxLength(f.effectiveMaxLength()).pattern(pattern);
    }

    private static JsonSchema number(FieldDefinition f) {
        return JsonSchema.number().minimum(f.effectiveMinValue()).maximum(f.effectiveMaxValue())
                .multipleOf(BigDecimal.ONE.movePointLeft(f.effectiveScale()));
    }

    private static JsonSchema money(FieldDefinition f) {
        return JsonSchema.object().property("amount", number(f))
                .property("currency", JsonSchema.ref(Schemas.CURRENCY))
                .required("amount", "currency");
    }
}
