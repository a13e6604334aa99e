package org.rapportcrm.automation.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/** The webhooks' delivery log, with replays, for administrators (others are told they may not see it). */
@Component(service = ConsoleContribution.class)
public class WebhookDeliveriesPage implements ConsoleContribution {
    private final ConsoleModuleFolder folder = new AutomationConsoleResources();

    @Override
    public String id() {
        return "webhook-deliveries";
    }

    @Override
    public Placement placement() {
        return Placement.NAVIGATION;
    }

    @Override
    public String label() {
        return "Webhook deliveries";
    }

    @Override
    public String tagName() {
        return "rp-webhook-deliveries-v1";
    }

    @Override
    public String moduleUrl() {
        return folder.url("webhook-deliveries.js");
    }

    @Override
    public int order() {
        return 20;
    }
}
