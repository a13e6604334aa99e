package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.money;
import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/** Names a price book entry "&lt;product&gt; (&lt;price book&gt;, &lt;currency&gt;)", so lists and lookups tell prices apart. */
@Component
public class PriceBookEntryTrigger implements RecordTrigger {
    static final int NAME_LENGTH = 255;
    private final RecordLookup lookup;

    @Activate
    public PriceBookEntryTrigger(@Reference RecordService records) {
        this.lookup = RecordLookup.asSystem(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.PRICE_BOOK_ENTRY);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Optional<Record> product = lookup.find(SalesTypes.PRODUCT, after.get("product"));
        Optional<Record> book = lookup.find(SalesTypes.PRICE_BOOK, after.get("priceBook"));
        Money price = money(after, "unitPrice");
        if (product.isPresent() && book.isPresent() && price != null) {
            String name = text(product.get().getValues(), "name") + " (" + text(book.get().getValues(), "name") + ", "
                    + price.currency() + ")";
            after.put("name", name.length() <= NAME_LENGTH ? name : name.substring(0, NAME_LENGTH));
        }
    }
}
