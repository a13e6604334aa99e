package org.rapportcrm.automation.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleService;

/**
 * A webhook's delivery log and its replays, next to the subscription's own endpoints: administrators and holders of
 * {@code manageSettings} only, since requests and answers carry records and the receivers' replies.
 */
final class WebhookActions {
    private WebhookActions() {
    }

    private static final JsonSchema RESULT = JsonSchema.object().property("replayed", JsonSchema.integer().minimum(0)).required("replayed");
    private static final JsonSchema DELIVERY_ID = JsonSchema.string().maxLength(100)
            .description("the delivery's id: its webhook-id header, msg_<sequence>_<webhook id>");
    private static final JsonSchema DELIVERY = JsonSchema.object()
            .property("id", DELIVERY_ID)
            .property("webhook", JsonSchema.string())
            .property("sequence", JsonSchema.integer().description("the outbox entry's sequence: later events have higher ones"))
            .property("event", JsonSchema.string().description("account.updated, ..."))
            .property("recordType", JsonSchema.string())
            .property("recordId", JsonSchema.string())
            .property("status", JsonSchema.string().enumValues(Delivery.STATUSES))
            .property("attempts", JsonSchema.integer().minimum(0))
            .property("createdAt", JsonSchema.string().format("date-time"))
            .property("firstAttempt", JsonSchema.string().format("date-time").nullable())
            .property("lastAttempt", JsonSchema.string().format("date-time").nullable())
            .property("nextAttempt", JsonSchema.string().format("date-time").nullable().description("when a retry is due"))
            .property("responseStatus", JsonSchema.integer().nullable().description("the receiver's last HTTP status; null without an answer"))
            .property("response", JsonSchema.string().nullable().description("the first 1,000 bytes of the receiver's last answer"))
            .property("error", JsonSchema.string().nullable().description("why the last attempt failed"))
            .property("request", JsonSchema.string().description("the JSON body sent"))
            .required("id", "webhook", "sequence", "event", "recordType", "recordId", "status", "attempts", "createdAt", "request");

    /** The webhook as the caller may see it, once the caller is known to hold the right to see its deliveries. */
    private static Record webhook(RestExchange ex, RecordService records, RoleService roles) {
        if (!roles.hasPermission(ex.actor(), Permission.MANAGE_SETTINGS)) {
            throw new AccessDeniedException("Only administrators and roles with the permission '" + Permission.MANAGE_SETTINGS
                    + "' see webhook deliveries and replay them");
        }
        return records.get(ex.actor(), WebhookTypes.WEBHOOK, ex.pathParameter("id"));
    }

    private static Delivery delivery(RestExchange ex, Deliveries deliveries, Record webhook) {
        String id = ex.pathParameter("deliveryId");
        return deliveries.find(webhook.getId(), id).orElseThrow(() -> new RecordNotFoundException("No delivery " + id + " of this webhook"));
    }

    static Map<String, Object> json(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.messageId());
        m.put("webhook", d.webhookId());
        m.put("sequence", d.sequence());
        m.put("event", d.event());
        m.put("recordType", d.recordType());
        m.put("recordId", d.recordId());
        m.put("status", d.status());
        m.put("attempts", d.attempts());
        m.put("createdAt", text(d.createdAt()));
        m.put("firstAttempt", text(d.firstAttempt()));
        m.put("lastAttempt", text(d.lastAttempt()));
        m.put("nextAttempt", text(d.nextAttempt()));
        m.put("responseStatus", d.responseStatus());
        m.put("response", d.response());
        m.put("error", d.error());
        m.put("request", d.request());
        return m;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /**
     * {@code GET /api/v1/webhooks/{id}/deliveries?status=Dead&limit=50&cursor=...}: the newest first, a page at a time;
     * {@code GET .../deliveries/{deliveryId}}: one; {@code POST .../deliveries/{deliveryId}/replay}: send it again.
     */
    @Component(service = RecordAction.class)
    public static class DeliveryLog implements RecordAction {
        private static final int DEFAULT_LIMIT = 50;
        private final RecordService records;
        private final RoleService roles;
        private final Deliveries deliveries;

        @Activate
        public DeliveryLog(@Reference RecordService records, @Reference RoleService roles, @Reference Deliveries deliveries) {
            this.records = records;
            this.roles = roles;
            this.deliveries = deliveries;
        }

        @Override
        public String recordType() {
            return WebhookTypes.WEBHOOK;
        }

        @Override
        public String name() {
            return "deliveries";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(
                    RestRoute.get("").summary("The webhook's deliveries, newest first: request, answer, attempts, next attempt")
                            .queryParameter("status", JsonSchema.string().enumValues(Delivery.STATUSES), false, "only deliveries in this state")
                            .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(500), false, "at most this many (" + DEFAULT_LIMIT + " if not given)")
                            .queryParameter("cursor", JsonSchema.string().pattern("^[0-9]{1,19}$"), false, "nextCursor of the previous page")
                            .response(200, "One page of deliveries", JsonSchema.object().property("items", JsonSchema.array(DELIVERY))
                                    .property("nextCursor", JsonSchema.string().nullable().description("the cursor of the next page; null on the last"))
                                    .required("items", "nextCursor"))
                            .problem(403, "Only administrators and roles with manageSettings")
                            .handler(ex -> {
                                Record webhook = webhook(ex, records, roles);
                                int limit = ex.query("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(ex.query("limit"));
                                Long before = ex.query("cursor") == null ? null : parseCursor(ex.query("cursor"));
                                List<Delivery> page = deliveries.page(webhook.getId(), ex.query("status"), before, limit + 1);
                                List<Map<String, Object>> items = new ArrayList<>();
                                page.stream().limit(limit).forEach(d -> items.add(json(d)));
                                Map<String, Object> body = new LinkedHashMap<>();
                                body.put("items", items);
                                body.put("nextCursor", page.size() > limit ? Long.toString(page.get(limit - 1).sequence()) : null);
                                ex.send(200, body);
                            }),
                    RestRoute.get("{deliveryId}").summary("One delivery of the webhook")
                            .pathParameter("deliveryId", DELIVERY_ID, "the delivery's id")
                            .response(200, "The delivery", DELIVERY)
                            .problem(403, "Only administrators and roles with manageSettings")
                            .handler(ex -> ex.send(200, json(delivery(ex, deliveries, webhook(ex, records, roles))))),
                    RestRoute.post("{deliveryId}/replay").summary("Send this delivery again, with its webhook-id (behind any earlier one of its record that still waits)")
                            .pathParameter("deliveryId", DELIVERY_ID, "the delivery's id")
                            .response(200, "How many deliveries were queued", RESULT)
                            .problem(403, "Only administrators and roles with manageSettings")
                            .handler(ex -> {
                                deliveries.replay(delivery(ex, deliveries, webhook(ex, records, roles)));
                                ex.send(200, Map.of("replayed", 1));
                            }));
        }

        private static long parseCursor(String cursor) {
            try {
                return Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new org.rapportcrm.platform.api.query.InvalidQueryException("cursor", "cursor: not one this endpoint gave");
            }
        }
    }

    /**
     * {@code POST /api/v1/webhooks/{id}/replay} with {@code {"since": "2026-12-01T00:00:00Z"}} (the events since then,
     * within the outbox's 7 days) or {@code {"deadLetters": true}} (its dead letters).
     */
    @Component(service = RecordAction.class)
    public static class ReplaySubscription implements RecordAction {
        private final RecordService records;
        private final RoleService roles;
        private final Deliveries deliveries;
        private final Outbox outbox;

        @Activate
        public ReplaySubscription(@Reference RecordService records, @Reference RoleService roles, @Reference Deliveries deliveries,
                @Reference Outbox outbox) {
            this.records = records;
            this.roles = roles;
            this.deliveries = deliveries;
            this.outbox = outbox;
        }

        @Override
        public String recordType() {
            return WebhookTypes.WEBHOOK;
        }

        @Override
        public String name() {
            return "replay";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Send a webhook's events again: those since a point in the last 7 days, or its dead letters")
                    .requestBody(JsonSchema.object()
                            .property("since", JsonSchema.string().format("date-time").description("send again the events made since then"))
                            .property("deadLetters", JsonSchema.bool().description("send again the deliveries that were given up")))
                    .response(200, "How many deliveries were queued", RESULT)
                    .problem(403, "Only administrators and roles with manageSettings")
                    .handler(ex -> {
                        Record webhook = webhook(ex, records, roles);
                        Map<String, Object> body = ex.body();
                        boolean deadLetters = Boolean.TRUE.equals(body.get("deadLetters"));
                        if (body.get("since") == null && !deadLetters) {
                            throw new ValidationException(List.of(new FieldError("since", "required", "give since or deadLetters")));
                        }
                        Instant since = body.get("since") == null ? null : since(body.get("since"));
                        int replayed = deadLetters ? deliveries.replayDead(webhook.getId()) : 0;
                        if (since != null) {
                            replayed += deliveries.replaySince(webhook, consumedSince(since));
                        }
                        ex.send(200, Map.of("replayed", replayed));
                    }));
        }

        private static Instant since(Object value) {
            try {
                Instant since = Instant.parse(value.toString());
                if (since.isBefore(Instant.now().minus(Outbox.RETENTION))) {
                    throw new ValidationException(List.of(new FieldError("since", "range", "must be within the last "
                            + Outbox.RETENTION.toDays() + " days")));
                }
                return since;
            } catch (DateTimeParseException e) {
                throw new ValidationException(List.of(new FieldError("since", "format", "must be a date-time such as 2026-12-01T00:00:00Z")));
            }
        }

        private List<OutboxEntry> consumedSince(Instant since) {
            List<OutboxEntry> all = new ArrayList<>();
            long after = 0;
            List<OutboxEntry> page;
            do {
                page = outbox.consumed(WebhookFanOut.NAME, since, after, 1000);
                all.addAll(page);
                after = page.isEmpty() ? after : page.get(page.size() - 1).sequence();
            } while (page.size() == 1000);
            return all;
        }
    }
}
