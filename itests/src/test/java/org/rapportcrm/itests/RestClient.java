package org.rapportcrm.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small HTTP client for the API, as an integrator would write one. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The two 503s that say "not there yet, try again" with Retry-After: the servlet at /api/* while the API component
     * is not running (ApiServlet), and the API for a path it does not know while Rapport is starting or a capability
     * comes or goes (ApiDispatcher). A client honouring Retry-After sends again; the tests do too.
     */
    private static final List<String> NOT_THERE_YET = List.of("The API is not running", "Rapport is starting or changing its capabilities");
    private static final java.time.Duration NOT_THERE_YET_PATIENCE = java.time.Duration.ofSeconds(30);
    private final String base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    RestClient(RapportServer server) {
        this(server.baseUrl + "/api/v1");
    }

    /** A client of the endpoints under {@code base}, such as {@code http://localhost:8181/api/v1}. */
    RestClient(String base) {
        this.base = base;
    }

    /** A client without credentials of the server's public pages outside the API (such as a web form's endpoint). */
    RestClient publicSite() {
        return new RestClient(base.replaceFirst("/api/v1$", ""));
    }

    RestClient basic(String user, String password) {
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    RestClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A client like this one that also sends the header. */
    RestClient with(String name, String value) {
        RestClient copy = new RestClient(base);
        copy.headers.putAll(headers);
        return copy.header(name, value);
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The field named by the first error of a problem response. */
        String problemField() {
            return body.path("errors").path(0).path("field").asText(null);
        }
    }

    Response get(String path) {
        return send(builder(path).GET());
    }

    Response post(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").POST(bodyOf(body)));
    }

    Response put(String path, Object body) {
        return send(builder(path).header("Content-Type", "application/json").PUT(bodyOf(body)));
    }

    Response patch(String path, String ifMatch, Object body) {
        HttpRequest.Builder b = builder(path).header("Content-Type", "application/json").method("PATCH", bodyOf(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(b);
    }

    Response send(String method, String path) {
        return send(builder(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    Response delete(String path, String ifMatch) {
        return send(builder(path).header("If-Match", ifMatch).DELETE());
    }

    Response raw(String method, String path, String contentType, String body) {
        return send(builder(path).header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Sends bytes as they are, such as a file upload; {@code headers} are name, value pairs. */
    Response upload(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    /** A download as bytes; {@code headers} are name, value pairs. */
    HttpResponse<byte[]> download(String path, String... headers) {
        HttpRequest.Builder b = builder(path).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(b::header);
        return b;
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean notThereYet(HttpResponse<String> r) {
        return r.statusCode() == 503 && NOT_THERE_YET.stream().anyMatch(r.body()::contains);
    }

    /**
     * Sends it, and again for up to 30 s while the answer says the API or the endpoint is not there yet (see
     * {@link #NOT_THERE_YET}). Any other answer, the API's other 503s included (health, a busy database), is returned.
     */
    private static Response send(HttpRequest.Builder b) {
        try {
            HttpRequest request = b.build();
            long deadline = System.nanoTime() + NOT_THERE_YET_PATIENCE.toNanos();
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            while (notThereYet(r) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            }
            boolean json = r.headers().firstValue("Content-Type").orElse("").contains("json") && !r.body().isEmpty();
            JsonNode body = json ? JSON.readTree(r.body()) : JSON.nullNode();
            return new Response(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
