package org.rapportcrm.automation.internal.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.RecordPredicate;

/** When a rule fires on a record change, before its condition. */
class RuleTriggerTest {
    private static Rule rule(Trigger trigger, String field, RecordPredicate change) {
        return new Rule("r1", "Rule", "account", trigger, field, change, null, null, null, null, null, List.of(), List.of(), 100);
    }

    @Test
    void createdUpdatedAndDeletedFireOnTheirKindOfChange() {
        assertTrue(rule(Trigger.CREATED, null, null).firesOn("CREATED", Set.of(), Map.of(), Map.of()));
        assertFalse(rule(Trigger.CREATED, null, null).firesOn("UPDATED", Set.of("name"), Map.of(), Map.of()));
        assertTrue(rule(Trigger.CREATED_OR_UPDATED, null, null).firesOn("UPDATED", Set.of("name"), Map.of(), Map.of()));
        assertFalse(rule(Trigger.CREATED_OR_UPDATED, null, null).firesOn("DELETED", Set.of(), Map.of(), Map.of()));
        assertTrue(rule(Trigger.DELETED, null, null).firesOn("DELETED", Set.of(), Map.of(), Map.of()));
    }

    @Test
    void aFieldChangeFiresWhenTheFieldChangedOrANewRecordHasItAndTheFromToTestHolds() {
        Rule anyChange = rule(Trigger.FIELD_CHANGED, "stage", null);
        assertTrue(anyChange.firesOn("UPDATED", Set.of("stage"), Map.of("stage", "Won"), Map.of("stage", "Open")));
        assertFalse(anyChange.firesOn("UPDATED", Set.of("name"), Map.of("stage", "Won"), Map.of()));
        assertTrue(anyChange.firesOn("CREATED", Set.of(), Map.of("stage", "Won"), Map.of()));
        assertFalse(anyChange.firesOn("CREATED", Set.of(), Map.of(), Map.of()));

        RecordPredicate toWon = new RecordPredicate() {
            @Override
            public boolean test(Map<String, Object> values, Map<String, Object> previousValues) {
                return "Won".equals(values.get("stage"));
            }

            @Override
            public boolean readsPreviousValues() {
                return false;
            }
        };
        Rule becameWon = rule(Trigger.FIELD_CHANGED, "stage", toWon);
        assertTrue(becameWon.firesOn("UPDATED", Set.of("stage"), Map.of("stage", "Won"), Map.of("stage", "Open")));
        assertFalse(becameWon.firesOn("UPDATED", Set.of("stage"), Map.of("stage", "Lost"), Map.of("stage", "Open")));
    }

    @Test
    void datesSchedulesAndEventsNeverFireOnAChangeItself() {
        for (Trigger t : List.of(Trigger.DATE_REACHED, Trigger.SCHEDULE, Trigger.EVENT)) {
            assertFalse(rule(t, "closeDate", null).firesOn("UPDATED", Set.of("closeDate"), Map.of("closeDate", "2026-12-24"), Map.of()));
            assertFalse(t.onChange());
        }
    }
}
