package org.rapportcrm.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through the console's web components: elements are found through open shadow
 * roots by CSS selector or {@code data-testid}, and everything waits for a condition, nothing sleeps.
 */
final class ConsoleBrowser implements AutoCloseable {
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

    final WebDriver driver;
    private final Path profile;

    /** Starts a browser with a window of the given size; downloads, if a folder is given, land there without asking. */
    ConsoleBrowser(int width, int height, Path downloads) throws IOException {
        this(width, height, downloads, false);
    }

    /**
     * A phone: the page is laid out {@code width} CSS pixels wide as on a touch device (headless Chromium's window
     * cannot be made narrower than 500 pixels, its device emulation can).
     */
    static ConsoleBrowser phone(int width, int height) throws IOException {
        return new ConsoleBrowser(width, height, null, true);
    }

    private ConsoleBrowser(int width, int height, Path downloads, boolean phone) throws IOException {
        profile = Files.createTempDirectory("rapport-chromium");
        ChromeOptions options = new ChromeOptions();
        // The console's messages and the browser's own (a failed request, a CSP violation) for consoleErrors().
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        if (phone) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics", Map.of("width", width, "height", height,
                    "pixelRatio", 3.0, "touch", true, "mobile", true)));
        }
        options.setBinary(System.getProperty("rapport.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false, "download.directory_upgrade", true));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("rapport.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        deleteTree(profile);
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The errors logged in the browser's console since the last call: the console's own {@code console.error}, failed
     * requests (a 401 or 404 is logged by the browser itself), script errors and CSP violations.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** A wait of its own, so each failure names what it waited for. */
    WebDriverWait waiting(String message) {
        return waiting(() -> message);
    }

    WebDriverWait waiting(Supplier<String> message) {
        WebDriverWait w = new WebDriverWait(driver, TIMEOUT);
        w.withMessage(message);
        // Lit re-renders lists: an element found a moment ago may be gone.
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement deepOrNull(String selector, String text) {
        return js(DEEP_QUERY, selector, text) instanceof WebElement e ? e : null;
    }

    @SuppressWarnings("unchecked")
    List<WebElement> deepAll(String selector) {
        return (List<WebElement>) js(DEEP_QUERY_ALL, selector);
    }

    /** The data-testid of every element matching the selector. */
    List<String> testIds(String selector) {
        return deepAll(selector).stream().map(e -> e.getDomAttribute("data-testid")).toList();
    }

    /** Waits for a visible element matching the selector (and containing the text, if given). */
    WebElement deep(String selector, String text) {
        return waiting(() -> "no " + selector + (text == null ? "" : " with text " + text))
                .until(d -> {
                    WebElement e = deepOrNull(selector, text);
                    return e != null && e.isDisplayed() ? e : null;
                });
    }

    /** Waits for an element matching the selector, shown or not (a hidden file input). */
    WebElement present(String selector) {
        return waiting(() -> "no " + selector).until(d -> deepOrNull(selector, null));
    }

    WebElement byTestId(String testId) {
        return deep("[data-testid=\"" + testId + "\"]", null);
    }

    void click(String testId) {
        click(byTestId(testId));
    }

    void click(WebElement e) {
        String[] refusal = {""};
        waiting(() -> "the element can be clicked: " + refusal[0]).until(d -> {
            try {
                e.click();
                return true;
            } catch (ElementNotInteractableException ex) {
                refusal[0] = ex.getRawMessage(); // what covers it, for the failure message
                if (ex instanceof ElementClickInterceptedException) {
                    js("arguments[0].scrollIntoView({block: 'center'})", e); // from under the sticky header
                }
                return false;
            }
        });
    }

    WebElement nativeInput(WebElement host) {
        return waiting("an input inside " + host.getTagName()).until(d -> (WebElement) js(NATIVE_INPUT, host));
    }

    void type(String testId, String text) {
        WebElement input = nativeInput(byTestId(testId));
        waiting(testId + " is enabled").until(d -> input.isEnabled() && input.isDisplayed());
        input.sendKeys(text);
    }

    /**
     * Picks {@code value} in a Shoelace select as a user does: opens it from the middle of the window (at its bottom
     * edge the list would open squeezed to nothing) and clicks the option. A click that lands while the list is still
     * opening can be lost (CI saw it), so a user would click again, and so does this, up to three times.
     */
    void choose(String selectTestId, String value) {
        pick(selectTestId, "[data-testid=\"" + selectTestId + "\"] sl-option[value=\"" + value + "\"]", selectTestId + " is " + value,
                () -> value.equals(byTestId(selectTestId).getDomProperty("value")));
    }

    /**
     * Picks an option by its test id in a select of the console's field inputs (whose option values are positions), as
     * {@link #choose} does.
     */
    void chooseOption(String selectTestId, String optionTestId) {
        String option = "[data-testid=\"" + optionTestId + "\"]";
        pick(selectTestId, option, optionTestId + " is selected", () -> Boolean.parseBoolean(present(option).getDomProperty("selected")));
    }

    private void pick(String selectTestId, String optionSelector, String chosenMessage, BooleanSupplier chosen) {
        for (int attempt = 1; ; attempt++) {
            WebElement select = byTestId(selectTestId);
            js("arguments[0].scrollIntoView({block: 'center'})", select);
            if (!Boolean.parseBoolean(String.valueOf(select.getDomProperty("open")))) {
                click(select);
            }
            WebElement option = deep(optionSelector, null);
            js("arguments[0].scrollIntoView({block: 'center'})", option);
            click(option);
            try {
                new WebDriverWait(driver, Duration.ofSeconds(attempt < 3 ? 3 : TIMEOUT.toSeconds()))
                        .withMessage(chosenMessage).ignoring(StaleElementReferenceException.class)
                        .until(d -> chosen.getAsBoolean());
                return;
            } catch (TimeoutException lost) {
                if (attempt == 3) {
                    throw lost;
                }
            }
        }
    }

    void waitForText(String testId, String text) {
        waiting(() -> testId + " does not show " + text)
                .until(d -> {
                    WebElement e = deepOrNull("[data-testid=\"" + testId + "\"]", null);
                    return e != null && e.getText().contains(text);
                });
    }

    /** On the sign-in page: signs in and waits for the console to show the user's menu. */
    void signIn(String userName, String password) {
        type("login-username", userName);
        type("login-password", password);
        click("login-submit");
        byTestId("user-menu");
    }

    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    /** Keeps a screenshot of the page when a step fails, for the test report. */
    void screenshotOnFailure(String name, Step step) throws IOException {
        try {
            step.run();
        } catch (RuntimeException | AssertionError | IOException e) {
            Path shot = Path.of(System.getProperty("rapport.screenshotDir", "target"), name + "-failure.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            throw e;
        }
    }
}
