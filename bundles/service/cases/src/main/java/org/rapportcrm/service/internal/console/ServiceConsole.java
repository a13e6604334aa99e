package org.rapportcrm.service.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The service console: an agent workspace page, the SLA clocks on case pages, the cases of an account or contact on
 * their pages, and service figures on the home dashboard. Their ES modules are in this bundle's {@code service/console/}
 * folder, served by the console at {@code /app/ext/service/}; each contribution is only its description.
 */
public final class ServiceConsole {
    private static final String NAME = "service";

    private ServiceConsole() {
    }

    /** The folder of the service console's modules. */
    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "service/console");
        }
    }

    /** My queues and my cases, soonest SLA due first, with countdowns. */
    @Component(service = ConsoleContribution.class)
    public static class Workspace extends ModuleContribution {
        public Workspace() {
            super("service-workspace", Placement.NAVIGATION, "Agent workspace", "rp-service-workspace-v1", module(NAME, "workspace.js"), null, 5);
        }
    }

    /** On case pages: each SLA clock with its due time, countdown and state. */
    @Component(service = ConsoleContribution.class)
    public static class SlaPanel extends ModuleContribution {
        public SlaPanel() {
            super("service-case-sla", Placement.RECORD_PANEL, "SLA clocks", "rp-service-sla-v1", module(NAME, "sla-panel.js"), "case", 5);
        }
    }

    /** On account pages: the account's cases. */
    @Component(service = ConsoleContribution.class)
    public static class AccountCases extends ModuleContribution {
        public AccountCases() {
            super("service-account-cases", Placement.RECORD_PANEL, "Cases", "rp-service-cases-v1", module(NAME, "cases-panel.js"), "account", 20);
        }
    }

    /** On contact pages: the contact's cases. */
    @Component(service = ConsoleContribution.class)
    public static class ContactCases extends ModuleContribution {
        public ContactCases() {
            super("service-contact-cases", Placement.RECORD_PANEL, "Cases", "rp-service-cases-v1", module(NAME, "cases-panel.js"), "contact", 20);
        }
    }

    /** On the home dashboard: this month's service figures. */
    @Component(service = ConsoleContribution.class)
    public static class KpiWidget extends ModuleContribution {
        public KpiWidget() {
            super("service-kpis", Placement.DASHBOARD_WIDGET, "Service this month", "rp-service-kpis-v1", module(NAME, "kpi-widget.js"), null, 20);
        }
    }
}
