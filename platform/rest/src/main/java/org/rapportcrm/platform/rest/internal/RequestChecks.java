package org.rapportcrm.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * Checks a request against its route's declaration before the handler runs: parameters (400 naming the parameter)
 * and the JSON body (422 naming each field), with a JSON Schema validator for the same schemas the OpenAPI document
 * publishes, so what is documented is what is enforced.
 */
final class RequestChecks {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .typeLoose(false).build();
    private static final int MAX_ERRORS = 20;

    private final ObjectMapper mapper;
    /** The components ($ref targets) schemas may point to, as the OpenAPI document has them now. */
    private final Supplier<Map<String, Object>> components;
    private final Map<JsonSchema, com.networknt.schema.JsonSchema> compiled = new ConcurrentHashMap<>();
    private volatile Map<String, Object> compiledWith;

    RequestChecks(ObjectMapper mapper, Supplier<Map<String, Object>> components) {
        this.mapper = mapper;
        this.components = components;
    }

    void check(Mounted mounted, Exchange ex) {
        List<FieldError> errors = new ArrayList<>();
        for (RestRoute.Parameter p : mounted.parameters()) {
            String raw = switch (p.in()) {
                case PATH -> ex.pathParameter(p.name());
                case QUERY -> ex.query(p.name());
                case HEADER -> blankToNull(ex.header(p.name()));
            };
            if (raw == null) {
                if (p.required()) {
                    errors.add(new FieldError(p.name(), "required", p.name() + " is required"));
                }
                continue;
            }
            for (ValidationMessage m : validate(p.schema(), parameterValue(p.schema(), raw))) {
                errors.add(new FieldError(p.name(), m.getType(), p.name() + ": " + describe(m)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "Bad request", errors.get(0).message(), errors);
        }
        JsonSchema bodySchema = mounted.route().requestBody();
        if (bodySchema != null) {
            Map<String, Object> body = ex.body();
            for (ValidationMessage m : validate(bodySchema, mapper.valueToTree(body))) {
                errors.add(new FieldError(field(m), m.getType(), describe(m)));
                if (errors.size() == MAX_ERRORS) {
                    break;
                }
            }
            ValidationException.throwIfAny(errors);
        }
    }

    private List<ValidationMessage> validate(JsonSchema schema, JsonNode value) {
        Map<String, Object> current = components.get();
        if (current != compiledWith) {
            // Record types or contributions changed: schemas compiled against the old components may be stale.
            compiled.clear();
            compiledWith = current;
        }
        com.networknt.schema.JsonSchema validator = compiled.computeIfAbsent(schema, s -> {
            Map<String, Object> root = new LinkedHashMap<>(s.toJson());
            root.put("components", Map.of("schemas", current));
            return FACTORY.getSchema(mapper.valueToTree(root), CONFIG);
        });
        Set<ValidationMessage> messages = validator.validate(value);
        return messages.stream().sorted(Comparator.comparing(m -> m.getInstanceLocation().toString())).toList();
    }

    /** A parameter as JSON: numbers and booleans as such when the schema says so, anything else as text. */
    private static JsonNode parameterValue(JsonSchema schema, String raw) {
        Object type = schema.keywords().get("type");
        String main = type instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(type);
        try {
            return switch (main) {
                case "integer", "number" -> JsonNodeFactory.instance.numberNode(new BigDecimal(raw.trim()));
                case "boolean" -> raw.equals("true") || raw.equals("false") ? JsonNodeFactory.instance.booleanNode(raw.equals("true"))
                        : JsonNodeFactory.instance.textNode(raw);
                default -> JsonNodeFactory.instance.textNode(raw);
            };
        } catch (NumberFormatException e) {
            return JsonNodeFactory.instance.textNode(raw);
        }
    }

    /** The field a message is about, as a path into the body: {@code email}, {@code lines.2.quantity}. */
    private static String field(ValidationMessage m) {
        List<String> path = new ArrayList<>();
        for (int i = 0; i < m.getInstanceLocation().getNameCount(); i++) {
            path.add(String.valueOf(m.getInstanceLocation().getElement(i)));
        }
        if (m.getProperty() != null && !m.getProperty().isEmpty()) {
            path.add(m.getProperty());
        }
        return path.isEmpty() ? null : String.join(".", path);
    }

    /** The message without the location it starts with (the field says where). */
    private static String describe(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String message = m.getMessage();
        return message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
