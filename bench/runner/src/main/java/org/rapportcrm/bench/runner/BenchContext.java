package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Map;

/** What a scenario works with: the options, the running server, HTTP to it as the admin, and the RSS sampler. */
final class BenchContext {
    /** The same seed everywhere: the import, the raw JDBC insert and the creates write the same kind of contacts. */
    static final long SEED = 42;
    static final String ADMIN_PASSWORD = "bench-admin-password";

    private final BenchOptions options;
    private final Server server;
    private final ObjectMapper json;
    private final RssSampler rss;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private volatile List<String> sampledIds = List.of();
    private final String authorization = "Basic "
            + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final String databaseUrl;
    private final Map<String, String> serverEnvironment;

    /**
     * @param databaseUrl the run's PostgreSQL schema, empty on Derby
     * @param serverEnvironment the server's environment variables, for another node
     */
    BenchContext(BenchOptions options, Server server, ObjectMapper json, String databaseUrl, Map<String, String> serverEnvironment) {
        this.options = options;
        this.server = server;
        this.json = json;
        this.rss = new RssSampler(server);
        this.databaseUrl = databaseUrl;
        this.serverEnvironment = Map.copyOf(serverEnvironment);
    }

    /** Another node of the same cluster (on PostgreSQL): its own folder, ports and node name, the same database. */
    Server anotherNode(String nodeName) throws IOException, InterruptedException {
        Map<String, String> env = new java.util.HashMap<>(serverEnvironment);
        env.put("RAPPORT_NODE_NAME", nodeName);
        return Server.unpack(options.distribution(), options.workDir(), env, databaseUrl, options.webMaxThreads(), options.poolSettings());
    }

    BenchOptions options() {
        return options;
    }

    Server server() {
        return server;
    }

    /** Indents its output, for the results file; the request bodies written with it are indented too. */
    ObjectMapper json() {
        return json;
    }

    RssSampler rss() {
        return rss;
    }

    /** Contact ids spread over the table, for reads by id (sampled before the reads scenario). */
    List<String> sampledIds() {
        return sampledIds;
    }

    void sampledIds(List<String> ids) {
        sampledIds = List.copyOf(ids);
    }

    /** The fields lists of contacts are offered sorted by (the metadata's sortableFields). */
    List<String> sortableContactFields() throws IOException, InterruptedException {
        List<String> fields = new ArrayList<>();
        getJson("/api/v1/metadata/contact").path("sortableFields").forEach(f -> fields.add(f.asText()));
        return fields;
    }

    /** A request to the server, signed in as the admin. */
    HttpRequest.Builder request(String path) {
        return request(server, path);
    }

    /** A request to {@code node}, signed in as the admin. */
    HttpRequest.Builder request(Server node, String path) {
        return HttpRequest.newBuilder(URI.create(node.baseUrl + path)).timeout(Duration.ofMinutes(10)).header("Authorization", authorization);
    }

    /** A request without credentials: for the probe's bare servlet, which has no authentication to measure. */
    HttpRequest.Builder bareRequest(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl + path)).timeout(Duration.ofMinutes(10));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        return json.readTree(get(path).body());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** With a body handler of its own: a download into a file, say. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return http.send(request, body);
    }

    /** The {@code total} of a list request (one with a query string) asked with {@code count=true}; -1 if absent. */
    long total(String listPath) throws IOException, InterruptedException {
        return getJson(listPath + "&count=true").path("total").asLong(-1);
    }

    /** Closed-loop load with the run's warm-up and duration. */
    Load.Result load(String name, Load.Settings settings, Load.RequestFactory requests) throws InterruptedException {
        return Load.run(name, settings, requests);
    }

    /** Closed-loop load with the run's warm-up and duration. */
    Load.Result load(String name, int clients, int expectedStatus, Load.RequestFactory requests) throws InterruptedException {
        return Load.run(name, clients, options.warmup(), options.duration(), expectedStatus, requests);
    }

    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
