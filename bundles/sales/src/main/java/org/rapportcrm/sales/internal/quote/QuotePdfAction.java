package org.rapportcrm.sales.internal.quote;

import java.io.IOException;
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
    public void handle(RestExchange exchange, String quoteId) throws IOException {
        if (!"GET".equals(exchange.method())) {
            throw MethodNotAllowed.only("GET", exchange);
        }
        QuoteSheet sheet = reader.read(exchange.actor(), quoteId);
        exchange.sendFile(200, "application/pdf", sheet.fileName(), renderer.render(sheet, seller));
    }
}
