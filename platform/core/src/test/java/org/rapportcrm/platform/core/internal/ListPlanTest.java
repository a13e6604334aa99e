package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.view.ListView;

/**
 * Every order the console offers on a large table is read from an index, first page and deep pages alike, ascending and
 * descending: Derby's own account of each query the store runs shows an index read, no sort and only the page's rows
 * visited. (Derby reads indexes only forwards and would rather sort the table than walk an index for a page, so it is
 * the database to check; the benchmark shows PostgreSQL's plans at a million rows.)
 */
class ListPlanTest {
    private static final int PAGE = 20;
    private final DerbyPlans plans = new DerbyPlans(CoreFixture.memoryDataSource());
    private final CoreFixture core = new CoreFixture(plans.dataSource());
    private final Actor admin = Actor.system();

    @BeforeEach
    void contacts() {
        String[] last = {"Berg", "Mayer", "Adler", "Meier", "Zeller", "Moser", "Weber", "Klein"};
        String[] countries = {"Germany", "France", "Germany", "Italy", "Spain"};
        for (int batch = 0; batch < 4; batch++) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                Map<String, Object> v = new HashMap<>(Map.of("lastName", last[n % last.length] + (n % 11), "birthdate", LocalDate.of(1970 + n % 40, 1, 1)));
                if (n % 4 != 0) {
                    v.put("firstName", "First" + (n % 13));
                    v.put("email", "p" + n + "@example.com");
                }
                if (n % 6 != 0) {
                    v.put("country", countries[n % countries.length]);
                }
                rows.add(v);
            }
            core.records.createAll(admin, "contact", rows);
        }
        // Large enough that a sort without an index is refused: the console offers only the orders checked here.
        core.records.modified(CoreFixture.recordsConfig(100));
    }

    @Test
    void everyOfferedOrderReadsOnlyItsPageFromAnIndex() {
        List<String> offered = core.records.sortableFields(admin, "contact");
        // Searchable text that is neither the name nor indexed (a first name) has no index; an address has one for
        // lookups, ascending only, which Derby cannot read backwards: neither is offered on a large table.
        assertEquals(List.of("lastName", "country", "createdAt", "updatedAt"), offered);
        for (String field : offered) {
            for (boolean descending : new boolean[] {false, true}) {
                Query query = Query.of("contact").sortBy(field, descending);
                assertReadsOnlyThePage(query, (descending ? "-" : "") + field);
            }
        }
        assertReadsOnlyThePage(Query.of("contact"), "the default order (id)");
    }

    @Test
    void filtersOnIndexedFieldsInNameOrderReadOnlyTheirPage() {
        assertReadsOnlyThePage(Query.of("contact").where(FilterExpression.parse("country eq 'Germany'")).sortBy("lastName", false),
                "country eq 'Germany', sort lastName");
        assertReadsOnlyThePage(Query.of("contact").where(FilterExpression.parse("country eq 'Germany'")).sortBy("lastName", true),
                "country eq 'Germany', sort -lastName");
    }

    /**
     * The shapes of typical shared views, each read from the index the platform made (or had) for it: an equality on
     * searchable text or a field, the current user's records, a yes/no field, each in a date or name order.
     */
    @Test
    void eachSharedViewsListReadsOnlyItsPageFromTheIndexMadeForIt() {
        Actor ada = core.user("ada", Set.of("admin"), Set.of());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            rows.add(Map.of("lastName", n % 3 == 0 ? "Weber" : "Weiss" + n, "country", n % 2 == 0 ? "Germany" : "Austria",
                    "doNotCall", n % 4 == 0));
        }
        core.records.createAll(ada, "contact", rows);
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("lastName eq 'Weber'", "-updatedAt");
        shapes.put("country eq 'Germany'", "lastName");
        shapes.put("owner eq me", "-createdAt");
        shapes.put("doNotCall eq true", "-createdAt");
        shapes.put("lastName eq 'Weber' and country eq 'Germany'", "createdAt");
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            core.views.create(ada, ListView.of("contact", shape.getKey(), List.of(), shape.getKey(),
                    shape.getValue(), true));
            boolean descending = shape.getValue().startsWith("-");
            Query query = Query.of("contact").where(FilterExpression.parse(shape.getKey()))
                    .sortBy(descending ? shape.getValue().substring(1) : shape.getValue(), descending);
            assertReadsOnlyThePage(ada, query, shape.getKey() + " sort " + shape.getValue());
        }
    }

    /**
     * A prefix and the cursor both bound the same column, and Derby starts reading at the prefix's bound: a deep page
     * visits the index entries of the matching rows before it (not the table's rows, and without a sort).
     */
    @Test
    void aStartsWithFilterInItsOwnOrderReadsItsIndexWithoutASort() {
        for (boolean descending : new boolean[] {false, true}) {
            Query query = Query.of("contact").where(FilterExpression.parse("lastName sw 'm'")).sortBy("lastName", descending).limit(PAGE);
            String cursor = core.records.query(admin, query.limit(3 * PAGE)).nextCursor();
            plans.take();
            assertEquals(PAGE, core.records.query(admin, query.after(cursor)).items().size());
            for (DerbyPlans.Plan plan : plans.take()) {
                assertFalse(plan.sorts() || plan.scansTable(), plan.text());
                assertEquals(List.of("IX_REC_CONTACT_F_LAST_NAME_LC" + (descending ? "_D" : "")), plan.indexes(), plan.text());
            }
        }
    }

    /** The first page and a page deep into the list: each query an index read without a sort, visiting about the page. */
    private void assertReadsOnlyThePage(Query query, String what) {
        assertReadsOnlyThePage(admin, query, what);
    }

    private void assertReadsOnlyThePage(Actor actor, Query query, String what) {
        String deepCursor = null;
        for (int page = 0; page < 2; page++) {
            deepCursor = core.records.query(actor, query.limit(PAGE).after(deepCursor)).nextCursor();
        }
        for (String cursor : new String[] {null, deepCursor}) {
            plans.take();
            Page<Record> page = core.records.query(actor, query.limit(PAGE).after(cursor));
            List<DerbyPlans.Plan> ran = plans.take();
            String where = what + (cursor == null ? ", first page" : ", third page");
            assertEquals(PAGE, page.items().size(), where);
            assertFalse(ran.isEmpty(), where);
            long visited = 0;
            for (DerbyPlans.Plan plan : ran) {
                assertFalse(plan.sorts() || plan.scansTable(), where + ": " + plan.sql() + "\n" + plan.text());
                assertEquals(1, plan.indexes().size(), where + ": " + plan.text());
                visited += plan.rowsVisited();
            }
            // One more row than the page tells whether there is a next one; each range may look at one row past its end.
            assertTrue(visited <= PAGE + 1 + ran.size(), where + ": " + visited + " rows visited by " + ran);
        }
    }
}
