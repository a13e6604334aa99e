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
 * task each) and how fast they arrive (from the first queued to the last accepted by the sink).
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
            Files.writeString(context.server().home.resolve("etc/org.rapportcrm.mail.cfg"), "host=127.0.0.1\nport=" + sink.port()
                    + "\nfromAddress=bench@rapport.test\nfromName=Rapport bench\nconnections=2\n");
            await(() -> context.getJson("/api/v1/health").path("checks").path("mail").path("detail").asText().startsWith("sending"),
                    Duration.ofMinutes(1));

            queue(context, WARMUP, "warmup");
            await(() -> sink.accepted() >= WARMUP, Duration.ofMinutes(5));

            long before = sink.accepted();
            long start = System.nanoTime();
            JsonNode queued = queue(context, count, "timed");
            double queueSeconds = queued.path("seconds").asDouble();
            await(() -> sink.accepted() >= before + count, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messages", count);
            m.put("queuedPerSecond", Figures.round(count / queueSeconds));
            m.put("sentPerSecond", Figures.round(count / seconds));
            m.put("seconds", Figures.round(seconds));
            results.put("mail", m);
            results.row(NAME, String.format("%,d messages queued (4 threads in the server, a record and a task each)", count),
                    String.format("%,.0f queued/s", count / queueSeconds), String.format("%.1f s", queueSeconds));
            results.row(NAME, "sent over 2 reused SMTP connections to a local sink, first queued to last accepted",
                    String.format("%,.0f messages/s", count / seconds), String.format("%.1f s for %,d messages", seconds, count));
        }
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
