package org.rapportcrm.automation.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** The webhooks' delivery log, with replays, for administrators (others are told they may not see it). */
@Component(service = ConsoleContribution.class)
public class WebhookDeliveriesPage extends ModuleContribution {
    public WebhookDeliveriesPage() {
        super("webhook-deliveries", Placement.NAVIGATION, "Webhook deliveries", "rp-webhook-deliveries-v1", module(AutomationConsoleResources.NAME, "webhook-deliveries.js"),
                null, 20);
    }
}
