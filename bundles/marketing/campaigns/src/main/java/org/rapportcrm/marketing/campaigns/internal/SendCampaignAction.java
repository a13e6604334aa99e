package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code POST /api/v1/campaigns/{id}/send}: sends the campaign now, or schedules it for its send time. */
@Component
public class SendCampaignAction implements RecordAction {
    private final Campaigns campaigns;

    @Activate
    public SendCampaignAction(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "send";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Send the campaign to its segments (now, or at its send time)")
                .description("Checks the template and segments, sets the status to Sending (or Scheduled) and starts the send, which "
                        + "goes on in the background at the configured rate; see the stats action for progress.")
                .response(200, "The campaign, Sending or Scheduled", JsonSchema.record(CampaignTypes.CAMPAIGN))
                .problem(409, "The campaign was sent or cancelled")
                .problem(422, "No template or no (known) segment")
                .handler(ex -> ex.send(200, campaigns.send(ex.actor(), ex.pathParameter("id")).asMap())));
    }
}
