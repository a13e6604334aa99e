package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the web console in headless Chromium against a running Rapport: signs in as admin, creates an account and
 * a contact linked to it, adds a custom field to Contact, fills it, shows it as a list column, filters by it and
 * finds the contact through global search. The console renders Lit components in shadow roots, so elements are found
 * by their {@code data-testid} with a small script that looks through open shadow roots.
 *
 * <p>Runs against the distribution started by {@link RapportServer}; optionally {@code rapport.chromium} and
 * {@code rapport.chromedriver} name the browser and its browser.driver. Names
 * carry a time stamp, so the test runs against a database that already has data (demo data, earlier runs).
 */
@ExtendWith(RapportServer.class)
class ConsoleBrowserIT {
    private static ConsoleBrowser browser;
    private static WebDriverWait wait;
    private static String baseUrl;

    @BeforeAll
    static void startBrowser(RapportServer server) throws IOException {
        baseUrl = server.baseUrl;
        browser = new ConsoleBrowser(1280, 900, null);
        wait = browser.waiting("a condition of the walk-through");
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void adminManagesContactsAndCustomFieldsThroughTheConsole() throws IOException {
        browser.screenshotOnFailure("ConsoleBrowserIT", this::walkThrough);
    }

    private void walkThrough() throws IOException {
        String stamp = Long.toString(System.currentTimeMillis());
        String accountName = "Selenium Account " + stamp;
        String lastName = "Tester" + stamp;
        String fieldApiName = "favouriteColour" + stamp;
        String fieldLabel = "Favourite colour " + stamp;
        String colour = "Teal" + stamp;

        // sign in
        browser.driver.get(baseUrl + "/");
        browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
        browser.byTestId("user-name");
        browser.byTestId("nav-accounts");

        // a new account
        browser.click("nav-accounts");
        browser.waitForText("list-title", "Accounts");
        browser.click("new-record");
        browser.type("field-name", accountName);
        browser.click("create-record");
        browser.waitForText("record-title", accountName);
        String accountUrl = browser.driver.getCurrentUrl();

        // a new contact linked to the account through the reference picker
        browser.click("nav-contacts");
        browser.waitForText("list-title", "Contacts");
        browser.click("new-record");
        browser.type("field-firstName", "Jane");
        browser.type("field-lastName", lastName);
        browser.type("field-account", accountName.substring(0, accountName.length() - 3));
        browser.deep("[data-testid=\"ref-option\"]", accountName).click();
        browser.click("create-record");
        browser.waitForText("record-title", "Jane " + lastName);
        String contactUrl = browser.driver.getCurrentUrl();
        assertTrue(contactUrl.matches(".*#/contacts/[^/?]+$"), contactUrl);

        // a custom field on Contact
        browser.click("nav-admin");
        browser.click("admin-tab-fields");
        browser.choose("cf-type", "contact");
        wait.until(d -> browser.deepOrNull("[data-testid=\"cf-row-lastName\"]", null) != null);
        browser.type("cf-label", fieldLabel);
        WebElement apiName = browser.nativeInput(browser.byTestId("cf-apiName"));
        apiName.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        apiName.sendKeys(fieldApiName);
        browser.click("cf-submit");
        browser.byTestId("cf-row-" + fieldApiName);
        // made searchable: built in the background, the page shows when it is ready
        browser.click("cf-searchable-" + fieldApiName);
        browser.waitForText("cf-search-state-" + fieldApiName, "ready");

        // fill it on the contact
        browser.driver.get(contactUrl);
        browser.waitForText("record-title", "Jane " + lastName);
        browser.type("field-" + fieldApiName, colour);
        browser.click("save-record");
        browser.deep("[data-testid=\"toast-success\"]", "saved");

        // list: add the column, filter by the custom field, see exactly that contact
        browser.click("nav-contacts");
        browser.waitForText("list-title", "Contacts");
        browser.click("columns-button");
        browser.click("column-" + fieldApiName);
        browser.deep("th", fieldLabel);
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        // The details open with an animation; a click during it (on them or on "Add condition") can miss, as it can for
        // a user: open them until they are open, then add a condition until its row shows.
        wait.until(d -> {
            WebElement details = browser.deep("[data-testid=\"filter-details\"]", null);
            if (!Boolean.parseBoolean(details.getDomProperty("open"))) {
                browser.click(details);
                return false;
            }
            WebElement add = browser.deepOrNull("[data-testid=\"filter-add\"]", null);
            if (add == null || !add.isDisplayed()) {
                return false;
            }
            try {
                add.click();
            } catch (ElementNotInteractableException e) {
                return false;
            }
            return browser.deepOrNull("[data-testid=\"filter-field-0\"]", null) != null;
        });
        browser.choose("filter-field-0", fieldApiName);
        browser.type("filter-value-0", colour);
        browser.click("filter-apply");
        wait.until(d -> {
            List<WebElement> rows = browser.deepAll("[data-testid=\"row\"]");
            return rows.size() == 1 && rows.get(0).getText().contains(lastName) && rows.get(0).getText().contains(colour);
        });
        assertEquals(1, browser.deepAll("[data-testid=\"row\"]").size());

        // save that list as a view, leave it, and open it again from the view picker: same filter, same columns
        browser.click("view-save-as");
        browser.type("input-name", "Teal ones " + stamp);
        browser.click("form-submit");
        browser.deep("[data-testid=\"toast-success\"]", "Saved the view");
        String viewId = browser.byTestId("view-picker").getDomProperty("value");
        assertTrue(viewId != null && !viewId.isEmpty(), "the saved view is the open one");
        browser.click("nav-accounts");
        browser.waitForText("list-title", "Accounts");
        browser.click("nav-contacts");
        browser.waitForText("list-title", "Contacts");
        wait.until(d -> "".equals(browser.byTestId("view-picker").getDomProperty("value"))
                && browser.deepOrNull("[data-testid=\"active-filter\"]", null) == null);
        browser.choose("view-picker", viewId);
        wait.until(d -> {
            List<WebElement> rows = browser.deepAll("[data-testid=\"row\"]");
            return rows.size() == 1 && rows.get(0).getText().contains(colour);
        });
        browser.deep("th", fieldLabel);

        // global search by a prefix of the last name
        WebElement search = browser.nativeInput(browser.byTestId("global-search"));
        search.sendKeys(lastName.substring(0, lastName.length() - 2), Keys.ENTER);
        browser.deep("[data-testid=\"search-result-link\"]", lastName).click();
        browser.waitForText("record-title", "Jane " + lastName);

        // import a file with one bad row: the others come in, the bad one is named
        Path csv = Files.createTempFile("contacts", ".csv");
        Files.writeString(csv, "firstName,lastName,email\nImp,Orted" + stamp + ",imp@example.com\nBad,,bad@example.com\nAlso,Orted" + stamp + ",\n");
        browser.click("nav-contacts");
        browser.waitForText("list-title", "Contacts");
        browser.click("import-button");
        browser.byTestId("import-file").sendKeys(csv.toAbsolutePath().toString());
        browser.click("import-start");
        wait.until(d -> {
            String status = browser.byTestId("import-status").getText();
            return status.contains("completed") && status.contains("2 imported") && status.contains("1 refused");
        });
        browser.deep("li", "Row 2, lastName: is required");

        // deleting the account: its dialog tells first what the delete does to the contact
        browser.driver.get(accountUrl);
        browser.waitForText("record-title", accountName);
        browser.click("delete-record");
        browser.waitForText("delete-effects", "Clears the reference to it in 1 contact (Account)");
        browser.click("confirm-delete");
        browser.deep("[data-testid=\"toast-success\"]", "deleted");
    }
}
