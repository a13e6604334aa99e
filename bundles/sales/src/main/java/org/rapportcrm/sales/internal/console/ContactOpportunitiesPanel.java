package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** On contact pages: the contact's open opportunities and the leads converted into the contact. */
@Component(service = ConsoleContribution.class)
public class ContactOpportunitiesPanel extends SalesContribution {
    public ContactOpportunitiesPanel() {
        super("sales-contact-opportunities", Placement.RECORD_PANEL, "Open opportunities and leads", "rp-sales-open-deals-v1", "open-deals-panel.js", "contact", 10);
    }
}
