package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.rapportcrm.itests.RestClient.Response;

/**
 * A customer uses the portal in headless Chromium: signs in, opens a case, uploads a file to it, writes in its
 * conversation, marks it resolved and finds it in their list, on a phone-sized screen, with no error in the browser's
 * console (a CSP violation would be one). An administrator invites the contact from its page in the console first,
 * then sets the password (the e-mailed link is PortalIT's part). A server of its own, with the service capability
 * installed at runtime.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class PortalBrowserIT {
    private static final String PASSWORD = "browser-customer-password";
    private static RapportServer.Running running;
    private static RestClient admin;
    private static String contact;
    private static ConsoleBrowser browser;

    @BeforeAll
    static void aServerWithTheServiceCapability() throws IOException, InterruptedException {
        running = RapportServer.startOwn();
        admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        RapportExam.await(() -> admin.get("/metadata/case").status() == 200 && admin.get("/portal/me").status() == 403, "the portal", 90);
        String account = admin.post("/accounts", Map.of("name", "Initech")).body().path("id").asText();
        contact = admin.post("/contacts", Map.of("firstName", "Peter", "lastName", "Gibbons", "email", "peter@initech.example",
                "account", account)).body().path("id").asText();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (running != null) {
            running.close();
        }
    }

    @Test
    void a_anAdministratorInvitesTheContactFromItsPageInTheConsole() throws IOException {
        browser = new ConsoleBrowser(1280, 900, null);
        browser.screenshotOnFailure("PortalBrowserIT-console", () -> {
            browser.driver.get(running.server.baseUrl + "/");
            browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
            browser.driver.get(running.server.baseUrl + "/#/contacts/" + contact);
            browser.deep("p", "Not invited to the customer portal");
            browser.click("portal-invite");
            browser.deep("p", "Signs in to the customer portal as peter@initech.example");
        });
        browser.close();
        browser = null;
        JsonNode link = admin.get("/portalUsers?filter=" + RestClient.q("contact eq '" + contact + "'")).body().path("items").path(0);
        Response password = admin.post("/users/" + link.path("user").asText() + "/password", Map.of("password", PASSWORD));
        assertEquals(204, password.status(), password.raw().body());
    }

    @Test
    void b_aCustomerSignsInOpensACaseUploadsAFileRepliesAndSeesItInTheList() throws IOException {
        browser = ConsoleBrowser.phone(390, 844);
        browser.screenshotOnFailure("PortalBrowserIT", this::walkThrough);
    }

    private void walkThrough() throws IOException {
        // A bookmark of the cases page: signing in there goes on to them, though the address does not change.
        browser.driver.get(running.server.baseUrl + "/portal/#/cases");
        browser.deep("h1", "Sign in");
        String userName = "peter@initech.example";
        browser.deep("input[name=userName]", null).sendKeys(userName);
        browser.deep("input[name=password]", null).sendKeys(PASSWORD);
        assertEquals(false, browser.present("nav").isDisplayed(), "no way into the portal's pages before signing in");
        browser.click(browser.deep("button[type=submit]", "Sign in"));
        browser.deep("h1", "My cases");

        browser.click(browser.deep("nav a", "New case"));
        browser.deep("h1", "Open a new case");
        browser.deep("input[name=subject]", null).sendKeys("The TPS report cover sheet is missing");
        new Select(browser.deep("select[name=category]", null)).selectByVisibleText("Technical");
        browser.deep("textarea[name=description]", null).sendKeys("Since the upgrade, every report goes out without it.");
        browser.click(browser.deep("button[type=submit]", "Open the case"));
        browser.deep("h1", "The TPS report cover sheet is missing");
        browser.deep("#status", "is open");

        Path file = Files.createTempFile("tps-", ".txt");
        Files.writeString(file, "Cover sheet memo");
        WebElement upload = browser.present("input[type=file]");
        upload.sendKeys(file.toAbsolutePath().toString());
        browser.click(browser.deep("button[type=submit]", "Upload"));
        browser.deep("ul.plain a", file.getFileName().toString());

        browser.deep("textarea[name=reply]", null).sendKeys("Any news on the cover sheets?");
        browser.click(browser.deep("button[type=submit]", "Send the reply"));
        browser.deep(".message", "Any news on the cover sheets?");

        browser.click(browser.deep("button", "Mark as resolved"));
        browser.deep(".badge", "Resolved");

        browser.click(browser.deep("nav a", "My cases"));
        browser.deep("h1", "My cases");
        WebElement listed = browser.deep("td a", "The TPS report cover sheet is missing");
        assertTrue(listed.isDisplayed());
        assertEquals(List.of(), browser.consoleErrors(), "the browser's console stays clean");
        Files.delete(file);
    }
}
