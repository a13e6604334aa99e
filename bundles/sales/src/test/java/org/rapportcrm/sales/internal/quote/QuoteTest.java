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

class QuoteTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final Record standard = fixture.priceBook("Standard", true);
    private final Record widget = fixture.product("Widget");
    private final Record service = fixture.product("Installation service");

    private Record quote(Object... more) {
        Object[] values = new Object[2 + more.length];
        values[0] = "name";
        values[1] = "Widgets for Kaze KK";
        System.arraycopy(more, 0, values, 2, more.length);
        return fixture.create(SalesTypes.QUOTE, values);
    }

    private Record line(Record quote, Object... values) {
        Object[] all = new Object[2 + values.length];
        all[0] = "quote";
        all[1] = quote.getId();
        System.arraycopy(values, 0, all, 2, values.length);
        return fixture.create(SalesTypes.QUOTE_LINE, all);
    }

    @Test
    void aNewQuoteGetsANumberAndTheCustomerOfItsOpportunity() {
        Record account = fixture.create("account", "name", "Kaze KK");
        Record contact = fixture.create("contact", "lastName", "Ito", "account", account.getId());
        Record opportunity = fixture.opportunity("account", account.getId(), "contact", contact.getId());

        Record quote = quote("opportunity", opportunity.getId());

        assertTrue(((String) quote.get("quoteNumber")).matches("Q-\\d{4}-[A-Z2-7]{6}"), (String) quote.get("quoteNumber"));
        assertEquals(account.getId(), quote.get("account"));
        assertEquals(contact.getId(), quote.get("contact"));
        assertEquals(1L, quote.get("revision"));
        assertEquals(money("0.00", "EUR"), quote.get("total"), "no lines yet");
        assertEquals("Q-2024-ABCDEF", quote("quoteNumber", "Q-2024-ABCDEF").get("quoteNumber"), "a given number is kept");
    }

    @Test
    void theQuoteTotalsFollowItsLinesDiscountAndTax() {
        fixture.price(standard, widget, "19.99", "EUR");
        Record quote = quote("discountPercent", 5, "taxPercent", 19);

        Record widgets = line(quote, "product", widget.getId(), "quantity", 3, "discountPercent", 10);
        line(quote, "product", service.getId(), "unitPrice", money("1234.50", "EUR"));
        line(quote, "description", "Travel", "quantity", 2, "unitPrice", money("50", "EUR"));

        assertEquals("Widget", widgets.get("description"), "described by its product");
        assertEquals(money("19.99", "EUR"), widgets.get("unitPrice"), "priced from the standard price book");
        assertEquals(money("53.97", "EUR"), widgets.get("lineTotal"), "3 x 19.99 less 10%");
        Record totalled = fixture.get(quote);
        // 53.97 + 1234.50 + 100.00 = 1388.47; less 5% (69.42) = 1319.05; plus 19% tax (250.62)
        assertEquals(money("1388.47", "EUR"), totalled.get("subtotal"));
        assertEquals(money("69.42", "EUR"), totalled.get("discountAmount"));
        assertEquals(money("250.62", "EUR"), totalled.get("taxAmount"));
        assertEquals(money("1569.67", "EUR"), totalled.get("total"));
    }

    @Test
    void changingARateOrALineRecomputesTheTotalsWhichCannotBeEditedByHand() {
        Record quote = quote("taxPercent", 20);
        Record travel = line(quote, "description", "Travel", "unitPrice", money("100", "EUR"));
        assertEquals(money("120.00", "EUR"), fixture.get(quote).get("total"));

        assertEquals(money("110.00", "EUR"), fixture.update(quote, "taxPercent", 10).get("total"), "tax rate changed");
        fixture.update(travel, "quantity", 3);
        assertEquals(money("330.00", "EUR"), fixture.get(quote).get("total"), "quantity changed");
        assertEquals(money("330.00", "EUR"), fixture.update(quote, "total", money("1", "EUR")).get("total"), "edited by hand");
        fixture.delete(travel);
        assertEquals(money("0.00", "EUR"), fixture.get(quote).get("total"), "line deleted");
    }

    @Test
    void aLineIsPricedInTheQuotesCurrencyFromTheOpportunitysPriceBook() {
        fixture.price(standard, widget, "100.00", "EUR");
        fixture.price(standard, widget, "110.00", "USD");
        Record partners = fixture.priceBook("Partners", false);
        fixture.price(partners, widget, "90.00", "USD");

        assertEquals(money("110.00", "USD"), line(quote("currency", "usd"), "product", widget.getId()).get("unitPrice"),
                "the standard price book, in the quote's currency");
        Record partnerDeal = fixture.opportunity("priceBook", partners.getId());
        assertEquals(money("90.00", "USD"), line(quote("currency", "USD", "opportunity", partnerDeal.getId()), "product", widget.getId())
                .get("unitPrice"), "the opportunity's price book");
    }

    @Test
    void aLineWithoutAPriceOrInAnotherCurrencyIsRefusedOnUnitPrice() {
        Record quote = quote();
        ValidationException noPrice = assertThrows(ValidationException.class, () -> line(quote, "product", widget.getId()));
        assertEquals("unitPrice", noPrice.getErrors().get(0).field());
        assertTrue(noPrice.getErrors().get(0).message().contains("'Standard'"), noPrice.getMessage());
        assertThrows(ValidationException.class, () -> line(quote, "description", "Travel"), "neither product nor price");
        ValidationException dollars = assertThrows(ValidationException.class,
                () -> line(quote, "description", "Travel", "unitPrice", money("10", "USD")));
        assertEquals(List.of("unitPrice"), dollars.getErrors().stream().map(FieldError::field).toList());
    }

    @Test
    void theLinesOfAnAcceptedQuoteCannotBeAddedChangedOrDeleted() {
        Record quote = quote();
        Record travel = line(quote, "description", "Travel", "unitPrice", money("100", "EUR"));
        fixture.update(quote, "status", "Accepted");

        ValidationException added = assertThrows(ValidationException.class,
                () -> line(quote, "description", "Extra", "unitPrice", money("1", "EUR")));
        ValidationException changed = assertThrows(ValidationException.class, () -> fixture.update(travel, "quantity", 2));
        ValidationException deleted = assertThrows(ValidationException.class, () -> fixture.delete(travel));

        for (ValidationException e : List.of(added, changed, deleted)) {
            assertEquals("quote", e.getErrors().get(0).field());
            assertTrue(e.getMessage().contains("Accepted"), e.getMessage());
        }
        assertEquals(money("100.00", "EUR"), fixture.get(travel).get("lineTotal"), "the line is still there, unchanged");
        assertEquals(money("100.00", "EUR"), fixture.get(quote).get("total"));
        assertThrows(ValidationException.class, () -> fixture.update(quote, "discountPercent", 50), "nor its discount");
    }

    @Test
    void aQuoteKeepsTheCurrencyOfItsLines() {
        Record quote = quote();
        assertEquals(money("0.00", "USD"), fixture.update(quote, "currency", "USD").get("total"), "no lines yet");
        line(quote, "description", "Travel", "unitPrice", money("100", "USD"));
        ValidationException e = assertThrows(ValidationException.class, () -> fixture.update(quote, "currency", "EUR"));
        assertEquals("currency", e.getErrors().get(0).field());
        assertThrows(ValidationException.class, () -> quote("currency", "XYZ"), "not a currency");
    }
}
