package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/** Settings are written by administrators (or the manage-settings permission) alone, system records by the platform alone. */
class RecordKindsTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor rep = core.user("rep", Set.of("sales"), Set.of());
    private final Actor admin = core.user("root", Set.of("admin"), Set.of());

    {
        core.metadata.addProvider(new Helpdesk());
    }

    @Test
    void aRoleThatMayCreateAnyTypeStillMayNotWriteSettings() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> core.records.create(rep, "queue", Map.of("name", "Mine")));
        assertTrue(e.getMessage().contains("manageSettings"), e.getMessage());
        Record queue = core.records.create(admin, "queue", Map.of("name", "First line"));
        assertThrows(AccessDeniedException.class, () -> core.records.update(rep, "queue", queue.getId(), 1, Map.of("name", "Mine")));
        assertThrows(AccessDeniedException.class, () -> core.records.delete(rep, "queue", queue.getId(), 1));
        assertEquals("First line", core.records.get(rep, "queue", queue.getId()).get("name"), "settings are read as the grants say");
        assertEquals(1, core.records.createAll(rep, "ticket", java.util.List.of(Map.of("subject", "Printer"))).created().size(),
                "data types are unaffected");
    }

    @Test
    void systemRecordsAreWrittenByThePlatformAloneNotEvenByAdministrators() {
        assertThrows(AccessDeniedException.class, () -> core.records.create(admin, "ticketLog", Map.of("message", "Forged")));
        Record entry = core.records.create(Actor.system(), "ticketLog", Map.of("message", "Opened"));
        assertThrows(AccessDeniedException.class, () -> core.records.update(admin, "ticketLog", entry.getId(), 1, Map.of("message", "Changed")));
        assertThrows(AccessDeniedException.class, () -> core.records.delete(admin, "ticketLog", entry.getId(), 1));
        assertEquals("Opened", core.records.get(rep, "ticketLog", entry.getId()).get("message"));
    }

    @Test
    void theKindIsPartOfTheMetadataAndSurvivesAddedFields() {
        assertEquals(RecordType.Kind.CONFIGURATION, core.metadata.requireType("queue").getKind());
        assertEquals(RecordType.Kind.DATA, core.metadata.requireType("account").getKind());
        core.metadata.addCustomField(admin, "queue", org.rapportcrm.platform.api.metadata.FieldDefinition
                .builder("region", org.rapportcrm.platform.api.metadata.FieldType.TEXT).build());
        assertEquals(RecordType.Kind.CONFIGURATION, core.metadata.requireType("queue").getKind());
    }
}
