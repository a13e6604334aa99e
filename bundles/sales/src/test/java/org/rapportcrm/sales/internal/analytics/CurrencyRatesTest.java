package org.rapportcrm.sales.internal.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Money;

class CurrencyRatesTest {
    private static Money money(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    @Test
    void aRateConvertsOneUnitOfTheCurrencyIntoCorporateUnits() {
        CurrencyRates rates = new CurrencyRates("EUR", List.of("USD=0.92", " gbp = 1.17 "));
        assertEquals(Optional.of(new BigDecimal("920.0000")), rates.toCorporate(money("1000.00", "USD")));
        assertEquals(Optional.of(new BigDecimal("11.7000")), rates.toCorporate(money("10.00", "GBP")));
    }

    @Test
    void theCorporateCurrencyNeedsNoRate() {
        CurrencyRates rates = new CurrencyRates("usd", List.of());
        assertEquals("USD", rates.corporateCurrency());
        assertEquals(Optional.of(new BigDecimal("12.34")), rates.toCorporate(money("12.34", "USD")));
    }

    @Test
    void aCurrencyWithoutAUsableRateIsNotConverted() {
        CurrencyRates rates = new CurrencyRates("EUR", List.of("JPY", "CHF=abc", "SEK=-0.09", "XYZ=2", "NOK=0", ""));
        for (String currency : List.of("JPY", "CHF", "SEK", "NOK", "DKK")) {
            assertEquals(Optional.empty(), rates.toCorporate(money("1", currency)), currency);
        }
    }

    @Test
    void theConfigurationIsReadFromConfigAdmin() {
        CurrencyRates rates = new CurrencyRates(new CurrencyConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CurrencyConfig.class;
            }

            @Override
            public String corporateCurrency() {
                return "CHF";
            }

            @Override
            public String[] exchangeRates() {
                return new String[] {"EUR=0.94"};
            }
        });
        assertEquals("CHF", rates.corporateCurrency());
        assertEquals(Optional.of(new BigDecimal("94.0000")), rates.toCorporate(money("100.00", "EUR")));
    }

    @Test
    void aCorporateCurrencyThatIsNoCurrencyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CurrencyRates("Euro", List.of()));
    }
}
