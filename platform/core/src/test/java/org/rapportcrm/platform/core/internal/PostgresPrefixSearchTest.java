package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/**
 * "Starts with" on PostgreSQL reads a range of the search column's index, whatever collation the database was created
 * with: under C.UTF-8 or en_US.UTF-8 a LIKE cannot use a column's index, and {@code lastName sw 'Sch'} sorted by name
 * walked the index of a million contacts in list order, filtering (6.8 s).
 */
@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresPrefixSearchTest {
    private static final String PREFIX_PAGE = "SELECT id FROM rec_contact WHERE f_last_name_lc LIKE 'mo%' ORDER BY f_last_name_lc, id LIMIT 21";

    @AutoClose
    private final CoreFixture core = new CoreFixture(PostgresRecordServiceTest.schema());
    private final Actor admin = Actor.system();

    @Test
    void aStartsWithFilterReadsARangeOfTheSearchColumnsIndex() throws SQLException {
        for (String name : List.of("Moser", "Mayer", "Möller", "Adler", "Moos")) {
            core.records.create(admin, "contact", Map.of("lastName", name));
        }
        assertEquals(List.of("Moos", "Moser"), core.records.query(admin, Query.of("contact").where(FilterExpression.parse("lastName sw 'MO'"))
                .sortBy("lastName", false)).items().stream().map(r -> (String) r.get("lastName")).toList());
        assertTrue(readsIndexRange(), plan());
    }

    @Test
    void aSearchColumnOfAnEarlierVersionGetsItsCollationAtTheNextStart() throws SQLException {
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE rec_contact ALTER COLUMN f_last_name_lc TYPE VARCHAR(100) COLLATE \"default\"");
        }
        String before = plan();

        try (CoreFixture restarted = new CoreFixture(core.dataSource)) {
            assertTrue(readsIndexRange(), "before: " + before + "\nafter: " + plan());
            Record moser = restarted.records.create(admin, "contact", Map.of("lastName", "Moser"));
            assertEquals(moser.getId(), restarted.records.query(admin, Query.of("contact").where(FilterExpression.parse("lastName sw 'mos'")))
                    .items().get(0).getId());
        }
    }

    /** Whether PostgreSQL can answer a prefix page from the index alone (sequential scans and sorts priced out). */
    private boolean readsIndexRange() throws SQLException {
        return plan().contains("Index Cond: ((f_last_name_lc >= 'mo'::text) AND (f_last_name_lc < 'mp'::text))");
    }

    private String plan() throws SQLException {
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            s.execute("SET enable_sort = off");
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("EXPLAIN " + PREFIX_PAGE)) {
                while (rs.next()) {
                    lines.add(rs.getString(1).trim());
                }
            }
            return String.join("\n", lines);
        }
    }
}
