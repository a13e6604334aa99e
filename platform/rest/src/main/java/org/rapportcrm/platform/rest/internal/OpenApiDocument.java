package org.rapportcrm.platform.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * The OpenAPI 3.1 document of the API as it is now, built from the declared routes and the metadata (custom fields
 * and contributed endpoints included), and made again only when either changes.
 */
final class OpenApiDocument {
    /** Problems every route may answer, besides those it declares. */
    private static final Map<Integer, String> COMMON_PROBLEMS = Map.of(
            400, "Malformed request: a parameter, the query string or the JSON is not valid",
            403, "Not allowed for the signed-in user",
            404, "Not found (or not visible to the signed-in user)",
            429, "Too many requests; try again after Retry-After seconds",
            503, "Not ready or overloaded; try again after Retry-After seconds");

    private final RouteTable routes;
    private final MetadataService metadata;
    private volatile Built built;

    private record Built(long routesVersion, List<RecordType> types, Map<String, Object> components, Map<String, Object> document) {
    }

    OpenApiDocument(RouteTable routes, MetadataService metadata) {
        this.routes = routes;
        this.metadata = metadata;
    }

    Map<String, Object> document() {
        return current().document();
    }

    /** The schemas routes may refer to; the same map object until something changes. */
    Map<String, Object> components() {
        return current().components();
    }

    private Built current() {
        Built b = built;
        long version = routes.version();
        List<RecordType> types = metadata.types();
        if (b == null || b.routesVersion() != version || !b.types().equals(types)) {
            b = build(version, types);
            built = b;
        }
        return b;
    }

    private Built build(long version, List<RecordType> types) {
        Map<String, Object> components = new LinkedHashMap<>(Schemas.components());
        for (RecordType t : types) {
            if (t.getKind() == RecordType.Kind.INTERNAL) {
                continue;
            }
            components.put(JsonSchema.recordSchemaName(t.getApiName()), RecordSchemas.record(t).toJson());
            components.put(RecordSchemas.inputName(t), RecordSchemas.input(t).toJson());
            components.put(RecordSchemas.changesName(t), RecordSchemas.changes(t).toJson());
            components.put(JsonSchema.recordSchemaName(t.getApiName()) + "Page", RecordSchemas.page(t).toJson());
        }
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Mounted m : routes.all()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(m.path(), p -> new LinkedHashMap<>());
            item.put(m.route().method().toLowerCase(java.util.Locale.ROOT), operation(m));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", obj("title", "Rapport CRM API", "version", "1",
                "description", "Every record type of the metadata has the same endpoints; errors are RFC 9457 problem details."));
        doc.put("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema");
        doc.put("servers", List.of(obj("url", "/api/v1")));
        doc.put("security", List.of(obj("basic", List.of()), obj("bearer", List.of())));
        doc.put("paths", paths);
        doc.put("components", obj("schemas", components, "securitySchemes", obj(
                "basic", obj("type", "http", "scheme", "basic"),
                "bearer", obj("type", "http", "scheme", "bearer", "description", "An API token created in the console"))));
        return new Built(version, types, components, doc);
    }

    private static Map<String, Object> operation(Mounted m) {
        RestRoute r = m.route();
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", operationId(m));
        op.put("summary", r.summary());
        if (r.description() != null) {
            op.put("description", r.description());
        }
        op.put("tags", List.of(m.segments().isEmpty() ? "api" : m.segments().get(0)));
        op.put("x-rapport-bundle", m.contributor());
        if (r.isPublic()) {
            op.put("security", List.of());
        }
        List<Object> parameters = new ArrayList<>();
        for (RestRoute.Parameter p : m.parameters()) {
            Map<String, Object> param = obj("name", p.name(), "in", p.in().name().toLowerCase(java.util.Locale.ROOT),
                    "required", p.required(), "schema", p.schema().toJson());
            if (p.description() != null) {
                param.put("description", p.description());
            }
            parameters.add(param);
        }
        if (r.method().equals("POST") && !r.isPublic()) {
            parameters.add(obj("name", IdempotentExecution.HEADER, "in", "header", "required", false, "schema",
                    obj("type", "string", "pattern", "^[\\x21-\\x7E]{1,255}$"), "description", "Send a new random key (a UUID) with "
                    + "each request; a retry with the same key and body within 24 hours gets the first response again instead of "
                    + "doing the work twice (Idempotent-Replayed: true); the same key with another body gets 422, and 409 while "
                    + "the first request still runs"));
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (!r.requestMediaTypes().isEmpty()) {
            Map<String, Object> content = new LinkedHashMap<>();
            for (String mediaType : r.requestMediaTypes()) {
                content.put(mediaType, r.requestBody() != null ? obj("schema", r.requestBody().toJson()) : obj("schema", obj("type", "string")));
            }
            op.put("requestBody", obj("required", true, "content", content));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        for (RestRoute.Response response : r.responses()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = (Map<String, Object>) responses.computeIfAbsent(String.valueOf(response.status()),
                    s -> obj("description", response.description()));
            if (response.mediaType() != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> content = (Map<String, Object>) entry.computeIfAbsent("content", k -> new LinkedHashMap<>());
                content.put(response.mediaType(), response.schema() == null ? obj() : obj("schema", response.schema().toJson()));
            }
        }
        for (Map.Entry<Integer, String> common : commonProblems(r).entrySet()) {
            responses.putIfAbsent(String.valueOf(common.getKey()), problem(common.getValue()));
        }
        op.put("responses", responses);
        return op;
    }

    private static Map<Integer, String> commonProblems(RestRoute r) {
        Map<Integer, String> problems = new java.util.TreeMap<>(COMMON_PROBLEMS);
        if (!r.isPublic()) {
            problems.put(401, "Not signed in, or the credentials are not valid");
        }
        if (!r.requestMediaTypes().isEmpty()) {
            problems.put(413, "The request body is too large");
            problems.put(415, "The request body is not of a media type this endpoint reads");
        }
        if (!r.method().equals("GET")) {
            problems.put(409, "Conflicts with the current state of the resource");
            problems.put(422, "The request is well formed, but its values are not acceptable (each field named in errors)");
        }
        return problems;
    }

    private static Map<String, Object> problem(String description) {
        return obj("description", description, "content", obj("application/problem+json", obj("schema", Schemas.PROBLEM_SCHEMA.toJson())));
    }

    /** A stable name per operation: method and path, such as {@code patch_contacts_id}. */
    private static String operationId(Mounted m) {
        StringBuilder id = new StringBuilder(m.route().method().toLowerCase(java.util.Locale.ROOT));
        for (String s : m.segments()) {
            id.append('_').append(s.replaceAll("[^A-Za-z0-9]", ""));
        }
        return id.toString();
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
