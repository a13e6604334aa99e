package org.rapportcrm.sales.internal.lead;

import java.util.Arrays;
import java.util.List;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.sales.internal.SalesTypes;

/** A webForm record as capture reads it. */
record WebForm(String formKey, boolean active, FieldMapping mapping, List<String> requiredFields, String leadSource,
        String honeypotField, String redirectUrl, List<ConsentCheckbox> consents) {

    static WebForm of(Record r) {
        return new WebForm((String) r.get("formKey"), !Boolean.FALSE.equals(r.get("active")),
                FieldMapping.parse((String) r.get("fieldMapping")), commaSeparated((String) r.get("requiredFields")),
                (String) r.get("leadSource"), blankToNull((String) r.get("honeypotField")), blankToNull((String) r.get("redirectUrl")),
                ConsentCheckbox.parse((String) r.get(SalesTypes.CONSENT_CHECKBOXES)));
    }

    static List<String> commaSeparated(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
