package org.rapportcrm.prm.internal.leads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.prm.internal.leads.LeadRouter.Candidate;
import org.rapportcrm.prm.internal.leads.LeadRouter.Choice;
import org.rapportcrm.prm.internal.leads.LeadRouter.History;

/** Which partner a lead is offered to, and why. */
class LeadRouterTest {
    private static Candidate partner(String id, String territories, Integer rank, Integer capacity, int holding, History history) {
        return new Candidate(id, id, territories, rank == null ? null : "Tier " + rank, rank, capacity, holding, history);
    }

    private static List<String> order(String country, Set<String> excluded, Candidate... candidates) {
        return LeadRouter.rank(country, excluded, List.of(candidates)).stream().map(c -> c.partner().accountId()).toList();
    }

    @Test
    void onlyPartnersCoveringTheLeadsCountryAreOfferedIt() {
        assertEquals(List.of("dach", "world"), order("germany", Set.of(),
                partner("dach", "Germany, Austria; Switzerland", 1, null, 0, History.NONE),
                partner("nordics", "Denmark, Norway, Sweden", 1, null, 0, History.NONE),
                partner("world", "Worldwide", 2, null, 0, History.NONE),
                partner("none", null, 1, null, 0, History.NONE)));
        assertEquals(List.of("world"), order(null, Set.of(), partner("dach", "Germany", 1, null, 0, History.NONE),
                partner("world", "worldwide", 3, null, 0, History.NONE)), "a lead without a country goes only to worldwide partners");
    }

    @Test
    void aHigherTierComesFirstWhenAllElseIsEqual() {
        assertEquals(List.of("gold", "silver", "untiered"), order("France", Set.of(),
                partner("silver", "France", 2, null, 0, History.NONE),
                partner("untiered", "France", null, null, 0, History.NONE),
                partner("gold", "France", 1, null, 0, History.NONE)));
    }

    @Test
    void aPartnerAtItsCapacityIsPassedOverAndALighterLoadWinsATie() {
        assertEquals(List.of("light", "busy"), order("France", Set.of(),
                partner("full", "France", 1, 2, 2, History.NONE),
                partner("busy", "France", 2, 5, 3, History.NONE),
                partner("light", "France", 2, 5, 1, History.NONE)));
    }

    @Test
    void pastPerformanceCanOutweighOneTier() {
        History reliable = new History(9, 1, 0, 7);
        History neglectful = new History(1, 2, 7, 0);
        assertEquals(List.of("reliableSilver", "neglectfulGold"), order("Spain", Set.of(),
                partner("neglectfulGold", "Spain", 1, null, 0, neglectful),
                partner("reliableSilver", "Spain", 2, null, 0, reliable)));
    }

    @Test
    void partnersThatHadTheLeadAreExcluded() {
        assertEquals(List.of("second"), order("Italy", Set.of("first"), partner("first", "Italy", 1, null, 0, History.NONE),
                partner("second", "Italy", 3, null, 0, History.NONE)));
        assertTrue(LeadRouter.best("Italy", Set.of("first", "second"), List.of(partner("first", "Italy", 1, null, 0, History.NONE),
                partner("second", "Italy", 3, null, 0, History.NONE))).isEmpty());
    }

    @Test
    void theChoiceExplainsItsScore() {
        Choice c = LeadRouter.best("Austria", Set.of(), List.of(partner("dach", "Germany, Austria", 1, 5, 1, new History(3, 1, 0, 1)))).orElseThrow();
        // tier 40 + acceptance 30 * 4/6 = 20 + conversion 30 * 2/5 = 12 + load 10/2 = 5
        assertEquals(77.0, c.score(), 0.001);
        assertEquals("territory: Austria; tier: Tier 1 (rank 1) 40.0; acceptance: 3 of 4 offers 20.0; conversion: 1 of 3 accepted leads 12.0; "
                + "load: 1 open of 5 5.0; total 77.0", c.breakdown());
    }
}
