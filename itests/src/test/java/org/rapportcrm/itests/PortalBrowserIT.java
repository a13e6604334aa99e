package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.rapportcrm.itests.RestClient.Response;

/**
 * A customer uses the portal in headless Chromium: signs in, opens a case, uploads a file to it, writes in its
 * conversation, marks it resolved and finds it in their list, on a phone-sized screen, with no error in the browser's console (a CSP violation would
 * be one). The contact is invited through the API by an administrator, who then sets the password (the e-mailed link
 * is PortalIT's part). A server of its own, with the service capability installed at runtime.
 */
class PortalBrowserIT {
    private static final String PASSWORD = "browser-customer-password";
    private static RapportServer.Running running;
    private static ConsoleBrowser browser;
    private static String userName;

    @BeforeAll
    static void aServerWithTheServiceCapabilityAndAnInvitedContact() throws IOException, InterruptedException {
        running = RapportServer.startOwn();
        RestClient admin = new RestClient(running.server.baseUrl + "/api/v1").basic("admin", RapportServer.ADMIN_PASSWORD);
        assertEquals(201, admin.post("/admin/capabilities/rapport-service", Map.of()).status());
        RapportExam.await(() -> admin.get("/metadata/case").status() == 200 && admin.get("/portal/me").status() == 403, "the portal", 90);
        String account = admin.post("/accounts", Map.of("name", "Initech")).body().path("id").asText();
        String contact = admin.post("/contacts", Map.of("firstName", "Peter", "lastName", "Gibbons", "email", "peter@initech.example",
                "account", account)).body().path("id").asText();
        Response invited = admin.post("/contacts/" + contact + "/portalInvitation", Map.of());
        assertEquals(201, invited.status(), invited.raw().body());
        userName = invited.body().path("userName").asText();
        Response password = admin.post("/users/" + invited.body().path("userId").asText() + "/password", Map.of("password", PASSWORD));
        assertEquals(204, password.status(), password.raw().body());
        browser = ConsoleBrowser.phone(390, 844);
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
    void aCustomerSignsInOpensACaseUploadsAFileRepliesAndSeesItInTheList() throws IOException {
        browser.screenshotOnFailure("PortalBrowserIT", this::walkThrough);
    }

    private void walkThrough() throws IOException {
        browser.driver.get(running.server.baseUrl + "/portal/");
        browser.deep("h1", "Sign in");
        browser.deep("input[name=userName]", null).sendKeys(userName);
        browser.deep("input[name=password]", null).sendKeys(PASSWORD);
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

        browser.deep("textarea[name=body]", null).sendKeys("Any news on the cover sheets?");
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
