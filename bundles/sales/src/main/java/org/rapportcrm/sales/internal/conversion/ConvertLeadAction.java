package org.rapportcrm.sales.internal.conversion;

import java.io.IOException;
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
    public void handle(RestExchange ex, String leadId) throws IOException {
        if (!ex.method().equals("POST")) {
            throw new RestException(405, null, "Convert a lead with POST");
        }
        ConversionRequest request = ConversionRequest.from(ex.body());
        try {
            ex.send(200, converter.convert(ex.actor(), leadId, request).asMap());
        } catch (LeadConverter.AlreadyConverted e) {
            throw new RestException(409, "status", e.getMessage());
        }
    }
}
