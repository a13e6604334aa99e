package org.rapportcrm.marketing.campaigns.internal;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestRoute;

/** {@code POST /api/v1/campaigns/{id}/preview}: the campaign as one chosen contact would receive it. */
@Component
public class PreviewCampaignAction implements RecordAction {
    private final Campaigns campaigns;

    @Activate
    public PreviewCampaignAction(@Reference Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String recordType() {
        return CampaignTypes.CAMPAIGN;
    }

    @Override
    public String name() {
        return "preview";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Preview the campaign for a contact")
                .requestBody(JsonSchema.object().property("contactId", JsonSchema.string().maxLength(36)).required("contactId"))
                .response(200, "Subject, HTML and text as the contact would get them", JsonSchema.object()
                        .property("subject", JsonSchema.string()).property("html", JsonSchema.string().nullable()).property("text", JsonSchema.string().nullable()))
                .problem(422, "No such contact, or no template")
                .handler(ex -> {
                    var rendered = campaigns.preview(ex.actor(), ex.pathParameter("id"), (String) ex.body().get("contactId"));
                    Map<String, Object> body = new java.util.LinkedHashMap<>();
                    body.put("subject", rendered.subject());
                    body.put("html", rendered.html());
                    body.put("text", rendered.text());
                    ex.send(200, body);
                }));
    }
}
