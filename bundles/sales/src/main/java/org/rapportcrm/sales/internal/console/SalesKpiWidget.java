package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** Win rate, average deal size, sales cycle, pipeline value and lead conversion of the current quarter, on the home dashboard. */
@Component
public class SalesKpiWidget implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-kpis";
    }

    @Override
    public Placement placement() {
        return Placement.DASHBOARD_WIDGET;
    }

    @Override
    public String label() {
        return "Sales this quarter";
    }

    @Override
    public String tagName() {
        return "rp-sales-kpis-v1";
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module("kpi-widget.js");
    }

    @Override
    public int order() {
        return 10;
    }
}
