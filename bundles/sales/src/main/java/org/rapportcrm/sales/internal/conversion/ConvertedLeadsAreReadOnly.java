package org.rapportcrm.sales.internal.conversion;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/** A converted lead is a piece of history: what it became lives on in the account, contact and opportunity. */
@Component
public class ConvertedLeadsAreReadOnly implements RecordValidator {
    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.LEAD);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (before != null && SalesTypes.LEAD_CONVERTED.equals(before.get("status"))) {
            return List.of(new FieldError("status", "readOnly", "a converted lead is read-only; change its contact or opportunity instead"));
        }
        if (SalesTypes.LEAD_CONVERTED.equals(after.get("status")) && after.get("convertedContact") == null) {
            return List.of(new FieldError("status", "invalid", "a lead becomes Converted by converting it (POST /api/v1/leads/{id}/convert)"));
        }
        return List.of();
    }
}
