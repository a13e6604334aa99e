package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/** Records change hands only with the transfer permission, and the audit trail says who gave what to whom. */
class OwnershipTest {
    private final CoreFixture core = new CoreFixture();
    private final String north = core.users.createTeam(Actor.system(), "North").id();
    private final String south = core.users.createTeam(Actor.system(), "South").id();
    private final Actor alice = core.user("alice", Set.of("sales"), Set.of(north));
    private final Actor bob = core.user("bob", Set.of("sales"), Set.of(north));
    private final Actor dan = core.user("dan", Set.of("sales"), Set.of(south));
    private final Actor manager = core.user("mia", Set.of("sales-manager"), Set.of(north));

    @Test
    void aRepCannotTakeATeammatesRecordToDeleteItNorGiveOneAway() {
        Record bobs = core.records.create(bob, "account", Map.of("name", "Bob's account"));
        AccessDeniedException taking = assertThrows(AccessDeniedException.class,
                () -> core.records.update(alice, "account", bobs.getId(), 1, Map.of("owner", alice.userId())));
        assertEquals("owner", taking.getField());
        assertThrows(AccessDeniedException.class, () -> core.records.update(alice, "account", bobs.getId(), 1, Map.of("owner", dan.userId())),
                "nor can she give it to another team");
        assertThrows(AccessDeniedException.class, () -> core.records.delete(alice, "account", bobs.getId(), 1), "so delete stays own-only");
        assertEquals(bob.userId(), core.records.get(alice, "account", bobs.getId()).getOwner());
        assertEquals(2, core.records.update(alice, "account", bobs.getId(), 1, Map.of("city", "Oslo", "owner", bob.userId())).getVersion(),
                "naming the owner it already has is no transfer");
    }

    @Test
    void aRepCreatesRecordsOnlyForHerself() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> core.records.create(alice, "account", Map.of("name", "For Dan", "owner", dan.userId())));
        assertEquals("owner", e.getField());
        assertEquals(alice.userId(), core.records.create(alice, "account", Map.of("name", "Mine", "owner", alice.userId())).getOwner());

        BatchResult imported = core.records.createAll(alice, "account", List.of(Map.of("name", "Row 1"),
                Map.of("name", "Row 2", "owner", dan.userId())));
        assertEquals(1, imported.created().size(), "an import refuses only the rows given away");
        assertEquals("owner", imported.failures().get(1).get(0).field());
    }

    @Test
    void aManagerTransfersRecordsAndTheAuditTrailSaysSo() {
        Record bobs = core.records.create(bob, "account", Map.of("name", "Bob's account"));
        Record moved = core.records.update(manager, "account", bobs.getId(), 1, Map.of("owner", dan.userId()));
        assertEquals(dan.userId(), moved.getOwner());
        Change transfer = core.records.history(manager, "account", bobs.getId(), 10).get(0);
        assertEquals(List.of("owner", bob.userId(), dan.userId(), "mia"),
                List.of(transfer.field(), transfer.oldValue(), transfer.newValue(), transfer.actorName()));

        Record given = core.records.create(manager, "account", Map.of("name", "For Dan", "owner", dan.userId()));
        assertTrue(core.records.history(manager, "account", given.getId(), 10).stream()
                .anyMatch(c -> "owner".equals(c.field()) && dan.userId().equals(c.newValue())), "a record created for someone else says for whom");
    }
}
