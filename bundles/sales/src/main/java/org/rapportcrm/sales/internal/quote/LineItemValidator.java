package org.rapportcrm.sales.internal.quote;

import static org.rapportcrm.sales.internal.quote.RecordLookup.money;

import java.util.List;
import java.util.Map;
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

/** An opportunity's products are priced in the currency of its amount, so that they add up to it. */
@Component
public class LineItemValidator implements RecordValidator {
    private final RecordLookup lookup;

    @Activate
    public LineItemValidator(@Reference RecordService records) {
        this.lookup = RecordLookup.asSystem(records);
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.LINE_ITEM);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String currency = lookup.find(SalesTypes.OPPORTUNITY, after.get("opportunity"))
                .map(o -> RecordLookup.currency(money(o.getValues(), "amount"))).orElse(null);
        return LineRules.check(before == null ? null : before.getValues(), after, "opportunity", currency);
    }
}
