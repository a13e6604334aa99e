package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** On lead pages: converts the lead into an account, a contact and optionally an opportunity, or links to what it became. */
@Component
public class LeadConversionPanel implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-lead-conversion";
    }

    @Override
    public Placement placement() {
        return Placement.RECORD_PANEL;
    }

    @Override
    public String label() {
        return "Conversion";
    }

    @Override
    public String tagName() {
        return "rp-sales-lead-conversion-v1";
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module("lead-conversion-panel.js");
    }

    @Override
    public String recordType() {
        return "lead";
    }

    @Override
    public int order() {
        return 10;
    }
}
