package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Quotes: a new one gets a quote number and the opportunity's account and contact; the totals are recomputed from
 * the lines whenever their inputs (discount, tax rate, currency) change, and cannot be edited by hand.
 */
@Component
public class QuoteTrigger implements RecordTrigger {
    private static final Set<String> PRICING_INPUTS = Set.of("discountPercent", "taxPercent", "currency");
    private final RecordLookup lookup;
    private final QuoteTotalling totalling;
    private final QuoteNumbers numbers;

    @Activate
    public QuoteTrigger(@Reference RecordService records) {
        this(records, new QuoteNumbers(records));
    }

    QuoteTrigger(RecordService records, QuoteNumbers numbers) {
        this.lookup = RecordLookup.asSystem(records);
        this.totalling = new QuoteTotalling(records);
        this.numbers = numbers;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.QUOTE);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String currency = text(after, "currency");
        if (currency != null) {
            after.put("currency", currency.toUpperCase(Locale.ROOT));
        }
        if (before == null) {
            after.computeIfAbsent("quoteNumber", k -> numbers.next());
            copyFromOpportunity(after);
        }
        if (before == null || Stream.concat(PRICING_INPUTS.stream(), QuoteTotalling.TOTAL_FIELDS.stream())
                .anyMatch(f -> !Objects.equals(before.get(f), after.get(f)))) {
            after.putAll(totalling.totals(before == null ? null : before.getId(), after));
        }
    }

    /** The customer of the deal is the customer of its quote, unless the quote says otherwise. */
    private void copyFromOpportunity(Map<String, Object> after) {
        lookup.find(SalesTypes.OPPORTUNITY, after.get("opportunity")).ifPresent(opportunity -> {
            for (String field : Set.of("account", "contact")) {
                if (after.get(field) == null) {
                    after.put(field, opportunity.get(field));
                }
            }
        });
    }
}
