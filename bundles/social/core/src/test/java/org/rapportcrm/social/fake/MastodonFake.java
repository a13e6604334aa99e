package org.rapportcrm.social.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Mastodon server for tests, speaking the parts of its published API a CRM uses (docs.joinmastodon.org): bearer
 * tokens (401 {@code {"error":"The access token is invalid"}}), notifications over REST ({@code GET /api/v1/notifications}
 * with {@code types[]}, {@code min_id}, {@code since_id}, {@code max_id}, {@code limit} up to 80, newest first) and as
 * server-sent events ({@code GET /api/v1/streaming/user/notification}: {@code event: notification}, the entity as
 * {@code data:}, {@code :thump} heartbeats every second), statuses posted with {@code in_reply_to_id} and honouring
 * {@code Idempotency-Key}. Test controls: post a mention, drop every open stream, answer 429 with
 * {@code X-RateLimit-Reset} for the next requests.
 */
public final class MastodonFake implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String token;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mastodon-fake");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong(110_000_000_000_000_000L);
    private final List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> posted = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> byIdempotencyKey = new HashMap<>();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger answered429 = new AtomicInteger();
    private final Thread heartbeat;

    private record Stream(HttpExchange exchange, CountDownLatch closed) {
        synchronized boolean write(String text) {
            try {
                OutputStream out = exchange.getResponseBody();
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                closed.countDown();
                return false;
            }
        }
    }

    public MastodonFake(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        heartbeat = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                streams.forEach(s -> s.write(":thump\n"));
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mastodon-fake-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A mention of the CRM's account by {@code acct}: stored for REST and pushed to every open stream; returns its notification id. */
    public String mention(String acct, String displayName, String html) {
        String statusId = Long.toString(ids.incrementAndGet());
        String id = Long.toString(ids.incrementAndGet());
        Map<String, Object> account = account(acct, displayName);
        Map<String, Object> status = status(statusId, null, "<p><span class=\"h-card\"><a href=\"https://example.social/@crm\" class=\"u-url mention\">@<span>crm</span></a></span> "
                + html + "</p>", account);
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("id", id);
        notification.put("type", "mention");
        notification.put("created_at", Instant.now().toString());
        notification.put("account", account);
        notification.put("status", status);
        notifications.add(notification);
        String event = "event: notification\ndata: " + write(notification) + "\n\n";
        streams.forEach(s -> s.write(event));
        return id;
    }

    /** Closes every open stream, as a restarting streaming server or a dropped connection does. */
    public void dropStreams() {
        for (Stream s : streams) {
            streams.remove(s);
            s.exchange.close();
            s.closed.countDown();
        }
    }

    /** The next {@code requests} API requests are answered 429 Too Many Requests, resetting a second later. */
    public void rateLimitNext(int requests) {
        rateLimited.set(requests);
    }

    public int openStreams() {
        return streams.size();
    }

    public int streamsOpened() {
        return streamsOpened.get();
    }

    public int answered429() {
        return answered429.get();
    }

    /** The statuses the client posted, in order, each with its {@code in_reply_to_id}, {@code content} and {@code idempotency_key}. */
    public List<Map<String, Object>> posted() {
        return List.copyOf(posted);
    }

    @Override
    public void close() {
        heartbeat.interrupt();
        dropStreams();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
            if ("/api/v1/streaming/health".equals(path)) {
                send(ex, 200, "text/plain", "OK");
                return;
            }
            if (!authorized(ex, query)) {
                send(ex, 401, "application/json", "{\"error\":\"The access token is invalid\"}");
                return;
            }
            if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answered429.incrementAndGet();
                ex.getResponseHeaders().add("X-RateLimit-Limit", "300");
                ex.getResponseHeaders().add("X-RateLimit-Remaining", "0");
                ex.getResponseHeaders().add("X-RateLimit-Reset", Instant.now().plusSeconds(1).toString());
                send(ex, 429, "application/json", "{\"error\":\"Too many requests\"}");
                return;
            }
            if ("GET".equals(ex.getRequestMethod()) && "/api/v1/streaming/user/notification".equals(path)) {
                stream(ex);
            } else if ("GET".equals(ex.getRequestMethod()) && "/api/v1/notifications".equals(path)) {
                send(ex, 200, "application/json", write(page(query)));
            } else if ("POST".equals(ex.getRequestMethod()) && "/api/v1/statuses".equals(path)) {
                send(ex, 200, "application/json", write(post(ex)));
            } else if ("GET".equals(ex.getRequestMethod()) && "/api/v1/accounts/verify_credentials".equals(path)) {
                send(ex, 200, "application/json", write(account("crm", "Rapport CRM")));
            } else {
                send(ex, 404, "application/json", "{\"error\":\"Record not found\"}");
            }
        } catch (RuntimeException e) {
            send(ex, 500, "application/json", "{\"error\":\"" + e + "\"}");
        }
    }

    private boolean authorized(HttpExchange ex, Map<String, List<String>> query) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        return ("Bearer " + token).equals(header) || List.of(token).equals(query.get("access_token"));
    }

    private void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "text/event-stream");
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        Stream s = new Stream(ex, new CountDownLatch(1));
        s.write(":)\n");
        streams.add(s);
        streamsOpened.incrementAndGet();
        try {
            s.closed.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.remove(s);
            ex.close();
        }
    }

    /** Newest first; with min_id, the page right after it (the oldest newer ones), as Mastodon pages forward. */
    private List<Map<String, Object>> page(Map<String, List<String>> query) {
        List<String> types = query.getOrDefault("types[]", List.of());
        int limit = Math.min(80, Math.max(1, Integer.parseInt(first(query, "limit", "40"))));
        BigInteger minId = number(first(query, "min_id", null));
        BigInteger sinceId = number(first(query, "since_id", null));
        BigInteger maxId = number(first(query, "max_id", null));
        Comparator<Map<String, Object>> byId = Comparator.comparing(n -> new BigInteger((String) n.get("id")));
        List<Map<String, Object>> matching = new ArrayList<>(notifications.stream()
                .filter(n -> types.isEmpty() || types.contains((String) n.get("type")))
                .filter(n -> sinceId == null || new BigInteger((String) n.get("id")).compareTo(sinceId) > 0)
                .filter(n -> maxId == null || new BigInteger((String) n.get("id")).compareTo(maxId) < 0)
                .filter(n -> minId == null || new BigInteger((String) n.get("id")).compareTo(minId) > 0).toList());
        if (minId != null) {
            matching.sort(byId);
            List<Map<String, Object>> page = new ArrayList<>(matching.subList(0, Math.min(limit, matching.size())));
            page.sort(byId.reversed());
            return page;
        }
        matching.sort(byId.reversed());
        return matching.subList(0, Math.min(limit, matching.size()));
    }

    private synchronized Map<String, Object> post(HttpExchange ex) throws IOException {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null && byIdempotencyKey.containsKey(key)) {
            return byIdempotencyKey.get(key);
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, Object> request = new HashMap<>();
        if (contentType != null && contentType.startsWith("application/json")) {
            JSON.readTree(body).fields().forEachRemaining(e -> request.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        } else {
            query(new String(body, StandardCharsets.UTF_8)).forEach((k, v) -> request.put(k, v.get(0)));
        }
        String text = (String) request.get("status");
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Validation failed: Text can't be blank");
        }
        Map<String, Object> status = status(Long.toString(ids.incrementAndGet()), (String) request.get("in_reply_to_id"),
                "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>", account("crm", "Rapport CRM"));
        Map<String, Object> recorded = new LinkedHashMap<>(status);
        recorded.put("idempotency_key", key);
        recorded.put("text", text);
        posted.add(recorded);
        if (key != null) {
            byIdempotencyKey.put(key, status);
        }
        return status;
    }

    private Map<String, Object> status(String id, String inReplyTo, String content, Map<String, Object> account) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", id);
        status.put("created_at", Instant.now().toString());
        status.put("in_reply_to_id", inReplyTo);
        status.put("visibility", "public");
        status.put("language", null);
        status.put("uri", baseUrl() + "/users/" + account.get("username") + "/statuses/" + id);
        status.put("url", baseUrl() + "/@" + account.get("acct") + "/" + id);
        status.put("content", content);
        status.put("account", account);
        status.put("mentions", List.of());
        status.put("tags", List.of());
        status.put("emojis", List.of());
        status.put("reblog", null);
        return status;
    }

    private Map<String, Object> account(String acct, String displayName) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("id", Integer.toString(Math.abs(acct.hashCode())));
        account.put("username", acct.contains("@") ? acct.substring(0, acct.indexOf('@')) : acct);
        account.put("acct", acct);
        account.put("display_name", displayName);
        account.put("url", "https://" + (acct.contains("@") ? acct.substring(acct.indexOf('@') + 1) : "example.social") + "/@"
                + (acct.contains("@") ? acct.substring(0, acct.indexOf('@')) : acct));
        account.put("note", "");
        account.put("fields", List.of());
        return account;
    }

    private static String first(Map<String, List<String>> query, String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    private static BigInteger number(String value) {
        return value == null || value.isBlank() ? null : new BigInteger(value);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", contentType + "; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
