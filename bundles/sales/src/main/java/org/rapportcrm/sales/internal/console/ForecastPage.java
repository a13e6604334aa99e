package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** The forecast of a month, quarter or year by owner or team, as a table and a chart. */
@Component
public class ForecastPage implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-forecast";
    }

    @Override
    public Placement placement() {
        return Placement.NAVIGATION;
    }

    @Override
    public String label() {
        return "Forecast";
    }

    @Override
    public String tagName() {
        return "rp-sales-forecast-v1";
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module("forecast-page.js");
    }

    @Override
    public int order() {
        return 20;
    }
}
