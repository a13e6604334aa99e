package org.rapportcrm.platform.rest.internal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.RoleService;
import org.rapportcrm.platform.api.security.AccessDeniedException;

/**
 * Record types and fields, and the custom fields administrators add at runtime. Each type also names the fields its
 * lists can be sorted by ({@code sortableFields}), so a console offers only those.
 */
final class MetadataResource {
    private static final Set<String> FIELD_PROPERTIES = Set.of("apiName", "label", "type", "required", "unique", "maxLength",
            "scale", "defaultValue", "picklistValues", "referenceTo", "minValue", "maxValue", "onDelete");

    private final MetadataService metadata;
    private final RoleService roles;
    private final RecordService records;

    MetadataResource(MetadataService metadata, RoleService roles, RecordService records) {
        this.metadata = metadata;
        this.roles = roles;
        this.records = records;
    }

    /** A record type as the API describes it: the fields the caller may see, and those its lists can be sorted by. */
    record TypeDescription(@JsonUnwrapped RecordType type, List<String> sortableFields) {
    }

    private static final JsonSchema TYPE_NAME = JsonSchema.string().maxLength(40).description("api name of a record type");

    /**
     * Types as the caller sees them: those it may not read at all (a portal user's unshared types) are left out, and so
     * are the fields hidden from it, so forms and lists never offer them.
     */
    List<RestRoute> routes() {
        return List.of(
                RestRoute.get("metadata").summary("Every record type the caller may read, with the fields it may see")
                        .response(200, "The record types", JsonSchema.object().openProperties()
                                .property("types", JsonSchema.array(JsonSchema.ref(Schemas.RECORD_TYPE))).required("types"))
                        .handler(ex -> ex.send(200, Map.of("types", metadata.types().stream()
                                .filter(t -> roles.access(ex.actor(), t.getApiName()).read() != AccessScope.NONE)
                                .map(t -> describe((Exchange) ex, t)).toList()))),
                RestRoute.get("metadata/{type}").summary("A record type with the fields the caller may see")
                        .pathParameter("type", TYPE_NAME, "api name of the record type")
                        .response(200, "The record type", JsonSchema.ref(Schemas.RECORD_TYPE))
                        .handler(ex -> ex.send(200, describe((Exchange) ex, readableType((Exchange) ex)))),
                RestRoute.post("metadata/{type}/fields").summary("Add a custom field (administrators)")
                        .description("A new nullable column, usable at once in records, filters, sorting, the API and the console.")
                        .pathParameter("type", TYPE_NAME, "api name of the record type")
                        .requestBody(NEW_FIELD)
                        .response(201, "The new field", JsonSchema.ref(Schemas.FIELD))
                        .handler(ex -> addField((Exchange) ex)),
                RestRoute.patch("metadata/{type}/fields/{field}").summary("Change a custom field: its rule on delete, whether it is "
                        + "searchable or indexed (administrators)")
                        .description("onDelete (custom references): RESTRICT refuses the delete while records refer to it, SET_NULL "
                                + "(not for a required field) clears their reference, CASCADE deletes them too; applies to the next "
                                + "delete, on every node. searchable, indexed: switching one on answers at once with its state BUILDING "
                                + "(searchState, indexState): the platform builds what it needs in the background, once in the cluster "
                                + "and, on PostgreSQL, without blocking writes; the field is searched, or lists filter and sort by it "
                                + "(sortableFields), once the state is READY. Switching one off takes effect at once. Absent properties "
                                + "stay as they are; standard fields stay as their type declares them.")
                        .pathParameter("type", TYPE_NAME, "api name of the record type")
                        .pathParameter("field", JsonSchema.string().maxLength(40).description("api name of a custom field"),
                                "api name of the custom field")
                        .requestBody(FIELD_CHANGES)
                        .response(200, "The changed field, with where its switches stand", JsonSchema.ref(Schemas.FIELD))
                        .handler(ex -> changeField((Exchange) ex)));
    }

    private static final JsonSchema FIELD_CHANGES = JsonSchema.object()
            .property("onDelete", Schemas.ON_DELETE.description("custom references: what deleting the record it points at does; absent: unchanged"))
            .property("searchable", JsonSchema.bool().nullable().description("found by global search; null or absent: unchanged"))
            .property("indexed", JsonSchema.bool().nullable().description("lists filter and sort by it through an index; null or absent: unchanged"));

    private static final JsonSchema NEW_FIELD = JsonSchema.object()
            .property("apiName", JsonSchema.string().pattern("^[a-z][A-Za-z0-9]{0,39}$").description("lowerCamelCase name"))
            .property("label", JsonSchema.string().maxLength(100).nullable())
            .property("type", JsonSchema.string().enumValues(Arrays.stream(FieldType.values()).map(Enum::name).toList()))
            .property("required", JsonSchema.bool().nullable())
            .property("unique", JsonSchema.bool().nullable())
            .property("maxLength", JsonSchema.integer().minimum(1).maximum(Integer.MAX_VALUE).nullable())
            .property("scale", JsonSchema.integer().minimum(0).maximum(Integer.MAX_VALUE).nullable())
            .property("defaultValue", JsonSchema.any())
            .property("picklistValues", JsonSchema.array(JsonSchema.string()).nullable())
            .property("referenceTo", JsonSchema.string().nullable())
            .property("minValue", JsonSchema.number().nullable().description("for numbers: the smallest value accepted"))
            .property("maxValue", JsonSchema.number().nullable().description("for numbers: the largest value accepted"))
            .property("onDelete", Schemas.ON_DELETE.nullable().description("for references: what deleting the record it points at "
                    + "does (RESTRICT, SET_NULL, CASCADE); SET_NULL unless required, then RESTRICT"))
            .required("apiName", "type");

    private TypeDescription describe(Exchange ex, RecordType type) {
        try {
            return new TypeDescription(roles.view(ex.actor, type), records.sortableFields(ex.actor, type.getApiName()));
        } catch (AccessDeniedException e) {
            return new TypeDescription(roles.view(ex.actor, type), List.of()); // no list of it to sort
        }
    }

    private RecordType type(Exchange ex) {
        String name = ex.param("type");
        return metadata.type(name).orElseThrow(() -> ApiException.notFound("No record type '" + name + "'"));
    }

    private RecordType readableType(Exchange ex) {
        RecordType type = type(ex);
        if (roles.access(ex.actor, type.getApiName()).read() == AccessScope.NONE) {
            throw ApiException.notFound("No record type '" + type.getApiName() + "'");
        }
        return type;
    }

    private void addField(Exchange ex) throws IOException {
        RecordType type = type(ex);
        FieldDefinition requested = parseField(ex.body());
        RecordType extended = metadata.addCustomField(ex.actor, type.getApiName(), requested);
        ex.response.setHeader("Location", "/api/v1/metadata/" + type.getApiName());
        ex.send(201, extended.field(requested.getApiName()).orElseThrow());
    }

    private void changeField(Exchange ex) throws IOException {
        if (!ex.actor.isAdmin()) {
            throw new AccessDeniedException("Only administrators may change fields"); // before the input is looked at
        }
        RecordType type = type(ex);
        Map<String, Object> body = ex.body();
        List<FieldError> errors = new ArrayList<>();
        DeleteRule rule = deleteRule(body, errors);
        Boolean searchable = bool(body, "searchable", errors);
        Boolean indexed = bool(body, "indexed", errors);
        String field = ex.param("field");
        FieldDefinition current = type.field(field)
                .orElseThrow(() -> ApiException.notFound("No field '" + field + "' in record type '" + type.getApiName() + "'"));
        // What the rule change would refuse is refused before the switches are applied: a request is done whole or not at all.
        if (rule != null && current.getType() != FieldType.REFERENCE) {
            errors.add(new FieldError("onDelete", "custom", field + " is not a reference"));
        } else if (rule == DeleteRule.SET_NULL && current.isRequired()) {
            errors.add(new FieldError("onDelete", "required", "a required reference cannot be cleared: choose RESTRICT or CASCADE"));
        }
        ValidationException.throwIfAny(errors);
        RecordType changed = type;
        if (searchable != null || indexed != null) {
            changed = metadata.setFieldIndexing(ex.actor, type.getApiName(), field, searchable, indexed);
        }
        if (rule != null) {
            changed = metadata.changeDeleteRule(ex.actor, type.getApiName(), field, rule);
        }
        ex.send(200, changed.field(field).orElseThrow());
    }

    private static DeleteRule deleteRule(Map<String, Object> body, List<FieldError> errors) {
        String value = string(body, "onDelete", false, errors);
        if (value == null) {
            return null;
        }
        try {
            return DeleteRule.valueOf(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("onDelete", "unknown", "must be one of " + Arrays.toString(DeleteRule.values())));
            return null;
        }
    }

    /** Reads a field definition, naming every property that is missing, unknown or of the wrong type. */
    static FieldDefinition parseField(Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        for (String key : body.keySet()) {
            if (!FIELD_PROPERTIES.contains(key)) {
                errors.add(new FieldError(key, "unknown", "is not a property of a field; use " + FIELD_PROPERTIES));
            }
        }
        String apiName = string(body, "apiName", true, errors);
        String typeName = string(body, "type", true, errors);
        FieldType type = null;
        if (typeName != null) {
            try {
                type = FieldType.valueOf(typeName);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("type", "unknown", "must be one of " + Arrays.toString(FieldType.values())));
            }
        }
        List<String> picklist = new ArrayList<>();
        Object values = body.get("picklistValues");
        if (values != null) {
            if (values instanceof List<?> l && l.stream().allMatch(v -> v instanceof String)) {
                l.forEach(v -> picklist.add((String) v));
            } else {
                errors.add(new FieldError("picklistValues", "type", "must be a list of texts"));
            }
        }
        Boolean required = bool(body, "required", errors);
        Boolean unique = bool(body, "unique", errors);
        Integer maxLength = integer(body, "maxLength", errors);
        Integer scale = integer(body, "scale", errors);
        String label = string(body, "label", false, errors);
        String referenceTo = string(body, "referenceTo", false, errors);
        java.math.BigDecimal minValue = decimal(body, "minValue", errors);
        java.math.BigDecimal maxValue = decimal(body, "maxValue", errors);
        if (minValue != null && maxValue != null && minValue.compareTo(maxValue) > 0) {
            errors.add(new FieldError("minValue", "range", "must not be above maxValue"));
        }
        DeleteRule onDelete = deleteRule(body, errors);
        if (onDelete != null && type != FieldType.REFERENCE) {
            errors.add(new FieldError("onDelete", "reference", "applies to reference fields only"));
        } else if (onDelete == DeleteRule.SET_NULL && Boolean.TRUE.equals(required)) {
            errors.add(new FieldError("onDelete", "required", "a required reference cannot be cleared when its record is deleted: "
                    + "choose RESTRICT or CASCADE"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return FieldDefinition.builder(apiName, type).label(label == null ? apiName : label).required(Boolean.TRUE.equals(required))
                .unique(Boolean.TRUE.equals(unique)).maxLength(maxLength).scale(scale).defaultValue(body.get("defaultValue"))
                .picklistValues(picklist).referenceTo(referenceTo).minValue(minValue).maxValue(maxValue).onDelete(onDelete).build();
    }

    private static String string(Map<String, Object> body, String key, boolean required, List<FieldError> errors) {
        Object v = body.get(key);
        if (v == null) {
            if (required) {
                errors.add(new FieldError(key, "required", "is required"));
            }
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        errors.add(new FieldError(key, "type", "must be text"));
        return null;
    }

    private static Boolean bool(Map<String, Object> body, String key, List<FieldError> errors) {
        Object v = body.get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        errors.add(new FieldError(key, "type", "must be true or false"));
        return null;
    }

    private static java.math.BigDecimal decimal(Map<String, Object> body, String key, List<FieldError> errors) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new java.math.BigDecimal(n.toString());
        }
        errors.add(new FieldError(key, "type", "must be a number"));
        return null;
    }

    private static Integer integer(Map<String, Object> body, String key, List<FieldError> errors) {
        Object v = body.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        errors.add(new FieldError(key, "type", "must be a whole number"));
        return null;
    }
}
