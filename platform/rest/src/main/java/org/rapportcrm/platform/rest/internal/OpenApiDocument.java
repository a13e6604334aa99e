package org.rapportcrm.platform.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;

/** An OpenAPI 3.0 description generated from the metadata as it is now, custom fields included. */
final class OpenApiDocument {
    private OpenApiDocument() {
    }

    static Map<String, Object> build(MetadataService metadata) {
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("Problem", obj("type", "object", "properties", obj("type", str(), "title", str(), "status", obj("type", "integer"),
                "detail", str(), "errors", obj("type", "array", "items", obj("type", "object", "properties",
                        obj("field", str(), "code", str(), "message", str()))))));
        schemas.put("Money", obj("type", "object", "required", List.of("amount", "currency"),
                "properties", obj("amount", obj("type", "number"), "currency", obj("type", "string", "pattern", "^[A-Z]{3}$"))));
        for (RecordType t : metadata.types()) {
            String name = Character.toUpperCase(t.getApiName().charAt(0)) + t.getApiName().substring(1);
            schemas.put(name, recordSchema(t));
            Map<String, Object> ref = obj("$ref", "#/components/schemas/" + name);
            Map<String, Object> page = obj("type", "object", "properties", obj("items", obj("type", "array", "items", ref),
                    "nextCursor", obj("type", "string", "nullable", true), "total", obj("type", "integer", "format", "int64")));
            String base = "/" + t.getPluralApiName();
            paths.put(base, obj(
                    "get", op("List " + t.getPluralLabel(), List.of(query("filter", "Filter expression, e.g. name sw 'Ac' and createdAt ge 2024-01-01"),
                            query("sort", "Field to sort by; prefix with - for descending"), query("limit", "Page size, 1-1000"),
                            query("cursor", "nextCursor of the previous page"),
                            query("count", "true to include the number of matching records as total")), null, "200", page),
                    "post", op("Create a " + t.getLabel(), List.of(), ref, "201", ref)));
            paths.put(base + "/bulk", obj("post", obj("summary", "Import " + t.getPluralLabel() + " as a background job",
                    "requestBody", obj("required", true, "content", obj(
                            "text/csv", obj("schema", obj("type", "string", "description", "A header row of field api names, then one row per record")),
                            "application/x-ndjson", obj("schema", obj("type", "string", "description", "One JSON object per line")))),
                    "responses", obj("202", obj("description", "The job; poll Location for its progress"),
                            "415", obj("description", "Not a format that can be imported")))));
            paths.put(base + "/{id}", obj(
                    "parameters", List.of(obj("name", "id", "in", "path", "required", true, "schema", str())),
                    "get", op("Read a " + t.getLabel(), List.of(), null, "200", ref),
                    "patch", op("Change fields of a " + t.getLabel() + " (If-Match: its ETag)", List.of(header("If-Match")), ref, "200", ref),
                    "delete", op("Delete a " + t.getLabel() + " (If-Match: its ETag)", List.of(header("If-Match")), null, "204", null)));
        }
        return obj("openapi", "3.0.3",
                "info", obj("title", "Rapport CRM API", "version", "1"),
                "servers", List.of(obj("url", "/api/v1")),
                "security", List.of(obj("basic", List.of()), obj("bearer", List.of())),
                "paths", paths,
                "components", obj("schemas", schemas, "securitySchemes", obj(
                        "basic", obj("type", "http", "scheme", "basic"),
                        "bearer", obj("type", "http", "scheme", "bearer", "description", "An API token created in the console"))));
    }

    private static Map<String, Object> recordSchema(RecordType t) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("id", obj("type", "string", "readOnly", true));
        props.put("version", obj("type", "integer", "readOnly", true));
        props.put("owner", obj("type", "string", "description", "id of the owning user"));
        props.put("createdAt", obj("type", "string", "format", "date-time", "readOnly", true));
        props.put("updatedAt", obj("type", "string", "format", "date-time", "readOnly", true));
        props.put("createdBy", obj("type", "string", "readOnly", true));
        props.put("updatedBy", obj("type", "string", "readOnly", true));
        List<String> required = new ArrayList<>();
        for (FieldDefinition f : t.getFields()) {
            Map<String, Object> schema = fieldSchema(f);
            schema.put("title", f.getLabel());
            props.put(f.getApiName(), schema);
            if (f.isRequired()) {
                required.add(f.getApiName());
            }
        }
        Map<String, Object> schema = obj("type", "object", "additionalProperties", false, "properties", props);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        return schema;
    }

    private static Map<String, Object> fieldSchema(FieldDefinition f) {
        return switch (f.getType()) {
            case TEXT, LONG_TEXT, PHONE -> obj("type", "string", "maxLength", org.rapportcrm.platform.api.metadata.FieldType.LONG_TEXT == f.getType()
                    ? 32000 : f.getMaxLength() == null ? 255 : f.getMaxLength());
            case EMAIL -> obj("type", "string", "format", "email");
            case URL -> obj("type", "string", "format", "uri");
            case INTEGER -> obj("type", "integer", "format", "int64");
            case DECIMAL, PERCENT -> obj("type", "number");
            case MONEY -> obj("$ref", "#/components/schemas/Money");
            case DATE -> obj("type", "string", "format", "date");
            case DATE_TIME -> obj("type", "string", "format", "date-time");
            case BOOLEAN -> obj("type", "boolean");
            case PICKLIST -> obj("type", "string", "enum", f.getPicklistValues());
            case MULTI_PICKLIST -> obj("type", "array", "items", obj("type", "string", "enum", f.getPicklistValues()));
            case REFERENCE -> obj("type", "string", "description", "id of a " + f.getReferenceTo());
            case OWNER -> obj("type", "string", "description", "id of a user");
        };
    }

    private static Map<String, Object> op(String summary, List<Object> params, Map<String, Object> body, String status,
            Map<String, Object> response) {
        Map<String, Object> op = obj("summary", summary);
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (body != null) {
            op.put("requestBody", obj("required", true, "content", obj("application/json", obj("schema", body))));
        }
        Map<String, Object> problem = obj("description", "Problem", "content", obj("application/problem+json",
                obj("schema", obj("$ref", "#/components/schemas/Problem"))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(status, response == null ? obj("description", "Done")
                : obj("description", "OK", "content", obj("application/json", obj("schema", response))));
        for (String s : List.of("400", "401", "403", "404", "409", "413", "415", "422", "428")) {
            responses.put(s, problem);
        }
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> query(String name, String description) {
        return obj("name", name, "in", "query", "required", false, "description", description, "schema", str());
    }

    private static Map<String, Object> header(String name) {
        return obj("name", name, "in", "header", "required", true, "schema", str());
    }

    private static Map<String, Object> str() {
        return obj("type", "string");
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
