package org.rapportcrm.social.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blog's RSS 2.0 feed for tests, served as web servers serve feeds: a strong {@code ETag} and a
 * {@code Last-Modified}, 304 Not Modified to a conditional GET when nothing changed, newest entry first. Test controls:
 * publish an entry, answer 503 with {@code Retry-After} to the next request.
 */
public final class FeedFake implements AutoCloseable {
    private final HttpServer server;
    private final List<String> items = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private int version;
    private Instant modified = Instant.parse("2026-12-01T08:00:00Z");

    public FeedFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed.xml", this::serve);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml";
    }

    /** Publishes an entry (RSS 2.0 {@code <author>} is "email (Name)"; the description is HTML). */
    public synchronized void publish(String guid, String title, String descriptionHtml, String authorEmail, String authorName, Instant published) {
        items.add(0, "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + escape(title) + "</title>"
                + "<link>https://blog.example/posts/" + guid + "</link><description>" + escape(descriptionHtml) + "</description>"
                + "<author>" + authorEmail + " (" + escape(authorName) + ")</author><pubDate>" + DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        published.atOffset(ZoneOffset.UTC)) + "</pubDate></item>");
        version++;
        modified = published.isAfter(modified) ? published : modified.plusSeconds(1);
    }

    /** The next {@code count} requests get 503 with {@code Retry-After: seconds}. */
    public void unavailableFor(int count) {
        unavailable.set(count);
    }

    public int requests() {
        return requests.get();
    }

    public int notModified() {
        return notModified.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", "120");
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String body;
            String etag;
            String lastModified;
            synchronized (this) {
                etag = "\"v" + version + "\"";
                lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC));
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Example reviews</title>"
                        + "<link>https://blog.example/</link><description>Reviews of CRM software</description>" + String.join("", items)
                        + "</channel></rss>";
            }
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Last-Modified", lastModified);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
