package org.rapportcrm.sales.internal.lead;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rapportcrm.platform.api.record.FieldError;

/**
 * What lead capture answers: a status, headers and a JSON body (none for a redirect). Problems have the shape of the
 * platform's REST API (RFC 9457: type, title, status, detail, instance, errors of field/code/message).
 */
record CaptureResponse(int status, Map<String, String> headers, String contentType, Map<String, Object> body) {
    static final String PROBLEM_BASE = "https://rapportcrm.org/problems/";
    static final String PROBLEM_JSON = "application/problem+json";

    CaptureResponse {
        headers = Map.copyOf(headers);
    }

    static CaptureResponse json(int status, Map<String, Object> body) {
        return new CaptureResponse(status, Map.of(), "application/json", body);
    }

    static CaptureResponse redirect(String location) {
        return new CaptureResponse(303, Map.of("Location", location), null, null);
    }

    static CaptureResponse problem(int status, String title, String detail, String instance, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PROBLEM_BASE + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        if (!errors.isEmpty()) {
            body.put("errors", errors.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("field", e.field());
                m.put("code", e.code());
                m.put("message", e.message());
                return m;
            }).toList());
        }
        return new CaptureResponse(status, Map.of(), PROBLEM_JSON, body);
    }

    CaptureResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new CaptureResponse(status, more, contentType, body);
    }

    /** The field errors of a problem, for tests and logs. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors() {
        return body == null ? List.of() : (List<Map<String, Object>>) body.getOrDefault("errors", List.of());
    }
}
