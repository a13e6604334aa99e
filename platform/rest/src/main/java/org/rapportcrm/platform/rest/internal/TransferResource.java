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
                        .handler(ex -> export((Exchange) ex, type)));
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
