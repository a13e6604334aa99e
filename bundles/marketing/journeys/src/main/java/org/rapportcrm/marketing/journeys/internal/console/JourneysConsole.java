package org.rapportcrm.marketing.journeys.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The journeys' console: on a journey's page its steps with how many contacts are at and passed each, and on a
 * contact's page its journeys with the steps taken. The journey itself (status, trigger, steps) is edited in the
 * record's own form. Their ES modules are in this bundle's {@code journeys/console/} folder, served by the console at
 * {@code /app/ext/journeys/}.
 */
public final class JourneysConsole {
    private static final String NAME = "journeys";

    private JourneysConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "journeys/console");
        }
    }

    /** On journey pages: each step, what it does, how many contacts are at it and how many passed it. */
    @Component(service = ConsoleContribution.class)
    public static class StepsPanel extends ModuleContribution {
        public StepsPanel() {
            super("marketing-journey-steps", Placement.RECORD_PANEL, "Steps", "rp-journey-steps-v1", module(NAME, "journey-steps.js"), "journey", 10);
        }
    }

    /** On contact pages: its journeys, where it is or how it left, the steps taken; moving it on past a wait. */
    @Component(service = ConsoleContribution.class)
    public static class ContactPanel extends ModuleContribution {
        public ContactPanel() {
            super("marketing-contact-journeys", Placement.RECORD_PANEL, "Journeys", "rp-contact-journeys-v1", module(NAME, "contact-journeys.js"), "contact", 40);
        }
    }
}
