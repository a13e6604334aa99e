package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code GET /api/v1/campaigns/{id}/abtest}: the A/B test's settings, state, winner and figures per variant. */
@Component
public class CampaignAbTestAction implements RecordAction {
    private final AbTests abTests;

    @Activate
    public CampaignAbTestAction(@Reference AbTests abTests) {
        this.abTests = abTests;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "abtest";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema count = JsonSchema.integer().minimum(0);
        JsonSchema rate = JsonSchema.number().minimum(0).maximum(1);
        JsonSchema variant = JsonSchema.object()
                .property("id", JsonSchema.string())
                .property("name", JsonSchema.string())
                .property("template", JsonSchema.string())
                .property("winner", JsonSchema.bool())
                .property("sent", count.description("Test recipients whose message went to the mail queue"))
                .property("delivered", count.description("Sent minus hard bounces"))
                .property("opened", count.description("Unique test recipients who opened"))
                .property("clicked", count.description("Unique test recipients who clicked"))
                .property("openRate", rate.description("opened / delivered (0 with nothing delivered)"))
                .property("clickRate", rate.description("clicked / delivered (0 with nothing delivered)"))
                .required("id", "name", "template", "winner", "sent", "delivered", "opened", "clicked", "openRate", "clickRate");
        return List.of(RestRoute.get("").summary("The campaign's A/B test: its variants with their figures over the test share, and the winner")
                .response(200, "The test (no variants: not an A/B campaign)", JsonSchema.object()
                        .property("status", JsonSchema.string().enumValues(CampaignTypes.STATUSES))
                        .property("testShare", JsonSchema.integer().minimum(1).maximum(100).nullable())
                        .property("testWindow", JsonSchema.string().nullable())
                        .property("winnerMetric", JsonSchema.string().enumValues(CampaignTypes.OPENS, CampaignTypes.CLICKS))
                        .property("winnerMode", JsonSchema.string().enumValues(CampaignTypes.AUTOMATIC, CampaignTypes.MANUAL))
                        .property("testEndsAt", JsonSchema.string().format("date-time").nullable())
                        .property("winner", JsonSchema.string().nullable().description("The winning variant's id, once chosen"))
                        .property("held", count.description("Recipients waiting for the split or the winner"))
                        .property("variants", JsonSchema.array(variant))
                        .required("status", "testShare", "testWindow", "winnerMetric", "winnerMode", "testEndsAt", "winner", "held", "variants"))
                .handler(ex -> ex.send(200, abTests.report(ex.actor(), ex.pathParameter("id")))));
    }
}
