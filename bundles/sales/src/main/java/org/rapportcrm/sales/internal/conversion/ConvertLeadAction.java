package org.rapportcrm.sales.internal.conversion;

import java.io.IOException;
import java.util.List;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * {@code POST /api/v1/leads/{id}/convert} with {@code {"accountId", "contactId", "createOpportunity",
 * "opportunityName", "closeDate"}} (all optional): 200 with {@code {"lead", "account", "contact", "opportunity"}};
 * 409 for a lead converted before.
 */
@Component
public class ConvertLeadAction implements RecordAction {
    private final LeadConverter converter;

    @Activate
    public ConvertLeadAction(@Reference LeadConverter converter) {
        this.converter = converter;
    }

    @Override
    public String recordType() {
        return SalesTypes.LEAD;
    }

    @Override
    public String name() {
        return "convert";
    }

    @Override
    public List<RestRoute> routes() {
        JsonSchema id = JsonSchema.string().pattern(FieldFormats.ID);
        return List.of(RestRoute.post("").summary("Convert a lead into an account, a contact and optionally an opportunity")
                .requestBody(JsonSchema.object()
                        .property("accountId", id.nullable().description("an existing account for the contact; null to create one from the company"))
                        .property("contactId", id.nullable().description("an existing contact (the lead's duplicate, say); null to create one"))
                        .property("createOpportunity", JsonSchema.bool().defaultValue(true))
                        .property("opportunityName", JsonSchema.string().maxLength(255).pattern(FieldFormats.SINGLE_LINE).nullable())
                        .property("closeDate", JsonSchema.string().format("date").pattern("^(?!0000)").nullable()))
                .response(200, "The converted lead and the records made from it", JsonSchema.object().openProperties()
                        .property("lead", JsonSchema.record(SalesTypes.LEAD))
                        .property("account", JsonSchema.record("account"))
                        .property("contact", JsonSchema.record("contact"))
                        .property("opportunity", JsonSchema.record(SalesTypes.OPPORTUNITY).nullable())
                        .required("lead", "account", "contact", "opportunity"))
                .response(409, "The lead was converted before", JsonSchema.ref("Problem"))
                .handler(this::convert));
    }

    private void convert(RestExchange ex) throws IOException {
        ConversionRequest request = ConversionRequest.from(ex.body());
        try {
            ex.send(200, converter.convert(ex.actor(), ex.pathParameter("id"), request).asMap());
        } catch (LeadConverter.AlreadyConverted e) {
            throw new RestException(409, "status", e.getMessage());
        }
    }
}
