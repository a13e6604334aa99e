package org.rapportcrm.collaboration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.outbox.OutboxEntry;

class AssignmentNotifierTest {
    private static OutboxEntry entry(String kind, String actor, Set<String> changed, String owner) {
        return new OutboxEntry(1, kind, "account", "a1", 2, Instant.now(), actor, changed, Map.of("id", "a1", "owner", owner), Map.of());
    }

    @Test
    void aRecordGivenToSomeoneElseTellsThem() {
        assertEquals("bob", AssignmentNotifier.newOwner(entry("UPDATED", "alice", Set.of("owner", "name"), "bob")));
        assertEquals("bob", AssignmentNotifier.newOwner(entry("CREATED", "alice", Set.of(), "bob")));
    }

    @Test
    void takingARecordOneselfOrChangingOtherFieldsTellsNobody() {
        assertNull(AssignmentNotifier.newOwner(entry("UPDATED", "bob", Set.of("owner"), "bob")));
        assertNull(AssignmentNotifier.newOwner(entry("CREATED", "bob", Set.of(), "bob")));
        assertNull(AssignmentNotifier.newOwner(entry("UPDATED", "alice", Set.of("name"), "bob")));
        assertNull(AssignmentNotifier.newOwner(entry("DELETED", "alice", Set.of(), "bob")));
    }
}
