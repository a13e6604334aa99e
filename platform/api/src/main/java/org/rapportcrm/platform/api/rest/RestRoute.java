package org.rapportcrm.platform.api.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One operation of the HTTP API, declared rather than parsed by hand: a method, a path pattern with
 * {@code {name}} parameters, what it reads and answers, and its handler. The platform routes requests to it (405 with
 * {@code Allow} for another method on the same path), checks its parameters and JSON body against their schemas
 * before the handler runs (400 or 422 naming the parameter or field), and documents it in
 * {@code /api/v1/openapi.json} together with the problem responses every route can give.
 *
 * <pre>
 * RestRoute.get("balances/{contactId}")
 *         .summary("A contact's points")
 *         .pathParameter("contactId", JsonSchema.string().maxLength(36), "id of the contact")
 *         .response(200, "The balance", BALANCE)
 *         .handler(ex -&gt; ex.send(200, ledger.balance(ex.actor(), ex.pathParameter("contactId"))))
 * </pre>
 */
public final class RestRoute {
    /** Where a parameter is sent. */
    public enum In { PATH, QUERY, HEADER }

    /** A declared parameter; its schema describes the value after URL decoding (numbers and booleans as in JSON). */
    public record Parameter(String name, In in, JsonSchema schema, boolean required, String description) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** A documented response: {@code schema} null for a response without a body. */
    public record Response(int status, String description, String mediaType, JsonSchema schema) {
    }

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+|\\{[A-Za-z][A-Za-z0-9]*\\}");

    private final String method;
    private final String pattern;
    private final String summary;
    private final String description;
    private final List<Parameter> parameters;
    private final List<String> requestMediaTypes;
    private final JsonSchema requestBody;
    private final List<Response> responses;
    private final boolean publicAccess;
    private final RestHandler handler;

    private RestRoute(Builder b) {
        this.method = b.method;
        this.pattern = b.pattern;
        this.summary = b.summary == null ? b.method + " " + b.pattern : b.summary;
        this.description = b.description;
        this.parameters = List.copyOf(b.parameters);
        this.requestMediaTypes = List.copyOf(b.requestMediaTypes);
        this.requestBody = b.requestBody;
        this.responses = List.copyOf(b.responses.values());
        this.publicAccess = b.publicAccess;
        this.handler = Objects.requireNonNull(b.handler, "handler");
        for (String segment : segments()) {
            String name = segment.startsWith("{") ? segment.substring(1, segment.length() - 1) : null;
            if (name != null && parameters.stream().noneMatch(p -> p.in() == In.PATH && p.name().equals(name))) {
                throw new IllegalArgumentException(method + " " + pattern + ": declare the path parameter " + name);
            }
        }
        if (responses.isEmpty()) {
            throw new IllegalArgumentException(method + " " + pattern + ": declare at least the successful response");
        }
    }

    public static Builder get(String pattern) {
        return new Builder("GET", pattern);
    }

    public static Builder post(String pattern) {
        return new Builder("POST", pattern);
    }

    public static Builder put(String pattern) {
        return new Builder("PUT", pattern);
    }

    public static Builder patch(String pattern) {
        return new Builder("PATCH", pattern);
    }

    public static Builder delete(String pattern) {
        return new Builder("DELETE", pattern);
    }

    public String method() {
        return method;
    }

    /** Relative to where the route is mounted, without leading or trailing slashes; empty for the mount point itself. */
    public String pattern() {
        return pattern;
    }

    public List<String> segments() {
        return pattern.isEmpty() ? List.of() : List.of(pattern.split("/"));
    }

    public String summary() {
        return summary;
    }

    /** Longer documentation, or null. */
    public String description() {
        return description;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The media types of the request body the route reads; empty if it reads none. */
    public List<String> requestMediaTypes() {
        return requestMediaTypes;
    }

    /** The schema of the JSON request body, or null if the route reads none or not JSON. */
    public JsonSchema requestBody() {
        return requestBody;
    }

    public List<Response> responses() {
        return responses;
    }

    /** Served without signing in: only for endpoints that must be reachable by anyone (sign-in, health, inbound hooks). */
    public boolean isPublic() {
        return publicAccess;
    }

    public RestHandler handler() {
        return handler;
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }

    public static final class Builder {
        private final String method;
        private final String pattern;
        private String summary;
        private String description;
        private final List<Parameter> parameters = new ArrayList<>();
        private List<String> requestMediaTypes = List.of();
        private JsonSchema requestBody;
        /** By status and media type: one status may answer several media types. */
        private final Map<String, Response> responses = new LinkedHashMap<>();
        private boolean publicAccess;
        private RestHandler handler;

        private Builder(String method, String pattern) {
            String trimmed = Objects.requireNonNull(pattern, "pattern").replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                for (String segment : trimmed.split("/")) {
                    if (!SEGMENT.matcher(segment).matches()) {
                        throw new IllegalArgumentException("Not a path pattern segment: '" + segment + "' in " + pattern);
                    }
                }
            }
            this.method = method;
            this.pattern = trimmed;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder pathParameter(String name, JsonSchema schema, String description) {
            parameters.add(new Parameter(name, In.PATH, schema, true, description));
            return this;
        }

        public Builder queryParameter(String name, JsonSchema schema, boolean required, String description) {
            parameters.add(new Parameter(name, In.QUERY, schema, required, description));
            return this;
        }

        public Builder header(String name, JsonSchema schema, boolean required, String description) {
            parameters.add(new Parameter(name, In.HEADER, schema, required, description));
            return this;
        }

        /** A JSON object body, checked against {@code schema} before the handler runs. */
        public Builder requestBody(JsonSchema schema) {
            this.requestMediaTypes = List.of("application/json");
            this.requestBody = Objects.requireNonNull(schema);
            return this;
        }

        /** A body of other media types (a CSV upload, say), read by the handler as a stream and not checked. */
        public Builder requestBody(String... mediaTypes) {
            this.requestMediaTypes = List.of(mediaTypes);
            this.requestBody = null;
            return this;
        }

        /** A JSON response. */
        public Builder response(int status, String description, JsonSchema schema) {
            return response(status, description, "application/json", schema);
        }

        public Builder response(int status, String description, String mediaType, JsonSchema schema) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("Not an HTTP status: " + status);
            }
            responses.put(status + " " + mediaType, new Response(status, description, mediaType, schema));
            return this;
        }

        /** An error this route answers beyond those every route may give, as RFC 9457 problem details. */
        public Builder problem(int status, String description) {
            return response(status, description, "application/problem+json", JsonSchema.ref("Problem"));
        }

        /** A response without a body, such as 204. */
        public Builder response(int status, String description) {
            return response(status, description, null, null);
        }

        public Builder publicAccess() {
            this.publicAccess = true;
            return this;
        }

        public RestRoute handler(RestHandler handler) {
            this.handler = handler;
            return new RestRoute(this);
        }
    }
}
