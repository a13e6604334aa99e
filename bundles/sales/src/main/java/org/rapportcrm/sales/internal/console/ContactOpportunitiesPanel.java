package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** On contact pages: the contact's open opportunities and the leads converted into the contact. */
@Component
public class ContactOpportunitiesPanel implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-contact-opportunities";
    }

    @Override
    public Placement placement() {
        return Placement.RECORD_PANEL;
    }

    @Override
    public String label() {
        return "Open opportunities and leads";
    }

    @Override
    public String tagName() {
        return "rp-sales-open-deals-v1";
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module("open-deals-panel.js");
    }

    @Override
    public String recordType() {
        return "contact";
    }

    @Override
    public int order() {
        return 10;
    }
}
