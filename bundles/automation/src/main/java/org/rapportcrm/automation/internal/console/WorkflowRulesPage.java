package org.rapportcrm.automation.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

/**
 * The "Workflow rules" page: the rules with their last run, a builder that writes a rule without JSON, the rule's test
 * mode and its run history. Rules are settings: the page offers the builder only to those who may save them.
 */
@Component(service = ConsoleContribution.class)
public class WorkflowRulesPage implements ConsoleContribution {
    private final ConsoleModuleFolder folder = new AutomationConsoleResources();

    @Override
    public String id() {
        return "automation-workflow-rules";
    }

    @Override
    public Placement placement() {
        return Placement.NAVIGATION;
    }

    @Override
    public String label() {
        return "Workflow rules";
    }

    @Override
    public String tagName() {
        return "rp-workflow-rules-v1";
    }

    @Override
    public String moduleUrl() {
        return folder.url("workflow-rules-page.js");
    }

    @Override
    public int order() {
        return 10;
    }
}
