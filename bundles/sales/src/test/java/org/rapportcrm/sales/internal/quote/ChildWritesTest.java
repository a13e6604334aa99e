package org.rapportcrm.sales.internal.quote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rapportcrm.sales.internal.quote.QuoteFixture.money;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Issue 12, finding 1: alice (North) may not edit carol's (South) deal, so she may not change it through its products,
 * its quote's lines or activities on carol's lead either; the amounts and totals the triggers recompute stay carol's.
 */
class ChildWritesTest {
    private final QuoteFixture fixture = new QuoteFixture();
    private final String north = fixture.sales.core.users.createTeam(Actor.system(), "North").id();
    private final String south = fixture.sales.core.users.createTeam(Actor.system(), "South").id();
    private final Actor alice = fixture.sales.core.user("alice", Set.of("sales"), Set.of(north));
    private final Actor carol = fixture.sales.core.user("carol", Set.of("sales"), Set.of(south));
    private final Record widget = fixture.product("Widget");
    private final Record deal = fixture.records.create(carol, SalesTypes.OPPORTUNITY, Map.of("name", "Carol's deal", "stage", "Prospecting",
            "closeDate", "2027-01-31", "amount", money("1000", "EUR")));

    @Test
    void productsOfAnotherTeamsDealCannotBeAddedOrRemoved() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> fixture.records.create(alice, SalesTypes.LINE_ITEM,
                Map.of("opportunity", deal.getId(), "product", widget.getId(), "quantity", 9999, "unitPrice", money("1000", "EUR"))));
        assertEquals("opportunity", e.getField());
        assertEquals(money("1000.00", "EUR"), fixture.get(deal).get("amount"), "carol's amount is untouched");

        Record carols = fixture.records.create(carol, SalesTypes.LINE_ITEM, Map.of("opportunity", deal.getId(), "product", widget.getId(),
                "unitPrice", money("500", "EUR")));
        assertEquals(money("500.00", "EUR"), fixture.get(deal).get("amount"), "carol's own products set her amount");
        assertThrows(AccessDeniedException.class, () -> fixture.records.delete(alice, SalesTypes.LINE_ITEM, carols.getId(), carols.getVersion()));
        assertEquals(money("500.00", "EUR"), fixture.get(deal).get("amount"));
    }

    @Test
    void linesOfAnotherTeamsQuoteCannotBeAdded() {
        Record quote = fixture.records.create(carol, SalesTypes.QUOTE, Map.of("name", "Carol's quote", "opportunity", deal.getId()));
        assertThrows(AccessDeniedException.class, () -> fixture.records.create(alice, SalesTypes.QUOTE_LINE, Map.of("quote", quote.getId(),
                "description", "Discount", "unitPrice", money("-99999", "EUR"))));
        assertEquals(money("0.00", "EUR"), fixture.get(quote).get("total"));
    }

    @Test
    void activitiesScoreALeadSoLoggingOneNeedsTheLead() {
        Record lead = fixture.records.create(carol, SalesTypes.LEAD, Map.of("lastName", "Weber"));
        assertThrows(AccessDeniedException.class, () -> fixture.records.create(alice, "activity", Map.of("subject", "Meeting",
                "activityType", "Meeting", "status", "Completed", "lead", lead.getId())));
        assertEquals("Call", fixture.records.create(carol, "activity", Map.of("subject", "Call", "activityType", "Call",
                "lead", lead.getId())).get("activityType"));
    }
}
