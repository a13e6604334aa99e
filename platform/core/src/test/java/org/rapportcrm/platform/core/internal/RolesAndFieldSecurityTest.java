package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.search.SearchIndex;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;
import org.rapportcrm.platform.core.internal.transfer.CsvExport;
import org.rapportcrm.platform.core.internal.transfer.ExportServiceImpl;

/** Administrators define roles at runtime, down to single fields, and every read and write honours them at once. */
abstract class RolesAndFieldSecurityTest {
    private final CoreFixture core = new CoreFixture(dataSource());

    /** The database the test runs on: Derby, and PostgreSQL where one is given (see the subclasses). */
    abstract javax.sql.DataSource dataSource();

    @AfterEach
    void close() {
        core.close();
    }
    private final Actor admin = core.user("root", Set.of("admin"), Set.of());
    /** Support agents: read contacts but not their birthdate, may not change their email; may export. */
    private final RoleDefinition agentRole = core.policy.create(admin, new RoleDefinition("agent", "Support agent",
            List.of(new Grant(Grant.ANY_TYPE, AccessScope.ALL, false, AccessScope.NONE, AccessScope.NONE),
                    new Grant("contact", AccessScope.ALL, true, AccessScope.ALL, AccessScope.NONE)),
            List.of(new FieldGrant("contact", "birthdate", false, false), new FieldGrant("contact", "email", true, false)),
            Set.of(Permission.EXPORT), false, 0));
    private final Actor agent = core.user("agnes", Set.of("agent"), Set.of());
    private final Record ada = core.records.create(admin, "contact", Map.of("firstName", "Ada", "lastName", "Lovelace",
            "email", "ada@engines.example", "birthdate", "1815-12-10"));

    @Test
    void aHiddenFieldIsAbsentFromEveryRead() throws IOException {
        assertFalse(core.records.get(agent, "contact", ada.getId()).getValues().containsKey("birthdate"));
        assertFalse(core.records.query(agent, Query.of("contact")).items().get(0).getValues().containsKey("birthdate"));
        assertFalse(core.records.search(agent, "lovelace", 5).get(0).getValues().containsKey("birthdate"));
        assertTrue(core.records.get(admin, "contact", ada.getId()).getValues().containsKey("birthdate"), "others still see it");

        ExportServiceImpl exports = new ExportServiceImpl(core.records, core.metadata, core.policy, core.files);
        exports.addFormat(new CsvExport());
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        exports.export(agent, Query.of("contact"), "text/csv", csv);
        String header = csv.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        assertFalse(header.contains("birthdate"), header);
        assertTrue(header.contains("email"), header);
    }

    @Test
    void aHiddenFieldCannotBeProbedByFilterSortOrHistory() {
        InvalidQueryException filter = assertThrows(InvalidQueryException.class, () -> core.records.query(agent,
                Query.of("contact").where(FilterExpression.parse("birthdate lt '1900-01-01'"))));
        InvalidQueryException unknown = assertThrows(InvalidQueryException.class, () -> core.records.query(agent,
                Query.of("contact").where(FilterExpression.parse("nosuchfield lt '1900-01-01'"))));
        assertEquals(unknown.getMessage().replace("nosuchfield", "birthdate"), filter.getMessage(), "answered as if it did not exist");
        assertThrows(InvalidQueryException.class, () -> core.records.query(agent, Query.of("contact").sortBy("birthdate", false)));
        assertThrows(InvalidQueryException.class, () -> core.records.count(agent, "contact", Filter.eq("birthdate", "1815-12-10")));

        core.records.update(admin, "contact", ada.getId(), 1, Map.of("birthdate", "1815-12-11", "title", "Countess"));
        List<String> fields = core.records.history(agent, "contact", ada.getId(), 10).stream().map(c -> String.valueOf(c.field())).toList();
        assertTrue(fields.contains("title") && !fields.contains("birthdate"), fields.toString());
    }

    @Test
    void aHiddenFieldIsNotFoundBySearchEvenThroughTheIndex() {
        core.records.addSearchIndex(new SearchIndex() {
            @Override
            public boolean covers(String type) {
                return type.equals("contact");
            }

            @Override
            public List<String> find(String type, String text, int offset, int limit) {
                return offset == 0 && text.equals("secret") ? List.of(ada.getId()) : List.of(); // as if a hidden field matched
            }
        }, "test");
        assertEquals(1, core.records.search(admin, "secret", 5).size());
        assertEquals(0, core.records.search(core.user("hidy", Set.of("hidden-email"), Set.of()), "secret", 5).size(),
                "who may not see a searchable field is searched over the fields they see");
    }

    {
        core.policy.create(admin, new RoleDefinition("hidden-email", "No e-mail", List.of(new Grant(Grant.ANY_TYPE, AccessScope.ALL, false,
                AccessScope.NONE, AccessScope.NONE)), List.of(new FieldGrant("contact", "email", false, false)), Set.of(), false, 0));
    }

    @Test
    void aReadOnlyFieldIsRefusedNamingItButMaySentBackUnchanged() {
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> core.records.update(agent, "contact", ada.getId(), 1, Map.of("email", "new@engines.example")));
        assertEquals("email", e.getField());
        Record saved = core.records.update(agent, "contact", ada.getId(), 1, Map.of("email", "ada@engines.example", "title", "Countess"));
        assertEquals("Countess", saved.get("title"));
        assertEquals("email", assertThrows(AccessDeniedException.class,
                () -> core.records.create(agent, "contact", Map.of("lastName", "Byron", "email", "b@x.example"))).getField());
        assertEquals("unknown", assertThrows(ValidationException.class,
                () -> core.records.create(agent, "contact", Map.of("lastName", "Byron", "birthdate", "1800-01-01"))).getErrors().get(0).code(),
                "a hidden field is as unknown as one that does not exist");
        assertEquals("1815-12-10", String.valueOf(core.records.get(admin, "contact", ada.getId()).get("birthdate")), "kept through the update");
    }

    @Test
    void aChangedRoleAppliesAtOnceToEveryoneWithIt() {
        RoleDefinition current = core.policy.role(admin, "agent").orElseThrow();
        core.policy.update(admin, "agent", current.version(), new RoleDefinition("agent", "Support agent", current.grants(),
                List.of(), Set.of(), false, 0));
        assertTrue(core.records.get(agent, "contact", ada.getId()).getValues().containsKey("birthdate"));
        assertThrows(StaleVersionException.class, () -> core.policy.update(admin, "agent", current.version(), current),
                "two administrators editing at once: the second is told");
    }

    @Test
    void builtInRolesCanBeChangedAndResetButNotDeletedAndAdminStaysAllPowerful() {
        Actor rep = core.user("rep", Set.of("sales"), Set.of());
        RoleDefinition sales = core.policy.role(admin, "sales").orElseThrow();
        assertEquals(1, sales.version());
        assertFalse(core.policy.hasPermission(rep, Permission.EXPORT));
        core.policy.update(admin, "sales", 1, new RoleDefinition("sales", "Sales", sales.grants(), List.of(), Set.of(Permission.EXPORT), true, 0));
        assertTrue(core.policy.hasPermission(rep, Permission.EXPORT));
        assertEquals(2, core.policy.role(admin, "sales").orElseThrow().version());
        assertEquals("builtIn", assertThrows(ValidationException.class, () -> core.policy.delete(admin, "sales", 2)).getErrors().get(0).code());
        core.policy.reset(admin, "sales");
        assertFalse(core.policy.hasPermission(rep, Permission.EXPORT));
        assertThrows(AccessDeniedException.class, () -> core.policy.update(admin, "admin", 1, core.policy.role(admin, "admin").orElseThrow()));
    }

    @Test
    void aRoleInUseIsNotDeletedAndOnlyAdministratorsChangeRoles() {
        assertEquals("inUse", assertThrows(ValidationException.class, () -> core.policy.delete(admin, "agent", agentRole.version()))
                .getErrors().get(0).code());
        core.users.updateUser(admin, agent.userId(), null, null, null, Set.of("read-only"), null);
        core.policy.delete(admin, "agent", agentRole.version());
        assertTrue(core.policy.role(admin, "agent").isEmpty());
        assertThrows(AccessDeniedException.class, () -> core.policy.create(agent, agentRole));
    }

    @Test
    void aRoleThatDoesNotMakeSenseIsRefusedNamingWhatIsWrong() {
        ValidationException e = assertThrows(ValidationException.class, () -> core.policy.create(admin, new RoleDefinition("Bad Name", "",
                List.of(new Grant("unicorn", AccessScope.ALL, false, AccessScope.NONE, AccessScope.NONE)),
                List.of(new FieldGrant("contact", "lastName", false, false), new FieldGrant("contact", "shoeSize", true, true)),
                Set.of("fly"), false, 0)));
        assertEquals(Set.of("name", "label", "grants", "fields", "permissions"),
                e.getErrors().stream().map(x -> x.field()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void anotherNodeSeesARoleChangeWithinItsRecheckTime() {
        AccessPolicy otherNode = new AccessPolicy(core.metadata, core.database, Configs.of(AccessPolicy.Config.class, Map.of("recheckSeconds", 0)));
        assertEquals(Set.of("birthdate"), otherNode.access(agent, "contact").hiddenFields());
        RoleDefinition current = core.policy.role(admin, "agent").orElseThrow();
        core.policy.update(admin, "agent", current.version(), new RoleDefinition("agent", "Support agent", current.grants(), List.of(),
                Set.of(), false, 0));
        assertEquals(Set.of(), otherNode.access(agent, "contact").hiddenFields());
    }
}
