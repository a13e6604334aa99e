package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.record.Record;

class ${recordTypeClass}RulesTest {
    private static RecordChange change(String kind, Map<String, Object> values, String... changedFields) {
        Record r = new Record(${recordTypeClass}Types.TYPE, "r1", 1, "u1", Instant.EPOCH, Instant.EPOCH, "u1", "u1", new HashMap<>(values));
        return new RecordChange(kind, r, "u1", Set.of(changedFields));
    }

    @Test
    void anUrgentNewOneIsEscalated() {
        assertTrue(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.CREATED, Map.of("priority", "High", "status", "Open"))));
        assertFalse(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.CREATED, Map.of("priority", "Normal", "status", "Open"))));
    }

    @Test
    void raisingThePriorityEscalatesButOtherEditsDoNot() {
        Map<String, Object> urgent = Map.of("priority", "High", "status", "Open", "escalated", false);
        assertTrue(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.UPDATED, urgent, "priority")));
        assertFalse(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.UPDATED, urgent, "subject")), "no change of priority");
    }

    @Test
    void closedOrAlreadyEscalatedOnesAreLeftAlone() {
        assertFalse(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.UPDATED, Map.of("priority", "High", "status", "Closed"), "priority")));
        assertFalse(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.UPDATED, Map.of("priority", "High", "status", "Open", "escalated", true), "priority")));
        assertFalse(${recordTypeClass}Rules.needsEscalation(change(RecordEvents.DELETED, Map.of("priority", "High", "status", "Open"))));
    }

    @Test
    void theTypeIsWellFormed() {
        assertTrue(${recordTypeClass}Types.RECORD_TYPE.field("escalated").isPresent());
        assertTrue(${recordTypeClass}Types.PRIORITIES.contains(${recordTypeClass}Rules.ESCALATING_PRIORITY));
    }
}
