package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The sales console in headless Chromium against the distribution: the pipeline board moves opportunities by drag and
 * drop (SortableJS's pointer fallback, driven with Selenium's pointer actions), asks for the fields a stage requires
 * (Closed Lost: the loss reason) before the move lands, lays out at phone width, and the quote page downloads the
 * quote's PDF, whose text carries the total. Records are made over REST; names carry a time stamp, so the test runs
 * against a database with data in it.
 *
 * <p>Like {@link ConsoleBrowserIT}: elements are found by {@code data-testid} through open shadow roots, every wait is
 * for a condition, and {@code rapport.chromium} / {@code rapport.chromedriver} name the browser and its driver.
 */
@ExtendWith(RapportServer.class)
class SalesConsoleBrowserIT {
    /** Wide enough for all seven columns of the standard process side by side (each 17rem). */
    private static final Dimension DESKTOP = new Dimension(2400, 1100);




    private static ConsoleBrowser browser;
    private static Path downloads;
    private static String baseUrl;
    private static RestClient rest;

    @BeforeAll
    static void startBrowser(RapportServer server) throws IOException {
        baseUrl = server.baseUrl;
        rest = new RestClient(server).basic("admin", RapportServer.ADMIN_PASSWORD);
        awaitSalesCapability();
        downloads = Files.createTempDirectory("rapport-downloads");
        browser = new ConsoleBrowser(DESKTOP.width, DESKTOP.height, downloads);
        signIn();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
        ConsoleBrowser.deleteTree(downloads);
    }

    @Test
    void aCardDraggedToAnotherColumnMovesTheOpportunityToThatStage() throws IOException {
        String stamp = stamp();
        String account = create("accounts", Map.of("name", "Board Account " + stamp)).path("id").asText();
        String contact = create("contacts", Map.of("firstName", "Bo", "lastName", "Ard" + stamp, "account", account)).path("id").asText();
        String opportunity = create("opportunities", Map.of("name", "Board deal " + stamp, "account", account, "contact", contact,
                "amount", Map.of("amount", 1200, "currency", "EUR"), "closeDate", LocalDate.now().plusDays(30).toString(),
                "stage", "Prospecting")).path("id").asText();

        browser.screenshotOnFailure("SalesConsoleBrowserIT-drag", () -> {
            openBoard();
            WebElement card = browser.deep(card(opportunity), null);
            assertTrue(card.getText().contains("Board Account " + stamp), "the card names the account: " + card.getText());
            drag(card, browser.byTestId("stage-cards-Proposal"));

            browser.deep("[data-testid=\"stage-cards-Proposal\"] " + card(opportunity), null);
            awaitRest("the opportunity is in Proposal", () -> "Proposal".equals(get("opportunities", opportunity).path("stage").asText()));
        });
    }

    @Test
    void movingToClosedLostAsksForTheLossReasonFirst() throws IOException {
        String stamp = stamp();
        String account = create("accounts", Map.of("name", "Lost Account " + stamp)).path("id").asText();
        String opportunity = create("opportunities", Map.of("name", "Lost deal " + stamp, "account", account,
                "amount", Map.of("amount", 800, "currency", "EUR"), "closeDate", LocalDate.now().plusDays(20).toString(),
                "stage", "Prospecting")).path("id").asText();

        browser.screenshotOnFailure("SalesConsoleBrowserIT-closed-lost", () -> {
            openBoard();
            drag(browser.deep(card(opportunity), null), browser.byTestId("stage-cards-Closed Lost"));

            browser.byTestId("form-dialog");
            browser.waiting("the dialog asks for the loss reason, and for nothing else")
                    .until(d -> List.of("form-field-lossReason").equals(browser.testIds("[data-testid^=\"form-field-\"]")));
            assertEquals("Prospecting", get("opportunities", opportunity).path("stage").asText(), "nothing is saved before the dialog");
            chooseOption("input-lossReason", "option-lossReason-Competitor");
            browser.click("form-submit");

            browser.deep("[data-testid=\"stage-cards-Closed Lost\"] " + card(opportunity), null);
            awaitRest("the opportunity is Closed Lost for a competitor", () -> {
                JsonNode o = get("opportunities", opportunity);
                return "Closed Lost".equals(o.path("stage").asText()) && "Competitor".equals(o.path("lossReason").asText());
            });
        });
    }

    /**
     * The board checks a stage's required fields before it saves, but the server has the last word: here the stage
     * starts requiring a field after the board has loaded, so the server refuses the move (422) and the dialog asks for
     * the field it names. A sales process of the test's own keeps the standard one as it is.
     */
    @Test
    void whenTheServerRefusesAMoveTheDialogAsksForTheFieldsItNames() throws IOException {
        String stamp = stamp();
        String process = "IT " + stamp;
        String first = create("salesStages", Map.of("process", process, "name", "Talk", "position", 1, "probability", 10,
                "outcome", "Open", "forecastCategory", "Pipeline", "active", true)).path("id").asText();
        JsonNode second = create("salesStages", Map.of("process", process, "name", "Agree", "position", 2, "probability", 80,
                "outcome", "Open", "forecastCategory", "Commit", "active", true));
        String opportunity = create("opportunities", Map.of("name", "Refused deal " + stamp, "salesProcess", process, "stage", "Talk",
                "amount", Map.of("amount", 500, "currency", "EUR"), "closeDate", LocalDate.now().plusDays(10).toString()))
                .path("id").asText();

        browser.screenshotOnFailure("SalesConsoleBrowserIT-server-refuses", () -> {
            try {
                openBoard();
                chooseOption("process-picker", "process-" + process);
                WebElement card = browser.deep(card(opportunity), null);
                RestClient.Response changed = rest.patch("/salesStages/" + second.path("id").asText(),
                        "\"" + second.path("version").asLong() + "\"", Map.of("requiredFields", "nextStep"));
                assertEquals(200, changed.status(), () -> "PATCH the stage: " + changed.body());
                drag(card, browser.byTestId("stage-cards-Agree"));

                browser.waiting("the dialog asks for the field the server named")
                        .until(d -> List.of("form-field-nextStep").equals(browser.testIds("[data-testid^=\"form-field-\"]")));
                browser.type("input-nextStep", "Send the contract");
                browser.click("form-submit");
                awaitRest("the opportunity is in Agree with its next step", () -> {
                    JsonNode o = get("opportunities", opportunity);
                    return "Agree".equals(o.path("stage").asText()) && "Send the contract".equals(o.path("nextStep").asText());
                });
            } finally {
                browser.js("localStorage.removeItem('rapport.sales.pipeline.process')"); // the next board shows the standard process
                for (String stage : List.of(first, second.path("id").asText())) {
                    JsonNode current = get("salesStages", stage);
                    rest.patch("/salesStages/" + stage, "\"" + current.path("version").asLong() + "\"", Map.of("active", false));
                }
            }
        });
    }

    @Test
    void atPhoneWidthTheColumnsScrollSidewaysInsideTheBoard() throws IOException {
        browser.screenshotOnFailure("SalesConsoleBrowserIT-phone", () -> {
            try {
                browser.driver.manage().window().setSize(new Dimension(500, 900)); // headless Chromium's narrowest window
                openBoard();
                WebElement board = browser.byTestId("pipeline-board");
                browser.waiting("the board scrolls sideways, the page does not").until(d -> {
                    List<?> widths = (List<?>) browser.js("""
                            const b = arguments[0];
                            return [b.scrollWidth, b.clientWidth, document.documentElement.scrollWidth, window.innerWidth];""", board);
                    long boardWidth = (Long) widths.get(0);
                    long boardView = (Long) widths.get(1);
                    long pageWidth = (Long) widths.get(2);
                    long window = (Long) widths.get(3);
                    return boardWidth > boardView && pageWidth <= window;
                });
            } finally {
                browser.driver.manage().window().setSize(DESKTOP);
            }
        });
    }

    @Test
    void theQuotePageDownloadsThePdfWithTheQuotesTotal() throws IOException {
        String stamp = stamp();
        String account = create("accounts", Map.of("name", "Quote Account " + stamp)).path("id").asText();
        String quote = create("quotes", Map.of("name", "Quote " + stamp, "account", account, "currency", "EUR")).path("id").asText();
        create("quoteLines", Map.of("quote", quote, "description", "Licence", "position", 1, "quantity", 2,
                "unitPrice", Map.of("amount", 500.25, "currency", "EUR")));
        create("quoteLines", Map.of("quote", quote, "description", "Onboarding", "position", 2, "quantity", 1,
                "unitPrice", Map.of("amount", 234.00, "currency", "EUR")));
        JsonNode total = quoteTotal(quote);
        String expected = String.format(Locale.ROOT, "%,.2f %s", total.path("amount").decimalValue(), total.path("currency").asText());

        browser.screenshotOnFailure("SalesConsoleBrowserIT-quote-pdf", () -> {
            browser.driver.get(baseUrl + "/#/quotes/" + quote);
            browser.waitForText("record-title", "Quote " + stamp);
            browser.click("quote-pdf");
            Path pdf = browser.waiting("the PDF is downloaded into " + downloads).until(d -> downloaded(".pdf").orElse(null));
            try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
                String text = new PDFTextStripper().getText(document);
                assertTrue(text.contains(expected), "the PDF shows the total " + expected + ":\n" + text);
            }
        });
    }

    // --- REST ---

    private static String stamp() {
        return Long.toString(System.nanoTime());
    }

    private static JsonNode create(String plural, Map<String, Object> values) {
        RestClient.Response r = rest.post("/" + plural, values);
        assertEquals(201, r.status(), () -> "POST /" + plural + ": " + r.body());
        return r.body();
    }

    private static JsonNode get(String plural, String id) {
        RestClient.Response r = rest.get("/" + plural + "/" + id);
        assertEquals(200, r.status(), () -> "GET /" + plural + "/" + id + ": " + r.body());
        return r.body();
    }

    /**
     * The quote's total as the server keeps it. The pricing triggers total the lines; where they are not installed
     * (a build without them), the test sets the totals of its two lines itself: 2 x 500.25 + 234.00 = 1,234.50 EUR.
     */
    private static JsonNode quoteTotal(String quote) {
        JsonNode q = get("quotes", quote);
        if (q.path("total").path("amount").isMissingNode() || q.path("total").path("amount").isNull()) {
            Map<String, Object> sum = Map.of("amount", 1234.50, "currency", "EUR");
            RestClient.Response r = rest.patch("/quotes/" + quote, "\"" + q.path("version").asLong() + "\"", Map.of("subtotal", sum, "total", sum));
            assertEquals(200, r.status(), () -> "PATCH /quotes/" + quote + ": " + r.body());
            q = r.body();
        }
        return q.path("total");
    }

    private static void awaitRest(String what, Supplier<Boolean> condition) {
        browser.waiting(what).until(d -> condition.get());
    }

    /** The server is healthy before every capability has started: wait until the sales record types are served. */
    private static void awaitSalesCapability() {
        new FluentWait<>(rest).withTimeout(Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(250))
                .withMessage("the sales capability is up: /api/v1/salesStages is served")
                .until(r -> r.get("/salesStages?limit=1").status() == 200);
    }

    // --- browser ---

    private static void signIn() {
        browser.driver.get(baseUrl + "/");
        browser.signIn("admin", RapportServer.ADMIN_PASSWORD);
    }

    /** Opens the board afresh: by way of the home page, since going to the URL the browser is at would not reload it. */
    private static void openBoard() {
        browser.driver.get(baseUrl + "/#/");
        browser.deep("rp-home-page", null);
        browser.driver.get(baseUrl + "/#/page/sales-pipeline");
        browser.byTestId("pipeline-board");
        // every column has loaded once its count shows
        browser.waiting("the columns have loaded").until(d -> !browser.testIds("[data-testid^=\"count-\"]").isEmpty()
                && ((List<?>) browser.js("""
                        const out = [];
                        (function walk(root) {
                          for (const el of root.querySelectorAll('*')) {
                            if (el.matches('.column sl-spinner')) out.push(el);
                            if (el.shadowRoot) walk(el.shadowRoot);
                          }
                        })(document);
                        return out;""")).isEmpty());
    }

    private static String card(String opportunityId) {
        return "[data-testid=\"card-" + opportunityId + "\"]";
    }

    /** Press on the card, move a little (SortableJS starts a drag past its tolerance), over the target list, release. */
    private static void drag(WebElement card, WebElement target) {
        browser.js("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", card);
        browser.js("arguments[0].scrollIntoView({block: 'nearest', inline: 'nearest'})", target);
        new Actions(browser.driver).clickAndHold(card).moveByOffset(10, 10).moveToElement(target).release().perform();
    }

    private static Optional<Path> downloaded(String suffix) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).filter(p -> p.toFile().length() > 0).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Opens a Shoelace select and picks an option by its data-testid. */
    private static void chooseOption(String selectTestId, String optionTestId) {
        browser.click(selectTestId);
        WebElement option = browser.byTestId(optionTestId);
        browser.click(option);
        browser.waiting(selectTestId + " has a value").until(d -> !String.valueOf(browser.byTestId(selectTestId).getDomProperty("value")).isEmpty());
    }

}
