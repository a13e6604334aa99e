package org.rapportcrm.sales.internal.conversion;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.record.ValidationException;

/**
 * How a lead is converted: into an existing account and contact or new ones, with or without a new opportunity.
 *
 * @param accountId an existing account to attach the contact to, or null to create one from the lead's company
 * @param contactId an existing contact (for example the lead's possible duplicate), or null to create one
 */
public record ConversionRequest(String accountId, String contactId, boolean createOpportunity, String opportunityName,
        LocalDate closeDate) {
    private static final Set<String> KNOWN = Set.of("accountId", "contactId", "createOpportunity", "opportunityName", "closeDate");

    /** Reads the JSON body of {@code POST /api/v1/leads/{id}/convert}; every refused member is named. */
    public static ConversionRequest from(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new ValidationException(key, "unknown", "is not an option of a conversion; use " + KNOWN);
            }
        }
        Object create = body.getOrDefault("createOpportunity", true);
        if (!(create instanceof Boolean)) {
            throw new ValidationException("createOpportunity", "type", "must be true or false");
        }
        return new ConversionRequest(text(body, "accountId"), text(body, "contactId"), (Boolean) create,
                text(body, "opportunityName"), date(body, "closeDate"));
    }

    private static String text(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null || value instanceof String s && s.isBlank()) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ValidationException(name, "type", "must be a string");
        }
        return s;
    }

    private static LocalDate date(Map<String, Object> body, String name) {
        String value = text(body, name);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(name, "format", "must be a date like 2026-12-31");
        }
    }
}
