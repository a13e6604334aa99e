package org.rapportcrm.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rapportcrm.itests.RestClient.Response;

/**
 * Files on records over HTTP, against the distribution as shipped: multipart and raw uploads, downloads with ranges and
 * ETags that are byte-identical, the headers that keep a hostile file from running in the application's origin, the
 * size cap an administrator sets, and permissions that follow the record.
 */
@ExtendWith(RapportServer.class)
class FilesIT {
    private static RapportServer server;
    private static RestClient admin;
    private static String account;

    @BeforeAll
    static void anAccount(RapportServer s) {
        server = s;
        admin = new RestClient(s).basic("admin", RapportServer.ADMIN_PASSWORD);
        account = admin.post("/accounts", Map.of("name", "Files " + UUID.randomUUID())).body().path("id").asText();
    }

    @AfterAll
    static void defaultSettings() throws IOException {
        Files.deleteIfExists(server.home.resolve("etc/org.rapportcrm.files.cfg"));
    }

    private static byte[] multipart(String boundary, String fileName, String contentType, byte[] content, boolean confidential) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String crlf = "\r\n";
        if (confidential) {
            body.writeBytes(("--" + boundary + crlf + "Content-Disposition: form-data; name=\"confidential\"" + crlf + crlf + "true" + crlf)
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + crlf + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"" + crlf
                + "Content-Type: " + contentType + crlf + crlf).getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes((crlf + "--" + boundary + "--" + crlf).getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static Response uploadPart(RestClient client, String path, String fileName, String contentType, byte[] content, boolean confidential) {
        String boundary = "----rapport" + UUID.randomUUID();
        return client.upload(path, "multipart/form-data; boundary=" + boundary, multipart(boundary, fileName, contentType, content, confidential));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aFileUploadedAsMultipartDownloadsByteIdenticalWholeAndInRanges() {
        byte[] content = random(3 * 1024 * 1024 + 77);
        Response uploaded = uploadPart(admin, "/accounts/" + account + "/files", "Angebot Müller.bin", "application/pdf", content, false);
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String url = uploaded.body().path("url").asText();
        assertEquals("/api/v1" + url.substring("/api/v1".length()), uploaded.header("Location"));
        assertEquals("application/octet-stream", uploaded.body().path("mediaType").asText(), "what the client claimed is not believed");

        HttpResponse<byte[]> whole = admin.download(url.substring("/api/v1".length()));
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        assertEquals("\"" + uploaded.body().path("sha256").asText() + "\"", whole.headers().firstValue("ETag").orElseThrow());
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals("nosniff", whole.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("attachment; filename=\"Angebot M_ller.bin\"; filename*=UTF-8''Angebot%20M%C3%BCller.bin",
                whole.headers().firstValue("Content-Disposition").orElseThrow());

        String path = url.substring("/api/v1".length());
        HttpResponse<byte[]> range = admin.download(path, "Range", "bytes=1048570-1048589");
        assertEquals(206, range.statusCode());
        assertEquals("bytes 1048570-1048589/" + content.length, range.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(content, 1048570, 1048590), range.body());
        assertEquals(304, admin.download(path, "If-None-Match", whole.headers().firstValue("ETag").orElseThrow()).statusCode());
        assertEquals(200, admin.download(path, "Range", "bytes=0-9", "If-Range", "\"another\"").statusCode(), "If-Range of another version");
        HttpResponse<byte[]> beyond = admin.download(path, "Range", "bytes=" + content.length + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + content.length, beyond.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void aRawUploadIsNamedByItsContentDispositionAndActiveContentIsNeverInline() {
        byte[] html = "<html><script>document.cookie</script></html>".getBytes(StandardCharsets.UTF_8);
        Response uploaded = admin.upload("/accounts/" + account + "/files", "image/png", html,
                "Content-Disposition", "attachment; filename*=UTF-8''..%2F..%2Fpr%C3%A9sentation.png");
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        assertEquals("présentation.png", uploaded.body().path("name").asText(), "no path");
        assertEquals("text/html", uploaded.body().path("mediaType").asText());
        assertFalse(uploaded.body().path("previewable").asBoolean());

        HttpResponse<byte[]> served = admin.download("/files/" + uploaded.body().path("id").asText() + "?disposition=inline");
        assertTrue(served.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"), "asked inline, sent as attachment");
        assertTrue(served.headers().firstValue("Content-Security-Policy").orElseThrow().contains("sandbox"));

        Response text = admin.upload("/accounts/" + account + "/files", "application/octet-stream", "plain words".getBytes(StandardCharsets.UTF_8),
                "Content-Disposition", "attachment; filename=\"notes.txt\"");
        HttpResponse<byte[]> preview = admin.download("/files/" + text.body().path("id").asText() + "?disposition=inline");
        assertTrue(preview.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline;"), "plain text may be previewed");
    }

    @Test
    void theRecordsFilesAreListedAndDeletedWithItsEditRights() {
        String other = admin.post("/accounts", Map.of("name", "Listed " + UUID.randomUUID())).body().path("id").asText();
        Response first = admin.upload("/accounts/" + other + "/files", "text/plain", "one".getBytes(StandardCharsets.UTF_8));
        Response second = uploadPart(admin, "/accounts/" + other + "/files", "two.txt", "text/plain", "two".getBytes(StandardCharsets.UTF_8), true);
        assertTrue(second.body().path("confidential").asBoolean());

        Response list = admin.get("/accounts/" + other + "/files");
        assertEquals(List.of(second.body().path("id").asText(), first.body().path("id").asText()),
                list.body().path("items").findValuesAsText("id"), "newest first");
        String name = "reader-" + Long.toString(System.nanoTime(), 36);
        assertEquals(201, admin.post("/users", Map.of("userName", name, "displayName", name, "password", "reader-password",
                "roles", List.of("read-only"))).status());
        RestClient reader = new RestClient(server).basic(name, "reader-password");
        assertEquals(List.of(first.body().path("id").asText()), reader.get("/accounts/" + other + "/files").body().path("items").findValuesAsText("id"),
                "a reader sees the record's files but its confidential one");
        assertEquals(404, reader.get("/files/" + second.body().path("id").asText()).status());
        assertEquals(403, reader.upload("/accounts/" + other + "/files", "text/plain", "mine".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(403, reader.raw("DELETE", "/files/" + first.body().path("id").asText(), "application/json", "").status());

        assertEquals(204, admin.raw("DELETE", "/files/" + first.body().path("id").asText(), "application/json", "").status());
        assertEquals(404, admin.get("/files/" + first.body().path("id").asText() + "/info").status());
        Response history = admin.get("/accounts/" + other + "/history");
        assertTrue(history.body().path("items").findValuesAsText("operation").containsAll(List.of("FILE_ADD", "FILE_DEL")), history.body().toString());
    }

    @Test
    void aDataExportOfARecordHoldsItsFiles() throws IOException {
        String subject = admin.post("/contacts", Map.of("lastName", "Export " + UUID.randomUUID())).body().path("id").asText();
        byte[] scan = random(70_000);
        assertEquals(201, uploadPart(admin, "/contacts/" + subject + "/files", "id card.png", "image/png", scan, false).status());

        HttpResponse<byte[]> export = admin.download("/contacts/" + subject + "/data-export");
        assertEquals(200, export.statusCode());
        assertEquals("application/zip", export.headers().firstValue("Content-Type").orElseThrow());
        Map<String, byte[]> entries = new java.util.HashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(export.body()))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        assertTrue(new String(entries.get("record.json"), StandardCharsets.UTF_8).contains(subject));
        assertArrayEquals(scan, entries.get("files/id card.png"));
        String name = "noexport-" + Long.toString(System.nanoTime(), 36);
        admin.post("/users", Map.of("userName", name, "displayName", name, "password", "noexport-password", "roles", List.of("sales")));
        assertEquals(403, new RestClient(server).basic(name, "noexport-password").get("/contacts/" + subject + "/data-export").status());
    }

    @Test
    void anAdministratorCapsTheSizeOfFilesAndTheCapIsAnsweredWith413() throws IOException {
        Files.writeString(server.home.resolve("etc/org.rapportcrm.files.cfg"), "maxSizeMegabytes = 1\n");
        byte[] content = random(1024 * 1024 + 1);
        String path = "/accounts/" + account + "/files";
        await("the cap is in force", () -> admin.upload(path, "application/octet-stream", content).status() == 413);

        Response refused = uploadPart(admin, path, "big.bin", "application/octet-stream", content, false);
        assertEquals(413, refused.status());
        assertEquals("file", refused.problemField());
        assertTrue(refused.body().path("detail").asText().contains("1 MB"), refused.body().toString());
        assertEquals(201, admin.upload(path, "application/octet-stream", Arrays.copyOf(content, 1000)).status());
        Files.delete(server.home.resolve("etc/org.rapportcrm.files.cfg"));
        await("the default again", () -> admin.upload(path, "application/octet-stream", content).status() == 201);
    }

    @Test
    void aMalformedUploadIsABadRequestNamingTheFile() {
        Response noPart = admin.upload("/accounts/" + account + "/files", "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--xyz--\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, noPart.status(), noPart.body().toString());
        assertEquals("file", noPart.problemField());
        Response broken = admin.upload("/accounts/" + account + "/files", "multipart/form-data", "not multipart".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, broken.status(), broken.body().toString());
        assertEquals(404, admin.upload("/accounts/" + UUID.randomUUID() + "/files", "text/plain", "x".getBytes(StandardCharsets.UTF_8)).status());
        assertNull(admin.get("/files/" + UUID.randomUUID()).header("Content-Disposition"));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }
}
