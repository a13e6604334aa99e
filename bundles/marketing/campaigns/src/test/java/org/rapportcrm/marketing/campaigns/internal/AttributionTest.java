package org.rapportcrm.marketing.campaigns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.marketing.campaigns.internal.Attribution.Model;
import org.rapportcrm.marketing.campaigns.internal.Attribution.Touch;

/** Splitting a won deal across the campaigns that touched it, with expectations worked out by hand. */
class AttributionTest {
    private static final Instant DAY_1 = Instant.parse("2026-10-01T09:00:00Z");

    private static Instant day(int n) {
        return DAY_1.plusSeconds(86_400L * (n - 1));
    }

    /** Autumn on day 1, Webinar on day 5, Winter on day 9, and Webinar again on day 12; rows in no particular order. */
    private static final List<Touch> THREE_CAMPAIGNS = List.of(new Touch("winter", day(9)), new Touch("autumn", day(1)),
            new Touch("webinar", day(12)), new Touch("webinar", day(5)));

    @Test
    void firstTouchGivesTheWholeDealToTheCampaignTouchedFirst() {
        assertEquals(Map.of("autumn", BigDecimal.ONE), Attribution.shares(Model.FIRST_TOUCH, THREE_CAMPAIGNS));
    }

    @Test
    void lastTouchGivesTheWholeDealToTheCampaignTouchedLast() {
        assertEquals(Map.of("webinar", BigDecimal.ONE), Attribution.shares(Model.LAST_TOUCH, THREE_CAMPAIGNS));
    }

    @Test
    void linearSplitsTheDealEquallyAcrossTheCampaignsHoweverOftenEachTouchedIt() {
        Map<String, BigDecimal> shares = Attribution.shares(Model.LINEAR, THREE_CAMPAIGNS);
        assertEquals(List.of("autumn", "webinar", "winter"), List.copyOf(shares.keySet()), "in the order they first touched it");
        // 9,000 won: 3,000 each (a third, to 16 digits).
        for (BigDecimal share : shares.values()) {
            assertEquals(new BigDecimal("3000.00"), share.multiply(new BigDecimal("9000")).setScale(2, java.math.RoundingMode.HALF_UP));
        }
        assertEquals(0, BigDecimal.ONE.compareTo(shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(10,
                java.math.RoundingMode.HALF_UP)));
    }

    @Test
    void aCampaignThatDidNotTouchTheDealGetsNothingAndADealWithoutTouchesIsNobodys() {
        assertEquals(BigDecimal.ZERO, Attribution.share(Model.LINEAR, THREE_CAMPAIGNS, "spring"));
        assertEquals(BigDecimal.ZERO, Attribution.share(Model.FIRST_TOUCH, THREE_CAMPAIGNS, "winter"));
        assertEquals(Map.of(), Attribution.shares(Model.LINEAR, List.of()));
    }

    @Test
    void touchesAtTheSameInstantGoToTheCampaignWhoseIdSortsFirstWhateverTheRowOrder() {
        List<Touch> tie = List.of(new Touch("b", day(3)), new Touch("a", day(3)));
        assertEquals(Map.of("a", BigDecimal.ONE), Attribution.shares(Model.FIRST_TOUCH, tie));
        assertEquals(Map.of("a", BigDecimal.ONE), Attribution.shares(Model.LAST_TOUCH, tie));
        assertEquals(Map.of("a", BigDecimal.ONE), Attribution.shares(Model.LAST_TOUCH, List.of(tie.get(1), tie.get(0))));
    }

    @Test
    void modelsAreNamedAsTheApiNamesThem() {
        assertEquals(List.of("firstTouch", "lastTouch", "linear"), Model.apiNames());
        assertEquals(Model.LAST_TOUCH, Model.of("lastTouch").orElseThrow());
        assertEquals(java.util.Optional.empty(), Model.of("LINEAR"));
    }
}
