package org.rapportcrm.sales.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** The pipeline board: one column per stage of a sales process, opportunities moved between stages by drag and drop. */
@Component(service = ConsoleContribution.class)
public class PipelinePage extends ModuleContribution {
    public PipelinePage() {
        super("sales-pipeline", Placement.NAVIGATION, "Pipeline", "rp-sales-pipeline-v1", SalesConsoleResources.module("pipeline-board.js"), null, 10);
    }
}
