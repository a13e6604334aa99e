package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldDefinition.BuildState;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.AccessScope;
import org.rapportcrm.platform.api.security.FieldGrant;
import org.rapportcrm.platform.api.security.Grant;
import org.rapportcrm.platform.api.security.RoleDefinition;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.db.Dialect;

/**
 * An administrator makes a custom field searchable or indexed at runtime, on every database Rapport supports (see the
 * subclasses): the switch answers at once, the field takes effect once its index is built, and switching it off takes
 * effect at once and drops the index.
 */
abstract class FieldIndexingTest {
    @AutoClose
    final CoreFixture core = new CoreFixture(dataSource());
    final Actor admin = Actor.system();

    abstract DataSource dataSource();

    @Test
    void aCustomFieldMadeIndexedIsSortableOnceItsIndexIsBuiltAndNoLongerOnceSwitchedOff() throws SQLException {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("region", FieldType.TEXT).build());
        for (int i = 0; i < 30; i++) {
            core.records.create(admin, "contact", Map.of("lastName", "Contact " + i, "region", "Region " + (i % 7)));
        }
        core.records.modified(CoreFixture.recordsConfig(20));
        assertFalse(core.records.sortableFields(admin, "contact").contains("region"));

        FieldDefinition switched = core.metadata.setFieldIndexing(admin, "contact", "region", null, true).field("region").orElseThrow();
        assertEquals(BuildState.BUILDING, switched.getIndexState());
        assertFalse(switched.isIndexed(), "not in effect before its index is built");
        assertThrows(InvalidQueryException.class, () -> core.records.query(admin, Query.of("contact").sortBy("region", false)));

        core.buildFieldIndexes();

        FieldDefinition ready = core.metadata.type("contact").orElseThrow().field("region").orElseThrow();
        assertEquals(BuildState.READY, ready.getIndexState());
        assertTrue(ready.isIndexed());
        assertTrue(indexExists("ix_rec_contact_f_region_n"));
        assertTrue(core.records.sortableFields(admin, "contact").contains("region"));
        for (boolean descending : new boolean[] {false, true}) {
            List<String> regions = core.records.query(admin, Query.of("contact").sortBy("region", descending).limit(30)).items().stream()
                    .map(r -> (String) r.get("region")).toList();
            Comparator<String> order = descending ? Comparator.<String>reverseOrder() : Comparator.<String>naturalOrder();
            assertEquals(regions.stream().sorted(order).toList(), regions);
        }
        try (CoreFixture restarted = new CoreFixture(core.dataSource)) {
            assertTrue(restarted.metadata.type("contact").orElseThrow().field("region").orElseThrow().isIndexed(), "kept across a restart");
        }

        FieldDefinition off = core.metadata.setFieldIndexing(admin, "contact", "region", null, false).field("region").orElseThrow();
        assertEquals(BuildState.OFF, off.getIndexState());
        assertFalse(core.records.sortableFields(admin, "contact").contains("region"), "off at once");
        core.buildFieldIndexes();
        assertFalse(indexExists("ix_rec_contact_f_region_n"), "its index is dropped");
    }

    @Test
    void aCustomFieldMadeSearchableIsFoundByGlobalSearchOnceBuilt() throws SQLException {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("nickname", FieldType.TEXT).build());
        core.records.create(admin, "contact", Map.of("lastName", "Vega", "nickname", "Zorro"));
        assertEquals(List.of(), core.records.search(admin, "zorr", 10));

        FieldDefinition switched = core.metadata.setFieldIndexing(admin, "contact", "nickname", true, null).field("nickname").orElseThrow();
        assertEquals(BuildState.BUILDING, switched.getSearchState());
        assertFalse(switched.isSearchable());
        core.records.create(admin, "contact", Map.of("lastName", "Diego", "nickname", "Zorrino"));
        core.buildFieldIndexes();

        assertEquals(BuildState.READY, core.metadata.type("contact").orElseThrow().field("nickname").orElseThrow().getSearchState());
        assertEquals(Set.of("Vega", "Diego"), lastNames(core.records.search(admin, "zorr", 10)), "rows from before and during the build");
        core.records.create(admin, "contact", Map.of("lastName", "Later", "nickname", "ZORRO"));
        assertEquals(Set.of("Vega", "Diego", "Later"), lastNames(core.records.search(admin, "zorr", 10)), "and rows written since");
        assertEquals(Set.of("Diego"), lastNames(core.records.search(admin, "zorrin", 10)));
        assertFalse(indexExists("ix_rec_contact_f_nickname_lc"), "the search index finds it: the table needs no index for that");

        core.metadata.setFieldIndexing(admin, "contact", "nickname", null, true);
        core.buildFieldIndexes();
        assertTrue(indexExists("ix_rec_contact_f_nickname_lc"), "indexed too, it is sorted by its lower-cased copy");
        core.records.modified(CoreFixture.recordsConfig(1));
        assertTrue(core.records.sortableFields(admin, "contact").contains("nickname"), "in both directions on a large table");

        core.metadata.setFieldIndexing(admin, "contact", "nickname", false, null);
        assertEquals(List.of(), core.records.search(admin, "zorr", 10), "off at once");
        core.buildFieldIndexes();
        assertFalse(indexExists("ix_rec_contact_f_nickname_lc"));

        core.metadata.setFieldIndexing(admin, "contact", "nickname", true, null);
        core.buildFieldIndexes();
        assertEquals(Set.of("Vega", "Diego", "Later"), lastNames(core.records.search(admin, "zorr", 10)), "and on again");
    }

    @Test
    void aFieldHiddenFromARoleIsNotSearchedForIt() {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("codeName", FieldType.TEXT).build());
        core.metadata.setFieldIndexing(admin, "contact", "codeName", true, null);
        core.buildFieldIndexes();
        core.records.create(admin, "contact", Map.of("lastName", "Smith", "codeName", "Nightingale"));
        core.policy.create(admin, new RoleDefinition("no-code-names", "No code names", List.of(new Grant(Grant.ANY_TYPE, AccessScope.ALL,
                false, AccessScope.NONE, AccessScope.NONE)), List.of(new FieldGrant("contact", "codeName", false, false)), Set.of(), false, 0));
        Actor reader = core.user("reader", Set.of("no-code-names"), Set.of());

        assertEquals(Set.of("Smith"), lastNames(core.records.search(admin, "nighting", 10)));
        assertEquals(List.of(), core.records.search(reader, "nighting", 10));
        assertEquals(Set.of("Smith"), lastNames(core.records.search(reader, "smith", 10)), "the fields it sees are searched");
    }

    @Test
    void onlyAdministratorsSwitchAndOnlyCustomFieldsOfTypesThatCanBeSearchedOrIndexed() {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("score", FieldType.INTEGER).build());
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("notes2", FieldType.LONG_TEXT).build());
        Actor rep = core.user("rep", Set.of("sales"), Set.of());
        assertThrows(AccessDeniedException.class, () -> core.metadata.setFieldIndexing(rep, "contact", "score", null, true));
        assertEquals("searchable", error(() -> core.metadata.setFieldIndexing(admin, "contact", "score", true, null)).field());
        assertEquals("indexed", error(() -> core.metadata.setFieldIndexing(admin, "contact", "notes2", null, true)).field());
        assertEquals("standard", error(() -> core.metadata.setFieldIndexing(admin, "contact", "lastName", false, null)).code());
        assertThrows(RecordNotFoundException.class, () -> core.metadata.setFieldIndexing(admin, "contact", "nothing", true, null));
        assertDoesNotThrow(() -> core.metadata.setFieldIndexing(admin, "contact", "notes2", true, null), "long text goes into the full-text index");
        assertEquals(1, core.tasks.size(), "only the accepted switch is built");
    }

    private static FieldError error(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(ValidationException.class, call).getErrors().get(0);
    }

    static Set<String> lastNames(List<Record> found) {
        return found.stream().map(r -> (String) r.get("lastName")).collect(java.util.stream.Collectors.toSet());
    }

    boolean indexExists(String name) throws SQLException {
        try (Connection c = core.dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c);
            return dialect.indexNames(c, "rec_contact").contains(dialect.stored(name));
        }
    }
}
