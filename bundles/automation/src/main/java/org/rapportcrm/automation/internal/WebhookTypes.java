package org.rapportcrm.automation.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * Webhook subscriptions and their deliveries: settings (administrators only), served by the generic record machinery
 * at {@code /api/v1/webhooks} and {@code /api/v1/webhookDeliveries}.
 */
@Component
public class WebhookTypes implements RecordTypeProvider {
    static final String WEBHOOK = "webhook";
    static final String DELIVERY = "webhookDelivery";
    static final List<String> EVENTS = List.of("CREATED", "UPDATED", "DELETED");
    static final String PENDING = "Pending";
    static final String DELIVERED = "Delivered";
    static final String RETRYING = "Retrying";
    static final String DEAD = "Dead";

    static final RecordType SUBSCRIPTION = new RecordType(WEBHOOK, "webhooks", "Webhook", "Webhooks", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").required(true).build(),
            builder("url", FieldType.URL).label("URL").required(true).build(),
            builder("recordTypes", FieldType.TEXT).label("Record types (comma-separated api names; empty: all)").maxLength(2000).build(),
            builder("events", FieldType.MULTI_PICKLIST).label("Events (empty: all)").picklistValues(EVENTS).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("secret", FieldType.TEXT).label("Signing secret (whsec_...; made when left empty)").maxLength(200).build(),
            builder("previousSecret", FieldType.TEXT).label("Previous secret (still signs during the grace period)").maxLength(200).build(),
            builder("previousSecretUntil", FieldType.DATE_TIME).label("Previous secret signs until").build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    static final RecordType DELIVERIES = new RecordType(DELIVERY, "webhookDeliveries", "Webhook delivery", "Webhook deliveries", "messageId", List.of(
            builder("webhook", FieldType.REFERENCE).label("Webhook").referenceTo(WEBHOOK).required(true).build(),
            // The webhook-id header: the same for every attempt of one event to one subscription.
            builder("messageId", FieldType.TEXT).label("Message id").maxLength(100).unique(true).required(true).build(),
            builder("sequence", FieldType.INTEGER).label("Outbox sequence").required(true).build(),
            builder("event", FieldType.TEXT).label("Event").maxLength(100).build(),
            builder("recordType", FieldType.TEXT).label("Record type").maxLength(64).build(),
            builder("recordId", FieldType.TEXT).label("Record id").maxLength(36).build(),
            builder("status", FieldType.PICKLIST).label("Status").picklistValues(List.of(PENDING, DELIVERED, RETRYING, DEAD)).defaultValue(PENDING).build(),
            builder("attempts", FieldType.INTEGER).label("Attempts").defaultValue(0L).build(),
            builder("firstAttempt", FieldType.DATE_TIME).label("First attempt").build(),
            builder("lastAttempt", FieldType.DATE_TIME).label("Last attempt").build(),
            builder("nextAttempt", FieldType.DATE_TIME).label("Next attempt").build(),
            builder("responseStatus", FieldType.INTEGER).label("Response status").build(),
            builder("response", FieldType.LONG_TEXT).label("Response body (first 1,000 characters)").build(),
            builder("error", FieldType.TEXT).label("Error").maxLength(1000).build(),
            builder("request", FieldType.LONG_TEXT).label("Request body").build()))
            .childOf(WEBHOOK).withKind(RecordType.Kind.CONFIGURATION);

    @Override
    public List<RecordType> recordTypes() {
        return List.of(SUBSCRIPTION, DELIVERIES);
    }
}
