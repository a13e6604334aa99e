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
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Opportunity products: named after their product, priced from the price book unless a price is given, totalled;
 * and the opportunity's amount follows them.
 */
@Component
public class LineItemTrigger implements RecordTrigger {
    private final RecordLookup lookup;
    private final PriceLookup prices;
    private final OpportunityAmount amounts;

    @Activate
    public LineItemTrigger(@Reference RecordService records) {
        this.lookup = RecordLookup.asSystem(records);
        this.prices = new PriceLookup(lookup);
        this.amounts = new OpportunityAmount(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.LINE_ITEM);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Record product = lookup.find(SalesTypes.PRODUCT, after.get("product")).orElse(null);
        Record opportunity = lookup.find(SalesTypes.OPPORTUNITY, after.get("opportunity")).orElse(null);
        if (product == null || opportunity == null) {
            return; // the platform refuses the dangling reference
        }
        after.put("name", text(product.getValues(), "name"));
        if (needsListPrice(before, after)) {
            after.put("unitPrice", prices.unitPrice(product.getId(), text(opportunity.getValues(), "priceBook"),
                    RecordLookup.currency(money(opportunity.getValues(), "amount"))));
        }
        Money unitPrice = money(after, "unitPrice");
        BigDecimal quantity = decimal(after, "quantity");
        after.put("totalPrice", unitPrice == null || quantity == null ? null
                : Pricing.lineTotal(quantity, unitPrice, decimal(after, "discountPercent")));
    }

    /** No price yet, or a new product whose old price was left as it was. */
    static boolean needsListPrice(Record before, Map<String, Object> after) {
        return after.get("unitPrice") == null || before != null && !Objects.equals(before.get("product"), after.get("product"))
                && Objects.equals(before.get("unitPrice"), after.get("unitPrice"));
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (!RecordEvents.UPDATED.equals(change.kind()) || change.changedFields().contains("totalPrice")) {
            Map<String, Object> line = change.record().getValues();
            amounts.recompute(text(line, "opportunity"), RecordLookup.currency(money(line, "totalPrice")));
        }
    }
}
