package org.rapportcrm.platform.api.rest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a request body, a response body or a parameter of a
 * {@link RestRoute}. The platform documents routes with it in {@code /api/v1/openapi.json} and checks requests
 * against it before a handler runs, so a handler can trust the shape of what it reads. Immutable: every method
 * returns a new schema.
 *
 * <pre>
 * JsonSchema adjustment = JsonSchema.object()
 *         .property("contact", JsonSchema.string().maxLength(36).description("id of the contact"))
 *         .property("points", JsonSchema.integer().minimum(-100_000).maximum(100_000))
 *         .property("reason", JsonSchema.string().maxLength(200).nullable())
 *         .required("contact", "points");
 * </pre>
 */
public final class JsonSchema {
    private static final String COMPONENTS = "#/components/schemas/";
    private final Map<String, Object> keywords;

    private JsonSchema(Map<String, Object> keywords) {
        this.keywords = Collections.unmodifiableMap(keywords);
    }

    private static JsonSchema of(String type) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("type", type);
        return new JsonSchema(k);
    }

    public static JsonSchema string() {
        return of("string");
    }

    public static JsonSchema integer() {
        return of("integer").format("int64");
    }

    public static JsonSchema number() {
        return of("number");
    }

    public static JsonSchema bool() {
        return of("boolean");
    }

    /** An object with no properties yet; add them with {@link #property}. Unknown properties are refused. */
    public static JsonSchema object() {
        return of("object").with("properties", new LinkedHashMap<String, Object>()).with("additionalProperties", false);
    }

    /** An object whose properties are not described, such as a map of settings. */
    public static JsonSchema anyObject() {
        return of("object");
    }

    public static JsonSchema array(JsonSchema items) {
        return of("array").with("items", items);
    }

    /** Any JSON value. */
    public static JsonSchema any() {
        return new JsonSchema(new LinkedHashMap<>());
    }

    /** A record of the given type as the generic record endpoints read and write it, custom fields included. */
    public static JsonSchema record(String recordType) {
        return ref(recordSchemaName(recordType));
    }

    /** A page of records: {@code items}, {@code nextCursor} and, when asked for, {@code total}. */
    public static JsonSchema recordPage(String recordType) {
        return ref(recordSchemaName(recordType) + "Page");
    }

    /** A schema the platform defines once under {@code #/components/schemas}, such as {@code Money} or {@code Problem}. */
    public static JsonSchema ref(String componentName) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("$ref", COMPONENTS + componentName);
        return new JsonSchema(k);
    }

    /** The component name of a record type's schema: its api name with a capital first letter. */
    public static String recordSchemaName(String recordType) {
        return Character.toUpperCase(recordType.charAt(0)) + recordType.substring(1);
    }

    public JsonSchema description(String text) {
        return with("description", text);
    }

    public JsonSchema title(String text) {
        return with("title", text);
    }

    public JsonSchema format(String format) {
        return with("format", format);
    }

    public JsonSchema pattern(String regex) {
        return with("pattern", regex);
    }

    public JsonSchema minLength(int n) {
        return with("minLength", n);
    }

    public JsonSchema maxLength(int n) {
        return with("maxLength", n);
    }

    public JsonSchema minimum(Number n) {
        return with("minimum", n);
    }

    public JsonSchema maximum(Number n) {
        return with("maximum", n);
    }

    public JsonSchema minItems(int n) {
        return with("minItems", n);
    }

    public JsonSchema maxItems(int n) {
        return with("maxItems", n);
    }

    public JsonSchema multipleOf(Number n) {
        return with("multipleOf", n);
    }

    public JsonSchema enumValues(List<String> values) {
        return with("enum", List.copyOf(values));
    }

    public JsonSchema enumValues(String... values) {
        return enumValues(List.of(values));
    }

    /** Set by the platform, never by a client: a client may leave it out of a write. */
    public JsonSchema readOnly() {
        return with("readOnly", true);
    }

    public JsonSchema defaultValue(Object value) {
        return with("default", value);
    }

    /** {@code null} is a value too (OpenAPI 3.1 writes this as a type list: {@code ["string", "null"]}). */
    public JsonSchema nullable() {
        Object type = keywords.get("type");
        if (type instanceof List<?>) {
            return this;
        }
        if (type instanceof String t) {
            JsonSchema orNull = with("type", List.of(t, "null"));
            if (keywords.get("enum") instanceof List<?> values && values.stream().noneMatch(Objects::isNull)) {
                List<Object> withNull = new ArrayList<>(values);
                withNull.add(null);
                orNull = orNull.with("enum", Collections.unmodifiableList(withNull));
            }
            return orNull;
        }
        // A $ref or an untyped schema: either it, or null.
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("oneOf", List.of(this, of("null")));
        return new JsonSchema(k);
    }

    /** A property of an object schema; optional unless named in {@link #required}. */
    @SuppressWarnings("unchecked")
    public JsonSchema property(String name, JsonSchema schema) {
        Object props = keywords.get("properties");
        if (!(props instanceof Map)) {
            throw new IllegalStateException("Only an object schema has properties");
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) props);
        copy.put(Objects.requireNonNull(name), Objects.requireNonNull(schema));
        return with("properties", copy);
    }

    public JsonSchema required(String... names) {
        Set<String> all = new LinkedHashSet<>();
        if (keywords.get("required") instanceof List<?> before) {
            before.forEach(n -> all.add((String) n));
        }
        all.addAll(List.of(names));
        return with("required", new ArrayList<>(all));
    }

    /** Allows properties beyond those described (objects refuse them by default). */
    public JsonSchema openProperties() {
        return with("additionalProperties", true);
    }

    /** The schema as JSON Schema keywords; nested schemas stay {@code JsonSchema} values. */
    public Map<String, Object> keywords() {
        return keywords;
    }

    /** The schema as plain maps and lists, ready to serialise as JSON. */
    public Map<String, Object> toJson() {
        return plain(keywords);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof JsonSchema s ? s.toJson() : v instanceof Map<?, ?> m
                ? plain((Map<String, Object>) m) : v instanceof List<?> l ? l.stream().map(x -> x instanceof JsonSchema s ? s.toJson() : x).toList() : v));
        return out;
    }

    private JsonSchema with(String keyword, Object value) {
        Map<String, Object> k = new LinkedHashMap<>(keywords);
        k.put(keyword, value);
        return new JsonSchema(k);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonSchema s && s.keywords.equals(keywords);
    }

    @Override
    public int hashCode() {
        return keywords.hashCode();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
