package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.rapportcrm.platform.files.testing.TestDocuments;

/**
 * Scenario 10: the platform file store against issue 21's targets.
 * <ol>
 * <li>A 100 MB file of random bytes uploaded and downloaded through the API against the database's own client moving
 * the same bytes, and against HTTP alone ({@link FileTransfers#transfers}).</li>
 * <li>The server's heap while a 200 MB file goes up and comes down ({@link FileTransfers#heap}).</li>
 * <li>Listing a contact's files with {@code -Dbench.files=N} (default 1,000,000) file rows stored,
 * {@value #FILES_PER_CONTACT} to a contact (rows added by the probe, pointing at the contents of two real uploads):
 * p50/p95 with one client over random contacts.</li>
 * <li>A 50-page PDF (the file tests' {@code TestDocuments}) with a unique phrase on its last page: seconds from its
 * upload's 201 until {@code /search?q=} finds its contact with the PDF among the hit's files (or what its text state
 * says instead).</li>
 * </ol>
 * Each part reports on its own: one that fails leaves the others' figures.
 */
final class FilesScenario implements Scenario {
    static final String NAME = "10 files";
    private static final int FILES_PER_CONTACT = 10;
    private static final int PDF_PAGES = 50;
    /** Far from the rows other scenarios import: a contact's e-mail carries its row number. */
    private static final long FIRST_CONTACT_ROW = 700_000_000L;
    private static final Duration SEARCH_LIMIT = Duration.ofSeconds(60);

    private interface Part {
        void run() throws Exception;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchContext context, Results results) throws Exception {
        Path work = context.options().workDir().resolve("files");
        Files.createDirectories(work);
        Map<String, Object> figures = new LinkedHashMap<>();
        results.put("files", figures);
        String holder = FileApi.createContact(context, "Files bench holder");
        part(results, "upload/download", () -> FileTransfers.transfers(context, results, figures, holder, work));
        part(results, "heap", () -> FileTransfers.heap(context, results, figures, holder, work));
        part(results, "list", () -> listing(context, results, figures, work));
        part(results, "pdf", () -> pdfSearchable(context, results, figures));
    }

    private static void part(Results results, String name, Part part) {
        try {
            part.run();
        } catch (Exception | AssertionError e) {
            System.out.println("bench: " + NAME + " " + name + " failed: " + e);
            e.printStackTrace(System.out);
            results.put("error " + NAME + " " + name, e.toString());
            results.row(NAME, name + " FAILED", e.toString(), "");
        }
    }

    // 3. Listing a contact's files with many files stored.

    private static void listing(BenchContext context, Results results, Map<String, Object> figures, Path work) throws Exception {
        long files = Long.getLong("bench.files", 1_000_000);
        long contactsNeeded = Math.max(1, files / FILES_PER_CONTACT) + 1; // and the template
        long contacts = context.total("/api/v1/contacts?limit=1");
        if (contacts < contactsNeeded) {
            System.out.printf("bench: files: importing %,d contacts to hold the files%n", contactsNeeded - contacts);
            ContactImport.run(context, FIRST_CONTACT_ROW, contactsNeeded - contacts);
        }
        String template = FileApi.createContact(context, "Files bench template");
        Path text = work.resolve("notes.txt");
        Files.writeString(text, "Call notes: the customer asked for a second quote.\n".repeat(40));
        Path pdf = work.resolve("scan.pdf");
        Files.write(pdf, TestDocuments.pdf(1, "signed copy", 1));
        try {
            FileApi.upload(context, template, text, "text/plain");
            FileApi.upload(context, template, pdf, "application/pdf");
        } finally {
            Files.deleteIfExists(text);
            Files.deleteIfExists(pdf);
        }
        awaitTextsSettled(context, template);

        System.out.printf("bench: files: adding %,d file rows, %d to a contact%n", files, FILES_PER_CONTACT);
        JsonNode fill = new ProbeClient(context).fileRows(template, files, FILES_PER_CONTACT);
        List<String> sample = new ArrayList<>();
        fill.path("sampleRecordIds").forEach(id -> sample.add(id.asText()));
        results.row(NAME, "file rows added (setup)", String.format("%,d rows on %,d contacts", fill.path("rows").asLong(),
                fill.path("contacts").asLong()), String.format("%s, %.1f s (%,.0f rows/s), the contents of 2 real uploads shared",
                fill.path("method").asText(), fill.path("seconds").asDouble(), fill.path("rowsPerSecond").asDouble()));
        int listed = context.getJson("/api/v1/contacts/" + sample.get(0) + "/files").path("items").size();
        if (listed != FILES_PER_CONTACT) {
            throw new IllegalStateException("contact " + sample.get(0) + " lists " + listed + " files, not " + FILES_PER_CONTACT);
        }

        Load.Result r = context.load("files list", 1, 200, (c, n, random) ->
                context.request("/api/v1/contacts/" + sample.get(random.nextInt(sample.size())) + "/files").GET().build());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileRows", files);
        m.put("filesPerContact", FILES_PER_CONTACT);
        @SuppressWarnings("unchecked")
        Map<String, Object> fillFigures = context.json().convertValue(fill, Map.class);
        fillFigures.remove("sampleRecordIds");
        m.put("fill", fillFigures);
        m.put("list", r.toMap());
        figures.put("list", m);
        results.row(NAME, String.format("GET /contacts/{id}/files, %,d files stored (1 client)", files), r.latencySummary(),
                String.format("target p95 < 5 ms; %d files each, %,d random contacts; %,.0f req/s, %,d B%s", FILES_PER_CONTACT, sample.size(),
                        r.perSecond(), r.avgBytes(), r.errorSuffix()));
    }

    /** Waits until the template's files are past text extraction, so the rows copied from them say what it found. */
    private static void awaitTextsSettled(BenchContext context, String contactId) throws Exception {
        Stopwatch watch = Stopwatch.start();
        while (watch.isWithin(Duration.ofSeconds(60))) {
            boolean pending = false;
            for (JsonNode f : context.getJson("/api/v1/contacts/" + contactId + "/files").path("items")) {
                pending |= "PENDING".equals(f.path("text").asText());
            }
            if (!pending) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("The template's files were still PENDING text extraction after 60 s");
    }

    // 4. A PDF's text searchable.

    private static void pdfSearchable(BenchContext context, Results results, Map<String, Object> figures) throws Exception {
        String phrase = randomWord() + " " + randomWord();
        byte[] pdf = TestDocuments.pdf(PDF_PAGES, phrase, PDF_PAGES);
        String contactId = FileApi.createContact(context, "Pdf holder");
        Stopwatch up = Stopwatch.start();
        HttpResponse<String> uploaded = context.send(context.request("/api/v1/contacts/" + contactId + "/files")
                .header("Content-Type", "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"contract-" + PDF_PAGES + "-pages.pdf\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build());
        double uploadSeconds = up.seconds();
        FileApi.expect(201, uploaded);
        Stopwatch watch = Stopwatch.start();
        String fileId = context.json().readTree(uploaded.body()).path("id").asText();
        String outcome = null;
        double seconds = -1;
        while (watch.isWithin(SEARCH_LIMIT)) {
            if (foundWithFile(context.getJson("/api/v1/search?q=" + BenchContext.urlEncode(phrase)), contactId, fileId)) {
                seconds = watch.seconds();
                outcome = String.format("%.2f s", seconds);
                break;
            }
            String text = context.getJson("/api/v1/files/" + fileId + "/info").path("text").asText();
            if (text.equals("NONE") || text.equals("FAILED")) {
                outcome = text.equals("NONE") ? "no extractor installed" : "extraction FAILED";
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        if (outcome == null) {
            outcome = "not found within " + SEARCH_LIMIT.toSeconds() + " s";
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pages", PDF_PAGES);
        m.put("bytes", pdf.length);
        m.put("uploadSeconds", Figures.round(uploadSeconds));
        m.put("searchableAfterSeconds", seconds < 0 ? null : Figures.round(seconds));
        m.put("outcome", outcome);
        figures.put("pdf", m);
        results.row(NAME, PDF_PAGES + "-page PDF searchable after upload", outcome, String.format(
                "target < 5 s; from the upload's 201 until /search?q=<phrase from its last page> finds its contact with the PDF in "
                        + "the hit's files, polled every 20 ms; %,d B, upload %.2f s", pdf.length, uploadSeconds));
    }

    private static boolean foundWithFile(JsonNode search, String contactId, String fileId) {
        for (JsonNode hit : search.path("items")) {
            if (contactId.equals(hit.path("id").asText())) {
                for (JsonNode f : hit.path("files")) {
                    if (fileId.equals(f.path("id").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Ten letters: a word no generated contact or text holds. */
    private static String randomWord() {
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }
}
