package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** On lead pages: converts the lead into an account, a contact and optionally an opportunity, or links to what it became. */
@Component(service = ConsoleContribution.class)
public class LeadConversionPanel extends ModuleContribution {
    public LeadConversionPanel() {
        super("sales-lead-conversion", Placement.RECORD_PANEL, "Conversion", "rp-sales-lead-conversion-v1", SalesConsoleResources.module("lead-conversion-panel.js"), "lead", 10);
    }
}
