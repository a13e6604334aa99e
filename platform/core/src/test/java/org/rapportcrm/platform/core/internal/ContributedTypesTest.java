package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/** What a capability's record types go through as its bundle is installed, upgraded and removed. */
class ContributedTypesTest {
    private final CoreFixture core = new CoreFixture();
    private final List<Integer> applied = new ArrayList<>();

    /** Version 1 of a ticket capability: a subject. Version 2 adds a summary, filled from the subject by a migration. */
    private final class Tickets implements RecordTypeProvider {
        private final int version;

        Tickets(int version) {
            this.version = version;
        }

        @Override
        public List<RecordType> recordTypes() {
            List<FieldDefinition> fields = new ArrayList<>(List.of(FieldDefinition.builder("subject", FieldType.TEXT).required(true).build()));
            if (version >= 2) {
                fields.add(FieldDefinition.builder("summary", FieldType.TEXT).build());
            }
            return List.of(new RecordType("ticket", "tickets", "Ticket", "Tickets", "subject", fields));
        }

        @Override
        public List<SchemaMigration> migrations() {
            return version < 2 ? List.of() : List.of(new SchemaMigration() {
                @Override
                public int version() {
                    return 1;
                }

                @Override
                public String description() {
                    return "summaries of existing tickets from their subjects";
                }

                @Override
                public void apply(MigrationContext context) throws SQLException {
                    applied.add(1);
                    try (PreparedStatement ps = context.connection().prepareStatement("UPDATE " + context.table("ticket") + " SET "
                            + context.column("summary") + " = " + context.column("subject") + " WHERE " + context.column("summary") + " IS NULL")) {
                        ps.executeUpdate();
                    }
                }
            });
        }
    }

    @Test
    void anUpgradeExtendsTheTableAndMigratesOnceAndRemovalKeepsTheData() {
        Tickets v1 = new Tickets(1);
        core.metadata.addProvider(v1);
        core.records.create(Actor.system(), "ticket", Map.of("subject", "Printer on fire"));

        core.metadata.removeProvider(v1);
        assertTrue(core.metadata.type("ticket").isEmpty(), "the type goes with its bundle");
        Tickets v2 = new Tickets(2);
        core.metadata.addProvider(v2);

        Record migrated = core.records.query(Actor.system(), Query.of("ticket")).items().get(0);
        assertEquals("Printer on fire", migrated.get("summary"), "the data was kept and migrated");
        core.metadata.removeProvider(v2);
        core.metadata.addProvider(new Tickets(2));
        assertEquals(List.of(1), applied, "a migration runs once, however often the bundle comes back");
    }
}
