package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rapportcrm.platform.api.metadata.FieldDefinition.builder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.DeleteRule;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.DeleteRestrictedException;
import org.rapportcrm.platform.api.record.Deletion;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.core.internal.db.Names;

/**
 * Deleting a record does what the reference fields pointing at it declare: their records are deleted too (CASCADE,
 * at any depth), their reference is cleared (SET_NULL) or the delete is refused (RESTRICT), all in one transaction,
 * and afterwards no reference points at nothing.
 */
abstract class DeleteRulesTest {
    private final CoreFixture core = new CoreFixture(dataSource());

    /** The database the test runs on: Derby, and PostgreSQL where one is given (see the subclasses). */
    abstract javax.sql.DataSource dataSource();

    /** Projects of an account (deleted with it), their tasks (a child type), and invoices that keep their account. */
    static final class Projects implements RecordTypeProvider {
        static final RecordType PROJECT = new RecordType("project", "projects", "Project", "Projects", "name", List.of(
                builder("name", FieldType.TEXT).required(true).build(),
                builder("account", FieldType.REFERENCE).referenceTo("account").onDelete(DeleteRule.CASCADE).build(),
                builder("parentProject", FieldType.REFERENCE).referenceTo("project").onDelete(DeleteRule.CASCADE).build()));
        static final RecordType TASK = new RecordType("task", "tasks", "Task", "Tasks", "title", List.of(
                builder("title", FieldType.TEXT).required(true).build(),
                builder("project", FieldType.REFERENCE).referenceTo("project").required(true).build(),
                builder("contact", FieldType.REFERENCE).referenceTo("contact").build())).childOf("project");
        static final RecordType INVOICE = new RecordType("invoice", "invoices", "Invoice", "Invoices", "number", List.of(
                builder("number", FieldType.TEXT).required(true).build(),
                builder("account", FieldType.REFERENCE).referenceTo("account").required(true).build()));

        @Override
        public List<RecordType> recordTypes() {
            return List.of(PROJECT, TASK, INVOICE);
        }
    }

    {
        core.metadata.addProvider(new Projects());
    }

    private final Actor admin = core.user("root", Set.of("admin"), Set.of());
    private final Record acme = core.records.create(admin, "account", Map.of("name", "Acme"));
    private final Record wile = core.records.create(admin, "contact", Map.of("lastName", "Coyote", "account", acme.getId()));

    @AfterEach
    void noReferencePointsAtNothing() {
        try {
            assertEquals(List.of(), danglingReferences());
        } finally {
            core.close();
        }
    }

    @Test
    void theDefaultsAreClearForALookupRefuseForARequiredReferenceAndCascadeForAChildsParent() {
        assertEquals(DeleteRule.SET_NULL, core.metadata.requireType("contact").field("account").orElseThrow().getOnDelete());
        assertEquals(DeleteRule.RESTRICT, Projects.INVOICE.field("account").orElseThrow().getOnDelete());
        assertEquals(DeleteRule.CASCADE, Projects.TASK.field("project").orElseThrow().getOnDelete());
        assertNull(Projects.TASK.field("title").orElseThrow().getOnDelete(), "not a reference");
        assertThrows(IllegalArgumentException.class, () -> builder("account", FieldType.REFERENCE).referenceTo("account")
                .required(true).onDelete(DeleteRule.SET_NULL).build(), "a required reference cannot be cleared");
    }

    @Test
    void aClearedReferenceIsAnAuditedUpdateThatListenersHear() {
        Record noted = core.records.create(admin, "activity", Map.of("subject", "Call", "activityType", "Call", "account", acme.getId(),
                "contact", wile.getId()));
        Actor rep = core.user("rep", Set.of("sales"), Set.of());
        core.records.delete(admin, "account", acme.getId(), 1);

        Record contact = core.records.get(admin, "contact", wile.getId());
        assertNull(contact.get("account"));
        assertEquals(2, contact.getVersion());
        assertEquals(wile.getId(), core.records.get(rep, "activity", noted.getId()).get("contact"), "another reference stays");
        Change cleared = core.records.history(admin, "contact", wile.getId(), 1).get(0);
        assertEquals(List.of("UPDATE", "account", acme.getId(), "root"), java.util.Arrays.asList(cleared.operation(), cleared.field(),
                cleared.oldValue(), cleared.actorName()));
        CoreFixture.await("the listeners hear the cleared reference and the delete", () -> core.changesHeard.stream().anyMatch(
                ch -> ch.kind().equals(RecordEvents.UPDATED) && ch.record().getId().equals(wile.getId()) && ch.changedFields().equals(Set.of("account")))
                && core.changesHeard.stream().anyMatch(ch -> ch.kind().equals(RecordEvents.DELETED) && ch.record().getId().equals(acme.getId())));
    }

    @Test
    void aCascadeDeletesItsRecordsAtAnyDepthEachByItsOwnRules() {
        Record site = core.records.create(admin, "project", Map.of("name", "Site", "account", acme.getId()));
        Record phase = core.records.create(admin, "project", Map.of("name", "Phase 2", "parentProject", site.getId()));
        phase = core.records.update(admin, "project", phase.getId(), 1, Map.of("account", acme.getId()));
        core.records.update(admin, "project", site.getId(), 1, Map.of("parentProject", phase.getId())); // a cycle ends too
        Record task = core.records.create(admin, "task", Map.of("title", "Pour concrete", "project", phase.getId(), "contact", wile.getId()));
        Record other = core.records.create(admin, "account", Map.of("name", "Globex"));
        Record elsewhere = core.records.create(admin, "project", Map.of("name", "Elsewhere", "account", other.getId()));

        core.records.delete(admin, "account", acme.getId(), 1);

        for (Record gone : List.of(acme, site, phase, task)) {
            assertThrows(RecordNotFoundException.class, () -> core.records.get(admin, gone.getType(), gone.getId()), gone.getType());
            assertTrue(auditedOperations(gone.getId()).contains("DELETE"), "audited");
        }
        assertEquals(1, core.records.get(admin, "project", elsewhere.getId()).getVersion(), "nothing else touched");
        assertNull(core.records.get(admin, "contact", wile.getId()).get("account"));
        CoreFixture.await("the listeners hear each deleted record", () -> core.changesHeard.stream()
                .filter(ch -> ch.kind().equals(RecordEvents.DELETED)).count() == 4);
    }

    @Test
    void aRestrictingReferenceRefusesTheDeleteAndNothingIsWritten() {
        core.records.create(admin, "project", Map.of("name", "Site", "account", acme.getId()));
        Record invoice = core.records.create(admin, "invoice", Map.of("number", "2026-001", "account", acme.getId()));

        DeleteRestrictedException e = assertThrows(DeleteRestrictedException.class, () -> core.records.delete(admin, "account", acme.getId(), 1));
        assertEquals(List.of(new Deletion.FieldCount("invoice", "account", 1)), e.getDeletion().blockedBy());
        assertTrue(e.getMessage().contains("1 invoice by account"), e.getMessage());
        assertEquals(1, core.records.count(admin, "project", null), "nothing half-written");
        assertEquals(acme.getId(), core.records.get(admin, "contact", wile.getId()).get("account"));

        core.records.delete(admin, "invoice", invoice.getId(), 1);
        core.records.delete(admin, "account", acme.getId(), 1);
        assertEquals(0, core.records.count(admin, "project", null));
    }

    @Test
    void thePreviewTellsWhatTheDeleteWillDoAndChangesNothing() {
        Record site = core.records.create(admin, "project", Map.of("name", "Site", "account", acme.getId()));
        core.records.create(admin, "task", Map.of("title", "Survey", "project", site.getId()));
        core.records.create(admin, "task", Map.of("title", "Build", "project", site.getId()));

        Deletion preview = core.records.deletion(admin, "account", acme.getId());
        assertEquals(new Deletion(true, List.of(), List.of(new Deletion.TypeCount("project", 1), new Deletion.TypeCount("task", 2)),
                List.of(new Deletion.FieldCount("contact", "account", 1))), preview);
        assertEquals(1, core.records.get(admin, "contact", wile.getId()).getVersion());

        core.records.create(admin, "invoice", Map.of("number", "2026-001", "account", acme.getId()));
        Deletion refused = core.records.deletion(admin, "account", acme.getId());
        assertFalse(refused.allowed());
        assertEquals(List.of(new Deletion.FieldCount("invoice", "account", 1)), refused.blockedBy());
    }

    @Test
    void detailsGoWithTheirMasterButOtherCascadesNeedTheRightToDeleteEachRecord() {
        core.policy.create(admin, new RoleDefinition("manager", "Account manager", List.of(
                new Grant(Grant.ANY_TYPE, AccessScope.ALL, true, AccessScope.ALL, AccessScope.NONE),
                new Grant("account", AccessScope.ALL, true, AccessScope.ALL, AccessScope.ALL),
                new Grant("project", AccessScope.ALL, true, AccessScope.ALL, AccessScope.OWN)), List.of(), Set.of(), false, 0));
        Actor manager = core.user("manager", Set.of("manager"), Set.of());
        Record own = core.records.create(manager, "project", Map.of("name", "Own", "account", acme.getId()));
        core.records.create(admin, "task", Map.of("title", "Someone else's task", "project", own.getId()));

        Deletion preview = core.records.deletion(manager, "account", acme.getId());
        assertEquals(List.of(new Deletion.TypeCount("project", 1), new Deletion.TypeCount("task", 1)), preview.deletes(),
                "the task goes with its project, though the manager may not delete tasks");

        Record theirs = core.records.create(admin, "project", Map.of("name", "Not the manager's", "account", acme.getId()));
        assertThrows(AccessDeniedException.class, () -> core.records.deletion(manager, "account", acme.getId()));
        assertThrows(AccessDeniedException.class, () -> core.records.delete(manager, "account", acme.getId(), 1));
        assertEquals(2, core.records.count(admin, "project", null), "nothing half-written");

        core.records.delete(admin, "project", theirs.getId(), 1);
        core.records.delete(manager, "account", acme.getId(), 1);
        assertEquals(0, core.records.count(admin, "task", null));
    }

    @Test
    void anAdministratorSetsACustomReferencesRuleWhenAddingItAndChangesItLater() {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("mainProject", FieldType.REFERENCE).referenceTo("project")
                .onDelete(DeleteRule.RESTRICT).build());
        Record site = core.records.create(admin, "project", Map.of("name", "Site"));
        Record contact = core.records.update(admin, "contact", wile.getId(), 1, Map.of("mainProject", site.getId()));
        assertThrows(DeleteRestrictedException.class, () -> core.records.delete(admin, "project", site.getId(), 1));

        assertEquals(DeleteRule.CASCADE, core.metadata.changeDeleteRule(admin, "contact", "mainProject", DeleteRule.CASCADE)
                .field("mainProject").orElseThrow().getOnDelete());
        try (CoreFixture restarted = new CoreFixture(core.dataSource)) {
            assertEquals(DeleteRule.CASCADE, restarted.metadata.requireType("contact").field("mainProject").orElseThrow().getOnDelete(),
                    "kept across a restart");
        }
        assertEquals(new Deletion.TypeCount("contact", 1), core.records.deletion(admin, "project", site.getId()).deletes().get(0));
        core.records.delete(admin, "project", site.getId(), 1);
        assertThrows(RecordNotFoundException.class, () -> core.records.get(admin, "contact", contact.getId()));

        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("sponsor", FieldType.REFERENCE).referenceTo("account")
                .build());
        assertEquals("onDelete", assertThrows(ValidationException.class, () -> core.metadata.changeDeleteRule(admin, "contact",
                "account", DeleteRule.CASCADE), "a standard field's rule is its capability's").getErrors().get(0).field());
        Actor rep = core.user("rep", Set.of("sales"), Set.of());
        assertThrows(AccessDeniedException.class, () -> core.metadata.changeDeleteRule(rep, "contact", "sponsor", DeleteRule.RESTRICT));
        assertThrows(RecordNotFoundException.class, () -> core.metadata.changeDeleteRule(admin, "contact", "nothing", DeleteRule.RESTRICT));
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("billedTo", FieldType.REFERENCE).referenceTo("account")
                .required(true).build());
        assertEquals("onDelete", assertThrows(ValidationException.class, () -> core.metadata.changeDeleteRule(admin, "contact",
                "billedTo", DeleteRule.SET_NULL), "a required reference cannot be cleared").getErrors().get(0).field());
    }

    /** The operations the audit trail holds for a record, oldest first (its history is gone with it). */
    private List<String> auditedOperations(String id) {
        List<String> operations = new ArrayList<>();
        try (Connection c = core.dataSource.getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT operation FROM rapport_audit WHERE record_id = ? ORDER BY id")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    operations.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return operations;
    }

    /** Every reference value, of every type, that names no record: "type.field = id". */
    private List<String> danglingReferences() {
        List<String> dangling = new ArrayList<>();
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            for (RecordType type : core.metadata.types()) {
                for (FieldDefinition f : type.getFields()) {
                    if (f.getType() != FieldType.REFERENCE) {
                        continue;
                    }
                    String column = Names.column(f.getApiName());
                    try (ResultSet rs = s.executeQuery("SELECT " + column + " FROM " + Names.table(type.getApiName()) + " WHERE " + column
                            + " IS NOT NULL AND " + column + " NOT IN (SELECT id FROM " + Names.table(f.getReferenceTo()) + ")")) {
                        while (rs.next()) {
                            dangling.add(type.getApiName() + "." + f.getApiName() + " = " + rs.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dangling;
    }
}
