package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The console as an offline app in headless Chromium: a contact the user opened opens again with the server out of
 * reach (after a reload: the shell and the record come from the service worker's caches), an edit made then waits on
 * the device (through another reload) and reaches the server when it is back; an edit of a field someone changed
 * meanwhile brings up the conflict dialog, and the value chosen there is saved. A contact created offline waits in
 * its list, takes the edits made to it offline, and is created when the server is back; a contact deleted offline is
 * deleted then. Signing out drops the cached records.
 *
 * <p>The browser reaches the server through a {@link NetworkCable} the test unplugs; the test checks the server
 * directly over REST. The server is this class's own, with the sync capability installed (the push API).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineConsoleBrowserIT {
    private static final String CACHED_RECORD = """
            const url = arguments[0];
            return caches.keys()
              .then(names => Promise.all(names.filter(n => n.startsWith('rapport-data-')).map(n => caches.open(n).then(c => c.match(url)))))
              .then(found => found.some(Boolean));
            """;
    private static final String DATA_CACHES = """
            return caches.keys().then(names => names.filter(n => n.startsWith('rapport-data-')).length);
            """;
    /** For the record: what the device keeps (files in the shell's cache, answers in the user's, bytes in all). */
    private static final String STORAGE = """
            const count = prefix => caches.keys().then(names => Promise.all(names.filter(n => n.startsWith(prefix))
              .map(n => caches.open(n).then(c => c.keys()).then(k => k.length)))).then(l => l.reduce((a, b) => a + b, 0));
            return Promise.all([count('rapport-shell-'), count('rapport-data-'), navigator.storage.estimate()])
              .then(([shell, data, estimate]) => `shell cache: ${shell} files, user's cache: ${data} answers, storage used: ${Math.round(estimate.usage / 1024)} KiB`);
            """;

    /** The changes queued on the device, as "action title" (the outbox's IndexedDB store). */
    private static final String QUEUED = """
            return new Promise((resolve, reject) => {
              const open = indexedDB.open('rapport-offline');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const all = open.result.transaction('changes').objectStore('changes').getAll();
                all.onsuccess = () => resolve(all.result.map(e => `${e.action} ${e.fields?.title ?? ''}`.trim()));
              };
            });
            """;

    private static RapportServer.Running running;
    private static NetworkCable cable;
    private static ConsoleBrowser browser;
    private static RestClient rest;
    private static String baseUrl;

    @BeforeAll
    static void startWithSync() throws IOException {
        running = RapportServer.Running.start(Map.of(), Map.of(), "/api/v1/health");
        rest = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, rest.post("/admin/capabilities/rapport-sync", Map.of()).status());
        new FluentWait<>(rest).withTimeout(Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(250))
                .withMessage("the sync API is served").until(r -> r.get("/sync/changes?types=contact&limit=1").status() == 200);
        cable = new NetworkCable(URI.create(running.server.baseUrl).getPort());
        baseUrl = "http://localhost:" + cable.port;
        browser = new ConsoleBrowser(1400, 1000, null);
        browser.driver.get(baseUrl + "/");
        browser.waiting("the service worker controls the console")
                .until(d -> Boolean.TRUE.equals(browser.js("return !!navigator.serviceWorker.controller")));
        browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (cable != null) {
            cable.close();
        }
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void serverInReach() throws IOException {
        cable.plugIn();
    }

    @Test
    @Order(0)
    @SuppressWarnings("unchecked")
    void chromiumFindsTheConsoleInstallable() {
        ChromiumDriver chromium = (ChromiumDriver) browser.driver;
        Map<String, Object> manifest = chromium.executeCdpCommand("Page.getAppManifest", Map.of());
        assertEquals(baseUrl + "/manifest.webmanifest", manifest.get("url"));
        assertEquals(List.of(), manifest.get("errors"), "the manifest parses without errors");
        Map<String, Object> installability = chromium.executeCdpCommand("Page.getInstallabilityErrors", Map.of());
        assertEquals(List.of(), installability.get("installabilityErrors"));
        assertEquals(List.of(), browser.consoleErrors().stream().filter(m -> m.contains("Content Security Policy")).toList(),
                "the manifest, icons and service worker pass the console's CSP");
    }

    @Test
    @Order(1)
    void aViewedContactOpensOfflineAndAnEditMadeOfflineIsSavedWhenTheServerIsBack() throws IOException {
        String lastName = "Olsen" + System.nanoTime();
        String id = createContact(lastName, "Buyer");
        browser.screenshotOnFailure("offline-edit", () -> {
            openContact(id, lastName);

            cable.unplug();
            long start = System.nanoTime();
            browser.driver.navigate().refresh();
            browser.waitForText("record-title", "Ada " + lastName);
            System.out.printf("The contact opened offline %.1f s after the reload began%n", (System.nanoTime() - start) / 1e9);
            setField("title", "Head of buying");
            browser.click("save-record");
            browser.waitForText("offline-status", "Offline — 1 change waiting");

            browser.driver.navigate().refresh();
            browser.waitForText("offline-status", "1 change waiting");
            browser.byTestId("record-queued");
            assertEquals("Head of buying", fieldValue("title"), "the record shows the edit waiting on this device");
            assertEquals("Buyer", contact(id).path("title").asText(), "nothing reached the server yet");

            cable.plugIn();
            browser.waiting("the edit made offline reached the server")
                    .until(d -> "Head of buying".equals(contact(id).path("title").asText()));
            awaitGone("offline-status", "nothing waits any more");
            awaitGone("record-queued", "the record page shows the server's record");
        });
    }

    @Test
    @Order(2)
    void aFieldChangedOnTheServerMeanwhileIsAConflictTheUserSettles() throws IOException {
        String lastName = "Berg" + System.nanoTime();
        String id = createContact(lastName, "Buyer");
        browser.screenshotOnFailure("offline-conflict", () -> {
            openContact(id, lastName);

            cable.unplug();
            setField("title", "Head of buying");
            setField("city", "Oslo");
            browser.click("save-record");
            browser.waitForText("offline-status", "1 change waiting");

            JsonNode before = contact(id);
            assertEquals(200, rest.patch("/contacts/" + id, "\"" + before.path("version").asLong() + "\"",
                    Map.of("title", "Purchasing lead")).status());

            cable.plugIn();
            browser.byTestId("conflict-choice-title");
            browser.waitForText("conflict-base-title", "Buyer");
            browser.waitForText("conflict-theirs-title", "Purchasing lead");
            browser.waitForText("conflict-yours-title", "Head of buying");
            browser.waiting("the field edited by nobody else was saved at once")
                    .until(d -> "Oslo".equals(contact(id).path("city").asText()));
            assertEquals("Purchasing lead", contact(id).path("title").asText(), "a conflict overwrites nothing by itself");

            browser.click("conflict-yours-title");
            browser.click("conflict-resolve");
            browser.waiting("the value chosen in the dialog was saved")
                    .until(d -> "Head of buying".equals(contact(id).path("title").asText()));
            awaitGone("conflict-choice-title", "the dialog has nothing left to settle");
            assertEquals("Oslo", contact(id).path("city").asText());
        });
    }

    @Test
    @Order(3)
    void aContactCreatedOfflineWaitsInItsListTakesEditsAndIsCreatedWhenTheServerIsBack() throws IOException {
        String lastName = "Nakamura" + System.nanoTime();
        browser.screenshotOnFailure("offline-create", () -> {
            browser.driver.get(baseUrl + "/#/contacts");
            browser.byTestId("list-title");

            cable.unplug();
            browser.driver.get(baseUrl + "/#/contacts/new");
            setField("firstName", "Ada");
            setField("lastName", lastName);
            browser.click("create-record");
            browser.waitForText("offline-status", "1 change waiting");
            browser.deep("[data-testid=\"row\"]", "Ada " + lastName);
            browser.waitForText("row-waiting", "waiting to sync");

            browser.click(browser.deep("[data-testid=\"record-link\"]", "Ada " + lastName));
            browser.byTestId("record-queued");
            setField("title", "Founder");
            browser.click("save-record");
            browser.waiting("the edit joined the queued create")
                    .until(d -> List.of("create Founder").equals(browser.js(QUEUED)));
            assertEquals(0, contactsNamed(lastName).size(), "nothing reached the server yet");

            cable.plugIn();
            browser.waiting("the contact created offline reached the server").until(d -> contactsNamed(lastName).size() == 1);
            JsonNode created = contactsNamed(lastName).get(0);
            assertEquals("Founder", created.path("title").asText(), "with the edit made to it offline");
            browser.waiting("the page shows the contact under the id the server gave it")
                    .until(d -> d.getCurrentUrl().endsWith("/#/contacts/" + created.path("id").asText()));
            awaitGone("offline-status", "nothing waits any more");
            assertEquals(List.of(), browser.js(QUEUED));
        });
    }

    @Test
    @Order(4)
    void aContactDeletedOfflineIsDeletedWhenTheServerIsBack() throws IOException {
        String lastName = "Quist" + System.nanoTime();
        String id = createContact(lastName, "Buyer");
        browser.screenshotOnFailure("offline-delete", () -> {
            openContact(id, lastName);

            cable.unplug();
            browser.click("delete-record");
            browser.byTestId("delete-offline");
            browser.click("confirm-delete");
            browser.waitForText("offline-status", "1 change waiting");
            browser.byTestId("list-title");
            assertEquals(200, rest.get("/contacts/" + id).status(), "nothing reached the server yet");

            cable.plugIn();
            browser.waiting("the delete made offline reached the server").until(d -> rest.get("/contacts/" + id).status() == 404);
            awaitGone("offline-status", "nothing waits any more");
        });
    }

    @Test
    @Order(5)
    void signingOutDropsTheRecordsCachedForTheUser() throws IOException {
        browser.screenshotOnFailure("offline-sign-out", () -> {
            assertTrue(((Number) browser.js(DATA_CACHES)).intValue() > 0, "the records viewed were cached");
            System.out.println(browser.js(STORAGE));
            browser.click("user-menu");
            browser.click("sign-out");
            browser.byTestId("login-username");
            browser.waiting("no cached record is left").until(d -> ((Number) browser.js(DATA_CACHES)).intValue() == 0);
        });
    }

    private static String createContact(String lastName, String title) {
        RestClient.Response created = rest.post("/contacts", Map.of("firstName", "Ada", "lastName", lastName, "title", title));
        assertEquals(201, created.status(), created.body().toString());
        return created.body().path("id").asText();
    }

    private static JsonNode contactsNamed(String lastName) {
        return rest.get("/contacts?filter=" + RestClient.q("lastName eq '" + lastName + "'")).body().path("items");
    }

    private static JsonNode contact(String id) {
        return rest.get("/contacts/" + id).body();
    }

    /** Opens the contact with the server in reach, and waits until the service worker has cached it. */
    private static void openContact(String id, String lastName) {
        browser.driver.get(baseUrl + "/#/contacts/" + id);
        browser.waitForText("record-title", "Ada " + lastName);
        browser.waiting("the contact is cached")
                .until(d -> Boolean.TRUE.equals(browser.js(CACHED_RECORD, "/api/v1/contacts/" + id)));
    }

    private static void awaitGone(String testId, String why) {
        browser.waiting(why).until(d -> browser.deepOrNull("[data-testid=\"" + testId + "\"]", null) == null);
    }

    private static void setField(String field, String value) {
        WebElement input = browser.nativeInput(browser.byTestId("field-" + field));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
    }

    private static String fieldValue(String field) {
        return browser.nativeInput(browser.byTestId("field-" + field)).getDomProperty("value");
    }
}
