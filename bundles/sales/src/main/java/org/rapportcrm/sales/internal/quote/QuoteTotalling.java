package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.decimal;
import static org.rapportcrm.sales.internal.quote.RecordLookup.money;
import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/** A quote's subtotal, discount amount, tax amount and total, from its stored lines. */
final class QuoteTotalling {
    /** The fields that are computed here. */
    static final Set<String> TOTAL_FIELDS = Set.of("subtotal", "discountAmount", "taxAmount", "total");
    private final RecordService records;
    private final RecordLookup lookup;

    QuoteTotalling(RecordService records) {
        this.records = records;
        this.lookup = RecordLookup.asSystem(records);
    }

    /**
     * @param quoteId null for a quote being created, which has no lines yet
     * @param quote the quote's values: discountPercent, taxPercent and currency are read
     * @return the total fields
     */
    Map<String, Object> totals(String quoteId, Map<String, Object> quote) {
        String currency = text(quote, "currency");
        List<BigDecimal> lineTotals = quoteId == null ? List.of() : lines(quoteId).stream()
                .map(line -> money(line.getValues(), "lineTotal")).filter(Objects::nonNull).map(Money::amount).toList();
        Pricing.QuoteTotals t = Pricing.quoteTotals(lineTotals, decimal(quote, "discountPercent"), decimal(quote, "taxPercent"));
        Map<String, Object> fields = new HashMap<>();
        fields.put("subtotal", new Money(t.subtotal(), currency));
        fields.put("discountAmount", new Money(t.discountAmount(), currency));
        fields.put("taxAmount", new Money(t.taxAmount(), currency));
        fields.put("total", new Money(t.total(), currency));
        return fields;
    }

    /** Stores the totals of a quote whose lines changed; as the platform, since they follow from the lines. */
    void store(String quoteId) {
        lookup.find(SalesTypes.QUOTE, quoteId).ifPresent(quote -> {
            Map<String, Object> totals = totals(quoteId, quote.getValues());
            if (totals.entrySet().stream().anyMatch(e -> !Objects.equals(e.getValue(), quote.get(e.getKey())))) {
                records.update(Actor.system(), SalesTypes.QUOTE, quoteId, quote.getVersion(), totals);
            }
        });
    }

    List<Record> lines(String quoteId) {
        return lookup.all(SalesTypes.QUOTE_LINE, Filter.eq("quote", quoteId), "createdAt");
    }
}
