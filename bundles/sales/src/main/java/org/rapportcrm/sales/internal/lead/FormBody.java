package org.rapportcrm.sales.internal.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a posted form, as text. A field sent several times (checkboxes) or as a JSON array of plain values
 * becomes one text, the values joined by ", ". A JSON object cannot be a field's value: such fields are listed in
 * {@link Fields#nested()} and refused only if they map to a lead field.
 */
final class FormBody {
    private FormBody() {
    }

    /** The body could not be read as the content type says. */
    static final class MalformedBody extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedBody(String message) {
            super(message);
        }
    }

    record Fields(Map<String, String> values, Set<String> nested) {
    }

    static Fields urlEncoded(byte[] body, Charset charset) throws MalformedBody {
        Map<String, List<String>> collected = new LinkedHashMap<>();
        String text = new String(body, charset);
        try {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                collected.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedBody("The form data is not properly URL-encoded: " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        collected.forEach((name, list) -> values.put(name, join(list)));
        return new Fields(values, Set.of());
    }

    static Fields json(ObjectMapper mapper, byte[] body) throws MalformedBody {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedBody("Malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new MalformedBody("The request body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedBody("The request body must be a JSON object of form fields");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> nested = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isValueNode()) {
                values.put(e.getKey(), v.asText());
            } else if (v.isArray() && allPlain(v)) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                values.put(e.getKey(), join(items));
            } else {
                nested.add(e.getKey());
            }
        }
        return new Fields(values, nested);
    }

    private static boolean allPlain(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isValueNode() || item.isNull()) {
                return false;
            }
        }
        return true;
    }

    private static String join(List<String> values) {
        return String.join(", ", values.stream().filter(v -> !v.isBlank()).toList());
    }
}
