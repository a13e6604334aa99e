package org.rapportcrm.collaboration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
    @Test
    void placeholdersTakeTheRecordsValuesAndThoseBeforeTheChange() {
        Map<String, Object> values = new HashMap<>(Map.of("name", "Big deal", "stage", "Negotiation", "amount", Map.of("amount", 120000, "currency", "EUR")));
        values.put("closeDate", null);
        assertEquals("Big deal moved from Proposal to Negotiation (120000 EUR), closes ",
                MessageTemplate.render("{{name}} moved from {{previous.stage}} to {{ stage }} ({{amount}}), closes {{closeDate}}{{unknown}}",
                        values, Map.of("stage", "Proposal")));
    }

    @Test
    void replacementTextIsTakenLiterally() {
        assertEquals("cost $1 \\o/", MessageTemplate.render("cost {{price}}", Map.of("price", "$1 \\o/"), Map.of()));
        assertEquals("", MessageTemplate.render(null, Map.of(), Map.of()));
    }
}
