package org.rapportcrm.sales.internal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesFixture;
import org.rapportcrm.sales.internal.SalesTypes;

class SalesDemoGeneratorTest {
    private final SalesFixture fixture = new SalesFixture();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void demoDealsWalkedThePipelineAndSomeClosed() {
        for (int i = 0; i < 5; i++) {
            var account = fixture.core.records.create(Actor.system(), "account", Map.of("name", "Account " + i));
            fixture.core.records.create(Actor.system(), "contact", Map.of("lastName", "Buyer " + i, "account", account.getId()));
        }
        String rep = fixture.core.user("alice", Set.of("sales"), Set.of()).userId();
        long written = new SalesDemoGenerator(fixture.core.records, fixture.stages, clock)
                .generate(new SalesDemoGenerator.Counts(20, 40, 0), 7, List.of(rep));
        assertTrue(written > 100, "written " + written);
        assertEquals(40, fixture.core.records.count(Actor.system(), SalesTypes.OPPORTUNITY, null));
        assertEquals(20, fixture.core.records.count(Actor.system(), SalesTypes.LEAD, null));
        long won = fixture.core.records.count(Actor.system(), SalesTypes.OPPORTUNITY, FilterExpression.parse("stage eq 'Closed Won'"));
        long lost = fixture.core.records.count(Actor.system(), SalesTypes.OPPORTUNITY, FilterExpression.parse("stage eq 'Closed Lost'"));
        assertTrue(won > 0 && lost > 0, won + " won, " + lost + " lost");
        assertTrue(fixture.core.records.count(Actor.system(), SalesTypes.STAGE_CHANGE, null) > 40 + won + lost);
    }
}
