package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The sales console in headless Chromium against the distribution: the pipeline board moves opportunities by drag and
 * drop (SortableJS's pointer fallback, driven with Selenium's pointer actions), asks for the fields a stage requires
 * (Closed Lost: the loss reason) before the move lands, lays out at phone width, and the quote page downloads the
 * quote's PDF, whose text carries the total; a sales user adds files to a deal through its Files panel (also at phone
 * width), downloads, previews and deletes them. Records are made over REST; names carry a time stamp, so the test runs
 * against a database with data in it.
 *
 * <p>Like {@link ConsoleBrowserIT}: elements are found by {@code data-testid} through open shadow roots, every wait is
 * for a condition, and {@code rapport.chromium} / {@code rapport.chromedriver} name the browser and its driver.
 */
@ExtendWith(RapportServer.class)
class SalesConsoleBrowserIT {
    /** Wide enough for all seven columns of the standard process side by side (each 17rem). */
    private static final Dimension DESKTOP = new Dimension(2400, 1100);
    private static final String REP_PASSWORD = "rep-password-1";
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
            browser.chooseOption("input-lossReason", "option-lossReason-Competitor");
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
                browser.chooseOption("process-picker", "process-" + process);
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

    /**
     * A sales user's own deal: two files chosen at once in the Files panel's file input are uploaded and listed, the
     * contract downloads byte for byte as it was uploaded, the photo opens in the preview and is deleted after the
     * confirmation, a file dropped on the panel is uploaded too, the global search finds the deal by a phrase of the
     * contract once its text is read, and a refused file (a shell script) shows the server's reason next to its name. On a deal of someone outside their team, which sales users may read but not edit, the panel lists
     * the files and offers neither upload nor delete. Nothing is logged as an error in the browser's console.
     */
    @Test
    void aSalesUserUploadsDownloadsPreviewsAndDeletesFilesOfTheirDeal() throws IOException {
        String stamp = stamp();
        String user = "rep" + stamp;
        RestClient repRest = salesUser(user);
        String own = create(repRest, "opportunities", deal("Files deal " + stamp)).path("id").asText();
        String others = create("opportunities", deal("Admin's deal " + stamp)).path("id").asText();
        Path folder = Files.createTempDirectory("rapport-uploads");
        Path repDownloads = Files.createTempDirectory("rapport-rep-downloads");
        Path contract = folder.resolve("contract " + stamp + ".pdf");
        Path photo = folder.resolve("site-photo-" + stamp + ".png");
        String phrase = "penalty clause k" + stamp;
        writePdf(contract, "The " + phrase + " applies from the first late delivery.");
        writePng(photo, 64, 48);
        Path script = folder.resolve("setup-" + stamp + ".sh");
        Files.writeString(script, "#!/bin/sh\necho 'installing'\n");

        try (ConsoleBrowser rep = new ConsoleBrowser(1280, 900, repDownloads)) {
            // the administrator, who may edit every record, adds the contract to the other deal
            browser.screenshotOnFailure("SalesConsoleBrowserIT-files-admin", () -> {
                browser.driver.get(baseUrl + "/#/opportunities/" + others);
                browser.waitForText("record-title", "Admin's deal " + stamp);
                chooseFiles(browser, contract);
                browser.deep("[data-testid=\"file\"]", contract.getFileName().toString());
            });
            rep.screenshotOnFailure("SalesConsoleBrowserIT-files", () -> {
                rep.driver.get(baseUrl + "/");
                rep.byTestId("login-username");
                List<String> errors = new ArrayList<>(rep.consoleErrors());
                rep.signIn(user, REP_PASSWORD);
                rep.driver.get(baseUrl + "/#/opportunities/" + own);
                rep.waitForText("record-title", "Files deal " + stamp);
                rep.byTestId("files-empty");

                chooseFiles(rep, contract, photo);
                String contractId = awaitFile(repRest, own, contract).path("id").asText();
                String photoId = awaitFile(repRest, own, photo).path("id").asText();
                rep.deep(fileRow(contractId), contract.getFileName().toString());
                rep.deep(fileRow(photoId), photo.getFileName().toString());
                rep.waiting("no upload is left in the panel").until(d -> rep.deepAll("[data-testid=\"upload\"]").isEmpty());
                rep.waitForText("timeline", "added the file “" + photo.getFileName() + "”");

                rep.click(rep.deep(fileRow(contractId) + " [data-testid=\"file-download\"]", null));
                byte[] uploaded = Files.readAllBytes(contract);
                Path downloaded = repDownloads.resolve(contract.getFileName().toString());
                rep.waiting("the contract is downloaded as it was uploaded into " + repDownloads)
                        .until(d -> Arrays.equals(uploaded, readOrEmpty(downloaded)));

                // by keyboard: Enter on the thumbnail opens the preview, Escape closes it
                rep.deep(fileRow(photoId) + " [data-testid=\"file-thumbnail\"]", null).sendKeys(Keys.ENTER);
                WebElement image = rep.byTestId("file-preview-image");
                rep.waiting("the preview shows the photo at its size")
                        .until(d -> Long.valueOf(64).equals(rep.js("return arguments[0].complete ? arguments[0].naturalWidth : 0", image)));
                new Actions(rep.driver).sendKeys(Keys.ESCAPE).perform();
                rep.waiting("the preview closes").until(d -> rep.deepOrNull("[data-testid=\"file-preview-image\"]", null) == null);

                rep.click(rep.deep(fileRow(photoId) + " [data-testid=\"file-delete\"]", null));
                rep.waitForText("confirm-dialog", photo.getFileName().toString());
                assertEquals(2, files(repRest, own).size(), "nothing is deleted before the confirmation");
                rep.click("confirm-ok");
                rep.waiting("the photo is gone from the panel").until(d -> rep.deepOrNull(fileRow(photoId), null) == null);
                assertEquals(List.of(contractId), files(repRest, own).stream().map(f -> f.path("id").asText()).toList());

                String dropped = "dropped-" + stamp + ".txt";
                dropFile(rep, rep.byTestId("files-drop"), dropped, "Minutes of the kick-off meeting.");
                String droppedId = awaitFile(repRest, own, Path.of(dropped)).path("id").asText();
                rep.deep(fileRow(droppedId), dropped);

                // the contract's text is read in the background: the panel's hint goes, and the search finds the deal by it
                awaitExtraction(repRest, own, contractId);
                awaitRest("the search index has the contract's text", () -> repRest.get("/search?q=" + RestClient.q(phrase)).body()
                        .path("items").findValuesAsText("id").contains(own));
                rep.waiting("the contract's text is no longer being read")
                        .until(d -> rep.deepOrNull(fileRow(contractId) + " [data-testid=\"file-text-pending\"]", null) == null);
                rep.nativeInput(rep.byTestId("global-search")).sendKeys(phrase, Keys.ENTER);
                WebElement hit = rep.deep("[data-testid=\"search-result\"]", "Files deal " + stamp);
                assertTrue(hit.getText().contains("Found in " + contract.getFileName()), "the hit names the contract: " + hit.getText());

                rep.driver.get(baseUrl + "/#/opportunities/" + others);
                rep.waitForText("record-title", "Admin's deal " + stamp);
                rep.deep("[data-testid=\"file\"]", contract.getFileName().toString());
                assertNull(rep.deepOrNull("[data-testid=\"files-choose\"]", null), "no upload on a deal the user may not edit");
                assertNull(rep.deepOrNull("[data-testid=\"file-delete\"]", null), "no delete on a deal the user may not edit");

                errors.addAll(rep.consoleErrors());
                assertEquals(List.of(), errors, "errors in the browser's console");

                // a refused file: its own error, with the server's reason, and nothing kept
                rep.driver.get(baseUrl + "/#/opportunities/" + own);
                rep.waitForText("record-title", "Files deal " + stamp);
                rep.deep(fileRow(contractId), contract.getFileName().toString());
                chooseFiles(rep, script);
                rep.waitForText("upload-error", "application/x-sh");
                assertTrue(rep.byTestId("upload").getText().contains(script.getFileName().toString()), "the error names the file");
                rep.click("upload-dismiss");
                rep.waiting("the error is dismissed").until(d -> rep.deepOrNull("[data-testid=\"upload\"]", null) == null);
                assertEquals(2, files(repRest, own).size(), "the contract and the dropped file, nothing else");
                assertTrue(rep.consoleErrors().stream().allMatch(e -> e.contains("422")), "only the refusal is logged");
            });
        } finally {
            ConsoleBrowser.deleteTree(folder);
            ConsoleBrowser.deleteTree(repDownloads);
        }
    }

    /** At phone width (390 CSS pixels, touch) the panel and its Choose files button fit the screen, and a chosen file is listed. */
    @Test
    void atPhoneWidthTheFilesPanelFitsTheScreenAndTakesAFile() throws IOException {
        String stamp = stamp();
        String user = "phone" + stamp;
        RestClient repRest = salesUser(user);
        String own = create(repRest, "opportunities", deal("Phone files deal " + stamp)).path("id").asText();
        Path folder = Files.createTempDirectory("rapport-uploads");
        Path note = folder.resolve("call-notes-" + stamp + ".txt");
        Files.writeString(note, "Called the buyer; the penalty clause is agreed.\n");

        try (ConsoleBrowser phone = ConsoleBrowser.phone(390, 844)) {
            phone.screenshotOnFailure("SalesConsoleBrowserIT-files-phone", () -> {
                phone.driver.get(baseUrl + "/");
                phone.signIn(user, REP_PASSWORD);
                phone.driver.get(baseUrl + "/#/opportunities/" + own);
                phone.waitForText("record-title", "Phone files deal " + stamp);
                WebElement choose = phone.byTestId("files-choose");
                phone.js("arguments[0].scrollIntoView({block: 'center'})", choose);

                chooseFiles(phone, note);
                String noteId = awaitFile(repRest, own, note).path("id").asText();
                phone.deep(fileRow(noteId), note.getFileName().toString());
                for (String testId : List.of("files-panel", "files-choose")) {
                    Number right = (Number) phone.js("return arguments[0].getBoundingClientRect().right", phone.byTestId(testId));
                    assertTrue(right.doubleValue() <= 390, testId + " ends within the screen: " + right);
                }
                assertTrue((Long) phone.js("return document.documentElement.scrollWidth") <= 390L, "the page does not scroll sideways");
                assertEquals(List.of(), phone.consoleErrors(), "errors in the browser's console");
            });
        } finally {
            ConsoleBrowser.deleteTree(folder);
        }
    }

    // --- REST ---

    private static String stamp() {
        return Long.toString(System.nanoTime());
    }

    private static JsonNode create(String plural, Map<String, Object> values) {
        return create(rest, plural, values);
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

    private static JsonNode create(RestClient client, String plural, Map<String, Object> values) {
        RestClient.Response r = client.post("/" + plural, values);
        assertEquals(201, r.status(), () -> "POST /" + plural + ": " + r.body());
        return r.body();
    }

    /** A new user with the sales role and no team, and a client signed in as them. */
    private static RestClient salesUser(String name) {
        RestClient.Response r = rest.post("/users", Map.of("userName", name, "displayName", "Rep " + name, "password", REP_PASSWORD,
                "roles", List.of("sales")));
        assertEquals(201, r.status(), () -> "POST /users: " + r.body());
        return new RestClient(baseUrl + "/api/v1").basic(name, REP_PASSWORD);
    }

    private static Map<String, Object> deal(String name) {
        return Map.of("name", name, "amount", Map.of("amount", 900, "currency", "EUR"),
                "closeDate", LocalDate.now().plusDays(30).toString(), "stage", "Prospecting");
    }

    private static List<JsonNode> files(RestClient client, String opportunity) {
        RestClient.Response r = client.get("/opportunities/" + opportunity + "/files");
        assertEquals(200, r.status(), () -> "GET the deal's files: " + r.body());
        List<JsonNode> files = new ArrayList<>();
        r.body().path("items").forEach(files::add);
        return files;
    }

    /** The file of that name once the server lists it with the deal. */
    private static JsonNode awaitFile(RestClient client, String opportunity, Path file) {
        String name = file.getFileName().toString();
        return browser.waiting(() -> name + " is listed with the deal: " + files(client, opportunity)).until(d -> files(client, opportunity)
                .stream().filter(f -> name.equals(f.path("name").asText())).findFirst().orElse(null));
    }

    /** Text extraction runs as a scheduled task: give it the scheduler's polling and a loaded machine's pace. */
    private static void awaitExtraction(RestClient client, String opportunity, String fileId) {
        new FluentWait<>(client).withTimeout(Duration.ofSeconds(90)).pollingEvery(Duration.ofMillis(500))
                .withMessage(() -> "the text of file " + fileId + " is extracted: " + files(client, opportunity))
                .until(c -> files(c, opportunity).stream().anyMatch(f -> fileId.equals(f.path("id").asText())
                        && "EXTRACTED".equals(f.path("text").asText())));
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

    /** Chooses files in the Files panel's file input (hidden behind its "Choose files" button), as a user's file dialog does. */
    private static void chooseFiles(ConsoleBrowser in, Path... files) {
        in.byTestId("files-choose");
        in.present("[data-testid=\"files-input\"]")
                .sendKeys(Stream.of(files).map(f -> f.toAbsolutePath().toString()).collect(Collectors.joining("\n")));
    }

    /** Drops a file made in the page on an element, with the events a browser sends when one drags a file there. */
    private static void dropFile(ConsoleBrowser in, WebElement target, String name, String text) {
        in.js("""
                const [target, name, text] = arguments;
                const data = new DataTransfer();
                data.items.add(new File([text], name, { type: 'text/plain' }));
                for (const type of ['dragenter', 'dragover', 'drop']) {
                  target.dispatchEvent(new DragEvent(type, { bubbles: true, composed: true, cancelable: true, dataTransfer: data }));
                }""", target, name, text);
    }

    private static String fileRow(String fileId) {
        return "[data-testid=\"file\"][data-file-id=\"" + fileId + "\"]";
    }

    private static byte[] readOrEmpty(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void writePdf(Path file, String text) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            document.save(file.toFile());
        }
    }

    private static void writePng(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x80);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** Opens a Shoelace select and picks an option by its data-testid. */
}
