package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scenario 19: an e-mail campaign to every contact with an e-mail address, through the per-recipient outbox and the
 * platform's mail queue to a local SMTP sink ({@link SmtpSink}), with the campaign's rate limit raised out of the way
 * ({@code messagesPerSecond=100000}). Measures the recipients handed to the mail queue per second (send action until
 * the campaign is Sent: materialisation, rendering, links and one queued message per recipient) and the messages the
 * sink accepted per second from the send action to the last message (target: 500/s).
 */
final class CampaignScenario implements Scenario {
    static final String NAME = "19 campaign";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("campaign", m);
        context.send(context.request("/api/v1/admin/capabilities/rapport-marketing").POST(HttpRequest.BodyPublishers.noBody()).build());
        Awaits.await(() -> context.get("/api/v1/metadata/campaign").statusCode() == 200, Duration.ofMinutes(2));
        Files.writeString(context.server().home.resolve("etc/org.rapportcrm.marketing.campaigns.cfg"), "messagesPerSecond=100000\nbounceDomain=bench.test\n");
        try (SmtpSink sink = new SmtpSink()) {
            MailScenario.configure(context, sink.port());
            String filter = "email notempty";
            long recipients = MarketingScenario.preview(context, filter, null);
            String segment = MarketingScenario.createSegment(context, "Bench campaign audience", filter, null);
            Awaits.await(() -> MarketingScenario.members(context, segment) >= recipients, Duration.ofMinutes(30));
            String template = created(context, "/api/v1/emailTemplates", Map.of("name", "Bench campaign", "recordType", "contact",
                    "subject", "News for {{ record.firstName | default('you') }}",
                    "htmlBody", "<html><body><p>Dear {{ record.firstName | default('customer') }} {{ record.lastName }},</p><p>See "
                            + "<a href=\"https://example.com/offers\">our offers</a> and <a href=\"https://example.com/events\">events</a>.</p></body></html>",
                    "textBody", "Dear {{ record.firstName | default('customer') }} {{ record.lastName }}, see https://example.com/offers"));
            String campaign = created(context, "/api/v1/campaigns", Map.of("name", "Bench campaign", "template", template, "segments", segment));
            long before = sink.accepted();
            long start = System.nanoTime();
            HttpResponse<String> sent = context.send(context.request("/api/v1/campaigns/" + campaign + "/send").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            if (sent.statusCode() != 200) {
                throw new IllegalStateException("campaign not sent: " + sent.statusCode() + " " + sent.body());
            }
            // Every 500 ms, not 50: the stats count the campaign's outbox rows by state, and 20 such reads a second
            // took a fifth of the server's CPU from the send they measure (0.5 s of error on a run of a minute or more).
            Awaits.await(() -> "Sent".equals(stats(context, campaign).path("status").asText()), Duration.ofMinutes(60), Duration.ofMillis(500));
            double queuedSeconds = (System.nanoTime() - start) / 1e9;
            long queued = stats(context, campaign).path("sent").asLong();
            Awaits.await(() -> sink.accepted() >= before + queued, Duration.ofMinutes(60));
            double seconds = (System.nanoTime() - start) / 1e9;
            m.put("recipients", queued);
            m.put("queuedPerSecond", Figures.round(queued / queuedSeconds));
            m.put("sentPerSecond", Figures.round(queued / seconds));
            results.row(NAME, String.format("%,d recipients handed to the mail queue (outbox rows, render, links, one queued message each)", queued),
                    String.format("%,.0f recipients/s", queued / queuedSeconds), String.format("%.1f s", queuedSeconds));
            results.row(NAME, "campaign send action to the last message accepted by the local SMTP sink",
                    String.format("%,.0f messages/s", queued / seconds), String.format("%.1f s for %,d messages", seconds, queued));
        }
    }

    private static JsonNode stats(BenchContext context, String campaign) throws Exception {
        return context.getJson("/api/v1/campaigns/" + campaign + "/stats");
    }

    private static String created(BenchContext context, String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = context.send(context.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(context.json().writeValueAsString(body))).build());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return context.json().readTree(r.body()).path("id").asText();
    }
}
