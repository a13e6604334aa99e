package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/campaigns/{id}/stats}: the campaign funnel in numbers of recipients. */
@Component
public class CampaignStatsAction implements RecordAction {
    private final Campaigns campaigns;

    @Activate
    public CampaignStatsAction(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "stats";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("The campaign funnel: sent, delivered, bounced, opened, clicked, unsubscribed, suppressed")
                .response(200, "Numbers of recipients", JsonSchema.anyObject())
                .handler(ex -> ex.send(200, campaigns.stats(ex.actor(), ex.pathParameter("id")))));
    }
}
