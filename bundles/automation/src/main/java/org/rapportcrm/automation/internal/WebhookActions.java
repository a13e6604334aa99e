package org.rapportcrm.automation.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.outbox.Outbox;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** The operations on webhooks beyond their settings: their delivery log and replays. */
final class WebhookActions {
    private WebhookActions() {
    }

    private static final JsonSchema RESULT = JsonSchema.object().property("replayed", JsonSchema.integer().minimum(0)).required("replayed");

    /** {@code GET /api/v1/webhooks/{id}/deliveries?status=Dead&limit=100}: the newest deliveries first. */
    @Component(service = RecordAction.class)
    public static class DeliveryLog implements RecordAction {
        private final RecordService records;
        private final Deliveries deliveries;

        @Activate
        public DeliveryLog(@Reference RecordService records, @Reference Deliveries deliveries) {
            this.records = records;
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
            return List.of(RestRoute.get("").summary("The webhook's deliveries, newest first: request, answer, attempts, next attempt")
                    .queryParameter("status", JsonSchema.string().enumValues(List.of(WebhookTypes.PENDING, WebhookTypes.DELIVERED,
                            WebhookTypes.RETRYING, WebhookTypes.DEAD)), false, "only deliveries in this state")
                    .queryParameter("limit", JsonSchema.integer().minimum(1).maximum(1000), false, "at most this many (100 if not given)")
                    .response(200, "The deliveries", JsonSchema.object().property("items", JsonSchema.array(JsonSchema.record(WebhookTypes.DELIVERY)))
                            .required("items"))
                    .handler(ex -> {
                        Record webhook = records.get(ex.actor(), WebhookTypes.WEBHOOK, ex.pathParameter("id"));
                        String limit = ex.query("limit");
                        ex.send(200, Map.of("items", deliveries.deliveries(webhook.getId(), ex.query("status"),
                                limit == null ? 100 : Integer.parseInt(limit))));
                    }));
        }
    }

    /**
     * {@code POST /api/v1/webhooks/{id}/replay} with {@code {"since": "2026-12-01T00:00:00Z"}} (the events since then,
     * within the outbox's 7 days) or {@code {"deadLetters": true}} (its dead letters).
     */
    @Component(service = RecordAction.class)
    public static class ReplaySubscription implements RecordAction {
        private final RecordService records;
        private final Deliveries deliveries;
        private final Outbox outbox;

        @Activate
        public ReplaySubscription(@Reference RecordService records, @Reference Deliveries deliveries, @Reference Outbox outbox) {
            this.records = records;
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
                    .handler(ex -> {
                        Record webhook = records.get(ex.actor(), WebhookTypes.WEBHOOK, ex.pathParameter("id"));
                        Map<String, Object> body = ex.body();
                        int replayed = 0;
                        if (Boolean.TRUE.equals(body.get("deadLetters"))) {
                            replayed += deliveries.replayDead(webhook.getId());
                        }
                        if (body.get("since") != null) {
                            replayed += deliveries.replaySince(webhook, consumedSince(since(body.get("since"))));
                        } else if (!Boolean.TRUE.equals(body.get("deadLetters"))) {
                            throw new ValidationException(List.of(new FieldError("since", "required", "give since or deadLetters")));
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

    /** {@code POST /api/v1/webhookDeliveries/{id}/replay}: send one delivery again, with its webhook-id. */
    @Component(service = RecordAction.class)
    public static class ReplayDelivery implements RecordAction {
        private final RecordService records;
        private final Deliveries deliveries;

        @Activate
        public ReplayDelivery(@Reference RecordService records, @Reference Deliveries deliveries) {
            this.records = records;
            this.deliveries = deliveries;
        }

        @Override
        public String recordType() {
            return WebhookTypes.DELIVERY;
        }

        @Override
        public String name() {
            return "replay";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Send this delivery again (behind any earlier one of its record that still waits)")
                    .response(200, "How many deliveries were queued", RESULT)
                    .handler(ex -> {
                        deliveries.replay(records.get(ex.actor(), WebhookTypes.DELIVERY, ex.pathParameter("id")));
                        ex.send(200, Map.of("replayed", 1));
                    }));
        }
    }
}
