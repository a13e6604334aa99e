package org.rapportcrm.marketing.campaigns.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The campaigns' console: on a campaign's page, its A/B test (variants with their rates, the winner, choosing it by
 * hand). The variants themselves are the campaign's child records, listed and edited on its page by the console. The
 * ES module is in this bundle's {@code campaigns/console/} folder, served at {@code /app/ext/campaigns/}.
 */
public final class CampaignsConsole {
    private static final String NAME = "campaigns";

    private CampaignsConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules implements ConsoleModuleFolder {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String folder() {
            return "campaigns/console";
        }
    }

    /** On campaign pages: the A/B test's variants with their open and click rates, and the winner. */
    @Component(service = ConsoleContribution.class)
    public static class AbTestPanel extends ModuleContribution {
        public AbTestPanel() {
            super("marketing-campaign-ab-test", Placement.RECORD_PANEL, "A/B test", "rp-campaign-ab-test-v1", module(NAME, "ab-test.js"), "campaign", 10);
        }
    }
}
