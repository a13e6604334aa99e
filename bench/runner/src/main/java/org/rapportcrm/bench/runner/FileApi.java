package org.rapportcrm.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** The file API's calls that scenario 10 makes, as the admin, each checked for the status it must answer. */
final class FileApi {
    private FileApi() {
    }

    /** @return the id of a new contact */
    static String createContact(BenchContext context, String lastName) throws Exception {
        HttpResponse<String> created = context.send(context.request("/api/v1/contacts").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lastName\":\"" + lastName + "\"}")).build());
        expect(201, created);
        return context.json().readTree(created.body()).path("id").asText();
    }

    /** Uploads a file as the raw body, named by Content-Disposition. @return the stored file */
    static JsonNode upload(BenchContext context, String contactId, Path file, String contentType) throws Exception {
        HttpResponse<String> r = context.send(context.request("/api/v1/contacts/" + contactId + "/files")
                .header("Content-Type", contentType)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        expect(201, r);
        return context.json().readTree(r.body());
    }

    static void download(BenchContext context, String fileId, Path target) throws Exception {
        expectStatus(200, context.send(context.request("/api/v1/files/" + fileId).GET().build(), HttpResponse.BodyHandlers.ofFile(target)));
    }

    static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    static void expectStatus(int status, HttpResponse<?> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode());
        }
    }
}
