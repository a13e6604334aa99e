package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.job.ImportService;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.transfer.ExportService;

/**
 * Records in and out in bulk: {@code POST /api/v1/<plural>/bulk} with a CSV or NDJSON body answers 202 with an import
 * job, {@code GET /api/v1/jobs/{id}} tells its progress and {@code GET /api/v1/jobs/{id}/errors} its refused rows;
 * {@code GET /api/v1/<plural>/export?format=csv|ndjson&filter=...&sort=...} streams every matching record.
 */
final class TransferResource {
    private static final Map<String, String> EXPORT_FORMATS = Map.of("csv", "text/csv", "ndjson", "application/x-ndjson");
    private static final JsonSchema JOB_ID = JsonSchema.string().maxLength(36);
    private final ImportService imports;
    private final ExportService exports;
    private final long maxUploadBytes;

    TransferResource(ImportService imports, ExportService exports, long maxUploadBytes) {
        this.imports = imports;
        this.exports = exports;
        this.maxUploadBytes = maxUploadBytes;
    }

    List<RestRoute> routes() {
        return List.of(
                RestRoute.get("jobs/{id}").summary("An import job's progress")
                        .pathParameter("id", JOB_ID, "id of the job")
                        .response(200, "The job", JsonSchema.ref(Schemas.JOB))
                        .handler(ex -> ex.send(200, job((Exchange) ex))),
                RestRoute.get("jobs/{id}/errors").summary("The rows an import job refused, by row number")
                        .pathParameter("id", JOB_ID, "id of the job")
                        .queryParameter("offset", JsonSchema.integer().minimum(0).maximum(Integer.MAX_VALUE).defaultValue(0), false, "refused rows to skip")
                        .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(1000).defaultValue(100), false, "refused rows to answer")
                        .response(200, "Refused rows", Schemas.items(JsonSchema.ref(Schemas.JOB_ERROR)))
                        .handler(ex -> errors((Exchange) ex)));
    }

    /** The bulk routes of a record type, mounted at its plural name. */
    List<RestRoute> routes(RecordType type) {
        return List.of(
                RestRoute.post("bulk").summary("Import " + type.getPluralLabel() + " as a background job")
                        .description("A CSV file with a header row of field api names, or NDJSON (one JSON object per line); at most "
                                + maxUploadBytes / (1024 * 1024) + " MB. Poll the job at Location.")
                        .requestBody("text/csv", "application/x-ndjson")
                        .response(202, "The job; poll Location for its progress", JsonSchema.ref(Schemas.JOB))
                        .handler(ex -> startImport((Exchange) ex, type)),
                RestRoute.get("export").summary("Export every matching " + type.getLabel())
                        .queryParameter("format", JsonSchema.string().enumValues("csv", "ndjson").defaultValue("csv"), false, "csv or ndjson")
                        .queryParameter("filter", RecordResource.FILTER, false, "Filter expression")
                        .queryParameter("sort", RecordResource.SORT, false, "Field to sort by; prefix with - for descending")
                        .response(200, "Every matching record", "text/csv", JsonSchema.string())
                        .response(200, "Every matching record", "application/x-ndjson", JsonSchema.string())
                        .handler(ex -> export((Exchange) ex, type)),
                RestRoute.get("{id}/data-export").summary("Everything kept about a " + type.getLabel() + ", as a ZIP")
                        .description("For a person who asks what is held about them (GDPR articles 15 and 20): record.json, "
                                + "history.ndjson, the records referring to it (related/<plural>-by-<field>.ndjson) and its files "
                                + "(files/, listed in files.ndjson), as far as the caller may read them. Needs the export permission.")
                        .pathParameter("id", RecordResource.ID, "id of the " + type.getLabel())
                        .response(200, "The archive", "application/zip", JsonSchema.string())
                        .handler(ex -> exportRecordData((Exchange) ex, type)));
    }

    private void exportRecordData(Exchange ex, RecordType type) throws IOException {
        // Permission and record are checked before the first byte, so a refusal is still a problem response.
        exports.exportRecordData(ex.actor, type.getApiName(), ex.param("id"), new LazyResponse(ex, type, ex.param("id")));
    }

    /** Sets the download headers when the archive writes its first byte, after the checks passed. */
    private static final class LazyResponse extends java.io.OutputStream {
        private final Exchange ex;
        private final String fileName;
        private java.io.OutputStream out;

        LazyResponse(Exchange ex, RecordType type, String id) {
            this.ex = ex;
            this.fileName = type.getApiName() + "-" + id + ".zip";
        }

        private java.io.OutputStream out() throws IOException {
            if (out == null) {
                ex.response.setStatus(200);
                ex.response.setContentType("application/zip");
                ex.response.setHeader("Content-Disposition", FileResource.contentDisposition("attachment", fileName));
                ex.response.setHeader("Cache-Control", "no-store");
                out = ex.response.getOutputStream();
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out().flush();
        }
    }

    private void export(Exchange ex, RecordType type) throws IOException {
        String format = ex.query("format") == null ? "csv" : ex.query("format");
        String mediaType = EXPORT_FORMATS.get(format);
        Query query = RecordResource.query(ex, type).limit(Query.MAX_LIMIT);
        ex.response.setContentType(mediaType + ("csv".equals(format) ? "; charset=utf-8" : ""));
        ex.response.setHeader("Content-Disposition", "attachment; filename=\"" + type.getPluralApiName() + "." + format + "\"");
        ex.response.setHeader("Cache-Control", "no-store");
        exports.export(ex.actor, query, mediaType, ex.response.getOutputStream());
    }

    private void startImport(Exchange ex, RecordType type) throws IOException {
        Job job = imports.startImport(ex.actor, type.getApiName(), ex.request.getContentType(), ex.limitedBody(maxUploadBytes));
        ex.response.setHeader("Location", "/api/v1/jobs/" + job.id());
        ex.send(202, job);
    }

    private Job job(Exchange ex) {
        return imports.job(ex.actor, ex.param("id")).orElseThrow(() -> ApiException.notFound("No job " + ex.param("id")));
    }

    private void errors(Exchange ex) throws IOException {
        job(ex);
        ex.send(200, Map.of("items", imports.errors(ex.actor, ex.param("id"), ex.intQuery("offset", 0), ex.intQuery("limit", 100))));
    }
}
