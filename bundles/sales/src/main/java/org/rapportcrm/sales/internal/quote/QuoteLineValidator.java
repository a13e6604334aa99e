package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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

/** Quote lines have a price in the quote's currency, and those of an accepted, rejected or superseded quote stay as they are. */
@Component
public class QuoteLineValidator implements RecordValidator {
    private final RecordLookup lookup;

    @Activate
    public QuoteLineValidator(@Reference RecordService records) {
        this.lookup = RecordLookup.asSystem(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.QUOTE_LINE);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        Optional<Record> quote = lookup.find(SalesTypes.QUOTE, after.get("quote"));
        Optional<Record> previous = before == null || Objects.equals(before.get("quote"), after.get("quote"))
                ? quote : lookup.find(SalesTypes.QUOTE, before.get("quote"));
        Optional<Record> frozen = Stream.of(previous, quote).flatMap(Optional::stream)
                .filter(q -> QuoteStatus.isFrozen(q.get("status"))).findFirst();
        if (frozen.isPresent()) {
            return List.of(new FieldError("quote", "frozen", frozenMessage(frozen.get())));
        }
        String currency = quote.map(q -> text(q.getValues(), "currency")).orElse(null);
        List<FieldError> errors = new ArrayList<>(LineRules.check(before == null ? null : before.getValues(), after, "quote", currency));
        if (after.get(PriceLookup.UNIT_PRICE) == null) {
            errors.add(new FieldError(PriceLookup.UNIT_PRICE, "required", "is required for a line without a product"));
        }
        return errors;
    }

    static String frozenMessage(Record quote) {
        return "is " + quote.get("status") + ": the lines of quote " + quote.get("quoteNumber") + " revision " + quote.get("revision")
                + " cannot be added, changed or deleted; revise the quote instead";
    }
}
