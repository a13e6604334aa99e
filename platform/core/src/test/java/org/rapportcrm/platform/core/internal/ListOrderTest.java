package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The list orders a user can ask for, on every database Rapport supports (see the subclasses): each record once, in
 * order, page after page, in both directions; and the orders no index serves refused once a table is large.
 */
abstract class ListOrderTest {
    private final CoreFixture core = new CoreFixture(dataSource());
    private final Actor admin = Actor.system();

    abstract DataSource dataSource();

    /**
     * What each order sorts by, before the id that breaks ties: searchable text case-insensitively, an indexed field
     * (country) and then the name, empty values after all others ascending (and so first descending).
     */
    private static final Map<String, List<Function<Record, Comparable<?>>>> KEYS = Map.of(
            "lastName", List.of(r -> lower(r.get("lastName"))),
            "firstName", List.of(r -> lower(r.get("firstName"))),
            "email", List.of(r -> lower(r.get("email"))),
            "country", List.of(r -> (String) r.get("country"), r -> lower(r.get("lastName"))),
            "birthdate", List.of(r -> (LocalDate) r.get("birthdate")),
            "doNotCall", List.of(r -> (Boolean) r.get("doNotCall")),
            "account", List.of(r -> (String) r.get("account")),
            "createdAt", List.of(Record::getCreatedAt),
            "updatedAt", List.of(Record::getUpdatedAt));

    private static String lower(Object text) {
        return text == null ? null : text.toString().toLowerCase(Locale.ROOT);
    }

    /** 26 contacts with many equal values and empty ones in every sorted field; created in one batch, so at the same instant. */
    private List<Record> contacts() {
        String acme = core.records.create(admin, "account", Map.of("name", "Acme")).getId();
        String globex = core.records.create(admin, "account", Map.of("name", "Globex")).getId();
        String[] last = {"berg", "Berg", "adler", "Zeller", "mayer", "Mayer", "otto"};
        String[] first = {"anna", "Bert", "anna", "cleo"};
        String[] countries = {"Germany", "France", "Germany", "Italy"};
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            Map<String, Object> v = new HashMap<>();
            v.put("lastName", last[i % last.length]);
            v.put("doNotCall", i % 3 == 0);
            putUnless(v, i % 3 == 1, "firstName", first[i % first.length]);
            putUnless(v, i % 4 == 2, "email", (i % 2 == 0 ? "same" : "p" + i) + "@example.com");
            putUnless(v, i % 5 == 1, "country", countries[i % countries.length]);
            putUnless(v, i % 2 == 1, "birthdate", LocalDate.of(1980 + i % 3, 1, 1));
            putUnless(v, i % 3 == 2, "account", i % 2 == 0 ? acme : globex);
            rows.add(v);
        }
        List<Record> created = new ArrayList<>(core.records.createAll(admin, "contact", rows).created());
        // A few later changes, so the update times differ.
        for (int i = 0; i < 5; i++) {
            Record r = created.get(i * 5);
            created.set(i * 5, core.records.update(admin, "contact", r.getId(), r.getVersion(), Map.of("title", "changed " + i)));
        }
        return created;
    }

    private static void putUnless(Map<String, Object> values, boolean empty, String field, Object value) {
        if (!empty) {
            values.put(field, value);
        }
    }

    @Test
    void everyOrderPagesThroughEachRecordOnceEmptyValuesLastAscendingAndFirstDescending() {
        List<Record> contacts = contacts();
        for (Map.Entry<String, List<Function<Record, Comparable<?>>>> order : KEYS.entrySet()) {
            List<String> expected = contacts.stream().sorted(byKey(order.getValue())).map(Record::getId).toList();
            assertEquals(expected, pageThrough(order.getKey(), false, 4), "sort " + order.getKey());
            List<String> reversed = new ArrayList<>(expected);
            Collections.reverse(reversed);
            assertEquals(reversed, pageThrough(order.getKey(), true, 4), "sort -" + order.getKey());
            assertEquals(reversed, pageThrough(order.getKey(), true, 1), "sort -" + order.getKey() + ", one per page");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Record> byKey(List<Function<Record, Comparable<?>>> key) {
        Comparator<Record> order = (a, b) -> 0;
        for (Function<Record, Comparable<?>> part : key) {
            order = order.thenComparing(r -> (Comparable) part.apply(r), Comparator.nullsLast(Comparator.naturalOrder()));
        }
        return order.thenComparing(Record::getId);
    }

    private List<String> pageThrough(String sort, boolean descending, int pageSize) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Record> page = core.records.query(admin, Query.of("contact").sortBy(sort, descending).limit(pageSize).after(cursor));
            page.items().forEach(r -> seen.add(r.getId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return seen;
    }

    @Test
    void rowsWrittenBySqlWithFinerTimesThanRapportsPageThroughOnceByTheirChangeTime() throws Exception {
        List<String> ids = contacts().stream().map(Record::getId).sorted().toList();
        try (Connection c = core.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE rec_contact SET updated_at = ?")) {
            ps.setTimestamp(1, Timestamp.from(Instant.parse("2026-12-07T13:26:50.556569Z")));
            ps.executeUpdate();
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        // Bounded: a cursor cut to milliseconds started every page again at the first of these rows.
        for (int pages = 0; pages <= ids.size() / 4 + 1; pages++) {
            Page<Record> page = core.records.query(admin, Query.of("contact").sortBy("updatedAt", false).limit(4).after(cursor));
            page.items().forEach(r -> seen.add(r.getId()));
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        assertEquals(ids, seen);
    }

    @Test
    void aPageContinuesAfterTheLastRowOfThePreviousOneEvenIfThatRowIsGone() {
        contacts();
        Query byCountry = Query.of("contact").sortBy("country", true).limit(5);
        Page<Record> first = core.records.query(admin, byCountry);
        List<String> expectedNext = core.records.query(admin, byCountry.limit(10)).items().subList(5, 10).stream().map(Record::getId).toList();
        Record last = first.items().get(4);
        core.records.delete(admin, "contact", last.getId(), last.getVersion());

        assertEquals(expectedNext, core.records.query(admin, byCountry.after(first.nextCursor())).items().stream().map(Record::getId).toList());
    }

    @Test
    void aCursorKeepsItsOrder() {
        contacts();
        String cursor = core.records.query(admin, Query.of("contact").sortBy("lastName", false).limit(3)).nextCursor();
        for (Query other : List.of(Query.of("contact").sortBy("lastName", true), Query.of("contact").sortBy("country", false),
                Query.of("contact"), Query.of("contact").sortBy("lastName", false).after(cursor + "x"))) {
            InvalidQueryException e = assertThrows(InvalidQueryException.class,
                    () -> core.records.query(admin, (other.cursor() == null ? other.after(cursor) : other).limit(3)));
            assertEquals("cursor", e.getParameter());
        }
    }

    @Test
    void aSortNoIndexServesIsRefusedOnALargeTableUnlessTheFilterPicksItsRowsByAnIndex() {
        List<Record> contacts = contacts();
        assertDoesNotThrow(() -> core.records.query(admin, Query.of("contact").sortBy("birthdate", false)), "a small table is sorted");
        assertTrue(core.records.sortableFields(admin, "contact").containsAll(List.of("birthdate", "phone", "doNotCall")));

        core.records.modified(CoreFixture.recordsConfig(20));

        InvalidQueryException refused = assertThrows(InvalidQueryException.class,
                () -> core.records.query(admin, Query.of("contact").sortBy("birthdate", true)));
        assertEquals("sort", refused.getParameter());
        assertTrue(refused.getMessage().contains("more than 20 contacts"), refused.getMessage());
        assertThrows(InvalidQueryException.class, () -> query("firstName sw 'a'", "birthdate"), "a prefix may match most rows");
        for (String sort : List.of("lastName", "country", "createdAt", "updatedAt")) {
            for (boolean descending : new boolean[] {false, true}) {
                assertDoesNotThrow(() -> core.records.query(admin, Query.of("contact").sortBy(sort, descending)), sort);
            }
        }
        assertDoesNotThrow(() -> core.records.query(admin, Query.of("contact").sortBy("email", false)), "addresses keep an index for lookups");
        assertEquals("sort", assertThrows(InvalidQueryException.class,
                () -> core.records.query(admin, Query.of("contact").sortBy("firstName", false))).getParameter(),
                "searchable text that is not indexed is left to the search index");
        String account = (String) contacts.stream().filter(r -> r.get("account") != null).findFirst().orElseThrow().get("account");
        assertDoesNotThrow(() -> query("account eq '" + account + "'", "birthdate"), "a related list sorts its few rows");
        assertDoesNotThrow(() -> query("country eq 'Germany' or country eq 'Italy'", "birthdate"), "an indexed field picks the rows");
        assertDoesNotThrow(() -> query("lastName eq 'Berg'", "-birthdate"), "searchable text picks the rows by its lower-case index");

        List<String> sortable = core.records.sortableFields(admin, "contact");
        assertTrue(sortable.containsAll(List.of("lastName", "country", "createdAt", "updatedAt")), sortable.toString());
        assertEquals(core.database.dialect().scansIndexesBackward(), sortable.contains("email"),
                "one index serves both directions only where the database reads it backwards");
        assertFalse(sortable.contains("firstName") || sortable.contains("birthdate") || sortable.contains("phone")
                || sortable.contains("doNotCall"), sortable.toString());
        assertFalse(sortable.contains("description"), "long text is never sorted");

        core.records.modified(CoreFixture.recordsConfig(1000));
        assertDoesNotThrow(() -> core.records.query(admin, Query.of("contact").sortBy("birthdate", true)));
    }

    private Page<Record> query(String filter, String sort) {
        boolean descending = sort.startsWith("-");
        return core.records.query(admin, Query.of("contact").where(FilterExpression.parse(filter))
                .sortBy(descending ? sort.substring(1) : sort, descending));
    }

    @Test
    void anExistingTableGetsTheIndexesOfThisVersionAtTheNextStart() throws Exception {
        contacts();
        Set<String> before = core.database.read(c -> core.database.dialect().indexNames(c, "rec_contact"));
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String index : List.of("ix_rec_contact_created", "ix_rec_contact_created_d")) {
                if (before.contains(core.database.dialect().stored(index))) {
                    s.execute("DROP INDEX " + index);
                }
            }
        }
        assertFalse(core.database.read(c -> core.database.dialect().indexNames(c, "rec_contact")).contains(core.database.dialect().stored("ix_rec_contact_created")));

        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            // What earlier versions made for every searchable text field: its lower-cased copy in order.
            s.execute("CREATE INDEX ix_rec_contact_f_first_name_lc ON rec_contact (f_first_name_lc, id)");
        }

        CoreFixture restarted = new CoreFixture(core.dataSource);

        assertEquals(before, restarted.database.read(c -> restarted.database.dialect().indexNames(c, "rec_contact")),
                "the missing ones added, the retired one dropped");
        assertEquals(26, restarted.records.query(admin, Query.of("contact").sortBy("createdAt", true).limit(100)).items().size());
    }
}
