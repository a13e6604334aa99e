package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** On account pages: the account's open opportunities with their stages and amounts. */
@Component(service = ConsoleContribution.class)
public class AccountOpportunitiesPanel extends ModuleContribution {
    public AccountOpportunitiesPanel() {
        super("sales-account-opportunities", Placement.RECORD_PANEL, "Open opportunities", "rp-sales-open-deals-v1", SalesConsoleResources.module("open-deals-panel.js"), "account", 10);
    }
}
