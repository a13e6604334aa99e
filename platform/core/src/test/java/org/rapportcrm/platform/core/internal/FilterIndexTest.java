package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;

/** Lists users filter by the fields they filter by most are served by an index in list order, not a scan and a sort. */
class FilterIndexTest {
    private final CoreFixture core = new CoreFixture();
    private final Actor admin = Actor.system();

    private List<Map<String, Object>> contacts() {
        List<Map<String, Object>> rows = new ArrayList<>();
        String[] last = {"weber", "Weber", "Adler", "Zeller", "Mayer"};
        for (int i = 0; i < 200; i++) {
            rows.add(Map.of("lastName", last[i % last.length] + (i < 5 ? "" : " " + i), "country", i % 2 == 0 ? "Germany" : "France"));
        }
        return rows;
    }

    @Test
    void aCountryFilterInNameOrderReadsTheCountryIndexWithoutASort() throws Exception {
        core.records.createAll(admin, "contact", contacts());
        List<Record> page = core.records.query(admin, Query.of("contact").where(FilterExpression.parse("country eq 'Germany'"))
                .sortBy("lastName", false).limit(10)).items();
        assertEquals(10, page.size());
        assertTrue(page.stream().allMatch(r -> r.get("country").equals("Germany")));
        List<String> names = page.stream().map(r -> ((String) r.get("lastName")).toLowerCase()).toList();
        assertEquals(names.stream().sorted().toList(), names);

        String plan = plan("SELECT id FROM rec_contact WHERE f_country = 'Germany' ORDER BY f_last_name_lc, id FETCH FIRST 11 ROWS ONLY");
        assertTrue(plan.contains("IX_REC_CONTACT_F_COUNTRY_N"), plan);
        assertTrue(!plan.contains("Sort ResultSet"), plan);
    }

    @Test
    void equalsOnSearchableTextStaysCaseSensitiveAndUsesTheLowerCaseIndex() throws Exception {
        core.records.createAll(admin, "contact", contacts());
        List<Record> webers = core.records.query(admin, Query.of("contact").where(FilterExpression.parse("lastName eq 'Weber'"))).items();
        assertEquals(List.of("Weber"), webers.stream().map(r -> r.get("lastName")).toList());
        String plan = plan("SELECT id FROM rec_contact WHERE (f_last_name_lc = 'weber' AND f_last_name = 'Weber') ORDER BY updated_at DESC, id DESC");
        assertTrue(plan.contains("IX_REC_CONTACT_F_LAST_NAME_LC"), plan);
    }

    /** Derby's own account of how it ran a query. */
    private String plan(String sql) throws Exception {
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    // read it all, so the statistics are complete
                }
            }
            try (ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
