package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * The generic record endpoints, one set for every record type in the metadata: {@code /api/v1/<plural>[/<id>]},
 * declared per type so the OpenAPI document describes each type's fields exactly.
 */
final class RecordResource {
    static final JsonSchema FILTER = JsonSchema.string().maxLength(4000)
            .description("Filter expression, e.g. lastName sw 'Sch' and createdAt ge 2024-01-01");
    static final JsonSchema SORT = JsonSchema.string().maxLength(100).pattern("^-?[A-Za-z][A-Za-z0-9]*$")
            .description("Field to sort by; prefix with - for descending");
    static final JsonSchema LIMIT = JsonSchema.integer().minimum(1).maximum(Query.MAX_LIMIT).description("Page size");
    static final JsonSchema CURSOR = JsonSchema.string().maxLength(2000).description("nextCursor of the previous page");
    private static final JsonSchema IF_MATCH = JsonSchema.string().maxLength(200)
            .description("the record's ETag, such as \"3\"; 412 if the record has changed since");

    /** A record id; other text in its place is another route (bulk, export) or no record at all. */
    static final JsonSchema ID = JsonSchema.string().pattern(FieldFormats.ID);
    private final RecordService records;
    private final MetadataService metadata;
    private final TransferResource transfers;
    private final FileResource files;
    /** Routes per type, made again when the type changes (a custom field, a capability's extension). */
    private final Map<String, TypeRoutes> byType = new ConcurrentHashMap<>();
    private final List<Mounted> search;

    private record TypeRoutes(RecordType type, List<Mounted> routes) {
    }

    RecordResource(RecordService records, MetadataService metadata, TransferResource transfers, FileResource files) {
        this.records = records;
        this.metadata = metadata;
        this.transfers = transfers;
        this.files = files;
        this.search = declareSearch();
    }

    List<Mounted> routes(RecordType type) {
        TypeRoutes cached = byType.get(type.getApiName());
        if (cached == null || cached.type() != type) {
            cached = new TypeRoutes(type, declare(type));
            byType.put(type.getApiName(), cached);
        }
        return cached.routes();
    }

    List<Mounted> searchRoutes() {
        return search;
    }

    private List<Mounted> declareSearch() {
        return List.of(Mounted.at("", RestRoute.get("search").summary("Search every record type")
                .description("Every word must start a word of a record's searchable fields, ignoring case and accents; best matches first.")
                .queryParameter("q", JsonSchema.string().minLength(1).maxLength(200), true, "the text to search for")
                .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(50).defaultValue(5), false, "hits per record type")
                .response(200, "Hits, grouped by record type", Schemas.items(JsonSchema.object().openProperties()
                        .property("type", JsonSchema.string()).property("id", JsonSchema.string()).property("name", JsonSchema.string())
                        .property("record", JsonSchema.anyObject())
                        .property("files", JsonSchema.array(JsonSchema.ref(FileResource.FILE)).description("its files the words were found in"))
                        .required("type", "id", "name", "record")))
                .handler(ex -> search((Exchange) ex)), RouteTable.PLATFORM));
    }

    private List<Mounted> declare(RecordType t) {
        String plural = t.getPluralApiName();
        String name = t.getApiName();
        JsonSchema record = JsonSchema.record(name);
        JsonSchema id = ID;
        List<RestRoute> routes = new ArrayList<>(List.of(
                RestRoute.get("").summary("List " + t.getPluralLabel())
                        .queryParameter("filter", FILTER, false, FILTER.keywords().get("description").toString())
                        .queryParameter("sort", SORT, false, "Field to sort by; prefix with - for descending. On a large table, "
                                + "one of the type's sortableFields (/metadata/" + name + ", the orders an index serves) unless the "
                                + "filter picks rows by eq or in on an indexed field; 400 otherwise")
                        .queryParameter("limit", LIMIT.defaultValue(Query.DEFAULT_LIMIT), false, "Page size")
                        .queryParameter("cursor", CURSOR, false, "nextCursor of the previous page")
                        .queryParameter("count", JsonSchema.bool(), false, "true to include how many records match as total")
                        .response(200, "A page of " + t.getPluralLabel(), JsonSchema.recordPage(name))
                        .handler(ex -> list((Exchange) ex, t)),
                RestRoute.post("").summary("Create a " + t.getLabel())
                        .requestBody(JsonSchema.ref(RecordSchemas.inputName(t)))
                        .response(201, "The new " + t.getLabel() + " (its ETag in ETag, its address in Location)", record)
                        .handler(ex -> create((Exchange) ex, t)),
                RestRoute.get("{id}").summary("Read a " + t.getLabel())
                        .pathParameter("id", id, "id of the " + t.getLabel())
                        .header("If-None-Match", IF_MATCH, false, "the ETag you have; 304 if unchanged")
                        .response(200, "The " + t.getLabel() + " (its ETag in ETag)", record)
                        .response(304, "Not modified since the ETag in If-None-Match")
                        .handler(ex -> get((Exchange) ex, t)),
                RestRoute.patch("{id}").summary("Change fields of a " + t.getLabel())
                        .description("Send only the fields to change; If-Match (the ETag) protects against overwriting a change made meanwhile.")
                        .pathParameter("id", id, "id of the " + t.getLabel())
                        .header("If-Match", IF_MATCH, false, "the ETag of the version changed (or version in the body); 428 if neither")
                        .requestBody(JsonSchema.ref(RecordSchemas.changesName(t)))
                        .response(200, "The changed " + t.getLabel(), record)
                        .problem(412, "Changed meanwhile: the ETag in If-Match is not the current one")
                        .problem(428, "If-Match (or version) is required")
                        .handler(ex -> update((Exchange) ex, t)),
                RestRoute.delete("{id}").summary("Delete a " + t.getLabel())
                        .pathParameter("id", id, "id of the " + t.getLabel())
                        .header("If-Match", IF_MATCH, false, "the ETag of the version deleted (or ?version=); 428 if neither")
                        .queryParameter("version", JsonSchema.integer().minimum(1), false, "the version deleted, if If-Match is not sent")
                        .description("Records pointing at it are deleted with it, or their reference cleared, or the delete is "
                                + "refused (409), as each reference field's onDelete says; GET .../deletion tells which beforehand.")
                        .response(204, "Deleted, with what the references' rules delete or clear")
                        .problem(409, "Refused: records refer to it by a RESTRICT reference (errors name each type.field and how many)")
                        .problem(412, "Changed meanwhile: the ETag in If-Match is not the current one")
                        .problem(428, "If-Match (or version) is required")
                        .handler(ex -> delete((Exchange) ex, t)),
                RestRoute.get("{id}/deletion").summary("What deleting a " + t.getLabel() + " would do")
                        .description("By the onDelete rule of every reference field pointing at it: refused (RESTRICT), the records "
                                + "deleted with it (CASCADE, at any depth) and the references cleared (SET_NULL). 403 if the caller "
                                + "may not delete it, or not every record the delete would remove.")
                        .pathParameter("id", id, "id of the " + t.getLabel())
                        .response(200, "What the delete would do now", JsonSchema.ref(Schemas.DELETION))
                        .handler(ex -> deletion((Exchange) ex, t)),
                RestRoute.get("{id}/history").summary("The changes of a " + t.getLabel() + ", newest first")
                        .pathParameter("id", id, "id of the " + t.getLabel())
                        .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(500).defaultValue(50), false, "changes to answer")
                        .response(200, "Changes, newest first", Schemas.items(JsonSchema.ref(Schemas.CHANGE)))
                        .handler(ex -> history((Exchange) ex, t))));
        routes.addAll(transfers.routes(t));
        routes.addAll(files.routes(t));
        return routes.stream().map(r -> Mounted.at(plural, r, RouteTable.PLATFORM)).toList();
    }

    /** The query the parameters filter, sort, limit and cursor describe; shared by lists and exports. */
    static Query query(Exchange ex, RecordType type) {
        Query q = Query.of(type.getApiName()).limit(ex.intQuery("limit", Query.DEFAULT_LIMIT));
        String filter = ex.query("filter");
        if (filter != null && !filter.isBlank()) {
            q = q.where(FilterExpression.parse(filter));
        }
        String sort = ex.query("sort");
        if (sort != null) {
            boolean desc = sort.startsWith("-");
            q = q.sortBy(desc ? sort.substring(1) : sort, desc);
        }
        String cursor = ex.query("cursor");
        if (cursor != null) {
            q = q.after(cursor);
        }
        return q;
    }

    private void list(Exchange ex, RecordType type) throws IOException {
        Query q = query(ex, type);
        Page<Record> page = records.query(ex.actor, q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("nextCursor", page.nextCursor());
        if ("true".equals(ex.query("count"))) {
            body.put("total", records.count(ex.actor, type.getApiName(), q.filter()));
        }
        ex.send(200, body);
    }

    private void create(Exchange ex, RecordType type) throws IOException {
        Map<String, Object> body = ex.body();
        body.remove(SystemFields.ID);
        body.remove(SystemFields.VERSION);
        Record created = records.create(ex.actor, type.getApiName(), body);
        ex.response.setHeader("Location", ex.request.getContextPath() + "/api/v1/" + type.getPluralApiName() + "/" + created.getId());
        sendRecord(ex, 201, created);
    }

    private void get(Exchange ex, RecordType type) throws IOException {
        Record r = records.get(ex.actor, type.getApiName(), ex.param("id"));
        if (EntityTags.matchesWeakly(ex.header("If-None-Match"), r.getVersion())) {
            ex.response.setHeader("ETag", etag(r));
            ex.response.setStatus(304);
            return;
        }
        sendRecord(ex, 200, r);
    }

    private void update(Exchange ex, RecordType type) throws IOException {
        Map<String, Object> body = ex.body();
        long version = expectedVersion(ex, type, body.remove(SystemFields.VERSION));
        body.remove(SystemFields.ID);
        sendRecord(ex, 200, records.update(ex.actor, type.getApiName(), ex.param("id"), version, body));
    }

    private void delete(Exchange ex, RecordType type) {
        records.delete(ex.actor, type.getApiName(), ex.param("id"), expectedVersion(ex, type, ex.query("version")));
        ex.noContent();
    }

    private void deletion(Exchange ex, RecordType type) throws IOException {
        ex.send(200, records.deletion(ex.actor, type.getApiName(), ex.param("id")));
    }

    private void history(Exchange ex, RecordType type) throws IOException {
        ex.send(200, Map.of("items", records.history(ex.actor, type.getApiName(), ex.param("id"), ex.intQuery("limit", 50))));
    }

    private void search(Exchange ex) throws IOException {
        List<Record> found = records.search(ex.actor, ex.query("q"), ex.intQuery("limit", 5));
        Map<String, Map<String, List<Map<String, Object>>>> foundInFiles = files.foundIn(ex.actor, found, ex.query("q"));
        List<Map<String, Object>> items = found.stream().map(r -> {
            Map<String, Object> hit = new LinkedHashMap<>();
            hit.put("type", r.getType());
            hit.put("id", r.getId());
            hit.put("name", displayName(r));
            hit.put("record", r);
            hit.put("files", foundInFiles.getOrDefault(r.getType(), Map.of()).getOrDefault(r.getId(), List.of()));
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

    /**
     * The version a change applies to: from If-Match (strong comparison, RFC 9110 §13.1.1), else {@code version} in
     * the body or query. A tag that cannot be a version of the record stands for "no current version", so the
     * record service still checks permissions first and then answers 412.
     */
    private long expectedVersion(Exchange ex, RecordType type, Object fallback) {
        return expectedVersion(ex, fallback, () -> records.get(ex.actor, type.getApiName(), ex.param("id")).getVersion());
    }

    /** The same for anything versioned (a role): {@code currentVersion} is asked only for {@code *} or several tags. */
    static long expectedVersion(Exchange ex, Object fallback, java.util.function.LongSupplier currentVersion) {
        String ifMatch = ex.header("If-Match");
        if (ifMatch != null) {
            return EntityTags.matchedVersion(ifMatch, currentVersion);
        }
        if (fallback == null) {
            throw new ApiException(428, "Precondition required", "Send If-Match with the record's ETag (or its version) so "
                    + "that a change made meanwhile is not overwritten", List.of(new org.rapportcrm.platform.api.record.FieldError(
                            "If-Match", "required", "is required")));
        }
        try {
            return Long.parseLong(fallback.toString());
        } catch (NumberFormatException e) {
            return EntityTags.NO_VERSION;
        }
    }

    private static String etag(Record r) {
        return EntityTags.of(r.getVersion());
    }

    private static void sendRecord(Exchange ex, int status, Record r) throws IOException {
        ex.response.setHeader("ETag", etag(r));
        ex.send(status, r);
    }
}
