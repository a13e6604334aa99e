package org.rapportcrm.automation.internal;

import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;

/**
 * Webhook subscriptions: settings (administrators and {@code manageSettings} only), served by the generic record
 * machinery at {@code /api/v1/webhooks}. Their deliveries are no records: they are in the delivery log
 * ({@link DeliveryStore}), at {@code /api/v1/webhooks/{id}/deliveries}.
 */
@Component
public class WebhookTypes implements RecordTypeProvider {
    static final String WEBHOOK = "webhook";
    static final List<String> EVENTS = List.of("CREATED", "UPDATED", "DELETED");

    static final RecordType SUBSCRIPTION = new RecordType(WEBHOOK, "webhooks", "Webhook", "Webhooks", "name", List.of(
            builder("name", FieldType.TEXT).label("Name").required(true).build(),
            builder("url", FieldType.URL).label("URL").required(true).build(),
            builder("recordTypes", FieldType.TEXT).label("Record types (comma-separated api names; empty: all)").maxLength(2000).build(),
            builder("events", FieldType.MULTI_PICKLIST).label("Events (empty: all)").picklistValues(EVENTS).build(),
            builder("filter", FieldType.TEXT).label("Filter (the lists' filter language, on the record after the change; empty: every record)")
                    .maxLength(2000).build(),
            builder("active", FieldType.BOOLEAN).label("Active").defaultValue(true).build(),
            builder("secret", FieldType.TEXT).label("Signing secret (whsec_...; made when left empty)").maxLength(200).build(),
            builder("previousSecret", FieldType.TEXT).label("Previous secret (still signs during the grace period)").maxLength(200).build(),
            builder("previousSecretUntil", FieldType.DATE_TIME).label("Previous secret signs until").build()))
            .withKind(RecordType.Kind.CONFIGURATION);

    @Override
    public List<RecordType> recordTypes() {
        return List.of(SUBSCRIPTION);
    }
}
