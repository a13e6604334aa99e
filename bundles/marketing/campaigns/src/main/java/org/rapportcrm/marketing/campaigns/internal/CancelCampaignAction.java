package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code POST /api/v1/campaigns/{id}/cancel}: stops a scheduled or sending campaign. */
@Component
public class CancelCampaignAction implements RecordAction {
    private final Campaigns campaigns;

    @Activate
    public CancelCampaignAction(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "cancel";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Cancel the campaign: messages not handed to the mail queue yet are not sent")
                .response(200, "The campaign, Cancelled", JsonSchema.record(CampaignTypes.CAMPAIGN))
                .problem(409, "The campaign was sent or cancelled already")
                .handler(ex -> ex.send(200, campaigns.cancel(ex.actor(), ex.pathParameter("id")).asMap())));
    }
}
