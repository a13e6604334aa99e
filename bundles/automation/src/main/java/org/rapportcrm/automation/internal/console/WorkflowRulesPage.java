package org.rapportcrm.automation.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The "Workflow rules" page: the rules with their last run, a builder that writes a rule without JSON, the rule's test
 * mode and its run history. Rules are settings: the page offers the builder only to those who may save them.
 */
@Component(service = ConsoleContribution.class)
public class WorkflowRulesPage extends ModuleContribution {
    public WorkflowRulesPage() {
        super("automation-workflow-rules", Placement.NAVIGATION, "Workflow rules", "rp-workflow-rules-v1",
                module(AutomationConsoleResources.NAME, "workflow-rules-page.js"), null, 10);
    }
}
