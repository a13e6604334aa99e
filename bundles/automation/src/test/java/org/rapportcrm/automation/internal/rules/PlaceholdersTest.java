package org.rapportcrm.automation.internal.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

/** A rule's settings that name the triggering record's values. */
class PlaceholdersTest {
    private final Record deal = new Record("opportunity", "o1", 3, "u7", Instant.EPOCH, Instant.EPOCH, "u1", "u1",
            Map.of("name", "Big deal", "amount", new Money(new BigDecimal("1200.50"), "EUR"), "probability", 40L));

    @Test
    void aPlaceholderAloneTakesTheValueItselfSoReferencesAndNumbersStayWhatTheyAre() {
        assertEquals("o1", Placeholders.fill("{{id}}", deal));
        assertEquals("u7", Placeholders.fill("{{ owner }}", deal));
        assertEquals(40L, Placeholders.fill("{{probability}}", deal));
    }

    @Test
    void placeholdersInTextAreReplacedByTheValuesAsText() {
        assertEquals("Follow up Big deal (1200.50 EUR), missing: ", Placeholders.fill("Follow up {{name}} ({{amount}}), missing: {{nothing}}", deal));
        assertEquals(Map.of("subject", "Call about Big deal", "priority", 2), Placeholders.fill(Map.of("subject", "Call about {{name}}", "priority", 2), deal));
    }
}
