package org.rapportcrm.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client on the JDK's HttpClient, as an integrator would read Rapport's notification stream. */
final class EventStream implements AutoCloseable {
    /** One event: its id, name and data (the data lines joined), and when it arrived (System.nanoTime()). */
    record Event(String id, String name, String data, long receivedNanos) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    final int status;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    /** Opens {@code url} as the user; {@code lastEventId} null for a fresh stream. */
    EventStream(String url, String user, String password, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        response = HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> r = response.orTimeout(30, TimeUnit.SECONDS).join();
        status = r.statusCode();
        lines = r.body();
        if (status == 200) {
            Thread reader = new Thread(this::read, "sse-reader-" + user);
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read() {
        StringBuilder data = new StringBuilder();
        String[] idAndName = {null, "message"};
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(idAndName[0], idAndName[1], data.toString(), System.nanoTime()));
                    }
                    data.setLength(0);
                    idAndName[1] = "message";
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    idAndName[0] = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    idAndName[1] = line.substring(6).strip();
                }
            });
        } catch (RuntimeException e) {
            // closed
        }
    }

    /** The next event, or null if none comes within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (lines != null) {
            lines.close();
        }
    }
}
