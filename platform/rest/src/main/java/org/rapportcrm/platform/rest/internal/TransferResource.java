package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.job.ImportService;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.transfer.ExportService;

/**
 * Records in and out in bulk: {@code POST /api/v1/<plural>/bulk} with a CSV or NDJSON body answers 202 with an import
 * job, {@code GET /api/v1/jobs/{id}} tells its progress and {@code GET /api/v1/jobs/{id}/errors} its refused rows;
 * {@code GET /api/v1/<plural>/export?format=csv|ndjson&filter=...&sort=...} streams every matching record.
 */
final class TransferResource {
    private static final Map<String, String> EXPORT_FORMATS = Map.of("csv", "text/csv", "ndjson", "application/x-ndjson");
    private final ImportService imports;
    private final ExportService exports;
    private final MetadataService metadata;

    TransferResource(ImportService imports, ExportService exports, MetadataService metadata) {
        this.imports = imports;
        this.exports = exports;
        this.metadata = metadata;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/jobs/{id}", ex -> ex.send(200, job(ex))),
                Route.of("GET", "/jobs/{id}/errors", this::errors));
    }

    /** Ahead of the generic record routes, so {@code bulk} is never taken for a record id. */
    List<Route> recordRoutes() {
        return List.of(Route.of("POST", "/{plural}/bulk", this::startImport), Route.of("GET", "/{plural}/export", this::export));
    }

    private RecordType type(Exchange ex) {
        String plural = ex.param("plural");
        return metadata.typeByPluralName(plural).orElseThrow(() -> ApiException.notFound("No record type is served at /api/v1/" + plural));
    }

    private void export(Exchange ex) throws IOException {
        RecordType type = type(ex);
        String format = ex.query("format") == null ? "csv" : ex.query("format");
        String mediaType = EXPORT_FORMATS.get(format);
        if (mediaType == null) {
            throw ApiException.badRequest("format", "format must be one of " + EXPORT_FORMATS.keySet().stream().sorted().toList());
        }
        Query query = RecordResource.query(ex, type).limit(Query.MAX_LIMIT);
        ex.response.setContentType(mediaType + ("csv".equals(format) ? "; charset=utf-8" : ""));
        ex.response.setHeader("Content-Disposition", "attachment; filename=\"" + type.getPluralApiName() + "." + format + "\"");
        ex.response.setHeader("Cache-Control", "no-store");
        exports.export(ex.actor, query, mediaType, ex.response.getOutputStream());
    }

    private void startImport(Exchange ex) throws IOException {
        RecordType type = type(ex);
        Job job = imports.startImport(ex.actor, type.getApiName(), ex.request.getContentType(), ex.request.getInputStream());
        ex.response.setHeader("Location", "/api/v1/jobs/" + job.id());
        ex.send(202, job);
    }

    private Job job(Exchange ex) {
        return imports.job(ex.actor, ex.param("id")).orElseThrow(() -> ApiException.notFound("No job " + ex.param("id")));
    }

    private void errors(Exchange ex) throws IOException {
        job(ex);
        int offset = ex.intQuery("offset", 0, 0, Integer.MAX_VALUE);
        int limit = ex.intQuery("limit", 100, 1, 1000);
        ex.send(200, Map.of("items", imports.errors(ex.actor, ex.param("id"), offset, limit)));
    }
}
