package org.rapportcrm.marketing.campaigns.internal.console;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The campaigns' console: on a campaign's page its A/B test (variants with their rates, the winner, choosing it by
 * hand; the variants themselves are its child records), its funnel as a chart and its return per attribution model,
 * and the marketing overview page (every campaign with cost, revenue and ROI). Their ES modules are in this bundle's
 * {@code campaigns/console/} folder, served by the console at {@code /app/ext/campaigns/}.
 */
public final class CampaignsConsole {
    private static final String NAME = "campaigns";

    private CampaignsConsole() {
    }

    @Component(service = ConsoleModuleFolder.class)
    public static class Modules extends ModuleFolder {
        public Modules() {
            super(NAME, "campaigns/console");
        }
    }

    /** On campaign pages: the A/B test's variants with their open and click rates, and the winner. */
    @Component(service = ConsoleContribution.class)
    public static class AbTestPanel extends ModuleContribution {
        public AbTestPanel() {
            super("marketing-campaign-ab-test", Placement.RECORD_PANEL, "A/B test", "rp-campaign-ab-test-v1", module(NAME, "ab-test.js"), "campaign", 10);
        }
    }

    /** On campaign pages: the funnel from sent to won, and cost, sourced and influenced deals, revenue and ROI per model. */
    @Component(service = ConsoleContribution.class)
    public static class RoiPanel extends ModuleContribution {
        public RoiPanel() {
            super("marketing-campaign-roi", Placement.RECORD_PANEL, "Funnel and ROI", "rp-campaign-roi-v1", module(NAME, "campaign-roi.js"), "campaign", 20);
        }
    }

    /** Every campaign with its cost, revenue won and ROI under a chosen attribution model. */
    @Component(service = ConsoleContribution.class)
    public static class Overview extends ModuleContribution {
        public Overview() {
            super("marketing-roi", Placement.NAVIGATION, "Campaign ROI", "rp-marketing-roi-v1", module(NAME, "roi-overview.js"), null, 20);
        }
    }
}
