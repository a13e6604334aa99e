package org.rapportcrm.sync.delta.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.sync.delta.api.ChangeFeed;
import org.rapportcrm.sync.delta.api.ChangePage;
import org.rapportcrm.sync.delta.api.InvalidSyncTokenException;
import org.rapportcrm.sync.delta.api.SyncChange;

/** {@code /api/v1/sync}: the offline delta-sync API for mobile apps: changes since a token, and offline changes pushed back. */
@Component
public class SyncResource implements RestResource {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_PUSH = 500;
    private static final JsonSchema CHANGE = JsonSchema.object()
            .property("type", JsonSchema.string()).property("id", JsonSchema.string())
            .property("version", JsonSchema.integer())
            .property("deleted", JsonSchema.bool().description("a tombstone: deleted, or no longer readable by you"))
            .property("record", JsonSchema.anyObject().nullable().description("the record as you may read it now; null for a tombstone"))
            .required("type", "id", "version", "deleted");
    private static final JsonSchema PAGE = JsonSchema.object()
            .property("changes", JsonSchema.array(CHANGE))
            .property("nextToken", JsonSchema.string().description("send it as since to continue"))
            .property("more", JsonSchema.bool().description("more changes are waiting: ask again at once"))
            .property("snapshot", JsonSchema.bool().description("this page is part of a full snapshot"))
            .required("changes", "nextToken", "more", "snapshot");
    private static final JsonSchema PUSHED = JsonSchema.object()
            .property("clientChangeId", JsonSchema.string().minLength(1).maxLength(100).description("unique per change: a change sent again is not applied twice"))
            .property("action", JsonSchema.string().enumValues("create", "update", "delete"))
            .property("type", JsonSchema.string().minLength(1).maxLength(64))
            .property("id", JsonSchema.string().maxLength(64).description("the record (update, delete)"))
            .property("clientId", JsonSchema.string().maxLength(100).description("the client's own id of a created record, answered back"))
            .property("baseVersion", JsonSchema.integer().minimum(0).description("the version the change was made on (update, delete)"))
            .property("fields", JsonSchema.anyObject().description("the changed fields (create, update)"))
            .required("clientChangeId", "action", "type");
    private static final JsonSchema RESULT = JsonSchema.object()
            .property("clientChangeId", JsonSchema.string())
            .property("status", JsonSchema.string().enumValues(OfflinePush.APPLIED, OfflinePush.CONFLICT, OfflinePush.REFUSED))
            .property("type", JsonSchema.string()).property("id", JsonSchema.string().nullable())
            .property("version", JsonSchema.integer().description("the record's version now"))
            .property("clientId", JsonSchema.string())
            .property("conflict", JsonSchema.anyObject().description("fields (in conflict), base, theirs, yours, merged (applied)"))
            .property("problem", JsonSchema.ref("Problem"))
            .required("clientChangeId", "status", "type");

    private final ChangeFeed feed;
    private final OfflinePush push;

    @Activate
    public SyncResource(@Reference ChangeFeed feed, @Reference OfflinePush push) {
        this.feed = feed;
        this.push = push;
    }

    @Override
    public String path() {
        return "sync";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.get("changes").summary("Changes since a sync token")
                        .description("The records of the types that changed after the token, in commit order, each as you may read it "
                                + "now, or a tombstone when it was deleted or you may no longer read it. Without since: a full snapshot "
                                + "of the records you may read, page by page, then the changes made while it was read (a record may come "
                                + "twice; apply changes by id and version). A token older than the outbox keeps changes answers 410: "
                                + "start over without since.")
                        .queryParameter("since", JsonSchema.string().maxLength(2000), false, "the nextToken of the last page; empty for a full snapshot")
                        .queryParameter("types", JsonSchema.string().minLength(1).maxLength(1000), true, "record types, comma-separated (contact,account)")
                        .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(ChangeFeed.MAX_LIMIT), false,
                                "at most this many changes (" + DEFAULT_LIMIT + ")")
                        .response(200, "A page of changes", PAGE)
                        .problem(410, "The token is too old or unknown: start over with a full sync")
                        .handler(this::changes),
                RestRoute.post("push").summary("Push changes made offline")
                        .description("Each change is applied in its own transaction and answered on its own: applied (with the new "
                                + "version), conflict (the fields both sides changed, with base, theirs and yours; the other fields are "
                                + "merged and applied) or refused (problem details naming the fields). A change sent again with the same "
                                + "clientChangeId within 24 hours gets the first answer again.")
                        .requestBody(JsonSchema.object().property("changes", JsonSchema.array(PUSHED).minItems(1).maxItems(MAX_PUSH))
                                .required("changes"))
                        .response(200, "One result per change, in order", JsonSchema.object().property("results", JsonSchema.array(RESULT))
                                .required("results"))
                        .handler(this::push));
    }

    private void changes(RestExchange ex) throws java.io.IOException {
        List<String> types = Arrays.stream(ex.query("types").split(",")).map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
        if (types.isEmpty()) {
            throw RestException.badRequest("types", "Name at least one record type");
        }
        int limit = ex.query("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(ex.query("limit"));
        ChangePage page;
        try {
            page = feed.changes(ex.actor(), ex.query("since"), types, limit);
        } catch (InvalidSyncTokenException e) {
            throw new RestException(410, "since", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changes", page.changes().stream().map(SyncResource::change).toList());
        body.put("nextToken", page.nextToken());
        body.put("more", page.more());
        body.put("snapshot", page.snapshot());
        ex.send(200, body);
    }

    private static Map<String, Object> change(SyncChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", c.type());
        m.put("id", c.id());
        m.put("version", c.version());
        m.put("deleted", c.isTombstone());
        m.put("record", c.record());
        return m;
    }

    @SuppressWarnings("unchecked")
    private void push(RestExchange ex) throws java.io.IOException {
        List<Map<String, Object>> changes = (List<Map<String, Object>>) ex.body().get("changes");
        ex.send(200, Map.of("results", push.push(ex.actor(), changes)));
    }
}
