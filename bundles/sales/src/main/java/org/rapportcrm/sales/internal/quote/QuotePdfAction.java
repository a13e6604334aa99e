package org.rapportcrm.sales.internal.quote;

import java.io.IOException;
import java.util.List;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.sales.internal.SalesTypes;

/** {@code GET /api/v1/quotes/{id}/pdf}: the quote as a PDF download, "&lt;quote number&gt;-r&lt;revision&gt;.pdf". */
@Component(configurationPid = QuotePdfConfig.PID)
@Designate(ocd = QuotePdfConfig.class)
public class QuotePdfAction implements RecordAction {
    private final QuoteSheetReader reader;
    private final QuotePdfRenderer renderer = new QuotePdfRenderer();
    private final QuotePdfRenderer.Seller seller;

    @Activate
    public QuotePdfAction(@Reference RecordService records, QuotePdfConfig config) {
        this.reader = new QuoteSheetReader(records);
        this.seller = QuotePdfRenderer.Seller.of(config);
    }

    @Override
    public String recordType() {
        return SalesTypes.QUOTE;
    }

    @Override
    public String name() {
        return "pdf";
    }

    @Override
    public List<RestRoute> routes() {
        return List.of(RestRoute.get("").summary("The quote as a PDF, named <quote number>-r<revision>.pdf")
                .response(200, "The PDF, as an attachment", "application/pdf", JsonSchema.string().format("binary"))
                .handler(this::download));
    }

    private void download(RestExchange exchange) throws IOException {
        QuoteSheet sheet = reader.read(exchange.actor(), exchange.pathParameter("id"));
        exchange.sendFile(200, "application/pdf", sheet.fileName(), renderer.render(sheet, seller));
    }
}
