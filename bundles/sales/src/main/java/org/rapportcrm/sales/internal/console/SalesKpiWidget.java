package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** Win rate, average deal size, sales cycle, pipeline value and lead conversion of the current quarter, on the home dashboard. */
@Component(service = ConsoleContribution.class)
public class SalesKpiWidget extends SalesContribution {
    public SalesKpiWidget() {
        super("sales-kpis", Placement.DASHBOARD_WIDGET, "Sales this quarter", "rp-sales-kpis-v1", "kpi-widget.js", null, 10);
    }
}
