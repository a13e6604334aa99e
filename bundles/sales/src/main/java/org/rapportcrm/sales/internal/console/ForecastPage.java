package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** The forecast of a month, quarter or year by owner or team, as a table and a chart. */
@Component(service = ConsoleContribution.class)
public class ForecastPage extends ModuleContribution {
    public ForecastPage() {
        super("sales-forecast", Placement.NAVIGATION, "Forecast", "rp-sales-forecast-v1", SalesConsoleResources.module("forecast-page.js"), null, 20);
    }
}
