package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.money;
import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.util.List;
import java.util.Optional;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * The list price of a product for a deal: from the deal's own price book, or else from the standard price book, in
 * the deal's currency when it has one. Without a price the line cannot be priced, which is a 422 on unitPrice.
 */
final class PriceLookup {
    static final String UNIT_PRICE = "unitPrice";
    private final RecordLookup lookup;

    PriceLookup(RecordLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param priceBookId the deal's price book, or null for the standard one
     * @param currency the deal's currency, or null to take the product's oldest active price in any currency
     * @throws ValidationException on unitPrice when there is no such price book or price
     */
    Money unitPrice(String productId, String priceBookId, String currency) {
        Record book = (priceBookId != null ? lookup.find(SalesTypes.PRICE_BOOK, priceBookId) : standardPriceBook())
                .orElseThrow(() -> new ValidationException(UNIT_PRICE, "noPriceBook",
                        "is required: there is no standard price book to take it from"));
        List<Record> entries = lookup.all(SalesTypes.PRICE_BOOK_ENTRY, Filter.and(Filter.eq("priceBook", book.getId()),
                Filter.eq("product", productId), Filter.eq("active", true)), "createdAt");
        return entries.stream()
                .map(e -> money(e.getValues(), UNIT_PRICE))
                .filter(price -> price != null && (currency == null || currency.equals(price.currency())))
                .findFirst()
                .orElseThrow(() -> new ValidationException(UNIT_PRICE, "noPrice", "is required: price book '"
                        + text(book.getValues(), "name") + "' has no active price for this product"
                        + (currency == null ? "" : " in " + currency)));
    }

    /** The price book of an opportunity (null: none, use the standard one). */
    String priceBookOf(Object opportunityId) {
        return lookup.find(SalesTypes.OPPORTUNITY, opportunityId).map(o -> text(o.getValues(), "priceBook")).orElse(null);
    }

    private Optional<Record> standardPriceBook() {
        return lookup.all(SalesTypes.PRICE_BOOK, Filter.and(Filter.eq("standard", true), Filter.eq("active", true)), "createdAt")
                .stream().findFirst();
    }
}
