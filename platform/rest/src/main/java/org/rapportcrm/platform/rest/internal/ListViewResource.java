package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.view.ListView;
import org.rapportcrm.platform.api.view.ListViewService;

/**
 * Saved list views ({@code /listViews}, with the view's version as its ETag). Bodies are checked against the schemas
 * declared here; the service checks what a schema cannot (fields of the type, the filter, the sort, who may share).
 */
final class ListViewResource {
    private static final JsonSchema ID = JsonSchema.string().pattern(FieldFormats.ID);
    private static final JsonSchema FIELD = JsonSchema.string().pattern("^[A-Za-z][A-Za-z0-9]{0,63}$");
    private static final JsonSchema TYPE = JsonSchema.string().minLength(1).maxLength(64).description("a record type's apiName");

    private final ListViewService views;

    ListViewResource(ListViewService views) {
        this.views = views;
    }

    /** What a view may be given, to create one ({@code recordType} and {@code name} required) or change one (all optional). */
    private static JsonSchema input(boolean creating) {
        JsonSchema s = JsonSchema.object();
        if (creating) {
            s = s.property("recordType", TYPE);
        }
        s = s.property("name", JsonSchema.string().minLength(1).maxLength(ListViewService.MAX_NAME_LENGTH)
                        .pattern(FieldFormats.SINGLE_LINE))
                .property("columns", JsonSchema.array(FIELD).maxItems(ListViewService.MAX_COLUMNS))
                .property("filter", JsonSchema.string().maxLength(ListViewService.MAX_FILTER_LENGTH).nullable()
                        .description("the platform's filter language, as in ?filter=; owner eq me for the records of whoever opens it"))
                .property("sort", JsonSchema.string().pattern("^-?[A-Za-z][A-Za-z0-9]{0,63}$").nullable().description("a field, -field for descending"))
                .property("shared", JsonSchema.bool().description("visible to everyone who may read the type; needs manageSettings"));
        if (!creating) {
            s = s.property("version", JsonSchema.integer().minimum(1).description("the version changed, if If-Match is not sent"));
        }
        return creating ? s.required("recordType", "name") : s;
    }

    List<RestRoute> routes() {
        JsonSchema view = JsonSchema.ref(Schemas.LIST_VIEW);
        return List.of(
                RestRoute.get("listViews").summary("The saved list views of a type you see: yours, then the shared ones")
                        .queryParameter("recordType", TYPE, true, "the record type")
                        .response(200, "Views", Schemas.items(view))
                        .problem(422, "There is no such record type")
                        .handler(ex -> ex.send(200, Map.of("items", views.views(ex.actor(), ex.query("recordType"))))),
                RestRoute.post("listViews").summary("Save a list view (shared ones need the manageSettings permission)")
                        .description("A shared view gets an index that serves its filter and sort, built before the answer is sent.")
                        .requestBody(input(true))
                        .response(201, "The new view (its ETag in ETag)", view)
                        .handler(ex -> create((Exchange) ex)),
                RestRoute.get("listViews/{id}").summary("A saved list view")
                        .pathParameter("id", ID, "id of the view")
                        .response(200, "The view (its ETag in ETag)", view)
                        .handler(ex -> send((Exchange) ex, 200, view((Exchange) ex))),
                EntityTags.conditional(RestRoute.patch("listViews/{id}").summary("Change a saved list view")
                        .description("Send what changes; what is left out stays. The record type and owner stay.")
                        .pathParameter("id", ID, "id of the view"), "the view", false)
                        .requestBody(input(false))
                        .response(200, "The changed view", view)
                        .handler(ex -> update((Exchange) ex)),
                EntityTags.conditional(RestRoute.delete("listViews/{id}").summary("Delete a saved list view")
                        .pathParameter("id", ID, "id of the view"), "the view", true)
                        .response(204, "Deleted")
                        .handler(ex -> delete((Exchange) ex)));
    }

    private ListView view(Exchange ex) {
        return views.view(ex.actor, ex.pathParameter("id")).orElseThrow(() -> ApiException.notFound("No list view '" + ex.pathParameter("id") + "'"));
    }

    private void create(Exchange ex) throws IOException {
        Map<String, Object> body = ex.body();
        ListView created = views.create(ex.actor, parse(body, ListView.of((String) body.get("recordType"), null, List.of(), null, null, false)));
        ex.response.setHeader("Location", ex.request.getContextPath() + "/api/v1/listViews/" + created.id());
        send(ex, 201, created);
    }

    private void update(Exchange ex) throws IOException {
        Map<String, Object> body = ex.body();
        ListView current = view(ex);
        long version = RecordResource.expectedVersion(ex, body.get("version"), current::version);
        send(ex, 200, views.update(ex.actor, current.id(), version, parse(body, current)));
    }

    private void delete(Exchange ex) {
        ListView current = view(ex);
        views.delete(ex.actor, current.id(), RecordResource.expectedVersion(ex, ex.query("version"), current::version));
        ex.noContent();
    }

    private static void send(Exchange ex, int status, ListView view) throws IOException {
        ex.response.setHeader("ETag", EntityTags.of(view.version()));
        ex.send(status, view);
    }

    /** A view from its JSON, already checked against its schema; what is left out keeps the value of {@code base}. */
    private static ListView parse(Map<String, Object> body, ListView base) {
        List<String> columns = base.columns();
        if (body.get("columns") instanceof List<?> list) {
            columns = new ArrayList<>();
            for (Object column : list) {
                columns.add((String) column);
            }
        }
        return new ListView(base.id(), base.recordType(), body.containsKey("name") ? (String) body.get("name") : base.name(), columns,
                body.containsKey("filter") ? (String) body.get("filter") : base.filter(),
                body.containsKey("sort") ? (String) body.get("sort") : base.sort(),
                body.containsKey("shared") ? Boolean.TRUE.equals(body.get("shared")) : base.shared(), base.ownerId(), base.version());
    }
}
