package org.rapportcrm.sales.internal.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;

class PriceBookEntryTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final Record standard = fixture.priceBook("Standard", true);
    private final Record widget = fixture.product("Widget");

    @Test
    void anEntryIsNamedAfterItsProductPriceBookAndCurrency() {
        Record entry = fixture.price(standard, widget, "100.00", "EUR");
        assertEquals("Widget (Standard, EUR)", entry.get("name"));
        assertEquals("Widget (Standard, USD)", fixture.update(entry, "unitPrice", QuoteFixture.money("110", "USD")).get("name"));
    }

    @Test
    void aPriceBookHasOneActivePricePerProductAndCurrency() {
        Record euros = fixture.price(standard, widget, "100.00", "EUR");
        ValidationException e = assertThrows(ValidationException.class, () -> fixture.price(standard, widget, "90.00", "EUR"));
        assertEquals(List.of("product"), e.getErrors().stream().map(FieldError::field).toList());

        fixture.price(standard, widget, "120.00", "USD");
        fixture.price(fixture.priceBook("Partners", false), widget, "80.00", "EUR");
        fixture.update(euros, "active", false);
        Record replacement = fixture.price(standard, widget, "90.00", "EUR");
        assertEquals(QuoteFixture.money("90.00", "EUR"), replacement.get("unitPrice"));
        assertThrows(ValidationException.class, () -> fixture.update(euros, "active", true), "reactivating the old price");
    }

    @Test
    void anEntryMayBeEditedWithoutClashingWithItself() {
        Record entry = fixture.price(standard, widget, "100.00", "EUR");
        assertEquals(QuoteFixture.money("95.00", "EUR"), fixture.update(entry, "unitPrice", QuoteFixture.money("95", "EUR")).get("unitPrice"));
    }
}
