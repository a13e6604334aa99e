package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the web console in headless Chromium against a running Rapport: signs in as admin, creates an account and
 * a contact linked to it, adds a custom field to Contact, fills it, shows it as a list column, filters by it and
 * finds the contact through global search. The console renders Lit components in shadow roots, so elements are found
 * by their {@code data-testid} with a small script that looks through open shadow roots.
 *
 * <p>Runs against the distribution started by {@link RapportServer}; optionally {@code rapport.chromium} and
 * {@code rapport.chromedriver} name the browser and its driver. Names
 * carry a time stamp, so the test runs against a database that already has data (demo data, earlier runs).
 */
@ExtendWith(RapportServer.class)
class ConsoleBrowserIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The first element matching a CSS selector in the document or any open shadow root (optionally containing a text). */
    private static final String DEEP_QUERY = """
            const [selector, text] = arguments;
            function* walk(root) {
              for (const el of root.querySelectorAll('*')) {
                yield el;
                if (el.shadowRoot) yield* walk(el.shadowRoot);
              }
            }
            for (const el of walk(document)) {
              if (el.matches(selector) && (!text || (el.innerText || el.textContent || '').includes(text))) return el;
            }
            return null;
            """;

    /** All elements matching a selector through open shadow roots. */
    private static final String DEEP_QUERY_ALL = """
            const [selector] = arguments;
            const out = [];
            (function walk(root) {
              for (const el of root.querySelectorAll('*')) {
                if (el.matches(selector)) out.push(el);
                if (el.shadowRoot) walk(el.shadowRoot);
              }
            })(document);
            return out;
            """;

    /** The native input or textarea behind a custom element (rp-field-input > sl-input > input, ...). */
    private static final String NATIVE_INPUT = """
            let el = arguments[0];
            while (el && !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) {
              const next = el.shadowRoot && el.shadowRoot.querySelector('input, textarea, sl-input, sl-textarea, rp-reference-picker');
              if (!next) return null;
              el = next;
            }
            return el;
            """;

    private static WebDriver driver;
    private static WebDriverWait wait;
    private static Path profile;
    private static String baseUrl;

    @BeforeAll
    static void startBrowser(RapportServer server) throws IOException {
        baseUrl = server.baseUrl;
        profile = Files.createTempDirectory("rapport-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("rapport.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("rapport.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, TIMEOUT);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void adminManagesContactsAndCustomFieldsThroughTheConsole() throws IOException {
        try {
            walkThrough();
        } catch (RuntimeException | AssertionError e) {
            Path shot = Path.of(System.getProperty("rapport.screenshotDir", "target"), "ConsoleBrowserIT-failure.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            throw e;
        }
    }

    private void walkThrough() throws IOException {
        String stamp = Long.toString(System.currentTimeMillis());
        String accountName = "Selenium Account " + stamp;
        String lastName = "Tester" + stamp;
        String fieldApiName = "favouriteColour" + stamp;
        String fieldLabel = "Favourite colour " + stamp;
        String colour = "Teal" + stamp;

        // sign in
        driver.get(baseUrl + "/");
        type("login-username", "admin");
        type("login-password", RapportServer.ADMIN_PASSWORD);
        click("login-submit");
        byTestId("user-name");
        byTestId("nav-accounts");

        // a new account
        click("nav-accounts");
        waitForText("list-title", "Accounts");
        click("new-record");
        type("field-name", accountName);
        click("create-record");
        waitForText("record-title", accountName);

        // a new contact linked to the account through the reference picker
        click("nav-contacts");
        waitForText("list-title", "Contacts");
        click("new-record");
        type("field-firstName", "Jane");
        type("field-lastName", lastName);
        type("field-account", accountName.substring(0, accountName.length() - 3));
        deep("[data-testid=\"ref-option\"]", accountName).click();
        click("create-record");
        waitForText("record-title", "Jane " + lastName);
        String contactUrl = driver.getCurrentUrl();
        assertTrue(contactUrl.matches(".*#/contacts/[^/?]+$"), contactUrl);

        // a custom field on Contact
        click("nav-admin");
        click("admin-tab-fields");
        chooseOption("cf-type", "contact");
        wait.until(d -> deepOrNull("[data-testid=\"cf-row-lastName\"]", null) != null);
        type("cf-label", fieldLabel);
        WebElement apiName = nativeInput(byTestId("cf-apiName"));
        apiName.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        apiName.sendKeys(fieldApiName);
        click("cf-submit");
        byTestId("cf-row-" + fieldApiName);

        // fill it on the contact
        driver.get(contactUrl);
        waitForText("record-title", "Jane " + lastName);
        type("field-" + fieldApiName, colour);
        click("save-record");
        deep("[data-testid=\"toast-success\"]", "saved");

        // list: add the column, filter by the custom field, see exactly that contact
        click("nav-contacts");
        waitForText("list-title", "Contacts");
        click("columns-button");
        click("column-" + fieldApiName);
        deep("th", fieldLabel);
        driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        click("filter-details");
        click("filter-add");
        chooseOption("filter-field-0", fieldApiName);
        type("filter-value-0", colour);
        click("filter-apply");
        wait.until(d -> {
            List<WebElement> rows = deepAll("[data-testid=\"row\"]");
            return rows.size() == 1 && rows.get(0).getText().contains(lastName) && rows.get(0).getText().contains(colour);
        });
        assertEquals(1, deepAll("[data-testid=\"row\"]").size());

        // global search by a prefix of the last name
        WebElement search = nativeInput(byTestId("global-search"));
        search.sendKeys(lastName.substring(0, lastName.length() - 2), Keys.ENTER);
        deep("[data-testid=\"search-result-link\"]", lastName).click();
        waitForText("record-title", "Jane " + lastName);

        // import a file with one bad row: the others come in, the bad one is named
        Path csv = Files.createTempFile(profile, "contacts", ".csv");
        Files.writeString(csv, "firstName,lastName,email\nImp,Orted" + stamp + ",imp@example.com\nBad,,bad@example.com\nAlso,Orted" + stamp + ",\n");
        click("nav-contacts");
        waitForText("list-title", "Contacts");
        click("import-button");
        byTestId("import-file").sendKeys(csv.toAbsolutePath().toString());
        click("import-start");
        wait.until(d -> {
            String status = byTestId("import-status").getText();
            return status.contains("completed") && status.contains("2 imported") && status.contains("1 refused");
        });
        deep("li", "Row 2, lastName: is required");
    }

    // --- helpers: everything waits for a condition, nothing sleeps ---

    private static WebElement deepOrNull(String selector, String text) {
        Object found = ((JavascriptExecutor) driver).executeScript(DEEP_QUERY, selector, text);
        return found instanceof WebElement e ? e : null;
    }

    @SuppressWarnings("unchecked")
    private static List<WebElement> deepAll(String selector) {
        return (List<WebElement>) ((JavascriptExecutor) driver).executeScript(DEEP_QUERY_ALL, selector);
    }

    /** Waits for a visible element matching the selector (and containing the text, if given). */
    private static WebElement deep(String selector, String text) {
        return wait.withMessage(() -> "no " + selector + (text == null ? "" : " with text " + text))
                .until(d -> {
                    WebElement e = deepOrNull(selector, text);
                    return e != null && e.isDisplayed() ? e : null;
                });
    }

    private static WebElement byTestId(String testId) {
        return deep("[data-testid=\"" + testId + "\"]", null);
    }

    private static void click(String testId) {
        WebElement e = byTestId(testId);
        wait.until(d -> {
            try {
                e.click();
                return true;
            } catch (org.openqa.selenium.ElementNotInteractableException ex) {
                return false;
            }
        });
    }

    private static WebElement nativeInput(WebElement host) {
        return wait.until(d -> (WebElement) ((JavascriptExecutor) driver).executeScript(NATIVE_INPUT, host));
    }

    private static void type(String testId, String text) {
        WebElement input = nativeInput(byTestId(testId));
        wait.until(d -> input.isEnabled() && input.isDisplayed());
        input.sendKeys(text);
    }

    /** Opens a Shoelace select and picks the option with the given value. */
    private static void chooseOption(String testId, String value) {
        click(testId);
        WebElement option = deep("[data-testid=\"" + testId + "\"] sl-option[value=\"" + value + "\"]", null);
        wait.until(d -> {
            ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", option);
            try {
                option.click();
                return true;
            } catch (org.openqa.selenium.ElementNotInteractableException ex) {
                return false;
            }
        });
        wait.until(d -> value.equals(byTestId(testId).getDomProperty("value")));
    }

    private static void waitForText(String testId, String text) {
        wait.withMessage(() -> testId + " does not show " + text)
                .until(d -> {
                    WebElement e = deepOrNull("[data-testid=\"" + testId + "\"]", null);
                    return e != null && e.getText().contains(text);
                });
    }
}
