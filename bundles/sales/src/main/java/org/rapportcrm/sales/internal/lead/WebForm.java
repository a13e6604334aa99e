package org.rapportcrm.sales.internal.lead;

import java.util.Arrays;
import java.util.List;
import org.rapportcrm.platform.api.record.Record;

/** A webForm record as capture reads it. */
record WebForm(String formKey, boolean active, FieldMapping mapping, List<String> requiredFields, String leadSource,
        String honeypotField, String redirectUrl) {

    static WebForm of(Record r) {
        return new WebForm((String) r.get("formKey"), !Boolean.FALSE.equals(r.get("active")),
                FieldMapping.parse((String) r.get("fieldMapping")), commaSeparated((String) r.get("requiredFields")),
                (String) r.get("leadSource"), blankToNull((String) r.get("honeypotField")), blankToNull((String) r.get("redirectUrl")));
    }

    static List<String> commaSeparated(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
