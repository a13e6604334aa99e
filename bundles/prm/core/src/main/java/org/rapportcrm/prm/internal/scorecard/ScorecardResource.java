package org.rapportcrm.prm.internal.scorecard;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code GET /api/v1/partnerScorecards}: every partner's scorecard the caller may read (a partner's users: their own),
 * and {@code GET /api/v1/partnerScorecards/{accountId}}: one.
 */
@Component
public class ScorecardResource implements RestResource {
    private static final JsonSchema SCORECARD = JsonSchema.object()
            .property("partnerAccount", JsonSchema.string()).property("partnerName", JsonSchema.string())
            .property("pipeline", JsonSchema.number().description("amount of the open opportunities given to the partner"))
            .property("openOpportunities", JsonSchema.integer()).property("closedOpportunities", JsonSchema.integer())
            .property("wonOpportunities", JsonSchema.integer()).property("wonRevenue", JsonSchema.number())
            .property("winRate", JsonSchema.number().nullable().description("won of closed, 0..1; null before any is closed"))
            .property("approvedRegistrations", JsonSchema.integer()).property("registrationsWon", JsonSchema.integer())
            .property("registrationConversion", JsonSchema.number().nullable().description("approved registrations won, 0..1"))
            .property("mdfPaid", JsonSchema.number().description("claims paid out"))
            .property("mdfLeads", JsonSchema.integer().description("leads funded by the partner's approved MDF requests"))
            .property("mdfWonRevenue", JsonSchema.number().description("won opportunities funded by them"))
            .property("mdfRoi", JsonSchema.number().nullable().description("won revenue per unit of MDF paid; null before a payment"));
    private final PartnerScorecards scorecards;

    @Activate
    public ScorecardResource(@Reference PartnerScorecards scorecards) {
        this.scorecards = scorecards;
    }

    @Override
    public String path() {
        return "partnerScorecards";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(
                RestRoute.get("").summary("The scorecards of the partners the caller may read")
                        .description("Pipeline, win rate, deal registration conversion and MDF return, counted by aggregate queries; "
                                + "a partner's users get their own only. At most " + PartnerScorecards.MAX_PARTNERS + " partners, by name.")
                        .response(200, "The scorecards", JsonSchema.object().property("items", JsonSchema.array(SCORECARD)))
                        .handler(ex -> ex.send(200, Map.of("items", scorecards.scorecards(ex.actor())))),
                RestRoute.get("{accountId}").summary("One partner's scorecard")
                        .pathParameter("accountId", JsonSchema.string().pattern(FieldFormats.ID), "the partner account")
                        .response(200, "The scorecard", SCORECARD)
                        .problem(404, "No partner account the caller may read has this id")
                        .handler(ex -> ex.send(200, scorecards.scorecard(ex.actor(), ex.pathParameter("accountId")))));
    }
}
