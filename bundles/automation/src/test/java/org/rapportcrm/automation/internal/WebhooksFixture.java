package org.rapportcrm.automation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.Configs;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.MutableClock;
import org.rapportcrm.platform.core.internal.db.ContributedMigrations;
import org.rapportcrm.platform.core.internal.outbox.OutboxConfig;
import org.rapportcrm.platform.core.internal.outbox.OutboxDispatcher;
import org.rapportcrm.platform.core.internal.record.RecordFiltersImpl;

/**
 * The automation capability wired as DS wires it, on the real core over in-memory Derby, with the outbox running its
 * fan-out, and a receiver on this machine that checks every signature with the Standard Webhooks reference library.
 */
final class WebhooksFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One message the receiver accepted. */
    record Received(String messageId, String type, String recordId, long version, String body) {
        String event() {
            return type + " " + version;
        }
    }

    final CoreFixture core = new CoreFixture();
    final MutableClock clock = new MutableClock(Instant.now());
    final DeliveryStore store = new DeliveryStore(new ContributedMigrations(core.database), core.database.joiningDataSource());
    final RecordFiltersImpl filters = new RecordFiltersImpl(core.metadata);
    final Deliveries deliveries;
    final OutboxDispatcher outbox;
    final WebhookRetries retries;
    final HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger badSignatures = new AtomicInteger();
    /** What the receiver answers to every valid message. */
    final AtomicInteger answer = new AtomicInteger(204);
    private final Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    WebhooksFixture() throws IOException {
        this(Map.of());
    }

    /** With settings of {@link WebhooksConfig} other than the defaults (loopback receivers are always allowed). */
    WebhooksFixture(Map<String, Object> settings) throws IOException {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("allowPrivateAddresses", true, "timeoutMillis", 5000L));
        values.putAll(settings);
        WebhooksConfig config = Configs.of(WebhooksConfig.class, values);
        core.metadata.addProvider(new WebhookTypes());
        SubscriptionRules rules = new SubscriptionRules(filters, store, config);
        core.records.addTrigger(rules, "org.rapportcrm.automation");
        core.records.addValidator(rules, "org.rapportcrm.automation");
        deliveries = new Deliveries(core.records, core.tasks, store, filters, config, clock);
        retries = new WebhookRetries(deliveries);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
                    headers.put(name, List.of(exchange.getRequestHeaders().getFirst(name)));
                }
                JsonNode message = JSON.readTree(body);
                String webhook = headers.get("webhook-id").get(0).replaceFirst("^msg_[0-9]+_", "");
                new Webhook(secrets.get(webhook)).verify(body, HttpHeaders.of(headers, (a, b) -> true));
                int status = answer.get();
                if (status < 300) {
                    received.add(new Received(headers.get("webhook-id").get(0), message.path("type").asText(),
                            message.path("data").path("id").asText(), message.path("data").path("version").asLong(), body));
                }
                byte[] reply = status < 300 ? new byte[0] : ("{\"error\": \"down for maintenance (" + status + ")\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
                exchange.getResponseBody().write(reply);
            } catch (Exception e) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        receiver.start();
        outbox = new OutboxDispatcher(core.database, core.outbox, core.cluster, Configs.of(OutboxConfig.class, Map.of("pollMillis", 50L)),
                Clock.systemUTC(), "test-node");
        outbox.addConsumer(new WebhookFanOut(deliveries), Map.of());
    }

    String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** Subscribes the receiver; returns the subscription. */
    Record subscribe(Map<String, Object> settings) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("name", "To the test", "url", url()));
        values.putAll(settings);
        Record webhook = core.records.create(Actor.system(), WebhookTypes.WEBHOOK, values);
        secrets.put(webhook.getId(), webhook.get("secret").toString());
        return webhook;
    }

    List<String> eventsOf(String recordId) {
        return received.stream().filter(r -> r.recordId().equals(recordId)).map(Received::event).toList();
    }

    /** The subscription's whole log, oldest first. */
    List<Delivery> log(Record webhook) {
        List<Delivery> log = new java.util.ArrayList<>(deliveries.page(webhook.getId(), null, null, 10_000));
        java.util.Collections.reverse(log);
        return log;
    }

    @Override
    public void close() {
        outbox.close();
        receiver.stop(0);
        deliveries.close();
        core.close();
    }
}
