package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The console as a user first meets it, at desktop (1280x800) and phone (390x844) width: nothing is logged as an
 * error in the browser's console while it loads, signs in and shows the home page and a sales record; the navigation
 * groups record types and pages by capability and leaves out child types (quote lines, opportunity products, price
 * book entries, stage changes), whose records the parent's page lists instead.
 */
@ExtendWith(RapportServer.class)
class ConsoleNavigationBrowserIT {
    private static final List<String> CHILD_TYPES = List.of("quoteLines", "opportunityLineItems", "priceBookEntries", "stageChanges");

    /** The sections of a navigation (the sidebar or the phone's drawer) with the data-testid of each entry, in order. */
    private static final String NAV_SECTIONS = """
            const nav = document.querySelector('rapport-app').shadowRoot.querySelector(arguments[0]);
            const out = [];
            for (const el of nav.children) {
              if (el.classList.contains('section')) out.push([el.textContent.trim()]);
              else if (out.length) out[out.length - 1].push(el.dataset.testid);
            }
            return out;""";

    private static String baseUrl;
    private static RestClient rest;
    private static String quoteId;

    @BeforeAll
    static void aQuoteWithALine(RapportServer server) {
        baseUrl = server.baseUrl;
        rest = new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD);
        new FluentWait<>(rest).withTimeout(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(250))
                .withMessage("the sales capability is up: /api/v1/quotes is served")
                .until(r -> r.get("/quotes?limit=1").status() == 200);
        String stamp = Long.toString(System.nanoTime());
        String account = create("accounts", Map.of("name", "Nav Account " + stamp)).path("id").asText();
        quoteId = create("quotes", Map.of("name", "Nav quote " + stamp, "account", account, "currency", "EUR")).path("id").asText();
        create("quoteLines", Map.of("quote", quoteId, "description", "Licence", "position", 1, "quantity", 2,
                "unitPrice", Map.of("amount", 100, "currency", "EUR")));
    }

    @Test
    void atDesktopWidthNothingIsLoggedAsAnErrorAndTheNavigationIsGroupedByCapability() throws IOException {
        try (ConsoleBrowser browser = new ConsoleBrowser(1280, 800, null)) {
            browser.screenshotOnFailure("ConsoleNavigationBrowserIT-desktop", () -> {
                List<String> errors = new ArrayList<>();
                signIn(browser, errors);

                Map<String, List<String>> sections = sections(browser, "nav.sidebar .nav");
                assertNavigation(sections, "nav");

                openQuote(browser);
                browser.click("nav-opportunities");
                browser.waitForText("list-title", "Opportunities");
                errors.addAll(browser.consoleErrors());
                assertEquals(List.of(), errors, "errors in the browser's console");

                // the check itself: a failed request is seen, as the 401 of the old session probe was on every load
                browser.js("fetch('/api/v1/no-such-endpoint')");
                browser.waiting("a failed request is logged").until(d -> browser.consoleErrors().stream().anyMatch(e -> e.contains("404")));
            });
        }
    }

    @Test
    void atPhoneWidthNothingIsLoggedAsAnErrorAndTheDrawerHasTheSameGroups() throws IOException {
        try (ConsoleBrowser browser = ConsoleBrowser.phone(390, 844)) {
            browser.screenshotOnFailure("ConsoleNavigationBrowserIT-phone", () -> {
                List<String> errors = new ArrayList<>();
                signIn(browser, errors);
                assertEquals(390L, browser.js("return window.innerWidth"), "laid out at phone width");

                browser.click("menu-button");
                browser.byTestId("drawer-home");
                assertNavigation(sections(browser, "sl-drawer .nav"), "drawer");
                browser.click("drawer-page-sales-pipeline");
                browser.byTestId("pipeline-board");

                openQuote(browser);
                errors.addAll(browser.consoleErrors());
                assertEquals(List.of(), errors, "errors in the browser's console");
                assertTrue((Long) browser.js("return document.documentElement.scrollWidth") <= 390L, "the page does not scroll sideways");
            });
        }
    }

    /** Loads the console, signs in as admin and waits for the home page, its counts and the sales widget. */
    private static void signIn(ConsoleBrowser browser, List<String> errors) {
        browser.driver.get(baseUrl + "/");
        browser.byTestId("login-username");
        errors.addAll(browser.consoleErrors().stream().map(e -> "on load: " + e).toList());
        browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
        browser.byTestId("count-accounts");
        browser.byTestId("widget-sales-kpis");
        browser.byTestId("kpi-win-rate");
        browser.waiting("the home page's counts have loaded").until(d -> browser.deepAll(".count sl-spinner").isEmpty());
        errors.addAll(browser.consoleErrors().stream().map(e -> "after sign-in: " + e).toList());
    }

    /** A quote's page: its lines in a related list (first of all), and the sales panel, built on the console SDK. */
    private static void openQuote(ConsoleBrowser browser) {
        browser.driver.get(baseUrl + "/#/quotes/" + quoteId);
        browser.byTestId("quote-totals");
        browser.deep("[data-testid=\"related-quoteLines-quote\"] rp-record-table", null);
        List<String> related = browser.testIds("section[data-testid^=\"related-\"]");
        assertEquals("related-quoteLines-quote", related.get(0), "the quote's own lines come first: " + related);
    }

    private static void assertNavigation(Map<String, List<String>> sections, String prefix) {
        assertEquals(List.of("Records", "Sales", "Apps"), List.copyOf(sections.keySet()).subList(0, 3), "sections: " + sections);
        assertEquals(List.of(prefix + "-accounts", prefix + "-activities", prefix + "-contacts", prefix + "-emailTemplates"), sections.get("Records"),
                "by label (e-mail templates are the platform's mail settings)");
        List<String> sales = sections.get("Sales");
        assertEquals(List.of(prefix + "-page-sales-pipeline", prefix + "-page-sales-forecast"), sales.subList(0, 2), "pages first: " + sales);
        for (String type : List.of("leads", "opportunities", "products", "priceBooks", "quotes")) {
            assertTrue(sales.contains(prefix + "-" + type), type + " is listed under Sales: " + sales);
        }
        for (String child : CHILD_TYPES) {
            assertFalse(sections.values().stream().anyMatch(entries -> entries.contains(prefix + "-" + child)),
                    child + " is listed only inside its parent: " + sections);
        }
        assertTrue(sections.get("Apps").contains(prefix + "-page-capabilities"), "pages of no capability: " + sections);
    }

    private static Map<String, List<String>> sections(ConsoleBrowser browser, String nav) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        for (Object section : (List<?>) browser.js(NAV_SECTIONS, nav)) {
            List<?> entries = (List<?>) section;
            sections.put((String) entries.get(0), entries.subList(1, entries.size()).stream().map(String::valueOf).toList());
        }
        return sections;
    }

    private static JsonNode create(String plural, Map<String, Object> values) {
        RestClient.Response r = rest.post("/" + plural, values);
        assertEquals(201, r.status(), () -> "POST /" + plural + ": " + r.body());
        return r.body();
    }
}
