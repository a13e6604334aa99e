package org.rapportcrm.bench.runner;

import static org.rapportcrm.bench.runner.Awaits.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scenario 13: mail sent through the platform's queue to a local SMTP sink ({@link SmtpSink}). Configures SMTP
 * ({@code etc/org.rapportcrm.mail.cfg}, 2 reused connections), queues a warm-up, then {@code -Dbench.mails=N} messages
 * (default 10,000) of about 1.2 KB each, and measures how fast they are queued (the caller's side: a record and a
 * task each), how fast they arrive while being queued (first queued to last accepted by the sink), and how fast the
 * sending alone goes: N more queued while mail is not configured, then all sent once it is.
 */
final class MailScenario implements Scenario {
    static final String NAME = "13 mail";
    private static final int WARMUP = 1_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        int count = Integer.getInteger("bench.mails", 10_000);
        try (SmtpSink sink = new SmtpSink()) {
            configure(context, sink.port());
            queue(context, WARMUP, "warmup");
            await(() -> sink.accepted() >= WARMUP, Duration.ofMinutes(5));

            // Both ways at once: queued while the sink takes them as they come.
            long before = sink.accepted();
            long start = System.nanoTime();
            JsonNode queued = queue(context, count, "timed");
            double queueSeconds = queued.path("seconds").asDouble();
            await(() -> sink.accepted() >= before + count, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;

            // Sending alone: queued while mail is not configured, then all sent once it is.
            configure(context, 0);
            queue(context, count, "drain");
            long beforeDrain = sink.accepted();
            long drainStart = System.nanoTime();
            configure(context, sink.port());
            await(() -> sink.accepted() >= beforeDrain + count, Duration.ofMinutes(30));
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messages", count);
            m.put("queuedPerSecond", Figures.round(count / queueSeconds));
            m.put("queuedAndSentPerSecond", Figures.round(count / seconds));
            m.put("sentPerSecond", Figures.round(count / drainSeconds));
            results.put("mail", m);
            results.row(NAME, String.format("%,d messages queued (4 threads in the server, a record and a task each)", count),
                    String.format("%,.0f queued/s", count / queueSeconds), String.format("%.1f s", queueSeconds));
            results.row(NAME, "queued and sent at once over 2 reused SMTP connections to a local sink, first queued to last accepted",
                    String.format("%,.0f messages/s", count / seconds), String.format("%.1f s for %,d messages", seconds, count));
            results.row(NAME, "sending alone: queued while mail was not configured, then configured to last accepted",
                    String.format("%,.0f messages/s", count / drainSeconds), String.format("%.1f s for %,d messages", drainSeconds, count));
        }
    }

    /** Points mail at the sink's port, or leaves it unconfigured (port 0), and waits until the server says so. */
    static void configure(BenchContext context, int port) throws Exception {
        String settings = port == 0 ? "fromAddress=bench@rapport.test\n"
                : "host=127.0.0.1\nport=" + port + "\nfromAddress=bench@rapport.test\nfromName=Rapport bench\nconnections=2\n";
        Files.writeString(context.server().home.resolve("etc/org.rapportcrm.mail.cfg"), settings);
        String expected = port == 0 ? "mail not configured" : "sending through 127.0.0.1:" + port;
        await(() -> context.getJson("/api/v1/health").path("checks").path("mail").path("detail").asText().startsWith(expected),
                Duration.ofMinutes(1));
    }

    private static JsonNode queue(BenchContext context, int count, String tag) throws Exception {
        HttpResponse<String> r = context.send(context.request("/api/v1/bench-mail/send?count=" + count + "&tag=" + tag)
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("probe bench-mail/send: HTTP " + r.statusCode() + " " + r.body());
        }
        return context.json().readTree(r.body());
    }
}
