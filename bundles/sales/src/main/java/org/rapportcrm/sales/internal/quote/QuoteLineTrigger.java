package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.decimal;
import static org.rapportcrm.sales.internal.quote.RecordLookup.money;
import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Quote lines: described and priced from their product unless told otherwise, totalled, and the quote's totals
 * follow them. Deleting a line of a frozen quote is refused here, because deletions are not validated.
 */
@Component
public class QuoteLineTrigger implements RecordTrigger {
    private final RecordLookup lookup;
    private final PriceLookup prices;
    private final QuoteTotalling totalling;

    @Activate
    public QuoteLineTrigger(@Reference RecordService records) {
        this.lookup = RecordLookup.asSystem(records);
        this.prices = new PriceLookup(lookup);
        this.totalling = new QuoteTotalling(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.QUOTE_LINE);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Record quote = lookup.find(SalesTypes.QUOTE, after.get("quote")).orElse(null);
        if (quote == null || QuoteStatus.isFrozen(quote.get("status"))) {
            return; // refused by the platform or by QuoteLineValidator
        }
        Record product = lookup.find(SalesTypes.PRODUCT, after.get("product")).orElse(null);
        if (product != null) {
            boolean productChanged = before != null && !Objects.equals(before.get("product"), after.get("product"));
            if (after.get("description") == null || productChanged && Objects.equals(before.get("description"), after.get("description"))) {
                after.put("description", text(product.getValues(), "name"));
            }
            if (LineItemTrigger.needsListPrice(before, after)) {
                after.put("unitPrice", prices.unitPrice(product.getId(), prices.priceBookOf(quote.get("opportunity")),
                        text(quote.getValues(), "currency")));
            }
        }
        Money unitPrice = money(after, "unitPrice");
        BigDecimal quantity = decimal(after, "quantity");
        after.put("lineTotal", unitPrice == null || quantity == null ? null
                : Pricing.lineTotal(quantity, unitPrice, decimal(after, "discountPercent")));
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        String quoteId = text(change.record().getValues(), "quote");
        if (RecordEvents.DELETED.equals(change.kind())) {
            lookup.find(SalesTypes.QUOTE, quoteId).filter(q -> QuoteStatus.isFrozen(q.get("status"))).ifPresent(q -> {
                throw new ValidationException("quote", "frozen", QuoteLineValidator.frozenMessage(q));
            });
        }
        if (!RecordEvents.UPDATED.equals(change.kind()) || change.changedFields().contains("lineTotal")) {
            totalling.store(quoteId);
        }
    }
}
