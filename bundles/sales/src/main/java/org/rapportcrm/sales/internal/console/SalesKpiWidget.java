package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** Win rate, average deal size, sales cycle, pipeline value and lead conversion of the current quarter, on the home dashboard. */
@Component(service = ConsoleContribution.class)
public class SalesKpiWidget extends ModuleContribution {
    public SalesKpiWidget() {
        super("sales-kpis", Placement.DASHBOARD_WIDGET, "Sales this quarter", "rp-sales-kpis-v1", SalesConsoleResources.module("kpi-widget.js"), null, 10);
    }
}
