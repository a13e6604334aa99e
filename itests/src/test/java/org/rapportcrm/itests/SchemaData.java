package org.rapportcrm.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.curiousoddman.rgxgen.RgxGen;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Values for a JSON Schema of an OpenAPI document: valid ones (every keyword the API uses: type lists, enum, lengths,
 * patterns, formats, ranges, multipleOf, required, $ref, oneOf) and invalid ones (exactly one rule broken), from a
 * seeded random source so a failing case can be replayed.
 */
final class SchemaData {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private final JsonNode components;
    private final Random random;
    private final Map<String, RgxGen> patterns = new ConcurrentHashMap<>();

    SchemaData(JsonNode document, long seed) {
        this.components = document.path("components").path("schemas");
        this.random = new Random(seed);
    }

    JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = components.path(s.path("$ref").asText().replace("#/components/schemas/", ""));
        }
        return s;
    }

    /** A value the schema accepts; {@code withOptional}: also fill optional properties. */
    JsonNode valid(JsonNode schema, boolean withOptional) {
        JsonNode s = resolve(schema);
        if (s.has("oneOf")) {
            return valid(s.path("oneOf").path(random.nextInt(s.path("oneOf").size())), withOptional);
        }
        if (s.has("enum")) {
            JsonNode values = s.path("enum");
            return values.path(random.nextInt(values.size()));
        }
        List<String> types = types(s);
        if (types.isEmpty()) {
            return F.textNode("any");
        }
        String type = types.size() > 1 && random.nextInt(5) == 0 && types.contains("null") ? "null"
                : types.stream().filter(t -> !t.equals("null")).findFirst().orElse("null");
        return switch (type) {
            case "null" -> F.nullNode();
            case "boolean" -> F.booleanNode(random.nextBoolean());
            case "integer" -> F.numberNode(number(s, true));
            case "number" -> F.numberNode(number(s, false));
            case "string" -> F.textNode(string(s));
            case "array" -> {
                ArrayNode a = F.arrayNode();
                int n = Math.max(s.path("minItems").asInt(0), random.nextInt(3));
                for (int i = 0; i < n; i++) {
                    a.add(valid(s.path("items"), withOptional));
                }
                yield a;
            }
            default -> object(s, withOptional);
        };
    }

    private ObjectNode object(JsonNode s, boolean withOptional) {
        ObjectNode o = F.objectNode();
        List<String> required = names(s.path("required"));
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (resolve(p.getValue()).path("readOnly").asBoolean(false)) {
                continue;
            }
            if (required.contains(p.getKey()) || withOptional && random.nextBoolean()) {
                o.set(p.getKey(), valid(p.getValue(), withOptional));
            }
        }
        return o;
    }

    /**
     * An invalid variant of a valid object: one property of the wrong type, too long, out of range, off its pattern
     * or enum, an unknown property, or a required one missing. Null when the schema leaves nothing to break.
     */
    Mutation invalid(JsonNode schema, ObjectNode valid) {
        JsonNode s = resolve(schema);
        List<Mutation> options = new ArrayList<>();
        if (s.path("additionalProperties").isBoolean() && !s.path("additionalProperties").asBoolean()) {
            ObjectNode o = valid.deepCopy();
            o.put("noSuchField" + random.nextInt(1000), "x");
            options.add(new Mutation("an unknown property", o));
        }
        for (String name : names(s.path("required"))) {
            ObjectNode o = valid.deepCopy();
            o.remove(name);
            options.add(new Mutation("without the required " + name, o));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            JsonNode ps = resolve(p.getValue());
            if (ps.path("readOnly").asBoolean(false)) {
                continue;
            }
            for (Map.Entry<String, JsonNode> bad : badValues(ps).entrySet()) {
                ObjectNode o = valid.deepCopy();
                o.set(p.getKey(), bad.getValue());
                options.add(new Mutation(p.getKey() + " " + bad.getKey(), o));
            }
        }
        return options.isEmpty() ? null : options.get(random.nextInt(options.size()));
    }

    record Mutation(String what, JsonNode value) {
    }

    /** Values that break one rule of a property schema, by what they break. */
    Map<String, JsonNode> badValues(JsonNode ps) {
        Map<String, JsonNode> bad = new java.util.LinkedHashMap<>();
        List<String> types = types(ps);
        if (ps.has("oneOf") || types.isEmpty()) {
            return bad;
        }
        if (!types.contains("null")) {
            bad.put("as null", F.nullNode());
        }
        if (!types.contains("object")) {
            bad.put("as an object", F.objectNode().put("a", 1));
        }
        if (types.contains("string")) {
            if (!types.contains("number") && !types.contains("integer")) {
                bad.put("as a number", F.numberNode(12));
            }
            if (ps.has("maxLength")) {
                bad.put("too long", F.textNode("x".repeat(ps.path("maxLength").asInt() + 1)));
            }
            if (ps.has("enum")) {
                bad.put("off its values", F.textNode("Not-a-value-" + random.nextInt(1000)));
            }
            if (ps.has("pattern") && !Pattern.compile(ps.path("pattern").asText()).matcher("bad \u0001 value").find()) {
                bad.put("off its pattern", F.textNode("bad \u0001 value"));
            }
            if ("date".equals(ps.path("format").asText()) || "date-time".equals(ps.path("format").asText())) {
                bad.put("not a date", F.textNode("31/12/2026"));
            }
        }
        if (types.contains("integer") || types.contains("number")) {
            bad.put("as text", F.textNode("twelve"));
            if (ps.has("maximum")) {
                bad.put("above its maximum", F.numberNode(new BigDecimal(ps.path("maximum").asText()).add(BigDecimal.ONE)));
            }
            if (ps.has("minimum")) {
                bad.put("below its minimum", F.numberNode(new BigDecimal(ps.path("minimum").asText()).subtract(BigDecimal.ONE)));
            }
            if (ps.has("multipleOf") && ps.path("multipleOf").decimalValue().compareTo(BigDecimal.ONE) < 0) {
                bad.put("with too many decimals", F.numberNode(ps.path("multipleOf").decimalValue().movePointLeft(1)));
            }
            if (types.contains("integer")) {
                bad.put("with decimals", F.numberNode(new BigDecimal("1.5")));
            }
        }
        if (types.contains("boolean")) {
            bad.put("as text", F.textNode("yes"));
        }
        return bad;
    }

    String string(JsonNode s) {
        int min = s.path("minLength").asInt(0);
        int max = s.path("maxLength").asInt(Math.max(min, 40));
        String format = s.path("format").asText("");
        String pattern = s.path("pattern").asText(null);
        String value = switch (format) {
            case "date" -> LocalDate.of(1 + random.nextInt(9998), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString();
            case "date-time" -> LocalDate.of(1900 + random.nextInt(200), 1 + random.nextInt(12), 1 + random.nextInt(28))
                    + "T" + two(random.nextInt(24)) + ":" + two(random.nextInt(60)) + ":" + two(random.nextInt(60))
                    + (random.nextBoolean() ? "Z" : "+02:00");
            default -> null;
        };
        if (value != null) {
            return value;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            String candidate = pattern == null || isAnyText(pattern) ? text(min, Math.min(max, 60), pattern) : fromPattern(pattern);
            int length = candidate.codePointCount(0, candidate.length());
            if (length >= min && length <= max && (pattern == null || Pattern.compile(pattern).matcher(candidate).find())) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot make a value of " + s);
    }

    /** Patterns that only forbid control characters: any text of the right length will do. */
    private static boolean isAnyText(String pattern) {
        return pattern.startsWith("^[^\\u0000") || pattern.equals("^(?!0000)");
    }

    private String text(int min, int max, String pattern) {
        int length = min + random.nextInt(Math.max(1, max - min + 1));
        StringBuilder b = new StringBuilder();
        String alphabet = "abcXYZ 0123456789äöüßéçÀ€漢字-_.,;:!?'\"()[]{}@#%&*+=/\\<>|~`^$";
        while (b.codePointCount(0, b.length()) < length) {
            if (random.nextInt(20) == 0) {
                b.appendCodePoint(0x1F600 + random.nextInt(50)); // outside the BMP: two chars, one character
            } else {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        if (pattern != null && pattern.contains("\\u0008") && random.nextBoolean()) {
            b.append("\nsecond line\ttab"); // multi-line text may have line breaks
        }
        return b.toString();
    }

    private String fromPattern(String pattern) {
        // RgxGen knows no lookahead: generate without it; the caller checks the whole pattern and tries again.
        RgxGen gen = patterns.computeIfAbsent(pattern, p -> RgxGen.parse(p.replaceAll("^\\^|\\$$", "").replaceAll("\\(\\?![^)]*\\)", "")));
        return gen.generate(random);
    }

    private BigDecimal number(JsonNode s, boolean integer) {
        BigDecimal min = s.has("minimum") ? new BigDecimal(s.path("minimum").asText()) : BigDecimal.valueOf(-1_000_000);
        BigDecimal max = s.has("maximum") ? new BigDecimal(s.path("maximum").asText()) : BigDecimal.valueOf(1_000_000);
        BigDecimal step = s.has("multipleOf") ? new BigDecimal(s.path("multipleOf").asText()) : integer ? BigDecimal.ONE : new BigDecimal("0.001");
        int pick = random.nextInt(6);
        if (pick == 0) {
            return min.divide(step, 0, RoundingMode.CEILING).multiply(step);
        }
        if (pick == 1) {
            return max.divide(step, 0, RoundingMode.FLOOR).multiply(step);
        }
        BigDecimal lo = min.max(BigDecimal.valueOf(-100_000));
        BigDecimal hi = max.min(BigDecimal.valueOf(100_000));
        BigDecimal value = lo.add(hi.subtract(lo).multiply(BigDecimal.valueOf(random.nextDouble())));
        return value.divide(step, 0, RoundingMode.HALF_UP).multiply(step).stripTrailingZeros();
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    static List<String> types(JsonNode s) {
        JsonNode t = s.path("type");
        List<String> types = new ArrayList<>();
        if (t.isTextual()) {
            types.add(t.asText());
        } else if (t.isArray()) {
            t.forEach(x -> types.add(x.asText()));
        }
        return types;
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
