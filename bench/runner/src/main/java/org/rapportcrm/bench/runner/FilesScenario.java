package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.rapportcrm.platform.files.testing.TestDocuments;

/**
 * Scenario 10: the platform file store against issue 21's targets.
 * <ol>
 * <li>A 100 MB file of random bytes uploaded ({@code POST /contacts/{id}/files}, raw body) and downloaded
 * ({@code GET /files/{id}}) against the database's own client copying the same bytes in the same run: on PostgreSQL
 * psql's large object and COPY of a bytea row ({@link PsqlCopy}; the faster of the two is the bound), on Derby a BLOB
 * written and read through JDBC inside the server (the probe). And HTTP alone: the same bytes through a bare servlet
 * to and from a file. Median of {@value #RUNS} runs, after a warm-up.</li>
 * <li>The server's heap while a 200 MB file goes up and comes down: live before, the most any collection during it
 * found live, live after (the probe's {@code HeapWatch}).</li>
 * <li>Listing a contact's files with {@code -Dbench.files=N} (default 1,000,000) file rows stored, {@value #FILES_PER_CONTACT}
 * to a contact (rows added by the probe, pointing at the contents of three real uploads): p50/p95 with one client
 * over random contacts.</li>
 * <li>A 50-page PDF (the file tests' {@code TestDocuments}) with a unique phrase on its last page: seconds from its upload's 201 until {@code /search?q=} finds
 * its contact with the PDF among the hit's files (or what its text state says instead).</li>
 * </ol>
 */
final class FilesScenario implements Scenario {
    static final String NAME = "10 files";
    private static final int MB = 1024 * 1024;
    private static final int TRANSFER_MB = 100;
    private static final int WARMUP_MB = 16;
    private static final int HEAP_MB = 200;
    private static final int RUNS = 5;
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
        String holder = createContact(context, "Files bench holder");
        // Each part on its own: one that fails is reported and the others still measure.
        part(results, "upload/download", () -> transfers(context, results, figures, holder, work));
        part(results, "heap", () -> heap(context, results, figures, holder, work));
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

    // 1. Upload and download against the database's own client.

    /** Seconds of each way of one file: the API, the database's own client, and HTTP alone (the probe's bare servlet). */
    private record Transfer(double restUp, double restDown, double clientUp, double clientDown, String clientUpMethod,
            String clientDownMethod, double bareUp, double bareDown, Map<String, Object> detail) {
    }

    private static void transfers(BenchContext context, Results results, Map<String, Object> figures, String contactId, Path work)
            throws Exception {
        System.out.printf("bench: files: warm-up transfers of %d MB%n", WARMUP_MB);
        transfer(context, contactId, work, WARMUP_MB, -1);
        List<Transfer> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            Transfer t = transfer(context, contactId, work, TRANSFER_MB, run);
            System.out.printf("bench: files: %d MB run %d: REST up %.1f s, down %.1f s; %s up %.1f s, %s down %.1f s%n", TRANSFER_MB,
                    run + 1, t.restUp(), t.restDown(), t.clientUpMethod(), t.clientUp(), t.clientDownMethod(), t.clientDown());
            runs.add(t);
        }
        double restUp = TRANSFER_MB / median(runs.stream().map(Transfer::restUp).toList());
        double restDown = TRANSFER_MB / median(runs.stream().map(Transfer::restDown).toList());
        double clientUp = TRANSFER_MB / median(runs.stream().map(Transfer::clientUp).toList());
        double clientDown = TRANSFER_MB / median(runs.stream().map(Transfer::clientDown).toList());
        double bareUp = TRANSFER_MB / median(runs.stream().map(Transfer::bareUp).toList());
        double bareDown = TRANSFER_MB / median(runs.stream().map(Transfer::bareDown).toList());
        String client = context.options().onPostgres() ? "psql" : "Derby JDBC BLOB (probe, in the server)";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileMb", TRANSFER_MB);
        m.put("runs", runs.stream().map(Transfer::detail).toList());
        m.put("restUploadMbPerSecond", Figures.round(restUp));
        m.put("restDownloadMbPerSecond", Figures.round(restDown));
        m.put("clientUploadMbPerSecond", Figures.round(clientUp));
        m.put("clientDownloadMbPerSecond", Figures.round(clientDown));
        m.put("bareServletUploadMbPerSecond", Figures.round(bareUp));
        m.put("bareServletDownloadMbPerSecond", Figures.round(bareDown));
        m.put("uploadRatio", Figures.ratio(restUp, clientUp));
        m.put("downloadRatio", Figures.ratio(restDown, clientDown));
        figures.put("transfer", m);
        String median = "median of " + RUNS + " runs, random bytes, MB = 2^20 B";
        results.row(NAME, TRANSFER_MB + " MB upload, POST /contacts/{id}/files (raw body)", String.format("%.1f MB/s", restUp),
                String.format("%.2fx %s (target >= 0.5x); %s; runs took %s s, the client's %s s", restUp / clientUp, client, median,
                        range(runs, Transfer::restUp), range(runs, Transfer::clientUp)));
        results.row(NAME, TRANSFER_MB + " MB download, GET /files/{id}", String.format("%.1f MB/s", restDown),
                String.format("%.2fx %s (target >= 0.5x); %s; runs took %s s, the client's %s s", restDown / clientDown, client, median,
                        range(runs, Transfer::restDown), range(runs, Transfer::clientDown)));
        results.row(NAME, "database's own client: in / out", String.format("%.1f / %.1f MB/s", clientUp, clientDown),
                context.options().onPostgres()
                        ? "psql, the faster per run of \\lo_import|\\lo_export and \\copy (FORMAT binary) of one bytea row; one session, "
                                + "steps timed inside it: " + methods(runs)
                        : "setBinaryStream into one BLOB + commit, getBinaryStream to a file, on the server's DataSource");
        results.row(NAME, "HTTP alone: in / out", String.format("%.1f / %.1f MB/s", bareUp, bareDown),
                "the same bytes PUT into and GET from a file by a bare servlet in the server (the probe's), no database: "
                        + "the API's ceiling on this machine");
    }

    /** One file of {@code mb} random megabytes through the API and through the database's own client. @param run -1: warm-up */
    private static Transfer transfer(BenchContext context, String contactId, Path work, int mb, int run) throws Exception {
        Path source = work.resolve("random-" + mb + "mb-" + run + ".bin");
        Path restTarget = work.resolve("rest-download.bin");
        Path bareTarget = work.resolve("bare-upload.bin");
        Path clientTarget = work.resolve("client-download.bin");
        Path copyTarget = work.resolve("client-copy.bin");
        try {
            String sha256 = writeRandom(source, mb, 1000L * mb + run);
            Stopwatch up = Stopwatch.start();
            JsonNode file = upload(context, contactId, source, "application/octet-stream");
            double restUp = up.seconds();
            Stopwatch down = Stopwatch.start();
            download(context, file.path("id").asText(), restTarget);
            double restDown = down.seconds();
            expectSame(sha256, restTarget, "the API's download");
            Files.delete(restTarget);
            Stopwatch bare = Stopwatch.start();
            expectStatus(204, context.send(bareFile(context, bareTarget).PUT(HttpRequest.BodyPublishers.ofFile(source)).build(),
                    HttpResponse.BodyHandlers.discarding()));
            double bareUp = bare.seconds();
            bare = Stopwatch.start();
            expectStatus(200, context.send(bareFile(context, source).GET().build(), HttpResponse.BodyHandlers.ofFile(restTarget)));
            double bareDown = bare.seconds();
            expectSame(sha256, restTarget, "the bare servlet's download");
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("restUploadSeconds", Figures.round(restUp));
            detail.put("restDownloadSeconds", Figures.round(restDown));
            detail.put("bareServletUploadSeconds", Figures.round(bareUp));
            detail.put("bareServletDownloadSeconds", Figures.round(bareDown));
            if (context.options().onPostgres()) {
                PsqlCopy.Seconds psql = new PsqlCopy(context.options().postgresUrl()).run(source, clientTarget, copyTarget, work);
                expectSame(sha256, clientTarget, "psql's \\lo_export");
                if (Files.size(copyTarget) != PsqlCopy.framedSize(Files.size(source))) {
                    throw new IllegalStateException("psql's \\copy out wrote " + Files.size(copyTarget) + " bytes");
                }
                detail.putAll(psql.toMap());
                boolean loIn = psql.largeObjectIn() <= psql.copyIn();
                boolean loOut = psql.largeObjectOut() <= psql.copyOut();
                return new Transfer(restUp, restDown, loIn ? psql.largeObjectIn() : psql.copyIn(), loOut ? psql.largeObjectOut() : psql.copyOut(),
                        loIn ? "\\lo_import" : "\\copy in", loOut ? "\\lo_export" : "\\copy out", bareUp, bareDown, detail);
            }
            JsonNode blob = new ProbeClient(context).blobCopy(source, clientTarget);
            expectSame(sha256, clientTarget, "the BLOB read back");
            detail.put("blobWriteSeconds", Figures.round(blob.path("writeSeconds").asDouble()));
            detail.put("blobReadSeconds", Figures.round(blob.path("readSeconds").asDouble()));
            return new Transfer(restUp, restDown, blob.path("writeSeconds").asDouble(), blob.path("readSeconds").asDouble(), "BLOB write",
                    "BLOB read", bareUp, bareDown, detail);
        } finally {
            for (Path p : List.of(source, restTarget, bareTarget, clientTarget, copyTarget)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The probe's bare servlet for a file of this machine (the server's and the harness's). */
    private static HttpRequest.Builder bareFile(BenchContext context, Path file) {
        return context.bareRequest("/bench/file?path=" + BenchContext.urlEncode(file.toString()));
    }

    private static void expectStatus(int status, HttpResponse<?> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode());
        }
    }

    /** The fastest and slowest run, in seconds: how steady the machine was. */
    private static String range(List<Transfer> runs, ToDoubleFunction<Transfer> seconds) {
        return String.format("%.1f-%.1f", runs.stream().mapToDouble(seconds).min().orElse(0), runs.stream().mapToDouble(seconds).max().orElse(0));
    }

    private static String methods(List<Transfer> runs) {
        return "in " + runs.stream().map(Transfer::clientUpMethod).toList() + ", out " + runs.stream().map(Transfer::clientDownMethod).toList();
    }

    // 2. The heap while a large file goes through.

    private static void heap(BenchContext context, Results results, Map<String, Object> figures, String contactId, Path work)
            throws Exception {
        Path source = work.resolve("random-heap.bin");
        Path target = work.resolve("heap-download.bin");
        ProbeClient probe = new ProbeClient(context);
        try {
            String sha256 = writeRandom(source, HEAP_MB, 7);
            probe.heapWatchStart();
            JsonNode file = upload(context, contactId, source, "application/octet-stream");
            JsonNode upload = probe.heapWatchStop();
            probe.heapWatchStart();
            download(context, file.path("id").asText(), target);
            JsonNode download = probe.heapWatchStop();
            expectSame(sha256, target, "the API's download");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fileMb", HEAP_MB);
            m.put("upload", context.json().convertValue(upload, Map.class));
            m.put("download", context.json().convertValue(download, Map.class));
            figures.put("heap", m);
            heapRow(results, "upload", upload);
            heapRow(results, "download", download);
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(target);
        }
    }

    private static void heapRow(Results results, String what, JsonNode h) {
        double before = h.path("liveBeforeMb").asDouble();
        results.row(NAME, String.format("server heap during a %d MB %s", HEAP_MB, what),
                String.format("+%.1f MB live at most", h.path("maxLiveDuringMb").asDouble() - before),
                String.format("live before %.1f MB, after %.1f MB (full collections); %d collections during it, in use at most %.1f MB "
                        + "before one (garbage included) of %.0f MB max; %s", before, h.path("liveNowMb").asDouble(),
                        h.path("collectionsDuring").asInt(), h.path("maxUsedDuringMb").asDouble(), h.path("heapMaxMb").asDouble(),
                        h.path("collectors")));
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
        String template = createContact(context, "Files bench template");
        Path text = work.resolve("notes.txt");
        Files.writeString(text, "Call notes: the customer asked for a second quote.\n".repeat(40));
        Path pdf = work.resolve("scan.pdf");
        Files.write(pdf, TestDocuments.pdf(1, "signed copy", 1));
        try {
            upload(context, template, text, "text/plain");
            upload(context, template, pdf, "application/pdf");
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
        String contactId = createContact(context, "Pdf holder");
        Stopwatch up = Stopwatch.start();
        HttpResponse<String> uploaded = context.send(context.request("/api/v1/contacts/" + contactId + "/files")
                .header("Content-Type", "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"contract-" + PDF_PAGES + "-pages.pdf\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build());
        double uploadSeconds = up.seconds();
        expect(201, uploaded);
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

    // Shared steps.

    private static String createContact(BenchContext context, String lastName) throws Exception {
        HttpResponse<String> created = context.send(context.request("/api/v1/contacts").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\":\"" + lastName + "\"}")).build());
        expect(201, created);
        return context.json().readTree(created.body()).path("id").asText();
    }

    /** Uploads a file as the raw body. @return the stored file */
    private static JsonNode upload(BenchContext context, String contactId, Path file, String contentType) throws Exception {
        HttpResponse<String> r = context.send(context.request("/api/v1/contacts/" + contactId + "/files")
                .header("Content-Type", contentType)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        expect(201, r);
        return context.json().readTree(r.body());
    }

    private static void download(BenchContext context, String fileId, Path target) throws Exception {
        expectStatus(200, context.send(context.request("/api/v1/files/" + fileId).GET().build(), HttpResponse.BodyHandlers.ofFile(target)));
    }

    /** Writes {@code mb} megabytes of random bytes. @return their SHA-256 */
    private static String writeRandom(Path file, int mb, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha256 = sha256();
        byte[] chunk = new byte[MB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mb; i++) {
                random.nextBytes(chunk);
                sha256.update(chunk);
                out.write(chunk);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void expectSame(String sha256, Path copy, String what) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(copy), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!sha256.equals(HexFormat.of().formatHex(digest.digest()))) {
            throw new IllegalStateException(what + " is not the file uploaded (" + Files.size(copy) + " bytes)");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
