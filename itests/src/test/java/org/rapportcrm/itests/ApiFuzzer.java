package org.rapportcrm.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A fuzzer driven by {@code /api/v1/openapi.json}: for every operation it sends schema-valid requests and requests
 * with one rule broken, and checks what a client relies on: no 5xx; every status, media type and body as documented;
 * invalid data refused with 4xx; valid data not refused for a reason the schema could have stated; undeclared methods
 * answered 405 with {@code Allow}; protected operations answered 401 with a Basic challenge without credentials.
 */
final class ApiFuzzer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /**
     * Error codes of value rules a JSON Schema states: refusing a schema-valid value for one means the document is too
     * loose. (A value required or frozen only in some states, "required" or "readOnly", is a rule of the data.)
     */
    private static final Set<String> SCHEMA_CODES = Set.of("type", "format", "tooLong", "controlCharacters", "range", "scale",
            "picklist", "unknown");
    /** Statuses a schema-valid request may get for reasons no schema states: permissions, existence, state, versions. */
    private static final Set<Integer> SEMANTIC = Set.of(401, 403, 404, 409, 412, 422, 428, 429);
    /** Query parameters whose grammar (a filter expression, a field name, a cursor) is checked by the server, not the schema. */
    private static final Set<String> GRAMMARS = Set.of("filter", "sort", "cursor", "period", "owner");

    record Finding(String operation, String check, String detail) {
        @Override
        public String toString() {
            return operation + " [" + check + "] " + detail;
        }
    }

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random;
    private final JsonNode document;
    private final SchemaData data;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<String, com.networknt.schema.JsonSchema> compiled = new HashMap<>();
    /** Ids seen in answers, by the collection they belong to ({@code /contacts}). */
    private final Map<String, List<String>> ids = new HashMap<>();
    private final Set<String> skipped;
    private final List<Finding> findings = new ArrayList<>();
    private int requests;

    /**
     * @param skipped paths (as the document writes them) not to send changes to, such as an administrator's own user
     *     or capability installation, which would change the server under other tests
     */
    ApiFuzzer(String apiBase, String user, String password, long seed, Set<String> skipped) throws IOException, InterruptedException {
        this.base = apiBase;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.random = new Random(seed);
        this.skipped = skipped;
        this.document = JSON.readTree(send("GET", "/openapi.json", Map.of(), null, null, false).body());
        this.data = new SchemaData(document, seed);
    }

    int requests() {
        return requests;
    }

    /** Registers ids of an existing collection to use in paths, such as the fuzz user's at {@code /users}. */
    void knownIds(String collection, List<String> known) {
        ids.computeIfAbsent(collection, k -> new ArrayList<>()).addAll(known);
    }

    List<Finding> run(int casesPerOperation) throws IOException, InterruptedException {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Set<String> declared = new LinkedHashSet<>();
            path.getValue().fieldNames().forEachRemaining(m -> declared.add(m.toUpperCase(Locale.ROOT)));
            if (declared.contains("GET") && !path.getKey().contains("{")) {
                remember(path.getKey(), send("GET", path.getKey(), Map.of(), null, null, true));
            }
            for (String method : declared) {
                JsonNode op = path.getValue().path(method.toLowerCase(Locale.ROOT));
                boolean mutating = !method.equals("GET");
                if (mutating && skipped.stream().anyMatch(path.getKey()::startsWith)) {
                    continue;
                }
                for (int i = 0; i < casesPerOperation; i++) {
                    positive(method, path.getKey(), op);
                    negative(method, path.getKey(), op);
                }
                unauthenticated(method, path.getKey(), op);
            }
            undeclaredMethod(path.getKey(), declared);
        }
        return findings;
    }

    private void positive(String method, String template, JsonNode op) throws IOException, InterruptedException {
        Request r = request(method, template, op, true);
        HttpResponse<String> response = send(method, r.path(), r.headers(), r.contentType(), r.body(), true);
        String label = method + " " + template;
        conforms(label, op, response);
        int status = response.statusCode();
        if (status / 100 == 2) {
            remember(template, response);
        } else if (status == 400 && GRAMMARS.contains(problemField(response))) {
            return; // a filter, sort or cursor the server could not use: the schema cannot state their grammar
        } else if (status == 422 && schemaCodes(response)) {
            findings.add(new Finding(label, "positive_data_acceptance", "a schema-valid request was refused for a rule "
                    + "the schema could state: " + response.body() + " request: " + r));
        } else if (!SEMANTIC.contains(status) && status != 304 && status < 500) {
            findings.add(new Finding(label, "positive_data_acceptance", "a schema-valid request got " + status + ": "
                    + response.body() + " request: " + r));
        }
    }

    private void negative(String method, String template, JsonNode op) throws IOException, InterruptedException {
        Request valid = request(method, template, op, false);
        JsonNode bodySchema = op.path("requestBody").path("content").path("application/json").path("schema");
        SchemaData.Mutation mutation = null;
        if (!bodySchema.isMissingNode() && valid.json() instanceof ObjectNode o) {
            mutation = data.invalid(bodySchema, o);
        }
        Request broken;
        String what;
        if (mutation != null) {
            broken = valid.withBody(mutation.value());
            what = "body: " + mutation.what();
        } else {
            Map.Entry<String, String> badQuery = badQueryParameter(op);
            if (badQuery == null) {
                return;
            }
            String without = valid.path().replaceAll("([?&])" + badQuery.getKey() + "=[^&]*&?", "$1").replaceAll("[?&]$", "");
            String sep = without.contains("?") ? "&" : "?";
            broken = valid.withPath(without + sep + badQuery.getKey() + "=" + URLEncoder.encode(badQuery.getValue(), StandardCharsets.UTF_8));
            what = "query: " + badQuery.getKey() + "=" + badQuery.getValue();
        }
        HttpResponse<String> response = send(method, broken.path(), broken.headers(), broken.contentType(), broken.body(), true);
        String label = method + " " + template;
        conforms(label, op, response);
        if (response.statusCode() / 100 == 2) {
            findings.add(new Finding(label, "negative_data_rejection", "invalid data was accepted (" + what + "): " + broken));
        }
    }

    private Map.Entry<String, String> badQueryParameter(JsonNode op) {
        for (JsonNode p : op.path("parameters")) {
            if (!p.path("in").asText().equals("query")) {
                continue;
            }
            JsonNode schema = data.resolve(p.path("schema"));
            for (Map.Entry<String, JsonNode> bad : data.badValues(schema).entrySet()) {
                boolean text = SchemaData.types(schema).contains("string");
                // In a query string everything is text: a number is a valid text, text is an invalid number.
                if (bad.getValue().isTextual() || bad.getValue().isNumber() && !text) {
                    return Map.entry(p.path("name").asText(), bad.getValue().asText());
                }
            }
        }
        return null;
    }

    private void unauthenticated(String method, String template, JsonNode op) throws IOException, InterruptedException {
        if (op.has("security") && op.path("security").isEmpty()) {
            return; // public
        }
        Request r = request(method, template, op, false);
        HttpResponse<String> response = send(method, r.path(), Map.of(), r.contentType(), r.body(), false);
        String label = method + " " + template;
        if (response.statusCode() != 401) {
            findings.add(new Finding(label, "ignored_auth", "without credentials: " + response.statusCode()));
        } else if (response.headers().allValues("WWW-Authenticate").stream().noneMatch(h -> h.startsWith("Basic"))) {
            findings.add(new Finding(label, "ignored_auth", "401 without a Basic challenge: " + response.headers().map()));
        }
    }

    private void undeclaredMethod(String template, Set<String> declared) throws IOException, InterruptedException {
        for (String method : METHODS) {
            if (declared.contains(method) || method.equals("PUT") && !declared.isEmpty()) {
                continue;
            }
            String path = template;
            for (JsonNode p : document.path("paths").path(template).path(declared.iterator().next().toLowerCase(Locale.ROOT)).path("parameters")) {
                if (p.path("in").asText().equals("path")) {
                    path = path.replace("{" + p.path("name").asText() + "}", URLEncoder.encode(pathValue(template, p.path("name").asText(), p),
                            StandardCharsets.UTF_8));
                }
            }
            HttpResponse<String> response = send(method, path, Map.of(), "application/json", "{}", true);
            Set<String> allow = new LinkedHashSet<>();
            response.headers().firstValue("Allow").ifPresent(a -> List.of(a.split(",\\s*")).forEach(allow::add));
            if (response.statusCode() != 405 || !allow.equals(declared)) {
                findings.add(new Finding(method + " " + template, "unsupported_method", "got " + response.statusCode()
                        + " with Allow " + allow + " (declared " + declared + ")"));
            }
            return; // one undeclared method per path is enough
        }
    }

    /** The documented status, media type and body schema. */
    private void conforms(String label, JsonNode op, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            findings.add(new Finding(label, "not_a_server_error", status + " " + response.body()));
        }
        JsonNode documented = op.path("responses").path(String.valueOf(status));
        if (documented.isMissingNode()) {
            documented = op.path("responses").path("default");
        }
        if (documented.isMissingNode()) {
            findings.add(new Finding(label, "status_code_conformance", "undocumented " + status + ": " + response.body()));
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
        if (response.body().isEmpty() || status == 304 || status == 204) {
            return;
        }
        JsonNode media = documented.path("content").path(contentType);
        if (media.isMissingNode()) {
            findings.add(new Finding(label, "content_type_conformance", status + " answered " + contentType + ", documented "
                    + documented.path("content").properties().stream().map(Map.Entry::getKey).toList()));
            return;
        }
        if (!(contentType.equals("application/json") || contentType.endsWith("+json")) || !media.has("schema")) {
            return;
        }
        try {
            List<ValidationMessage> errors = new ArrayList<>(validator(media.path("schema")).validate(JSON.readTree(response.body())));
            if (!errors.isEmpty()) {
                findings.add(new Finding(label, "response_schema_conformance", status + ": " + errors.subList(0, Math.min(3, errors.size()))));
            }
        } catch (IOException e) {
            findings.add(new Finding(label, "response_schema_conformance", "not JSON: " + e.getMessage()));
        }
    }

    private com.networknt.schema.JsonSchema validator(JsonNode schema) {
        return compiled.computeIfAbsent(schema.toString(), s -> {
            ObjectNode root = schema.deepCopy();
            root.set("components", document.path("components"));
            return schemas.getSchema(root, config);
        });
    }

    private record Request(String path, Map<String, String> headers, String contentType, String body, JsonNode json) {
        Request withBody(JsonNode value) {
            return new Request(path, headers, contentType, value.toString(), value);
        }

        Request withPath(String p) {
            return new Request(p, headers, contentType, body, json);
        }

        @Override
        public String toString() {
            return path + " " + headers + " " + (body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }

    /** A schema-valid request; {@code withOptional}: fill optional parameters and properties too. */
    private Request request(String method, String template, JsonNode op, boolean withOptional) throws IOException, InterruptedException {
        String path = template;
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode p : op.path("parameters")) {
            String name = p.path("name").asText();
            String in = p.path("in").asText();
            if (in.equals("path")) {
                path = path.replace("{" + name + "}", URLEncoder.encode(pathValue(template, name, p), StandardCharsets.UTF_8).replace("+", "%20"));
            } else if (p.path("required").asBoolean() || withOptional && random.nextBoolean()) {
                String value = scalar(data.valid(p.path("schema"), false));
                if (value == null) {
                    continue;
                }
                if (in.equals("query")) {
                    query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                } else if (in.equals("header") && !name.equals("If-Match") && !name.equals("If-None-Match")) {
                    headers.put(name, value.replaceAll("[\\r\\n]", " "));
                }
            }
        }
        if (op.path("parameters").toString().contains("\"If-Match\"")) {
            headers.put("If-Match", currentETag(path));
        }
        JsonNode content = op.path("requestBody").path("content");
        if (content.has("application/json")) {
            JsonNode body = data.valid(content.path("application/json").path("schema"), withOptional);
            return new Request(path + query, headers, "application/json", body.toString(), body);
        }
        if (content.size() > 0) {
            String mediaType = content.fieldNames().next();
            String body = mediaType.equals("text/csv") ? "name\nFuzz " + random.nextInt(1000) + "\n" : "{\"name\":\"Fuzz\"}\n";
            return new Request(path + query, headers, mediaType, body, null);
        }
        return new Request(path + query, headers, null, null, null);
    }

    private String pathValue(String template, String name, JsonNode parameter) {
        String collection = template.substring(0, template.indexOf("/{" + name + "}"));
        List<String> known = ids.getOrDefault(collection, List.of());
        if (!known.isEmpty() && random.nextInt(5) != 0) {
            return known.get(random.nextInt(known.size()));
        }
        String value = scalar(data.valid(parameter.path("schema"), false));
        return value == null || value.isBlank() ? "x" : value;
    }

    private String currentETag(String path) throws IOException, InterruptedException {
        if (random.nextInt(4) == 0) {
            return random.nextBoolean() ? "\"999999\"" : "W/\"1\"";
        }
        HttpResponse<String> current = send("GET", path.replaceFirst("\\?.*", ""), Map.of(), null, null, true);
        return current.headers().firstValue("ETag").orElse("\"1\"");
    }

    private static String scalar(JsonNode value) {
        return value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    private void remember(String template, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2 || !response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            return;
        }
        String collection = template.replaceFirst("/\\{[^}]+}.*$", "");
        try {
            JsonNode body = JSON.readTree(response.body());
            List<String> known = ids.computeIfAbsent(collection, k -> new ArrayList<>());
            for (JsonNode item : body.has("items") ? body.path("items") : List.of(body)) {
                String id = item.path("id").asText(item.path("name").asText(null));
                if (id != null && !known.contains(id) && known.size() < 50) {
                    known.add(id);
                }
            }
        } catch (IOException e) {
            // not an object: nothing to remember
        }
    }

    private String problemField(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body()).path("errors").path(0).path("field").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private boolean schemaCodes(HttpResponse<String> response) {
        try {
            for (JsonNode e : JSON.readTree(response.body()).path("errors")) {
                if (SCHEMA_CODES.contains(e.path("code").asText())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String contentType, String body,
            boolean authenticated) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (authenticated) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        requests++;
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs against a started Rapport: {@code ApiFuzzer <api base> <user> <password> [cases] [seed]}. */
    public static void main(String[] args) throws Exception {
        ApiFuzzer fuzzer = new ApiFuzzer(args[0], args[1], args[2], args.length > 4 ? Long.parseLong(args[4]) : 1,
                Set.of("/admin", "/setup", "/session", "/users"));
        List<Finding> findings = fuzzer.run(args.length > 3 ? Integer.parseInt(args[3]) : 5);
        findings.forEach(System.out::println);
        System.out.println(findings.size() + " findings in " + fuzzer.requests() + " requests");
    }
}
