package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;

/** The generic record endpoints, one set for every record type in the metadata: {@code /api/v1/<plural>[/<id>]}. */
final class RecordResource {
    private final RecordService records;
    private final MetadataService metadata;

    RecordResource(RecordService records, MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/search", this::search),
                Route.of("GET", "/{plural}", this::list),
                Route.of("POST", "/{plural}", this::create),
                Route.of("GET", "/{plural}/{id}", this::get),
                Route.of("PATCH", "/{plural}/{id}", this::update),
                Route.of("DELETE", "/{plural}/{id}", this::delete),
                Route.of("GET", "/{plural}/{id}/history", this::history));
    }

    private RecordType type(Exchange ex) {
        String plural = ex.param("plural");
        return metadata.typeByPluralName(plural).orElseThrow(() -> ApiException.notFound("No record type is served at /api/v1/" + plural));
    }

    /** The query the parameters filter, sort, limit and cursor describe; shared by lists and exports. */
    static Query query(Exchange ex, RecordType type) {
        Query q = Query.of(type.getApiName()).limit(ex.intQuery("limit", Query.DEFAULT_LIMIT, 1, Query.MAX_LIMIT));
        String filter = ex.query("filter");
        if (filter != null && !filter.isBlank()) {
            q = q.where(FilterExpression.parse(filter));
        }
        String sort = ex.query("sort");
        if (sort != null && !sort.isBlank()) {
            boolean desc = sort.startsWith("-");
            q = q.sortBy(desc ? sort.substring(1) : sort, desc);
        }
        String cursor = ex.query("cursor");
        if (cursor != null && !cursor.isBlank()) {
            q = q.after(cursor);
        }
        return q;
    }

    private void list(Exchange ex) throws IOException {
        RecordType type = type(ex);
        Query q = query(ex, type);
        String count = ex.query("count");
        if (count != null && !count.equals("true") && !count.equals("false")) {
            throw ApiException.badRequest("count", "count must be true or false");
        }
        Page<Record> page = records.query(ex.actor, q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        if ("true".equals(count)) {
            body.put("total", records.count(ex.actor, type.getApiName(), q.filter()));
        }
        ex.send(200, body);
    }

    private void create(Exchange ex) throws IOException {
        RecordType type = type(ex);
        Map<String, Object> body = ex.body();
        body.remove(SystemFields.ID);
        body.remove(SystemFields.VERSION);
        Record created = records.create(ex.actor, type.getApiName(), body);
        ex.response.setHeader("Location", ex.request.getContextPath() + "/api/v1/" + type.getPluralApiName() + "/" + created.getId());
        sendRecord(ex, 201, created);
    }

    private void get(Exchange ex) throws IOException {
        Record r = records.get(ex.actor, type(ex).getApiName(), ex.param("id"));
        String ifNoneMatch = ex.request.getHeader("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.equals(etag(r))) {
            ex.response.setHeader("ETag", etag(r));
            ex.response.setStatus(304);
            return;
        }
        sendRecord(ex, 200, r);
    }

    private void update(Exchange ex) throws IOException {
        RecordType type = type(ex);
        Map<String, Object> body = ex.body();
        long version = expectedVersion(ex, body.remove(SystemFields.VERSION));
        body.remove(SystemFields.ID);
        sendRecord(ex, 200, records.update(ex.actor, type.getApiName(), ex.param("id"), version, body));
    }

    private void delete(Exchange ex) {
        RecordType type = type(ex);
        records.delete(ex.actor, type.getApiName(), ex.param("id"), expectedVersion(ex, ex.query("version")));
        ex.noContent();
    }

    private void history(Exchange ex) throws IOException {
        RecordType type = type(ex);
        int limit = ex.intQuery("limit", 50, 1, 500);
        ex.send(200, Map.of("items", records.history(ex.actor, type.getApiName(), ex.param("id"), limit)));
    }

    private void search(Exchange ex) throws IOException {
        String q = ex.query("q");
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("q", "q: give the text to search for");
        }
        if (q.length() > 200) {
            throw ApiException.badRequest("q", "q: at most 200 characters");
        }
        int limit = ex.intQuery("limit", 5, 1, 50);
        List<Map<String, Object>> items = records.search(ex.actor, q, limit).stream().map(r -> {
            Map<String, Object> hit = new LinkedHashMap<>();
            hit.put("type", r.getType());
            hit.put("id", r.getId());
            hit.put("name", displayName(r));
            hit.put("record", r);
            return hit;
        }).toList();
        ex.send(200, Map.of("items", items));
    }

    private String displayName(Record r) {
        RecordType type = metadata.type(r.getType()).orElse(null);
        Object name = type == null ? r.getId() : r.get(type.getNameField());
        Object first = r.getValues().get("firstName");
        return first == null ? String.valueOf(name) : first + " " + name;
    }

    /** The version an update or delete applies to: If-Match (the ETag), else {@code version} in the body or query. */
    private static long expectedVersion(Exchange ex, Object fallback) {
        String ifMatch = ex.request.getHeader("If-Match");
        Object raw = ifMatch != null ? ifMatch.replaceFirst("^W/", "").replace("\"", "").trim() : fallback;
        if (raw == null) {
            throw new ApiException(428, "Precondition required", "Send If-Match with the record's ETag (or its version) so "
                    + "that a change made meanwhile is not overwritten", List.of(new org.rapportcrm.platform.api.record.FieldError(
                            "If-Match", "required", "is required")));
        }
        try {
            return Long.parseLong(raw.toString());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match", "If-Match must be the record's ETag, such as \"3\"");
        }
    }

    private static String etag(Record r) {
        return "\"" + r.getVersion() + "\"";
    }

    private static void sendRecord(Exchange ex, int status, Record r) throws IOException {
        ex.response.setHeader("ETag", etag(r));
        ex.send(status, r);
    }
}
