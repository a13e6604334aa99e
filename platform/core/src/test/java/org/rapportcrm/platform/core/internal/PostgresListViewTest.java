package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;
import org.rapportcrm.platform.core.internal.record.ListShapes;

@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresListViewTest extends ListViewTest {
    @Override
    DataSource dataSource() {
        return PostgresRecordServiceTest.schema();
    }

    /**
     * PostgreSQL knows the exact text of an eq on searchable text follows from its lower-cased column: it took the two
     * as independent, expected a twentieth of the matching rows and so sorted them all rather than read the page of a
     * shared view from its index (8.2 ms instead of 0.1 ms for 1,061 Webers among 100,000 contacts).
     */
    @Test
    void thePlannerExpectsAsManyRowsOfAnEqOnSearchableTextAsThereAre() throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(Map.of("lastName", i % 20 == 0 ? "Weber" : "Name" + i % 20));
        }
        core.records.createAll(admin, "contact", rows);
        core.views.create(admin, view("Webers", "lastName eq 'Weber'", "-updatedAt", true));
        StringBuilder plan = new StringBuilder();
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE rec_contact");
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT * FROM rec_contact WHERE (f_last_name_lc = 'weber' AND f_last_name = 'Weber') "
                    + "ORDER BY updated_at DESC, id DESC FETCH FIRST 51 ROWS ONLY")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        // At this size a sort of the matches is cheap either way; what matters at a million rows is the estimate.
        Matcher scan = Pattern.compile("Scan[^\n]* on rec_contact [^\n]*rows=(\\d+)").matcher(plan);
        assertTrue(scan.find(), plan.toString());
        assertTrue(Integer.parseInt(scan.group(1)) >= 100, "expects about the 150 Webers there are:\n" + plan);
    }

    /** A concurrent build a dead node left unfinished keeps the index's name: saving a view of that shape builds it again. */
    @Test
    void anIndexBuildThatDiedHalfWayIsBuiltAgain() throws SQLException {
        core.records.createAll(admin, "contact", List.of(Map.of("lastName", "Weber"), Map.of("lastName", "Weber")));
        RecordType contact = core.metadata.requireType("contact");
        String name = TableIndexes.forShape("rec_contact", ListShapes.of(contact, FilterExpression.parse("lastName eq 'Weber'"), "updatedAt", true),
                Dialect.POSTGRESQL).name();
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            // A unique build over duplicates fails half-way and leaves an invalid index of that name behind.
            SQLException failed = assertThrows(SQLException.class,
                    () -> s.execute("CREATE UNIQUE INDEX CONCURRENTLY " + name + " ON rec_contact (f_last_name_lc)"));
            assertTrue(failed.getMessage().contains("could not create unique index"), failed.getMessage());
        }
        assertEquals(List.of(false, true), validAndUnique(name), "left behind invalid");

        core.views.create(admin, view("Webers", "lastName eq 'Weber'", "-updatedAt", true));

        assertEquals(List.of(true, false), validAndUnique(name), "built again, as the view needs it");
    }

    private List<Boolean> validAndUnique(String index) throws SQLException {
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT i.indisvalid, i.indisunique FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                        + "JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE ic.relname = '" + index + "' AND n.nspname = current_schema()")) {
            assertTrue(rs.next(), index + " exists");
            return List.of(rs.getBoolean(1), rs.getBoolean(2));
        }
    }

    /** Two nodes over one database: a view saved on one is listed on the other at once, and its index used there. */
    @Test
    void anotherNodeSeesASharedViewAtOnceAndServesItsOrderOnceItsIndexIsBuilt() {
        try (CoreFixture other = new CoreFixture(core.dataSource)) {
            CoreFixture.await("both nodes listen", () -> core.cluster.isListening() && other.cluster.isListening());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                rows.add(Map.of("lastName", "Berg" + i, "birthdate", "19" + (50 + i) + "-01-01"));
            }
            core.records.createAll(admin, "contact", rows);
            other.records.modified(CoreFixture.recordsConfig(20));
            Query byBirthdate = Query.of("contact").sortBy("birthdate", true);
            assertThrows(InvalidQueryException.class, () -> other.records.query(alice, byBirthdate), "no index serves it yet");

            core.views.create(admin, view("Youngest first", null, "-birthdate", true));

            assertEquals(1, other.views.views(alice, "contact").size());
            CoreFixture.await("the other node lists by birthdate", () -> {
                try {
                    return other.records.query(alice, byBirthdate.limit(30)).items().size() == 30;
                } catch (InvalidQueryException e) {
                    return false;
                }
            });
        }
    }
}
