package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;

/** Record types and fields, and the custom fields administrators add at runtime. */
final class MetadataResource {
    private static final Set<String> FIELD_PROPERTIES = Set.of("apiName", "label", "type", "required", "unique", "maxLength",
            "scale", "defaultValue", "picklistValues", "referenceTo");

    private final MetadataService metadata;

    MetadataResource(MetadataService metadata) {
        this.metadata = metadata;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/metadata", ex -> ex.send(200, Map.of("types", metadata.types()))),
                Route.of("GET", "/metadata/{type}", ex -> ex.send(200, type(ex))),
                Route.of("POST", "/metadata/{type}/fields", this::addField));
    }

    private RecordType type(Exchange ex) {
        String name = ex.param("type");
        return metadata.type(name).orElseThrow(() -> ApiException.notFound("No record type '" + name + "'"));
    }

    private void addField(Exchange ex) throws IOException {
        RecordType type = type(ex);
        FieldDefinition requested = parseField(ex.body());
        RecordType extended = metadata.addCustomField(ex.actor, type.getApiName(), requested);
        ex.response.setHeader("Location", "/api/v1/metadata/" + type.getApiName());
        ex.send(201, extended.field(requested.getApiName()).orElseThrow());
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
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return FieldDefinition.builder(apiName, type).label(label == null ? apiName : label).required(Boolean.TRUE.equals(required))
                .unique(Boolean.TRUE.equals(unique)).maxLength(maxLength).scale(scale).defaultValue(body.get("defaultValue"))
                .picklistValues(picklist).referenceTo(referenceTo).build();
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
