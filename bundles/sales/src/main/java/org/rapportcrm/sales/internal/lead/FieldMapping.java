package org.rapportcrm.sales.internal.lead;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a web form's fields become lead fields: the form's "formField=leadField" lines first, then form fields named like
 * a lead field (ignoring case). Everything else a form posts is ignored, so a site can send its own extra fields.
 */
final class FieldMapping {
    private final Map<String, String> leadFieldByFormField;

    private FieldMapping(Map<String, String> leadFieldByFormField) {
        this.leadFieldByFormField = leadFieldByFormField;
    }

    /** One "formField=leadField" a line; blank lines, lines starting with # and lines without '=' are skipped. */
    static FieldMapping parse(String text) {
        Map<String, String> lines = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                int eq = line.indexOf('=');
                if (line.isBlank() || line.strip().startsWith("#") || eq < 0) {
                    continue;
                }
                String formField = line.substring(0, eq).strip();
                String leadField = line.substring(eq + 1).strip();
                if (!formField.isEmpty() && !leadField.isEmpty()) {
                    lines.putIfAbsent(formField, leadField);
                }
            }
        }
        return new FieldMapping(lines);
    }

    /** The lead field a form field goes to, if any, among the lead fields a form may fill. */
    Optional<String> target(String formField, Set<String> capturable) {
        String explicit = leadFieldByFormField.get(formField);
        if (explicit != null) {
            return capturable.contains(explicit) ? Optional.of(explicit) : Optional.empty();
        }
        return capturable.stream().filter(f -> f.toLowerCase(Locale.ROOT).equals(formField.toLowerCase(Locale.ROOT))).findFirst();
    }

    /**
     * The lead values of a submission (blank values left out) and, for each lead field, the form field that filled it.
     * When two form fields fill one lead field, a mapping line wins over a same-named field.
     */
    Mapped apply(Map<String, String> form, Set<String> capturable) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        leadFieldByFormField.forEach((formField, leadField) -> {
            String value = form.get(formField);
            if (value != null && !value.isBlank() && capturable.contains(leadField) && !values.containsKey(leadField)) {
                values.put(leadField, value.strip());
                origins.put(leadField, formField);
            }
        });
        form.forEach((formField, value) -> {
            if (value == null || value.isBlank() || leadFieldByFormField.containsKey(formField)) {
                return;
            }
            target(formField, capturable).filter(f -> !values.containsKey(f)).ifPresent(leadField -> {
                values.put(leadField, value.strip());
                origins.put(leadField, formField);
            });
        });
        return new Mapped(values, origins);
    }

    /** The name a visitor knows a lead field by: the form field that filled it, else the first one mapped to it, else its own. */
    String formFieldFor(String leadField, Mapped mapped) {
        String origin = mapped.formFieldByLeadField().get(leadField);
        if (origin != null) {
            return origin;
        }
        return leadFieldByFormField.entrySet().stream().filter(e -> e.getValue().equals(leadField)).map(Map.Entry::getKey)
                .findFirst().orElse(leadField);
    }

    record Mapped(Map<String, Object> leadValues, Map<String, String> formFieldByLeadField) {
    }
}
