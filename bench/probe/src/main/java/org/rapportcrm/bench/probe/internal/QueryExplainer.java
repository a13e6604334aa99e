package org.rapportcrm.bench.probe.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs a query of the record store with the database's plan reporting on, to see which index it uses: Derby's runtime
 * statistics, PostgreSQL's {@code EXPLAIN ANALYZE}.
 */
final class QueryExplainer {
    private final DataSource dataSource;

    QueryExplainer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return sql, millis, rows and plan; or sql and error (with what was measured before it) */
    Map<String, Object> explain(String sql, List<?> params) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sql", sql);
        try (Connection c = dataSource.getConnection()) {
            boolean derby = Jdbc.isDerby(c);
            if (derby) {
                Jdbc.execute(c, "CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
                Jdbc.execute(c, "CALL SYSCS_UTIL.SYSCS_SET_STATISTICS_TIMING(1)");
            }
            long start = System.nanoTime();
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(derby ? sql : "EXPLAIN ANALYZE " + sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                // PostgreSQL answers the plan as the result rows; Derby answers the query's rows, and the plan after.
                StringBuilder pgPlan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (!derby) {
                            pgPlan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                result.put("millis", (System.nanoTime() - start) / 1e6);
                result.put("rows", rows);
                if (!derby) {
                    result.put("plan", pgPlan.toString());
                }
            }
            if (derby) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                    result.put("plan", rs.next() ? rs.getString(1) : "");
                }
                Jdbc.execute(c, "CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(0)");
                Jdbc.execute(c, "CALL SYSCS_UTIL.SYSCS_SET_STATISTICS_TIMING(0)");
            }
            Jdbc.commitIfNeeded(c);
        } catch (SQLException e) {
            result.put("error", e.toString());
        }
        return result;
    }
}
