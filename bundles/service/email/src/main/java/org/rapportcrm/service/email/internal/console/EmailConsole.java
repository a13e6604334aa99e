package org.rapportcrm.service.email.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The e-mail thread on case pages, with the reply box (macros, the status after the reply). Its module is in this
 * bundle's {@code service-email/console/} folder, served by the console at {@code /app/ext/service-email/}.
 */
public final class EmailConsole {
    static final String NAME = "service-email";

    private EmailConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "service-email/console");
        }
    }

    /** On case pages: the messages in and out, newest last, and the agent's reply. */
    @Component(service = ConsoleContribution.class)
    public static class ThreadPanel extends ModuleContribution {
        public ThreadPanel() {
            super("service-case-email", Placement.RECORD_PANEL, "E-mail", "rp-service-email-thread-v1",
                    ModuleContribution.module(NAME, "email-thread.js"), "case", 6);
        }
    }
}
