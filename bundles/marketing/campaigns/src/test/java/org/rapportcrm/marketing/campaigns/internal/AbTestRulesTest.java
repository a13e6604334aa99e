package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The A/B split and winner rules on their own. */
class AbTestRulesTest {
    private static AbTestRules.Figures f(String id, long delivered, long opened, long clicked) {
        return new AbTestRules.Figures(id, delivered, delivered, opened, clicked);
    }

    @Test
    void theTestShareIsThePercentageRoundedHalfUpButAtLeastOnePerVariantAndAtMostEveryone() {
        assertEquals(200, AbTestRules.testSize(1000, 20, 2));
        assertEquals(3, AbTestRules.testSize(13, 20, 2), "2.6 rounds to 3");
        assertEquals(2, AbTestRules.testSize(12, 20, 2), "2.4 rounds to 2");
        assertEquals(3, AbTestRules.testSize(5, 10, 3), "half a recipient would leave two variants untested: one each");
        assertEquals(2, AbTestRules.testSize(2, 10, 3), "never more than there are");
        assertEquals(40, AbTestRules.testSize(40, 100, 2), "100%: everyone is in the test");
        assertEquals(0, AbTestRules.testSize(0, 20, 2));
    }

    @Test
    void theVariantsTakeTurnsInDrawOrderSoTheirGroupsDifferByAtMostOne() {
        List<String> variants = List.of("a", "b", "c");
        Map<String, Integer> sizes = new HashMap<>();
        for (long rank = 0; rank < 200; rank++) {
            sizes.merge(AbTestRules.variantAt(rank, variants), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 67, "b", 67, "c", 66), sizes);
        assertEquals("b", AbTestRules.variantAt(4, variants), "and the same rank always gets the same variant");
    }

    @Test
    void theDrawIsTheSameForTheSameCampaignAndContactAndDiffersBetweenCampaigns() {
        assertEquals(AbTestStore.draw("c1", "ada"), AbTestStore.draw("c1", "ada"));
        List<Long> first = new ArrayList<>();
        List<Long> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(AbTestStore.draw("c1", "contact" + i));
            second.add(AbTestStore.draw("c2", "contact" + i));
        }
        List<Integer> firstOrder = order(first);
        assertEquals(false, firstOrder.equals(order(second)), "another campaign draws another test share");
        assertEquals(false, firstOrder.equals(order(java.util.stream.IntStream.range(0, 50).mapToObj(i -> (long) i).toList())),
                "not the order of the contacts");
    }

    private static List<Integer> order(List<Long> draws) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < draws.size(); i++) {
            indexes.add(i);
        }
        indexes.sort((x, y) -> Long.compare(draws.get(x), draws.get(y)));
        return indexes;
    }

    @Test
    void theWinnerHasTheHighestRateOfItsMetricNotTheMostResponses() {
        List<AbTestRules.Figures> figures = List.of(f("a", 100, 30, 3), f("b", 40, 16, 1));
        assertEquals("b", AbTestRules.winner(figures, CampaignTypes.OPENS), "40% beats 30%, though a had more opens");
        assertEquals("a", AbTestRules.winner(figures, CampaignTypes.CLICKS), "3% beats 2.5%");
    }

    @Test
    void aTieGoesToTheOtherMetricThenToTheVariantCreatedFirst() {
        assertEquals("b", AbTestRules.winner(List.of(f("a", 10, 5, 1), f("b", 20, 10, 3)), CampaignTypes.OPENS),
                "50% opens each: b's 15% clicks beat a's 10%");
        assertEquals("a", AbTestRules.winner(List.of(f("a", 10, 2, 5), f("b", 20, 2, 10)), CampaignTypes.CLICKS),
                "50% clicks each: a's 20% opens beat b's 10%");
        assertEquals("a", AbTestRules.winner(List.of(f("a", 10, 5, 1), f("b", 10, 5, 1), f("c", 10, 5, 1)), CampaignTypes.OPENS),
                "a full tie: the first variant");
        assertEquals("b", AbTestRules.winner(List.of(f("a", 0, 0, 0), f("b", 3, 1, 0)), CampaignTypes.OPENS),
                "nothing delivered is a rate of 0");
        assertEquals("a", AbTestRules.winner(List.of(f("a", 0, 0, 0), f("b", 0, 0, 0)), CampaignTypes.CLICKS));
    }
}
