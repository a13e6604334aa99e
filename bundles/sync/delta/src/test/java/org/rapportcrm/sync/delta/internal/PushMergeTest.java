package org.rapportcrm.sync.delta.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Change;

/** An offline update made on version 3 of a contact that someone else changed to version 5 meanwhile. */
class PushMergeTest {
    private static final Map<String, Object> NOW = Map.of("firstName", "Ann", "lastName", "Smith-Jones", "phone", "+49 30 1", "city", "Berlin");
    /** Newest first, as the record service gives the history. */
    private static final List<Change> HISTORY = List.of(
            change(5, "phone", "+49 30 0", "+49 30 1"),
            change(4, "lastName", "Smith", "Smith-Jones"),
            change(3, "city", "Bonn", "Berlin"),
            change(2, "phone", "+49 30 9", "+49 30 0"));

    @Test
    void fieldsOnlyTheClientChangedAreMergedAndApplied() {
        PushMerge merge = PushMerge.of(3, Map.of("firstName", "Anna", "city", "Hamburg"), NOW, HISTORY);
        assertEquals(Map.of("firstName", "Anna", "city", "Hamburg"), merge.apply());
        assertTrue(merge.conflicts().isEmpty());
    }

    @Test
    void aFieldBothSidesChangedDifferentlyIsAConflictWithBaseTheirsAndYours() {
        PushMerge merge = PushMerge.of(3, Map.of("lastName", "Smyth", "firstName", "Anna"), NOW, HISTORY);
        assertEquals(List.of("lastName"), merge.conflicts());
        assertEquals(Map.of("lastName", "Smith"), merge.base());
        assertEquals(Map.of("lastName", "Smith-Jones"), merge.theirs());
        assertEquals(Map.of("lastName", "Smyth"), merge.yours());
        assertEquals(Map.of("firstName", "Anna"), merge.apply(), "the other field is still applied");
    }

    @Test
    void theBaseOfAConflictIsTheValueBeforeTheFirstChangeAfterTheClientsVersion() {
        PushMerge merge = PushMerge.of(3, Map.of("phone", "+1 555"), NOW, HISTORY);
        assertEquals(Map.of("phone", "+49 30 0"), merge.base(), "version 4's value, not version 2's");
    }

    @Test
    void bothSidesMakingTheSameChangeIsNoConflict() {
        PushMerge merge = PushMerge.of(3, Map.of("lastName", "Smith-Jones"), NOW, HISTORY);
        assertTrue(merge.conflicts().isEmpty());
    }

    @Test
    void changesUpToTheClientsVersionAreNoConflict() {
        PushMerge merge = PushMerge.of(3, Map.of("city", "Köln"), NOW, HISTORY);
        assertTrue(merge.conflicts().isEmpty(), "city changed in version 3, which the client had");
    }

    @Test
    void valuesCompareAsValuesWhateverTheirJavaForm() {
        assertTrue(PushMerge.same(new BigDecimal("12.50"), 12.5));
        assertTrue(PushMerge.same(null, ""));
        Map<String, Object> now = new HashMap<>(NOW);
        now.put("phone", null);
        assertTrue(PushMerge.of(3, Map.of("phone", ""), now, HISTORY).conflicts().isEmpty());
    }

    private static Change change(long version, String field, String oldValue, String newValue) {
        return new Change(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(version), "u2", "Bob", "contact", "c1", version, "UPDATE",
                field, oldValue, newValue);
    }
}
