package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.money;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Money;

/** What every priced line (opportunity product, quote line) must satisfy, whatever it belongs to. */
final class LineRules {

    private LineRules() {
    }

    /**
     * @param parentField the line's parent reference ("opportunity", "quote"), fixed once the line exists
     * @param currency the parent's currency, or null if it has none yet
     */
    static List<FieldError> check(Map<String, Object> before, Map<String, Object> after, String parentField, String currency) {
        List<FieldError> errors = new ArrayList<>();
        if (before != null && !Objects.equals(before.get(parentField), after.get(parentField))) {
            errors.add(new FieldError(parentField, "readOnly", "cannot change: delete the line and add it to the other " + parentField));
        }
        Money price = money(after, PriceLookup.UNIT_PRICE);
        if (price != null && currency != null && !currency.equals(price.currency())) {
            errors.add(new FieldError(PriceLookup.UNIT_PRICE, "currency", "must be in " + currency + ", the currency of the "
                    + parentField + ", not " + price.currency()));
        }
        return errors;
    }
}
