package org.rapportcrm.platform.core.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Values in COPY's text format: what PostgreSQL reads back as the value the record store would have bound. */
class PostgresCopyTest {
    private static String text(Object value) {
        StringBuilder out = new StringBuilder();
        PostgresCopy.appendValue(out, value);
        return out.toString();
    }

    @Test
    void textEscapesBackslashesTabsAndLineBreaksAndKeepsUnicode() {
        assertEquals("a\\\\b\\tc\\nd\\re", text("a\\b\tc\nd\re"));
        assertEquals("\\\\N", text("\\N"), "a text that reads like NULL stays text");
        assertEquals("Ünïcödé 東京 😀 O'Brien \"q\", x", text("Ünïcödé 東京 😀 O'Brien \"q\", x"));
    }

    @Test
    void nullIsTheNullMarker() {
        assertEquals("\\N", text(null));
    }

    @Test
    void timestampsAreUtcWallClockToTheMicrosecond() {
        assertEquals("2026-03-29 01:30:15.123000", text(Instant.parse("2026-03-29T01:30:15.123Z")));
        assertEquals("1999-12-31 23:59:59.000001", text(Instant.parse("1999-12-31T23:59:59.000001Z")));
        assertEquals("0999-01-02 03:04:05.000000", text(Instant.parse("0999-01-02T03:04:05Z")));
    }

    @Test
    void datesNumbersAndBooleansAreWrittenAsPostgresqlReadsThem() {
        assertEquals("1990-12-31", text(LocalDate.of(1990, 12, 31)));
        assertEquals("1E+3", new BigDecimal("1E+3").toString(), "what toString would give");
        assertEquals("1000", text(new BigDecimal("1E+3")));
        assertEquals("-42", text(-42L));
        assertEquals("t", text(true));
        assertEquals("f", text(false));
    }
}
