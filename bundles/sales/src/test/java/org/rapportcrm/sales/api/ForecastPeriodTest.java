package org.rapportcrm.sales.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForecastPeriodTest {

    @Test
    void aMonthIsOneMonth() {
        ForecastPeriod p = ForecastPeriod.parse("2026-11");
        assertEquals(LocalDate.of(2026, 11, 1), p.start());
        assertEquals(LocalDate.of(2026, 11, 30), p.end());
        assertEquals(List.of(YearMonth.of(2026, 11)), p.months());
        assertEquals("2026-11", p.label());
        assertEquals(LocalDate.of(2028, 2, 29), ForecastPeriod.parse("2028-02").end(), "a leap year's February ends on the 29th");
    }

    @Test
    void aQuarterIsItsThreeMonths() {
        ForecastPeriod p = ForecastPeriod.parse("2026-Q4");
        assertEquals(LocalDate.of(2026, 10, 1), p.start());
        assertEquals(LocalDate.of(2026, 12, 31), p.end());
        assertEquals(List.of(YearMonth.of(2026, 10), YearMonth.of(2026, 11), YearMonth.of(2026, 12)), p.months());
        assertEquals("2026-Q4", p.label());
        assertEquals(LocalDate.of(2026, 1, 1), ForecastPeriod.parse("2026-q1").start());
        assertEquals(LocalDate.of(2028, 3, 31), ForecastPeriod.parse(" 2028-Q1 ").end());
    }

    @Test
    void aYearIsTwelveMonths() {
        ForecastPeriod p = ForecastPeriod.parse("2026");
        assertEquals(LocalDate.of(2026, 1, 1), p.start());
        assertEquals(LocalDate.of(2026, 12, 31), p.end());
        assertEquals(12, p.months().size());
        assertEquals("2026", p.label());
    }

    @Test
    void otherRangesOfMonthsAreLabelledByTheirEnds() {
        assertEquals("2026-01..2026-06", new ForecastPeriod(YearMonth.of(2026, 1), YearMonth.of(2026, 6)).label());
        assertEquals("2026-02..2026-04", new ForecastPeriod(YearMonth.of(2026, 2), YearMonth.of(2026, 4)).label(), "not a calendar quarter");
        assertThrows(IllegalArgumentException.class, () -> new ForecastPeriod(YearMonth.of(2026, 6), YearMonth.of(2026, 5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "26", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-1", "2026-11-01", "Q4-2026", "2026-H1", "next quarter", "0000", "0000-Q1", "0000-01"})
    void anythingElseIsRefusedWithTheFormsThatWork(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForecastPeriod.parse(text));
        assertTrue(e.getMessage().contains("2026-Q4"), e.getMessage());
    }

    @Test
    void noTextIsNoPeriod() {
        assertThrows(IllegalArgumentException.class, () -> ForecastPeriod.parse(null));
    }

    @Test
    void aGroupingIsNamedInLowerCase() {
        assertEquals(ForecastGrouping.TEAM, ForecastGrouping.parse("team"));
        assertEquals("owner", ForecastGrouping.OWNER.apiName());
        assertThrows(IllegalArgumentException.class, () -> ForecastGrouping.parse("TEAM"));
        assertEquals(ForecastGrouping.OWNER, new ForecastRequest(ForecastPeriod.year(2026), null).groupBy(), "owner by default");
    }
}
