package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.StaleVersionException;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.view.ListView;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;

/**
 * Saved list views on every database Rapport supports (see the subclasses): private ones only their owner sees, shared
 * ones everyone who reads the type sees and only settings managers change, each checked when saved; and an index for
 * every shared view's shape, there while a shared view needs it.
 */
abstract class ListViewTest {
    final CoreFixture core = new CoreFixture(dataSource());
    final Actor admin = core.user("root", Set.of("admin"), Set.of());
    final Actor alice = core.user("alice", Set.of("sales"), Set.of());
    private final Actor bob = core.user("bob", Set.of("sales"), Set.of());

    abstract DataSource dataSource();

    @AfterEach
    void close() {
        core.close();
    }

    static ListView view(String name, String filter, String sort, boolean shared) {
        return ListView.of("contact", name, List.of("lastName", "email", "updatedAt"), filter, sort, shared);
    }

    @Test
    void aPrivateViewIsItsOwnersAlone() {
        ListView mine = core.views.create(alice, view("My Webers", "lastName eq 'Weber'", "-updatedAt", false));

        assertEquals(1, mine.version());
        assertEquals(alice.userId(), mine.ownerId());
        assertEquals(List.of(mine), core.views.views(alice, "contact"));
        assertEquals(List.of(), core.views.views(bob, "contact"));
        assertTrue(core.views.view(bob, mine.id()).isEmpty());
        assertThrows(RecordNotFoundException.class, () -> core.views.update(bob, mine.id(), 1, view("Taken", null, null, false)));
        assertThrows(RecordNotFoundException.class, () -> core.views.delete(bob, mine.id(), 1));
        assertTrue(core.views.views(admin, "contact").isEmpty(), "not even an administrator lists another's private views");

        ListView renamed = core.views.update(alice, mine.id(), 1, view("Webers", "lastName eq 'Weber'", "lastName", false));
        assertEquals(2, renamed.version());
        assertEquals("lastName", core.views.view(alice, mine.id()).orElseThrow().sort());
        assertThrows(StaleVersionException.class, () -> core.views.update(alice, mine.id(), 1, view("Old", null, null, false)));
        assertThrows(StaleVersionException.class, () -> core.views.delete(alice, mine.id(), 1));
        core.views.delete(alice, mine.id(), 2);
        assertTrue(core.views.views(alice, "contact").isEmpty());
    }

    @Test
    void sharedViewsAreSeenByEveryReaderAndChangedOnlyWithTheManageSettingsPermission() {
        AccessDeniedException refused = assertThrows(AccessDeniedException.class,
                () -> core.views.create(alice, view("Everyone's Webers", "lastName eq 'Weber'", "-updatedAt", true)));
        assertEquals("shared", refused.getField());
        ListView shared = core.views.create(admin, view("Germany", "country eq 'Germany'", "lastName", true));
        ListView own = core.views.create(alice, view("Mine", null, "-createdAt", false));

        assertEquals(List.of(own, shared), core.views.views(alice, "contact"), "own views first, then the shared ones");
        assertEquals(List.of(shared), core.views.views(bob, "contact"));
        assertThrows(AccessDeniedException.class, () -> core.views.update(alice, shared.id(), 1, view("Mine now", null, null, false)));
        assertThrows(AccessDeniedException.class, () -> core.views.delete(bob, shared.id(), 1));
        assertThrows(AccessDeniedException.class, () -> core.views.update(alice, own.id(), 1, view("Mine", null, null, true)),
                "making a view shared is sharing it");
        core.views.delete(admin, shared.id(), 1);
        assertEquals(List.of(own), core.views.views(alice, "contact"));
    }

    @Test
    void aViewIsCheckedWhenSavedNamingTheField() {
        Map<String, ListView> bad = new HashMap<>();
        bad.put("name", view("  ", null, null, false));
        bad.put("columns", ListView.of("contact", "Columns", List.of("lastName", "shoeSize"), null, null, false));
        bad.put("filter", view("Filter", "lastName eq", null, false));
        bad.put("sort", view("Sort", null, "-description", false));
        for (Map.Entry<String, ListView> e : bad.entrySet()) {
            ValidationException refused = assertThrows(ValidationException.class, () -> core.views.create(alice, e.getValue()), e.getKey());
            assertEquals(e.getKey(), refused.getErrors().get(0).field(), refused.getErrors().toString());
        }
        assertEquals("filter", assertThrows(ValidationException.class,
                () -> core.views.create(alice, view("Unknown field", "shoeSize eq 4", null, false))).getErrors().get(0).field());
        assertEquals("filter", assertThrows(ValidationException.class,
                () -> core.views.create(alice, view("Not a date", "birthdate gt 'soon'", null, false))).getErrors().get(0).field());
        assertEquals("recordType", assertThrows(ValidationException.class,
                () -> core.views.create(alice, ListView.of("spaceship", "Ships", List.of(), null, null, false))).getErrors().get(0).field());
        assertTrue(core.views.views(alice, "contact").isEmpty(), "nothing half-saved");
    }

    @Test
    void ownerEqMeListsTheRecordsOfWhoeverOpensTheView() {
        core.records.create(alice, "contact", Map.of("lastName", "Adler"));
        core.records.create(bob, "contact", Map.of("lastName", "Berg"));
        ListView mine = core.views.create(admin, view("My contacts", "owner eq me", "-createdAt", true));

        for (Actor user : List.of(alice, bob)) {
            List<Record> listed = core.records.query(user, Query.of("contact").where(FilterExpression.parse(mine.filter()))
                    .sortBy("createdAt", true)).items();
            assertEquals(1, listed.size());
            assertEquals(user.userId(), listed.get(0).getOwner());
        }
    }

    @Test
    void aSharedViewGetsAnIndexServingItsShapeUntilTheLastSharedViewOfThatShapeGoes() {
        Set<String> before = indexNames();
        ListView webers = core.views.create(admin, view("Webers", "lastName eq 'Weber'", "-updatedAt", true));
        Set<String> added = added(before);
        assertEquals(1, added.size(), added.toString());
        assertTrue(added.iterator().next().startsWith(TableIndexes.SHAPE_INDEX_PREFIX + "rec_contact_"), added.toString());

        ListView otherWebers = core.views.create(admin, view("Webers again", "lastName eq 'Weber' and email notempty", "-updatedAt", true));
        core.views.create(admin, view("Germans", "country eq 'Germany'", "lastName", true));
        core.views.create(alice, view("Mine by birthdate", null, "birthdate", false));
        assertEquals(added, added(before), "the same shape, one an index of the type already serves, and a private view add none");

        core.views.delete(admin, webers.id(), 1);
        assertEquals(added, added(before), "another shared view still needs it");
        core.views.update(admin, otherWebers.id(), 1, view("Webers, private now", "lastName eq 'Weber'", "-updatedAt", false));
        assertEquals(Set.of(), added(before), "dropped with the last shared view that needed it");
    }

    @Test
    void aSharedViewsIndexServesItsOrderOnALargeTableWhereAPrivateOneIsRefused() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(Map.of("lastName", i % 2 == 0 ? "Weber" : "Berg" + i, "birthdate", "19" + (50 + i) + "-01-01"));
        }
        core.records.createAll(admin, "contact", rows);
        core.records.modified(CoreFixture.recordsConfig(20));
        Query byBirthdate = Query.of("contact").sortBy("birthdate", true);
        assertEquals("sort", assertThrows(InvalidQueryException.class, () -> core.records.query(alice, byBirthdate)).getParameter());

        core.views.create(admin, view("Youngest first", null, "-birthdate", true));

        List<String> dates = assertDoesNotThrow(() -> core.records.query(alice, byBirthdate.limit(30))).items().stream()
                .map(r -> r.get("birthdate").toString()).toList();
        assertEquals(dates.stream().sorted((a, b) -> b.compareTo(a)).toList(), dates);
        assertTrue(core.records.sortableFields(alice, "contact").contains("birthdate") == core.database.dialect().scansIndexesBackward(),
                "offered in both directions only where one index serves both");
    }

    private Set<String> indexNames() {
        return core.database.read(c -> core.database.dialect().indexNames(c, "rec_contact")).stream()
                .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private Set<String> added(Set<String> before) {
        Set<String> now = new TreeSet<>(indexNames());
        now.removeAll(before);
        return now;
    }
}
