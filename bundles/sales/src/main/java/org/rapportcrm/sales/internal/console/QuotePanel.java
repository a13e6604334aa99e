package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** On quote pages: the totals, the PDF to download and a new revision. */
@Component(service = ConsoleContribution.class)
public class QuotePanel extends ModuleContribution {
    public QuotePanel() {
        super("sales-quote", Placement.RECORD_PANEL, "Quote document", "rp-sales-quote-v1", SalesConsoleResources.module("quote-panel.js"), "quote", 10);
    }
}
