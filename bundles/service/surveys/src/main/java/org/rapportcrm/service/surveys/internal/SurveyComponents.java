package org.rapportcrm.service.surveys.internal;

import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.automation.AutomationTrigger;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;

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
    public static class Modules implements ConsoleModuleFolder {
        @Override
        public String name() {
            return MODULES;
        }

        @Override
        public String folder() {
            return "surveys/console";
        }
    }

    /** On the home dashboard: this month's CSAT and NPS. */
    @Component(service = ConsoleContribution.class)
    public static class SatisfactionWidget implements ConsoleContribution {
        @Override
        public String id() {
            return "service-satisfaction";
        }

        @Override
        public Placement placement() {
            return Placement.DASHBOARD_WIDGET;
        }

        @Override
        public String label() {
            return "Customer satisfaction";
        }

        @Override
        public String tagName() {
            return "rp-survey-satisfaction-v1";
        }

        @Override
        public String moduleUrl() {
            return ConsoleModuleFolder.URL_PREFIX + MODULES + "/satisfaction-widget.js";
        }

        @Override
        public int order() {
            return 25;
        }
    }

    /** On survey pages: the results, and sending an NPS survey. */
    @Component(service = ConsoleContribution.class)
    public static class ResultsPanel implements ConsoleContribution {
        @Override
        public String id() {
            return "service-survey-results";
        }

        @Override
        public Placement placement() {
            return Placement.RECORD_PANEL;
        }

        @Override
        public String label() {
            return "Results";
        }

        @Override
        public String tagName() {
            return "rp-survey-results-v1";
        }

        @Override
        public String moduleUrl() {
            return ConsoleModuleFolder.URL_PREFIX + MODULES + "/results-panel.js";
        }

        @Override
        public String recordType() {
            return SurveyTypes.SURVEY;
        }

        @Override
        public int order() {
            return 5;
        }
    }
}
