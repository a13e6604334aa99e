package org.rapportcrm.service.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.internal.sla.Calendars;

/**
 * Settings that must read before they are saved, so routing and SLA clocks never meet one they cannot use: calendars'
 * time zones and shifts, and the case filters of assignment rules and SLA policies (422 naming the field).
 */
@Component(service = RecordValidator.class)
public class ServiceSettingsValidator implements RecordValidator {
    private final RecordFilters filters;

    @Activate
    public ServiceSettingsValidator(@Reference RecordFilters filters) {
        this.filters = filters;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(ServiceTypes.CALENDAR, ServiceTypes.ASSIGNMENT_RULE, ServiceTypes.SLA_POLICY, ServiceTypes.QUEUE_MEMBER);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        switch (type.getApiName()) {
            case ServiceTypes.CALENDAR -> {
                try {
                    Calendars.of(after, Set.of());
                } catch (Calendars.InvalidCalendarField e) {
                    return List.of(new FieldError(e.field(), "invalid", e.getMessage()));
                }
            }
            case ServiceTypes.QUEUE_MEMBER -> {
                if ((after.get("user") == null) == (after.get("team") == null)) {
                    return List.of(new FieldError("user", "required", "a queue member is either a user or a team"));
                }
            }
            default -> {
                String filter = (String) after.get("filter");
                if (filter != null && !filter.isBlank()) {
                    try {
                        filters.compile(ServiceTypes.CASE, filter);
                    } catch (InvalidQueryException e) {
                        return List.of(new FieldError("filter", "invalid", e.getMessage()));
                    }
                }
            }
        }
        return List.of();
    }
}
