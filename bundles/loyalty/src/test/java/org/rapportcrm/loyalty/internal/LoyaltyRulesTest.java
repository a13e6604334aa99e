package org.rapportcrm.loyalty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

class LoyaltyRulesTest {
    private final LoyaltyRules rules = new LoyaltyRules(new LoyaltyConfig() {
        @Override
        public Class<? extends Annotation> annotationType() {
            return LoyaltyConfig.class;
        }

        @Override
        public long pointsPerMeeting() {
            return 10;
        }

        @Override
        public long pointsPerCall() {
            return 5;
        }

        @Override
        public long pointsPer100Won() {
            return 2;
        }
    });

    private static RecordChange change(String kind, String type, Map<String, Object> values, String... changed) {
        Record r = new Record(type, "r1", 2, "u1", Instant.EPOCH, Instant.EPOCH, "u1", "u1", new HashMap<>(values));
        return new RecordChange(kind, r, "u1", Set.of(changed));
    }

    @Test
    void aMeetingCompletedWithAContactEarnsMeetingPointsOnce() {
        Optional<LoyaltyRules.Award> award = rules.awardFor(change(RecordEvents.UPDATED, "activity",
                Map.of("status", "Completed", "activityType", "Meeting", "contact", "c1", "subject", "QBR"), "status"));
        assertEquals(10, award.orElseThrow().points());
        assertEquals("c1", award.get().contactId());
        assertEquals("activity:r1", award.get().sourceKey(), "the same activity always gives the same key");
    }

    @Test
    void onlyAChangeToCompletedCounts() {
        Map<String, Object> done = Map.of("status", "Completed", "activityType", "Call", "contact", "c1", "subject", "x");
        assertTrue(rules.awardFor(change(RecordEvents.UPDATED, "activity", done, "subject")).isEmpty(), "editing a done call");
        assertTrue(rules.awardFor(change(RecordEvents.UPDATED, "activity", Map.of("status", "Planned", "activityType", "Call",
                "contact", "c1"), "status")).isEmpty());
        assertTrue(rules.awardFor(change(RecordEvents.UPDATED, "activity", Map.of("status", "Completed", "activityType", "Note",
                "contact", "c1"), "status")).isEmpty(), "notes earn nothing");
        assertEquals(5, rules.awardFor(change(RecordEvents.CREATED, "activity", done)).orElseThrow().points());
    }

    @Test
    void aWonOpportunityEarnsPointsByAmount() {
        Map<String, Object> won = Map.of("stage", "Closed won", "contact", "c1", "name", "Big deal",
                "amount", new Money(new BigDecimal("1250.00"), "EUR"));
        assertEquals(24, rules.awardFor(change(RecordEvents.UPDATED, "opportunity", won, "stage")).orElseThrow().points());
        assertTrue(rules.awardFor(change(RecordEvents.DELETED, "opportunity", won)).isEmpty());
    }
}
