package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** On contact pages: the contact's open opportunities and the leads converted into the contact. */
@Component(service = ConsoleContribution.class)
public class ContactOpportunitiesPanel extends ModuleContribution {
    public ContactOpportunitiesPanel() {
        super("sales-contact-opportunities", Placement.RECORD_PANEL, "Open opportunities and leads", "rp-sales-open-deals-v1", SalesConsoleResources.module("open-deals-panel.js"), "contact", 10);
    }
}
