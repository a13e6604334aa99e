package org.rapportcrm.sales.internal.quote;

import org.rapportcrm.sales.internal.FakeExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.sales.internal.quote.QuoteFixture.money;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

class QuotePdfActionTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final QuotePdfAction action = new QuotePdfAction(fixture.records, config("Rapport Demo GmbH", "Hauptstraße 1\n10115 Berlin",
            "IBAN DE00 1234 5678 9012 3456 78"));

    private static QuotePdfConfig config(String name, String address, String footer) {
        return new QuotePdfConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return QuotePdfConfig.class;
            }

            @Override
            public String companyName() {
                return name;
            }

            @Override
            public String companyAddress() {
                return address;
            }

            @Override
            public String footerText() {
                return footer;
            }
        };
    }

    private Record quoteWithLines() {
        Record account = fixture.create("account", "name", "Kaze KK");
        Record contact = fixture.create("contact", "firstName", "Yuki", "lastName", "Ito", "account", account.getId());
        Record quote = fixture.create(SalesTypes.QUOTE, "name", "Widgets for Kaze KK", "account", account.getId(),
                "contact", contact.getId(), "validUntil", LocalDate.of(2025, 7, 31), "discountPercent", 5, "taxPercent", 19);
        fixture.create(SalesTypes.QUOTE_LINE, "quote", quote.getId(), "position", 1, "description", "Widget", "quantity", 3,
                "unitPrice", money("19.99", "EUR"), "discountPercent", 10);
        fixture.create(SalesTypes.QUOTE_LINE, "quote", quote.getId(), "position", 2, "description", "Installation service",
                "unitPrice", money("1234.50", "EUR"));
        fixture.create(SalesTypes.QUOTE_LINE, "quote", quote.getId(), "position", 3, "description", "Travel", "quantity", 2,
                "unitPrice", money("50", "EUR"));
        return fixture.get(quote);
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void thePdfShowsTheSellerTheQuoteEveryLineAndTheTotals() throws IOException {
        Record quote = quoteWithLines();
        FakeExchange exchange = new FakeExchange("GET", Actor.system()).withPathParameter("id", quote.getId());

        exchange.run(action.routes(), "");

        assertEquals(200, exchange.status);
        assertEquals("application/pdf", exchange.contentType);
        assertEquals(quote.get("quoteNumber") + "-r1.pdf", exchange.fileName);
        List<String> lines = text(exchange.file).lines().map(String::strip).toList();
        for (String expected : List.of("Rapport Demo GmbH", "Hauptstraße 1", "10115 Berlin", "Widgets for Kaze KK",
                "Quote number " + quote.get("quoteNumber"), "Revision 1", "Valid until 2025-07-31", "Account Kaze KK",
                "Contact Yuki Ito", "Widget 3 19.99 EUR 10% 53.97 EUR", "Installation service 1 1,234.50 EUR 1,234.50 EUR",
                "Travel 2 50.00 EUR 100.00 EUR", "Subtotal 1,388.47 EUR", "Discount (5%) 69.42 EUR", "Tax (19%) 250.62 EUR",
                "Total 1,569.67 EUR", "IBAN DE00 1234 5678 9012 3456 78")) {
            assertTrue(lines.contains(expected), "'" + expected + "' in\n" + String.join("\n", lines));
        }
    }

    @Test
    void aQuoteTheCallerCannotSeeIsNotFoundAndOnlyGetIsServed() {
        assertThrows(RecordNotFoundException.class, () -> new FakeExchange("GET", Actor.system())
                .withPathParameter("id", "no-such-quote").run(action.routes(), ""));
        assertEquals(List.of("GET "), FakeExchange.declared(action.routes()), "the platform answers 405 for other methods");
    }
}
