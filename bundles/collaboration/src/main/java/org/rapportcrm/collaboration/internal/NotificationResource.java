package org.rapportcrm.collaboration.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.collaboration.internal.NotificationKinds.Kind;
import org.rapportcrm.collaboration.internal.NotificationKinds.Preference;
import org.rapportcrm.collaboration.internal.NotificationStore.Page;
import org.rapportcrm.collaboration.internal.NotificationStore.Stored;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code /api/v1/notifications}: the caller's notification centre (list, unread count, mark read) and their
 * preferences per kind. The live stream is {@code /api/v1/notifications/stream}, served by its own servlet.
 */
@Component
public class NotificationResource implements RestResource {
    private static final JsonSchema NOTIFICATION = JsonSchema.object()
            .property("id", JsonSchema.string()).property("kind", JsonSchema.string()).property("title", JsonSchema.string())
            .property("body", JsonSchema.string()).property("recordType", JsonSchema.string().nullable())
            .property("recordId", JsonSchema.string().nullable()).property("actorId", JsonSchema.string().nullable())
            .property("createdAt", JsonSchema.string().format("date-time")).property("read", JsonSchema.bool())
            .required("id", "kind", "title", "body", "createdAt", "read");
    private static final JsonSchema COUNT = JsonSchema.object().property("unread", JsonSchema.integer()).required("unread");
    private static final JsonSchema PREFERENCE = JsonSchema.object().property("inApp", JsonSchema.bool()).property("email", JsonSchema.bool());
    private static final JsonSchema PREFERENCES = JsonSchema.object().property("items", JsonSchema.array(JsonSchema.object()
            .property("kind", JsonSchema.string()).property("label", JsonSchema.string())
            .property("inApp", JsonSchema.bool()).property("email", JsonSchema.bool()).required("kind", "label", "inApp", "email")))
            .required("items");

    private final NotificationStore store;
    private final NotificationKinds kinds;
    private final RecordService records;

    @Activate
    public NotificationResource(@Reference NotificationStore store, @Reference NotificationKinds kinds, @Reference RecordService records) {
        this.store = store;
        this.kinds = kinds;
        this.records = records;
    }

    @Override
    public String path() {
        return "notifications";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.get("").summary("My notifications")
                        .description("Live updates: GET /api/v1/notifications/stream (text/event-stream; Last-Event-ID resumes)")
                        .queryParameter("unread", JsonSchema.bool(), false, "only unread ones")
                        .queryParameter("order", JsonSchema.string().enumValues("newest", "unreadFirst"), false, "newest first (default) or unread first")
                        .queryParameter("cursor", JsonSchema.string().pattern(NotificationStore.CURSOR), false, "nextCursor of the previous page")
                        .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(100), false, "per page (20)")
                        .response(200, "A page of notifications", JsonSchema.object().property("items", JsonSchema.array(NOTIFICATION))
                                .property("nextCursor", JsonSchema.string().nullable()).property("unread", JsonSchema.integer())
                                .required("items", "nextCursor", "unread"))
                        .handler(this::list),
                RestRoute.get("count").summary("How many of my notifications are unread").response(200, "The count", COUNT)
                        .handler(ex -> ex.send(200, Map.of("unread", store.unreadCount(ex.actor().userId())))),
                RestRoute.post("{notificationId}/read").summary("Mark one of my notifications read")
                        .pathParameter("notificationId", JsonSchema.string().pattern("^[0-9]{1,19}$"), "id of the notification")
                        .response(200, "The unread count after it", COUNT)
                        .handler(ex -> {
                            String user = ex.actor().userId();
                            if (!store.markRead(user, Long.parseLong(ex.pathParameter("notificationId")), Instant.now())) {
                                throw RestException.notFound("You have no notification " + ex.pathParameter("notificationId"));
                            }
                            ex.send(200, Map.of("unread", store.unreadCount(user)));
                        }),
                RestRoute.post("read-all").summary("Mark all my notifications read")
                        .response(200, "The unread count after it (0)", COUNT)
                        .handler(ex -> {
                            store.markAllRead(ex.actor().userId(), Instant.now());
                            ex.send(200, Map.of("unread", store.unreadCount(ex.actor().userId())));
                        }),
                RestRoute.get("preferences").summary("How I hear of each kind of notification")
                        .response(200, "Every kind with my choice (or its default)", PREFERENCES)
                        .handler(ex -> ex.send(200, preferences(ex.actor().userId()))),
                RestRoute.put("preferences").summary("Choose how I hear of kinds of notification")
                        .description("By kind id: {\"mention\": {\"inApp\": true, \"email\": false}}; kinds left out keep their setting")
                        .requestBody(JsonSchema.anyObject())
                        .response(200, "Every kind with my choice", PREFERENCES).problem(422, "An unknown kind or a malformed choice")
                        .handler(this::choose));
    }

    private void list(RestExchange ex) throws java.io.IOException {
        String user = ex.actor().userId();
        boolean unreadFirst = "unreadFirst".equals(ex.query("order"));
        String cursor = ex.query("cursor");
        if (cursor != null && (cursor.charAt(0) == 'n') == unreadFirst) {
            throw RestException.badRequest("cursor", "The cursor belongs to another order");
        }
        Page page = store.page(user, Boolean.parseBoolean(ex.query("unread")), unreadFirst, cursor, FeedAction.limit(ex.query("limit")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(Stored::toJson).toList());
        body.put("nextCursor", page.nextCursor());
        body.put("unread", store.unreadCount(user));
        ex.send(200, body);
    }

    private void choose(RestExchange ex) throws java.io.IOException {
        Map<String, Object> body = ex.body();
        Map<String, Preference> current = store.preferences(ex.actor().userId());
        Map<String, Preference> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            Kind kind = kinds.kind(e.getKey()).orElseThrow(() -> new RestException(422, e.getKey(), "No notification kind " + e.getKey()));
            if (!(e.getValue() instanceof Map<?, ?> choice) || !choice.keySet().stream().allMatch(k -> k.equals("inApp") || k.equals("email"))
                    || choice.values().stream().anyMatch(v -> !(v instanceof Boolean))) {
                throw new RestException(422, e.getKey(), "A choice is {\"inApp\": true|false, \"email\": true|false}");
            }
            Preference before = NotificationKinds.effective(kind, current);
            Object inApp = choice.get("inApp");
            Object email = choice.get("email");
            chosen.put(kind.id(), new Preference(inApp == null ? before.inApp() : (Boolean) inApp, email == null ? before.email() : (Boolean) email));
        }
        records.inTransaction(() -> {
            chosen.forEach((kind, p) -> store.choose(ex.actor().userId(), kind, p));
            return null;
        });
        ex.send(200, preferences(ex.actor().userId()));
    }

    private Map<String, Object> preferences(String userId) {
        Map<String, Preference> chosen = store.preferences(userId);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Kind kind : kinds.all()) {
            Preference p = NotificationKinds.effective(kind, chosen);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind.id());
            m.put("label", kind.label());
            m.put("inApp", p.inApp());
            m.put("email", p.email());
            items.add(m);
        }
        return Map.of("items", items);
    }
}
