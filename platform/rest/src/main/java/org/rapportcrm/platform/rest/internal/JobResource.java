package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.job.ImportService;
import org.rapportcrm.platform.api.job.Job;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;

/**
 * Bulk import and its jobs: {@code POST /api/v1/<plural>/bulk} with a CSV or NDJSON body answers 202 with the job;
 * {@code GET /api/v1/jobs/{id}} tells its progress and {@code GET /api/v1/jobs/{id}/errors} its refused rows.
 */
final class JobResource {
    private final ImportService imports;
    private final MetadataService metadata;

    JobResource(ImportService imports, MetadataService metadata) {
        this.imports = imports;
        this.metadata = metadata;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/jobs/{id}", ex -> ex.send(200, job(ex))),
                Route.of("GET", "/jobs/{id}/errors", this::errors));
    }

    /** Ahead of the generic record routes, so {@code bulk} is never taken for a record id. */
    List<Route> recordRoutes() {
        return List.of(Route.of("POST", "/{plural}/bulk", this::startImport));
    }

    private void startImport(Exchange ex) throws IOException {
        String plural = ex.param("plural");
        RecordType type = metadata.typeByPluralName(plural).orElseThrow(() -> ApiException.notFound("No record type is served at /api/v1/" + plural));
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
