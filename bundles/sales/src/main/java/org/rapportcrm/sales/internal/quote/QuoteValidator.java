package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * A quote's currency is a real one and stays the currency of its lines; its rates are sensible; and a decided or
 * superseded quote keeps its prices (its lines are guarded by {@link QuoteLineValidator}).
 */
@Component
public class QuoteValidator implements RecordValidator {
    private final QuoteTotalling totalling;

    @Activate
    public QuoteValidator(@Reference RecordService records) {
        this.totalling = new QuoteTotalling(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.QUOTE);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        List<FieldError> errors = new ArrayList<>();
        String currency = text(after, "currency");
        if (currency != null && !isCurrency(currency)) {
            errors.add(new FieldError("currency", "currency", "must be an ISO 4217 currency code such as EUR or USD"));
        } else if (before != null && !Objects.equals(before.get("currency"), currency) && !totalling.lines(before.getId()).isEmpty()) {
            errors.add(new FieldError("currency", "hasLines", "cannot change while the quote has lines priced in " + before.get("currency")));
        }
        if (before != null && QuoteStatus.isFrozen(before.get("status")) && QuoteStatus.isFrozen(after.get("status"))) {
            for (String field : List.of("discountPercent", "taxPercent")) {
                if (!Objects.equals(before.get(field), after.get(field))) {
                    errors.add(new FieldError(field, "frozen", "cannot change: the quote is " + before.get("status")
                            + "; revise it to offer other terms"));
                }
            }
        }
        return errors;
    }

    private static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
