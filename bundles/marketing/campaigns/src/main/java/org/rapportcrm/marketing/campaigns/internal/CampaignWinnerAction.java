package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code POST /api/v1/campaigns/{id}/winner}: the marketer picks the A/B test's winner, which goes to the rest now. */
@Component
public class CampaignWinnerAction implements RecordAction {
    private final AbTests abTests;

    @Activate
    public CampaignWinnerAction(@Reference AbTests abTests) {
        this.abTests = abTests;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "winner";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Choose the A/B test's winner: it is sent to the recipients outside the test share")
                .description("While the campaign is Testing (its test share sent), in either winner mode: in automatic mode it ends "
                        + "the test before its window does.")
                .requestBody(JsonSchema.object().property("variantId", JsonSchema.string().maxLength(36)).required("variantId"))
                .response(200, "The campaign, Sending to the rest", JsonSchema.record(CampaignTypes.CAMPAIGN))
                .problem(409, "The campaign is not Testing (not sent yet, a winner chosen already, or cancelled)")
                .problem(422, "variantId is not a variant of the campaign")
                .handler(ex -> ex.send(200, abTests.pick(ex.actor(), ex.pathParameter("id"), (String) ex.body().get("variantId")).asMap())));
    }
}
