package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** On quote pages: the totals, the PDF to download and a new revision. */
@Component
public class QuotePanel implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-quote";
    }

    @Override
    public Placement placement() {
        return Placement.RECORD_PANEL;
    }

    @Override
    public String label() {
        return "Quote document";
    }

    @Override
    public String tagName() {
        return "rp-sales-quote-v1";
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module("quote-panel.js");
    }

    @Override
    public String recordType() {
        return "quote";
    }

    @Override
    public int order() {
        return 10;
    }
}
