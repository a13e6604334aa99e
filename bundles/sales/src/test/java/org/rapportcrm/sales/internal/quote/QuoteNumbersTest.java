package org.rapportcrm.sales.internal.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rapportcrm.sales.internal.SalesTypes;

class QuoteNumbersTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final Clock in2025 = Clock.fixed(Instant.parse("2025-03-14T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aQuoteNumberIsTheYearAndSixBase32Characters() {
        String number = new QuoteNumbers(fixture.records, in2025, new Random(7)).next();
        assertTrue(number.matches("Q-2025-[A-Z2-7]{6}"), number);
    }

    @Test
    void aNumberAlreadyTakenIsDrawnAgain() {
        String taken = new QuoteNumbers(fixture.records, in2025, new Random(7)).next();
        fixture.create(SalesTypes.QUOTE, "name", "First", "quoteNumber", taken);

        String next = new QuoteNumbers(fixture.records, in2025, new Random(7)).next();

        assertNotEquals(taken, next);
        assertEquals(taken.substring(0, 7), next.substring(0, 7));
    }
}
