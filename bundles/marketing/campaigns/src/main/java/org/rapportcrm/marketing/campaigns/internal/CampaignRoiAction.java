package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.campaigns.internal.Attribution.Model;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;

/**
 * {@code GET /api/v1/campaigns/{id}/roi?model=firstTouch|lastTouch|linear}: a campaign's cost, sourced and influenced
 * leads and opportunities, pipeline, attributed won revenue, ROI and funnel ({@link CampaignRoi}); and
 * {@code GET /api/v1/campaignRoi?model=...}, the same figures for the newest campaigns, for the marketing overview.
 */
@Component(service = RecordAction.class)
public class CampaignRoiAction implements RecordAction {
    /** Campaigns on the overview, newest first. */
    static final int OVERVIEW_LIMIT = 50;
    private static final JsonSchema MONEY = JsonSchema.number().nullable();
    private static final JsonSchema COUNT = JsonSchema.integer().minimum(0);
    private static final JsonSchema SALES_COUNT = JsonSchema.integer().minimum(0).nullable();
    private static final JsonSchema PERCENT = JsonSchema.number().nullable().description("(revenue won - cost) / cost x 100; null without a cost");
    private static final JsonSchema MODEL_FIGURES = JsonSchema.object().property("revenueWon", MONEY).property("roi", PERCENT)
            .required("revenueWon", "roi");
    private static final JsonSchema MODELS = JsonSchema.object().property("firstTouch", MODEL_FIGURES).property("lastTouch", MODEL_FIGURES)
            .property("linear", MODEL_FIGURES).required("firstTouch", "lastTouch", "linear");
    private static final JsonSchema FUNNEL = JsonSchema.object().property("sent", COUNT).property("delivered", COUNT).property("opened", COUNT)
            .property("clicked", COUNT).property("converted", SALES_COUNT).property("won", SALES_COUNT)
            .required("sent", "delivered", "opened", "clicked", "converted", "won");
    static final JsonSchema ROI = JsonSchema.object()
            .property("campaign", JsonSchema.string()).property("name", JsonSchema.string().nullable())
            .property("model", JsonSchema.string().enumValues(Model.apiNames()))
            .property("salesInstalled", JsonSchema.bool().description("false: only the e-mail funnel; every sales figure is null"))
            .property("lookbackDays", COUNT).property("cost", MONEY)
            .property("currency", JsonSchema.string().nullable().description("the cost's currency; amounts are added as stored"))
            .property("leadsSourced", SALES_COUNT).property("leadsConverted", SALES_COUNT)
            .property("opportunitiesSourced", SALES_COUNT).property("opportunitiesInfluenced", SALES_COUNT)
            .property("pipeline", MONEY).property("revenueWon", MONEY).property("roi", PERCENT)
            .property("funnel", FUNNEL).property("models", MODELS)
            .required("campaign", "name", "model", "salesInstalled", "lookbackDays", "cost", "currency", "leadsSourced", "leadsConverted",
                    "opportunitiesSourced", "opportunitiesInfluenced", "pipeline", "revenueWon", "roi", "funnel", "models");
    static final JsonSchema OVERVIEW_ROW = JsonSchema.object()
            .property("campaign", JsonSchema.string()).property("name", JsonSchema.string().nullable())
            .property("status", JsonSchema.string().nullable()).property("sentAt", JsonSchema.string().format("date-time").nullable())
            .property("cost", MONEY).property("currency", JsonSchema.string().nullable()).property("sent", COUNT).property("leadsSourced", SALES_COUNT).property("opportunitiesSourced", SALES_COUNT)
            .property("opportunitiesInfluenced", SALES_COUNT).property("pipeline", MONEY).property("revenueWon", MONEY).property("roi", PERCENT)
            .required("campaign", "name", "status", "sentAt", "cost", "currency", "sent", "leadsSourced", "opportunitiesSourced", "opportunitiesInfluenced",
                    "pipeline", "revenueWon", "roi");
    // Not an enum: an unknown model is answered 422 naming it (the declared enum would make it a 400).
    private static final JsonSchema MODEL = JsonSchema.string().defaultValue(Model.LINEAR.apiName)
            .description("firstTouch, lastTouch or linear");

    private final CampaignRoi roi;

    @Activate
    public CampaignRoiAction(@Reference CampaignRoi roi) {
        this.roi = roi;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "roi";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(withModel(RestRoute.get("").summary("The campaign's return: cost, sourced and influenced leads and opportunities, attributed revenue, ROI, funnel"))
                .response(200, "The campaign's figures, as far as the caller may read the opportunities and leads", ROI)
                .handler(ex -> ex.send(200, roi.roi(ex.actor(), ex.pathParameter("id"), model(ex)))));
    }

    /** The {@code model} parameter, and the 422 that names it. */
    static RestRoute.Builder withModel(RestRoute.Builder route) {
        return route.queryParameter("model", MODEL, false, "how won revenue is split across the campaigns that touched a deal (default linear)")
                .problem(422, "model is not one of firstTouch, lastTouch, linear");
    }

    static Model model(RestExchange ex) {
        String name = ex.query("model");
        if (name == null || name.isBlank()) {
            return Model.LINEAR;
        }
        return Model.of(name).orElseThrow(() -> new RestException(422, "model", "model: one of " + String.join(", ", Model.apiNames())));
    }

    /** {@code GET /api/v1/campaignRoi}: the marketing overview. */
    @Component(service = RestResource.class)
    public static class Overview implements RestResource {
        private final CampaignRoi roi;

        @Activate
        public Overview(@Reference CampaignRoi roi) {
            this.roi = roi;
        }

        @Override
        public String path() {
            return "campaignRoi";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(withModel(RestRoute.get("").summary("The newest campaigns the caller may read, each with cost, sourced and influenced deals, revenue and ROI"))
                    .response(200, "At most " + OVERVIEW_LIMIT + " campaigns, newest first", JsonSchema.object()
                            .property("model", JsonSchema.string().enumValues(Model.apiNames())).property("items", JsonSchema.array(OVERVIEW_ROW))
                            .required("model", "items"))
                    .handler(ex -> {
                        Model model = model(ex);
                        ex.send(200, java.util.Map.of("model", model.apiName, "items", roi.overview(ex.actor(), model, OVERVIEW_LIMIT)));
                    }));
        }
    }
}
