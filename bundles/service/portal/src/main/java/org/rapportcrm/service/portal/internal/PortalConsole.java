package org.rapportcrm.service.portal.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The portal's part of the staff console: on a contact's page, whether the contact uses the portal and a button to
 * invite them. Its module is in this bundle's {@code portal/console/} folder, served at {@code /app/ext/portal-console/}.
 */
public final class PortalConsole {
    private static final String NAME = "portal-console";

    private PortalConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "portal/console");
        }
    }

    @Component(service = ConsoleContribution.class)
    public static class InvitationPanel extends ModuleContribution {
        public InvitationPanel() {
            super("portal-invitation", Placement.RECORD_PANEL, "Customer portal", "rp-portal-invitation-v1",
                    module(NAME, "invitation-panel.js"), "contact", 30);
        }
    }
}
