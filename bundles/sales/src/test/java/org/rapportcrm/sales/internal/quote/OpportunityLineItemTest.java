package org.rapportcrm.sales.internal.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.sales.internal.quote.QuoteFixture.money;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.sales.internal.SalesTypes;

class OpportunityLineItemTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final Record standard = fixture.priceBook("Standard", true);
    private final Record widget = fixture.product("Widget");
    private final Record support = fixture.product("Support plan");

    private Record lineItem(Record opportunity, Record product, Object... more) {
        Object[] values = new Object[4 + more.length];
        System.arraycopy(new Object[] {"opportunity", opportunity.getId(), "product", product.getId()}, 0, values, 0, 4);
        System.arraycopy(more, 0, values, 4, more.length);
        return fixture.create(SalesTypes.LINE_ITEM, values);
    }

    @Test
    void aLineItemIsNamedAfterItsProductAndPricedFromTheStandardPriceBookInTheOpportunitysCurrency() {
        fixture.price(standard, widget, "100.00", "EUR");
        fixture.price(standard, widget, "120.00", "USD");
        Record opportunity = fixture.opportunity("amount", money("0", "USD"));

        Record line = lineItem(opportunity, widget, "quantity", 2, "discountPercent", 10);

        assertEquals("Widget", line.get("name"));
        assertEquals(money("120.00", "USD"), line.get("unitPrice"));
        assertEquals(money("216.00", "USD"), line.get("totalPrice"), "2 x 120.00 less 10%");
    }

    @Test
    void theOpportunitysOwnPriceBookComesBeforeTheStandardOne() {
        fixture.price(standard, widget, "100.00", "EUR");
        Record partners = fixture.priceBook("Partners", false);
        fixture.price(partners, widget, "80.00", "EUR");

        Record line = lineItem(fixture.opportunity("priceBook", partners.getId()), widget);

        assertEquals(money("80.00", "EUR"), line.get("unitPrice"));
    }

    @Test
    void aGivenPriceIsKept() {
        fixture.price(standard, widget, "100.00", "EUR");
        Record line = lineItem(fixture.opportunity(), widget, "unitPrice", money("75", "EUR"), "quantity", 4);
        assertEquals(money("300.00", "EUR"), line.get("totalPrice"));
    }

    @Test
    void withoutAPriceInThePriceBookTheLineIsRefusedOnUnitPriceNamingThePriceBook() {
        fixture.price(standard, widget, "100.00", "EUR");
        Record inDollars = fixture.opportunity("amount", money("0", "USD"));

        ValidationException e = assertThrows(ValidationException.class, () -> lineItem(inDollars, widget));

        FieldError error = e.getErrors().get(0);
        assertEquals("unitPrice", error.field());
        assertTrue(error.message().contains("'Standard'") && error.message().contains("USD"), error.message());
        assertThrows(ValidationException.class, () -> lineItem(fixture.opportunity(), support), "a product without any price");
    }

    @Test
    void aLineInAnotherCurrencyThanTheOpportunityIsRefusedOnUnitPrice() {
        Record opportunity = fixture.opportunity("amount", money("1000", "EUR"));
        ValidationException e = assertThrows(ValidationException.class,
                () -> lineItem(opportunity, widget, "unitPrice", money("10", "USD")));
        assertEquals(List.of("unitPrice"), e.getErrors().stream().map(FieldError::field).toList());
    }

    @Test
    void theOpportunityAmountIsTheSumOfItsLineItems() {
        fixture.price(standard, widget, "100.00", "EUR");
        fixture.price(standard, support, "50.00", "EUR");
        Record opportunity = fixture.opportunity();

        Record widgets = lineItem(opportunity, widget, "quantity", 2);
        assertEquals(money("200.00", "EUR"), fixture.get(opportunity).get("amount"), "created");
        Record plan = lineItem(opportunity, support);
        assertEquals(money("250.00", "EUR"), fixture.get(opportunity).get("amount"), "a second line");

        fixture.update(widgets, "quantity", 3);
        assertEquals(money("350.00", "EUR"), fixture.get(opportunity).get("amount"), "quantity changed");

        fixture.delete(plan);
        assertEquals(money("300.00", "EUR"), fixture.get(opportunity).get("amount"), "line deleted");

        fixture.delete(widgets);
        assertEquals(money("0.00", "EUR"), fixture.get(opportunity).get("amount"), "no lines left");
    }

    @Test
    void aLineItemStaysWithItsOpportunity() {
        Record line = lineItem(fixture.opportunity(), widget, "unitPrice", money("10", "EUR"));
        ValidationException e = assertThrows(ValidationException.class,
                () -> fixture.update(line, "opportunity", fixture.opportunity().getId()));
        assertEquals("opportunity", e.getErrors().get(0).field());
    }
}
