package org.rapportcrm.sales.internal.quote;

import java.util.List;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.sales.internal.SalesTypes;

/** {@code POST /api/v1/quotes/{id}/revise}: 201 with the new revision; the quote revised is superseded. */
@Component
public class ReviseQuoteAction implements RecordAction {
    private final QuoteRevisions revisions;

    @Activate
    public ReviseQuoteAction(@Reference RecordService records) {
        this.revisions = new QuoteRevisions(records);
    }

    @Override
    public String recordType() {
        return SalesTypes.QUOTE;
    }

    @Override
    public String name() {
        return "revise";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.post("").summary("Revise a quote: a new revision with its lines; the one revised is superseded")
                .response(201, "The new revision", JsonSchema.record(SalesTypes.QUOTE))
                .handler(exchange -> exchange.send(201, revisions.revise(exchange.actor(), exchange.pathParameter("id")))));
    }
}
