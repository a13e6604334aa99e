package org.rapportcrm.marketing.campaigns.internal;

import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.console.ConsoleContribution;
import org.rapportcrm.platform.api.console.ConsoleModuleFolder;
import org.rapportcrm.platform.api.console.ModuleContribution;

/**
 * The campaigns' console: on a campaign's page its funnel as a chart and its return per attribution model, and the
 * marketing overview page (every campaign with cost, revenue and ROI). Their ES modules are in this bundle's
 * {@code campaigns/console/} folder, served by the console at {@code /app/ext/campaigns/}.
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

    /** On campaign pages: the funnel from sent to won, and cost, sourced and influenced deals, revenue and ROI per model. */
    @Component(service = ConsoleContribution.class)
    public static class RoiPanel extends ModuleContribution {
        public RoiPanel() {
            super("marketing-campaign-roi", Placement.RECORD_PANEL, "Funnel and ROI", "rp-campaign-roi-v1", module(NAME, "campaign-roi.js"), "campaign", 10);
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
