package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;

/** The pipeline board: one column per stage of a sales process, opportunities moved between stages by drag and drop. */
@Component
public class PipelinePage implements ConsoleContribution {
    @Override
    public String id() {
        return "sales-pipeline";
    }

    @Override
    public Placement placement() {
        return Placement.NAVIGATION;
    }

    @Override
    public String label() {
        return "Pipeline";
    }

    @Override
    public String tagName() {
        return "rp-sales-pipeline-v1";
    }

    @Override
    public String moduleUrl() {
        return SalesConsoleResources.module("pipeline-board.js");
    }

    @Override
    public int order() {
        return 10;
    }
}
