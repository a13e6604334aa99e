package org.rapportcrm.service.surveys.internal;

import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/** The small declarations of surveys: what rules may start from, and the console's pieces (modules in {@code surveys/console}). */
public final class SurveyComponents {
    private static final String MODULES = "surveys";

    private SurveyComponents() {
    }

    /** Workflow rules may follow up an answer: a task for the owner of a detractor's account, say. */
    @Component
    public static class AnsweredTrigger implements AutomationTrigger {
        @Override
        public String id() {
            return Answers.ANSWERED_TRIGGER;
        }

        @Override
        public String label() {
            return "A customer answered a survey";
        }

        @Override
        public Set<String> recordTypes() {
            return Set.of(SurveyTypes.RESPONSE);
        }
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(MODULES, "surveys/console");
        }
    }

    /** On the home dashboard: this month's CSAT and NPS. */
    @Component(service = ConsoleContribution.class)
    public static class SatisfactionWidget extends ModuleContribution {
        public SatisfactionWidget() {
            super("service-satisfaction", Placement.DASHBOARD_WIDGET, "Customer satisfaction", "rp-survey-satisfaction-v1",
                    module(MODULES, "satisfaction-widget.js"), null, 25);
        }
    }

    /** On survey pages: the results, and sending an NPS survey. */
    @Component(service = ConsoleContribution.class)
    public static class ResultsPanel extends ModuleContribution {
        public ResultsPanel() {
            super("service-survey-results", Placement.RECORD_PANEL, "Results", "rp-survey-results-v1", module(MODULES, "results-panel.js"),
                    SurveyTypes.SURVEY, 5);
        }
    }
}
