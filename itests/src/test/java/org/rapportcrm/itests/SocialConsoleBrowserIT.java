package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The social console in headless Chromium against the distribution: posts pushed to a signed webhook channel show in
 * the social inbox (without a reply form: the source takes no replies), and the listening dashboard draws its four
 * charts from the insights API under the console's Content-Security-Policy. Like {@link ConsoleBrowserIT}: elements
 * are found by {@code data-testid} through open shadow roots and every wait is for a condition.
 */
@ExtendWith(RapportServer.class)
class SocialConsoleBrowserIT {
    private static ConsoleBrowser browser;
    private static String baseUrl;
    private static RestClient rest;
    private static String channelId;
    private static String stamp;

    @BeforeAll
    static void socialWithPostsAndABrowser(RapportServer server) throws Exception {
        baseUrl = server.baseUrl;
        rest = new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD);
        int installed = rest.post("/admin/capabilities/rapport-social", Map.of()).status();
        assertTrue(installed == 201 || installed == 200 || installed == 409, "install social: " + installed);
        new FluentWait<>(rest).withTimeout(Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(250))
                .withMessage("the social capability is up").until(r -> r.get("/social/networks").status() == 200);
        stamp = Long.toString(System.currentTimeMillis(), 36);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(("browser-secret-" + stamp + "-0123456789").getBytes(StandardCharsets.UTF_8));
        RestClient.Response channel = rest.post("/socialChannels", Map.of("name", "Browser webhook " + stamp, "network", "webhook",
                "baseUrl", "https://shop.example", "accessToken", secret, "keywords", "dashboard, invoice", "enabled", true));
        assertEquals(201, channel.status(), channel.raw().body());
        channelId = channel.body().path("id").asText();
        String body = "[{\"id\": \"b1-" + stamp + "\", \"text\": \"The new dashboard is great, thanks to the whole team!\", "
                + "\"author\": {\"handle\": \"kim-" + stamp + "\"}, \"createdAt\": \"" + Instant.now().minus(Duration.ofDays(3)) + "\"},"
                + "{\"id\": \"b2-" + stamp + "\", \"text\": \"My invoice is wrong again, terrible service.\", \"author\": {\"handle\": \"lee-" + stamp + "\"}}]";
        long now = Instant.now().getEpochSecond();
        RestClient.Response pushed = new RestClient(baseUrl + "/api/v1").upload("/social/inbound/" + channelId, "application/json",
                body.getBytes(StandardCharsets.UTF_8), "webhook-id", "msg_" + stamp, "webhook-timestamp", Long.toString(now),
                "webhook-signature", new Webhook(secret).sign("msg_" + stamp, now, body));
        assertEquals(200, pushed.status(), pushed.raw().body());
        browser = new ConsoleBrowser(1400, 1000, null);
        browser.driver.get(baseUrl + "/");
        browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theInboxShowsThePushedPostsAndOffersNoReplyForASourceThatTakesNone() throws IOException {
        browser.screenshotOnFailure("SocialConsoleBrowserIT-inbox", () -> {
            browser.driver.get(baseUrl + "/#/page/social-inbox");
            browser.byTestId("social-posts");
            browser.waitForText("social-posts", "kim-" + stamp);
            browser.click(browser.deep("[data-testid=\"social-posts\"] button", "lee-" + stamp));
            browser.waitForText("post-text", "My invoice is wrong again");
            browser.waitForText("no-reply", "cannot be answered");
            assertTrue(browser.deepOrNull("[data-testid=\"send-reply\"]", null) == null, "no reply form");
        });
    }

    @Test
    void theListeningDashboardDrawsItsFourChartsForTheChannel() throws IOException {
        browser.screenshotOnFailure("SocialConsoleBrowserIT-dashboard", () -> {
            browser.driver.get(baseUrl + "/#/page/social-dashboard");
            browser.byTestId("dashboard-total");
            browser.js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                    browser.byTestId("dashboard-channel"), channelId);
            browser.waitForText("dashboard-total", "2 posts");
            browser.waiting("the four charts are drawn").until(d -> browser.deepAll("canvas[data-chart][data-drawn=\"true\"]").size() == 4);
            List<?> sizes = (List<?>) browser.js("""
                    const out = [];
                    (function walk(root) {
                      for (const el of root.querySelectorAll('*')) {
                        if (el.matches('canvas[data-chart]')) out.push(el.width * el.height);
                        if (el.shadowRoot) walk(el.shadowRoot);
                      }
                    })(document);
                    return out;""");
            assertTrue(sizes.stream().allMatch(s -> ((Number) s).longValue() > 0), "every chart has a drawing surface: " + sizes);
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.stream().noneMatch(e -> e.contains("Content Security Policy") || e.contains("Refused")), "no CSP refusal: " + errors);
        });
    }
}
