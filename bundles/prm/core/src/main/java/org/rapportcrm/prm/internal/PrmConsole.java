package org.rapportcrm.prm.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;
import org.rapportcrm.prm.api.Partners;

/**
 * The channel manager's part of the console: on a deal registration's page, the conflicts found and the buttons to
 * approve or reject it with a reason; on a partner's contact's page, the invitation to the partner portal. Registrations, tiers and partner accounts are listed by the console's generic
 * pages. The module is in this bundle's {@code prm/console/} folder, served at {@code /app/ext/prm-console/}.
 */
public final class PrmConsole {
    private static final String NAME = "prm-console";

    private PrmConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "prm/console");
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class DecisionPanel extends ModuleContribution {
        public DecisionPanel() {
            super("prm-registration-decision", Placement.RECORD_PANEL, "Conflicts and decision", "rp-prm-decision-v1",
                    module(NAME, "decision-panel.js"), Partners.REGISTRATION, 10);
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class PartnerInvitationPanel extends ModuleContribution {
        public PartnerInvitationPanel() {
            super("prm-partner-invitation", Placement.RECORD_PANEL, "Partner portal", "rp-partner-invitation-v1",
                    module(NAME, "partner-invitation-panel.js"), "contact", 35);
        }
    }
}
