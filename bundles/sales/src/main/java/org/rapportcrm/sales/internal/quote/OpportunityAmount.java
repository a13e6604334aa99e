package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.money;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * An opportunity with products is worth what its products are: its amount is the sum of their total prices. Written
 * as the platform, since whoever may change a line item changes the deal's amount with it.
 */
final class OpportunityAmount {
    private final RecordService records;
    private final RecordLookup lookup;

    OpportunityAmount(RecordService records) {
        this.records = records;
        this.lookup = RecordLookup.asSystem(records);
    }

    /** @param lineCurrency the changed line's currency: the amount's when the opportunity has neither lines nor amount */
    void recompute(String opportunityId, String lineCurrency) {
        Record opportunity = lookup.find(SalesTypes.OPPORTUNITY, opportunityId).orElse(null);
        if (opportunity == null) {
            return; // deleted together with its lines
        }
        List<Money> totals = lookup.all(SalesTypes.LINE_ITEM, Filter.eq("opportunity", opportunityId), "createdAt").stream()
                .map(line -> money(line.getValues(), "totalPrice")).filter(Objects::nonNull).toList();
        Money current = money(opportunity.getValues(), "amount");
        String currency = !totals.isEmpty() ? totals.get(0).currency() : current != null ? current.currency() : lineCurrency;
        if (currency == null) {
            return;
        }
        Money amount = new Money(Pricing.round(totals.stream().map(Money::amount).reduce(BigDecimal.ZERO, BigDecimal::add)), currency);
        if (!amount.equals(current)) {
            records.update(Actor.system(), SalesTypes.OPPORTUNITY, opportunityId, opportunity.getVersion(), Map.of("amount", amount));
        }
    }
}
