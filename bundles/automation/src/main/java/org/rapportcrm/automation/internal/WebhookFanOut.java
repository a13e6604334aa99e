package org.rapportcrm.automation.internal;

import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;

/** Reads every record change from the outbox and makes and sends the webhook deliveries it calls for. */
@Component
public class WebhookFanOut implements OutboxConsumer {
    static final String NAME = "automation.webhooks";
    private final Deliveries deliveries;

    @Activate
    public WebhookFanOut(@Reference Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(); // subscriptions may name any type, and change at any time
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        deliveries.fanOut(batch);
    }
}
