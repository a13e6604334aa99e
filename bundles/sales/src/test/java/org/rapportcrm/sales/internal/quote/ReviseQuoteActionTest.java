package org.rapportcrm.sales.internal.quote;

import org.rapportcrm.sales.internal.FakeExchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rapportcrm.sales.internal.quote.QuoteFixture.money;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

class ReviseQuoteActionTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final ReviseQuoteAction action = new ReviseQuoteAction(fixture.records);
    private final Record quote = fixture.create(SalesTypes.QUOTE, "name", "Widgets for Kaze KK", "taxPercent", 10);

    private FakeExchange revise(Record quote) throws IOException {
        return new FakeExchange("POST", Actor.system()).withPathParameter("id", quote.getId()).run(action.routes(), "");
    }

    private List<Record> linesOf(Record quote) {
        return new RecordLookup(fixture.records, Actor.system()).all(SalesTypes.QUOTE_LINE, Filter.eq("quote", quote.getId()), "position");
    }

    @Test
    void aRevisionCopiesTheQuoteAndItsLinesAndSupersedesTheOldOne() throws IOException {
        fixture.create(SalesTypes.QUOTE_LINE, "quote", quote.getId(), "position", 1, "description", "Widgets", "quantity", 3,
                "unitPrice", money("19.99", "EUR"), "discountPercent", 10);
        fixture.create(SalesTypes.QUOTE_LINE, "quote", quote.getId(), "position", 2, "description", "Travel",
                "unitPrice", money("100", "EUR"));

        FakeExchange exchange = revise(quote);

        assertEquals(201, exchange.status);
        Record revision = (Record) exchange.body;
        assertEquals(2L, revision.get("revision"));
        assertEquals(quote.getId(), revision.get("previousRevision"));
        assertEquals("Draft", revision.get("status"));
        assertEquals(quote.get("quoteNumber"), revision.get("quoteNumber"));
        assertEquals("Widgets for Kaze KK", revision.get("name"));
        assertEquals(List.of("Widgets", "Travel"), linesOf(revision).stream().map(l -> l.get("description")).toList());
        assertEquals(money("53.97", "EUR"), linesOf(revision).get(0).get("lineTotal"));
        assertEquals(money("169.37", "EUR"), revision.get("total"), "(53.97 + 100.00) plus 10% tax = 169.367");
        assertEquals("Superseded", fixture.get(quote).get("status"));
        assertEquals(2, linesOf(quote).size(), "the old revision keeps its lines");
    }

    @Test
    void onlyTheNewestRevisionCanBeRevised() throws IOException {
        Record second = (Record) revise(quote).body;
        assertThrows(ValidationException.class, () -> revise(quote));
        assertEquals(3L, ((Record) revise(second).body).get("revision"));
        assertEquals(3, fixture.records.count(Actor.system(), SalesTypes.QUOTE, Filter.eq("quoteNumber", quote.get("quoteNumber"))),
                "the refused revision left nothing behind");
    }

    @Test
    void revisingIsAPost() {
        assertEquals(List.of("POST "), FakeExchange.declared(action.routes()), "the platform answers 405 for other methods");
    }
}
