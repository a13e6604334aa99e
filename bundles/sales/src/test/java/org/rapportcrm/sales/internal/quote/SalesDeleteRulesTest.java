package org.rapportcrm.sales.internal.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.DeleteRestrictedException;
import org.rapportcrm.platform.api.record.Deletion;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * What deleting sales records does: a deal takes its products, stage history, quotes and their lines with it; deals, quotes and
 * products that were sold or priced are business history, so their account or product cannot be deleted under them.
 */
class SalesDeleteRulesTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final Record standard = fixture.priceBook("Standard", true);
    private final Record widget = fixture.product("Widget");
    private final Record account = fixture.create("account", "name", "Kaze KK");
    private final Record contact = fixture.create("contact", "lastName", "Ito", "account", account.getId());

    {
        fixture.price(standard, widget, "100.00", "EUR");
    }

    @Test
    void aDealTakesItsProductsStageHistoryQuotesAndQuoteLinesWithIt() {
        Record deal = fixture.opportunity("account", account.getId(), "contact", contact.getId());
        Record product = fixture.create(SalesTypes.LINE_ITEM, "opportunity", deal.getId(), "product", widget.getId(), "quantity", 2);
        Record quote = fixture.create(SalesTypes.QUOTE, "name", "Widgets", "opportunity", deal.getId());
        Record line = fixture.create(SalesTypes.QUOTE_LINE, "quote", quote.getId(), "product", widget.getId());
        Record lead = fixture.create(SalesTypes.LEAD, "lastName", "Ito", "company", "Kaze KK", "convertedOpportunity", deal.getId());

        assertEquals(List.of(new Deletion.TypeCount(SalesTypes.LINE_ITEM, 1), new Deletion.TypeCount(SalesTypes.QUOTE, 1),
                new Deletion.TypeCount(SalesTypes.QUOTE_LINE, 1), new Deletion.TypeCount(SalesTypes.STAGE_CHANGE, 1)), fixture.records.deletion(Actor.system(), SalesTypes.OPPORTUNITY,
                        deal.getId()).deletes().stream().sorted(java.util.Comparator.comparing(Deletion.TypeCount::type)).toList());
        fixture.delete(deal);

        for (Record gone : List.of(deal, product, quote, line)) {
            assertThrows(RecordNotFoundException.class, () -> fixture.get(gone), gone.getType());
        }
        assertNull(fixture.get(lead).get("convertedOpportunity"), "the lead stays, its link cleared");
    }

    @Test
    void anAccountWithDealsOrQuotesAndAProductThatWasPricedCannotBeDeleted() {
        Record deal = fixture.opportunity("account", account.getId());
        DeleteRestrictedException e = assertThrows(DeleteRestrictedException.class, () -> fixture.delete(account));
        assertEquals(List.of(new Deletion.FieldCount(SalesTypes.OPPORTUNITY, "account", 1)), e.getDeletion().blockedBy());
        assertEquals(account.getId(), fixture.get(contact).get("account"), "nothing half-written");

        assertEquals(SalesTypes.PRICE_BOOK_ENTRY, assertThrows(DeleteRestrictedException.class, () -> fixture.delete(widget))
                .getDeletion().blockedBy().get(0).type());

        fixture.delete(deal);
        fixture.delete(account);
        assertNull(fixture.get(contact).get("account"));
    }
}
