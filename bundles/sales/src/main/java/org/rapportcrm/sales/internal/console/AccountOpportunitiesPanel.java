package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** On account pages: the account's open opportunities with their stages and amounts. */
@Component
public class AccountOpportunitiesPanel implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-account-opportunities";
    }

    @Override
    public Placement placement() {
        return Placement.RECORD_PANEL;
    }

    @Override
    public String label() {
        return "Open opportunities";
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
        return "account";
    }

    @Override
    public int order() {
        return 10;
    }
}
