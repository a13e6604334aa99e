package org.rapportcrm.sales.internal.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rapportcrm.sales.internal.quote.QuoteFixture.decimal;
import static org.rapportcrm.sales.internal.quote.QuoteFixture.money;

import java.util.List;
import org.junit.jupiter.api.Test;

class PricingTest {

    @Test
    void aLineTotalIsQuantityTimesUnitPriceLessItsDiscount() {
        // 3 x 19.99 = 59.97, less 10% = 53.973
        assertEquals(decimal("53.97"), Pricing.lineTotal(decimal("3"), decimal("19.99"), decimal("10")));
        assertEquals(decimal("1234.50"), Pricing.lineTotal(decimal("1"), decimal("1234.50"), null), "no discount");
        assertEquals(money("0.75", "USD"), Pricing.lineTotal(decimal("1.5"), money("0.50", "USD"), null));
    }

    @Test
    void aLineTotalRoundsHalfUpToCents() {
        // 10.05 less 50% = 5.025
        assertEquals(decimal("5.03"), Pricing.lineTotal(decimal("1"), decimal("10.05"), decimal("50")));
        // 0.99 x 0.5 = 0.495
        assertEquals(decimal("0.50"), Pricing.lineTotal(decimal("0.5"), decimal("0.99"), null));
    }

    @Test
    void theDiscountComesOffTheSubtotalAndTaxIsChargedOnWhatRemains() {
        // 53.97 + 1234.50 + 100.00 = 1388.47; 5% = 69.4235; (1388.47 - 69.42) x 19% = 250.6195
        Pricing.QuoteTotals totals = Pricing.quoteTotals(List.of(decimal("53.97"), decimal("1234.50"), decimal("100.00")),
                decimal("5"), decimal("19"));
        assertEquals(new Pricing.QuoteTotals(decimal("1388.47"), decimal("69.42"), decimal("250.62"), decimal("1569.67")), totals);
    }

    @Test
    void withoutRatesTheTotalIsTheSubtotal() {
        assertEquals(new Pricing.QuoteTotals(decimal("12.30"), decimal("0.00"), decimal("0.00"), decimal("12.30")),
                Pricing.quoteTotals(List.of(decimal("12.3")), null, null));
        assertEquals(new Pricing.QuoteTotals(decimal("0.00"), decimal("0.00"), decimal("0.00"), decimal("0.00")),
                Pricing.quoteTotals(List.of(), decimal("10"), decimal("20")), "a quote without lines");
    }

    @Test
    void amountsPrintWithGroupedThousandsTwoDecimalsAndTheCurrency() {
        assertEquals("1,234.50 EUR", AmountFormat.format(money("1234.5", "EUR")));
        assertEquals("1,234,567.00 USD", AmountFormat.format(money("1234567", "USD")));
        assertEquals("0.05 JPY", AmountFormat.format(money("0.05", "JPY")));
    }
}
