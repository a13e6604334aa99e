package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Webhooks in the real distribution, with a real receiver in the test that checks every signature with the Standard
 * Webhooks reference library: record changes arrive signed and in order per record; a receiver that was down gets
 * everything afterwards, in order; a server killed with -9 while delivering loses nothing (deliveries whose answer it
 * had not recorded come again, with the same webhook-id); removing and reinstalling the capability keeps the
 * subscriptions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RapportServer.Running running;
    private static RestClient admin;
    private static HttpServer receiver;
    private static String secret;
    private static String webhookId;
    /** Every message the receiver accepted: webhook-id, type, record id and version, in arrival order. */
    private static final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger badSignatures = new AtomicInteger();
    private static final AtomicBoolean down = new AtomicBoolean();
    /** A slow receiver (200 ms a message, one at a time), so that a kill finds deliveries under way. */
    private static final AtomicBoolean slow = new AtomicBoolean();

    @BeforeAll
    static void aServerWithLoopbackAllowedAndAReceiver() throws IOException {
        running = RapportServer.Running.start(Map.of(), Map.of("org.rapportcrm.automation.webhooks.cfg", "allowPrivateAddresses=true\n"),
                "/api/v1/health");
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (slow.get()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            if (down.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                Map<String, List<String>> h = new LinkedHashMap<>();
                for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
                    h.put(name, List.of(exchange.getRequestHeaders().getFirst(name)));
                }
                new Webhook(secret).verify(text, HttpHeaders.of(h, (a, b) -> true));
                JsonNode message = JSON.readTree(text);
                received.add(Map.of("id", h.get("webhook-id").get(0), "type", message.path("type").asText(),
                        "record", message.path("data").path("id").asText(), "version", message.path("data").path("version").asLong()));
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        running.close();
    }

    @Test
    @Order(1)
    void anAdministratorSubscribesAndChangesArriveSignedInOrderPerRecord() {
        assertEquals(201, admin.post("/admin/capabilities/rapport-automation", Map.of()).status());
        await("the webhook type", () -> admin.get("/metadata/webhook").status() == 200, 60);
        Response refused = admin.post("/webhooks", Map.of("name", "Bad", "url", "ftp://example.com/x"));
        assertEquals(422, refused.status());
        assertEquals("url", refused.problemField());

        Response created = admin.post("/webhooks", Map.of("name", "Accounts to the test", "recordTypes", "account",
                "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        assertEquals(201, created.status(), created.raw().body());
        webhookId = created.body().path("id").asText();
        secret = created.body().path("secret").asText();
        assertTrue(secret.startsWith("whsec_"), secret);

        String id = changeThreeTimesAndDelete("Signed Ltd");
        await("4 events of the account", () -> eventsOf(id).size() == 4, 60);
        assertEquals(List.of("account.created 1", "account.updated 2", "account.updated 3", "account.deleted 3"), eventsOf(id));
        assertEquals(0, badSignatures.get());
    }

    @Test
    @Order(2)
    void aReceiverThatWasDownGetsEveryEventAfterwardsInOrder() {
        down.set(true);
        String id = changeThreeTimesAndDelete("Patient GmbH");
        await("a failed attempt is logged", () -> {
            JsonNode items = admin.get("/webhooks/" + webhookId + "/deliveries?status=Retrying").body().path("items");
            return items.size() > 0 && items.get(0).path("responseStatus").asInt() == 503;
        }, 60);
        down.set(false);

        await("all 4 events after the receiver is back", () -> eventsOf(id).size() >= 4, 90);
        assertEquals(List.of("account.created 1", "account.updated 2", "account.updated 3", "account.deleted 3"), distinct(eventsOf(id)));
        assertEquals(0, badSignatures.get());
    }

    @Test
    @Order(3)
    void theDeliveryLogIsReadAPageAtATimeByAdministratorsOnly() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(admin.post("/accounts", Map.of("name", "Logged " + i)).body().path("id").asText());
        }
        await("3 more deliveries", () -> ids.stream().allMatch(id -> !eventsOf(id).isEmpty()), 60);
        await("logged as delivered", () -> admin.get("/webhooks/" + webhookId + "/deliveries?limit=1").body().path("items").get(0)
                .path("status").asText().equals("Delivered"), 30);
        Response first = admin.get("/webhooks/" + webhookId + "/deliveries?limit=2&status=Delivered");
        assertEquals(200, first.status(), first.raw().body());
        assertEquals(2, first.body().path("items").size());
        String cursor = first.body().path("nextCursor").asText();
        JsonNode second = admin.get("/webhooks/" + webhookId + "/deliveries?limit=2&status=Delivered&cursor=" + cursor).body().path("items");
        assertTrue(second.get(0).path("sequence").asLong() < first.body().path("items").get(1).path("sequence").asLong(), "older ones next");

        JsonNode newest = first.body().path("items").get(0);
        Response one = admin.get("/webhooks/" + webhookId + "/deliveries/" + newest.path("id").asText());
        assertEquals(200, one.status());
        assertEquals(newest.path("request").asText(), one.body().path("request").asText());
        assertTrue(received.stream().anyMatch(m -> m.get("id").equals(newest.path("id").asText())), "the id is the webhook-id the receiver saw");
        assertEquals(404, admin.get("/webhooks/" + webhookId + "/deliveries/msg_1_nothing").status());
        assertEquals(400, admin.get("/webhooks/" + webhookId + "/deliveries?status=Lost").status());

        String name = "hooks-reader-" + System.nanoTime();
        assertEquals(201, admin.post("/users", Map.of("userName", name, "displayName", "Reader", "password", "reader-password",
                "roles", List.of("sales"))).status());
        RestClient reader = new RestClient(running.server.baseUrl + "/api/v1").basic(name, "reader-password");
        Response refused = reader.get("/webhooks/" + webhookId + "/deliveries");
        assertEquals(403, refused.status(), refused.raw().body());
        assertEquals(403, reader.post("/webhooks/" + webhookId + "/replay", Map.of("deadLetters", true)).status());
    }

    @Test
    @Order(4)
    void theConsoleShowsADeliveryWithItsRequestAndAnswerAndReplaysIt() throws IOException {
        String id = admin.post("/accounts", Map.of("name", "Console Replay Ltd")).body().path("id").asText();
        await("its creation arrives", () -> eventsOf(id).size() == 1, 60);
        String deliveryId = received.stream().filter(m -> id.equals(m.get("record"))).findFirst().orElseThrow().get("id").toString();
        String row = "[data-testid=\"delivery-row\"][data-delivery=\"" + deliveryId + "\"]";
        try (ConsoleBrowser browser = new ConsoleBrowser(1400, 900, null)) {
            browser.screenshotOnFailure("WebhooksIT-console", () -> {
                browser.driver.get(running.server.baseUrl + "/");
                browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
                browser.driver.get(running.server.baseUrl + "/#/page/webhook-deliveries");
                browser.byTestId("webhook-" + webhookId);
                browser.click(browser.deep(row, null));
                browser.waitForText("delivery-request", "Console Replay Ltd");
                browser.waitForText("delivery-response", "(none)");
                browser.click("replay-delivery");
                await("the replay arrives", () -> eventsOf(id).size() == 2, 60);
                assertEquals(List.of("account.created 1", "account.created 1"), eventsOf(id));
                browser.waiting(() -> "the log shows the second attempt, delivered").until(d -> {
                    browser.click("refresh-deliveries");
                    WebElement attempts = browser.deepOrNull(row + " td.num", null);
                    return attempts != null && attempts.getText().equals("2") && browser.deep(row, null).getText().contains("Delivered");
                });
            });
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    @Order(5)
    void removingAndReinstallingTheCapabilityKeepsTheSubscriptions() {
        assertEquals(204, admin.send("DELETE", "/admin/capabilities/rapport-automation").status());
        await("the webhook type goes", () -> admin.get("/metadata/webhook").status() == 404, 60);
        assertEquals(201, admin.post("/admin/capabilities/rapport-automation", Map.of()).status());
        await("the subscription is back", () -> admin.get("/webhooks/" + webhookId).status() == 200, 60);
        assertEquals(secret, admin.get("/webhooks/" + webhookId).body().path("secret").asText());
    }

    @Test
    @Order(6)
    void aServerKilledWhileDeliveringLosesNoEvent() {
        List<String> ids = new ArrayList<>();
        slow.set(true);
        for (int i = 0; i < 30; i++) {
            ids.add(admin.post("/accounts", Map.of("name", "Crash " + i)).body().path("id").asText());
        }
        long deliveredBeforeKill = ids.stream().filter(id -> !eventsOf(id).isEmpty()).count();
        running.kill();
        slow.set(false);
        assertTrue(deliveredBeforeKill < ids.size(), "everything was delivered before the kill: " + deliveredBeforeKill);
        running = running.restart();
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);

        await("every account's creation arrives", () -> ids.stream().allMatch(id -> eventsOf(id).contains("account.created 1")), 120);
        Set<String> messageIds = new HashSet<>();
        received.forEach(m -> messageIds.add((String) m.get("id")));
        long repeats = received.size() - messageIds.size();
        System.out.printf("webhooks: %d of 30 delivered before kill -9; %d messages received in all, %d of them repeated%n",
                deliveredBeforeKill, received.size(), repeats);
        assertEquals(0, badSignatures.get());
    }

    @Test
    @Order(7)
    void aWorkflowRuleCallsTheWebhookWithItsRecordSignedOnce() {
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("name", "Tell the test of new contacts", "recordType", "contact",
                "trigger", "Record created", "actions", "[{\"action\":\"webhook.call\",\"parameters\":{\"webhook\":\"no-such-webhook\"}}]"));
        Response unknown = admin.post("/workflowRules", rule);
        assertEquals(422, unknown.status(), unknown.raw().body());
        assertEquals("actions[0].parameters.webhook", unknown.problemField());
        rule.put("actions", "[{\"action\":\"webhook.call\",\"parameters\":{\"webhook\":\"" + webhookId + "\"}}]");
        Response made = admin.post("/workflowRules", rule);
        assertEquals(201, made.status(), made.raw().body());

        Response contact = admin.post("/contacts", Map.of("lastName", "Hooked"));
        assertEquals(201, contact.status(), contact.raw().body());
        String id = contact.body().path("id").asText();
        // The subscription is for accounts: what arrives about the contact comes from the rule.
        await("the rule's call", () -> eventsOf(id).contains("rule.fired 1"), 60);
        assertEquals(List.of("rule.fired 1"), distinct(eventsOf(id)));
        assertEquals(0, badSignatures.get());
    }

    private static String changeThreeTimesAndDelete(String name) {
        Response account = admin.post("/accounts", Map.of("name", name));
        assertEquals(201, account.status(), account.raw().body());
        String id = account.body().path("id").asText();
        assertEquals(200, admin.patch("/accounts/" + id, "\"1\"", Map.of("name", name + " (1)")).status());
        assertEquals(200, admin.patch("/accounts/" + id, "\"2\"", Map.of("name", name + " (2)")).status());
        assertEquals(204, admin.delete("/accounts/" + id, "\"3\"").status());
        return id;
    }

    private static List<String> eventsOf(String recordId) {
        return received.stream().filter(m -> recordId.equals(m.get("record"))).map(m -> m.get("type") + " " + m.get("version")).toList();
    }

    /** At-least-once: an event may come twice (same webhook-id); what counts is that each comes, in order. */
    private static List<String> distinct(List<String> events) {
        List<String> result = new ArrayList<>();
        for (String e : events) {
            if (result.isEmpty() || !result.get(result.size() - 1).equals(e)) {
                result.add(e);
            }
        }
        return result;
    }

    private static void await(String what, BooleanSupplier condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s; received " + received);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
