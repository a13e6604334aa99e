package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.money;
import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/** A price book has at most one active price per product and currency, so a line's price is never a guess. */
@Component
public class PriceBookEntryValidator implements RecordValidator {
    private final RecordLookup lookup;

    @Activate
    public PriceBookEntryValidator(@Reference RecordService records) {
        this.lookup = RecordLookup.asSystem(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.PRICE_BOOK_ENTRY);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String book = text(after, "priceBook");
        String product = text(after, "product");
        Money price = money(after, "unitPrice");
        if (!Boolean.TRUE.equals(after.get("active")) || book == null || product == null || price == null) {
            return List.of();
        }
        String self = before == null ? null : before.getId();
        boolean taken = lookup.all(SalesTypes.PRICE_BOOK_ENTRY, Filter.and(Filter.eq("priceBook", book),
                        Filter.eq("product", product), Filter.eq("active", true)), "createdAt").stream()
                .anyMatch(e -> !e.getId().equals(self) && price.currency().equals(RecordLookup.currency(money(e.getValues(), "unitPrice"))));
        return taken ? List.of(new FieldError("product", "duplicatePrice", "already has an active price in " + price.currency()
                + " in this price book; deactivate that entry first")) : List.of();
    }
}
