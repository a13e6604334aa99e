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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Parts 1 and 2 of scenario 10 ({@link FilesScenario}): large files of random bytes through the file API
 * ({@code POST /contacts/{id}/files} with a raw body, {@code GET /files/{id}}), and what they do to the server's heap.
 * The bound is the database's own client moving the same bytes in the same run: on PostgreSQL psql's large object or
 * COPY of one bytea row, whichever was faster ({@link PsqlCopy}); on Derby one BLOB written and read through JDBC inside
 * the server (the probe). HTTP alone is the same bytes through the probe's bare servlet, to and from a file. Medians of
 * {@value #RUNS} runs after a warm-up; every copy is checked byte for byte. The heap: live before (after a full
 * collection), the most any collection during the transfer found live, live after (the probe's {@code HeapWatch}).
 */
final class FileTransfers {
    private static final int MB = 1024 * 1024;
    private static final int TRANSFER_MB = 100;
    private static final int WARMUP_MB = 16;
    private static final int HEAP_MB = 200;
    private static final int RUNS = 5;

    private FileTransfers() {
    }

    /** Seconds of each way of one file: the API, the database's own client, and HTTP alone (the probe's bare servlet). */
    private record Transfer(double restUp, double restDown, double clientUp, double clientDown, String clientUpMethod,
            String clientDownMethod, double bareUp, double bareDown, Map<String, Object> detail) {
    }

    /** Part 1: a 100 MB file up and down through the API, the database's own client and HTTP alone. */
    static void transfers(BenchContext context, Results results, Map<String, Object> figures, String contactId, Path work)
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
        results.row(FilesScenario.NAME, TRANSFER_MB + " MB upload, POST /contacts/{id}/files (raw body)", String.format("%.1f MB/s", restUp),
                String.format("%.2fx %s (target >= 0.5x); %s; runs took %s s, the client's %s s", restUp / clientUp, client, median,
                        range(runs, Transfer::restUp), range(runs, Transfer::clientUp)));
        results.row(FilesScenario.NAME, TRANSFER_MB + " MB download, GET /files/{id}", String.format("%.1f MB/s", restDown),
                String.format("%.2fx %s (target >= 0.5x); %s; runs took %s s, the client's %s s", restDown / clientDown, client, median,
                        range(runs, Transfer::restDown), range(runs, Transfer::clientDown)));
        results.row(FilesScenario.NAME, "database's own client: in / out", String.format("%.1f / %.1f MB/s", clientUp, clientDown),
                context.options().onPostgres()
                        ? "psql, the faster per run of \\lo_import|\\lo_export and \\copy (FORMAT binary) of one bytea row; one session, "
                                + "steps timed inside it: " + methods(runs)
                        : "setBinaryStream into one BLOB + commit, getBinaryStream to a file, on the server's DataSource");
        results.row(FilesScenario.NAME, "HTTP alone: in / out", String.format("%.1f / %.1f MB/s", bareUp, bareDown),
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
            JsonNode file = FileApi.upload(context, contactId, source, "application/octet-stream");
            double restUp = up.seconds();
            Stopwatch down = Stopwatch.start();
            FileApi.download(context, file.path("id").asText(), restTarget);
            double restDown = down.seconds();
            expectSame(sha256, restTarget, "the API's download");
            Files.delete(restTarget);
            Stopwatch bare = Stopwatch.start();
            FileApi.expectStatus(204, context.send(bareFile(context, bareTarget).PUT(HttpRequest.BodyPublishers.ofFile(source)).build(),
                    HttpResponse.BodyHandlers.discarding()));
            double bareUp = bare.seconds();
            bare = Stopwatch.start();
            FileApi.expectStatus(200, context.send(bareFile(context, source).GET().build(), HttpResponse.BodyHandlers.ofFile(restTarget)));
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

    /** Part 2: the server's heap while a 200 MB file goes up and comes down. */
    static void heap(BenchContext context, Results results, Map<String, Object> figures, String contactId, Path work)
            throws Exception {
        Path source = work.resolve("random-heap.bin");
        Path target = work.resolve("heap-download.bin");
        ProbeClient probe = new ProbeClient(context);
        try {
            String sha256 = writeRandom(source, HEAP_MB, 7);
            probe.heapWatchStart();
            JsonNode file = FileApi.upload(context, contactId, source, "application/octet-stream");
            JsonNode upload = probe.heapWatchStop();
            probe.heapWatchStart();
            FileApi.download(context, file.path("id").asText(), target);
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
        results.row(FilesScenario.NAME, String.format("server heap during a %d MB %s", HEAP_MB, what),
                String.format("+%.1f MB live at most", h.path("maxLiveDuringMb").asDouble() - before),
                String.format("live before %.1f MB, after %.1f MB (full collections); %d collections during it, in use at most %.1f MB "
                        + "before one (garbage included) of %.0f MB max; %s", before, h.path("liveNowMb").asDouble(),
                        h.path("collectionsDuring").asInt(), h.path("maxUsedDuringMb").asDouble(), h.path("heapMaxMb").asDouble(),
                        h.path("collectors")));
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
}
