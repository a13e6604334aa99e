package org.rapportcrm.bench.probe.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Small JDBC steps shared by the probe's parts. */
final class Jdbc {
    private Jdbc() {
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Commits unless the pool hands out connections in auto-commit mode. */
    static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    /** Derby and PostgreSQL differ in generated-column DDL and in how a query's plan is obtained. */
    static boolean isDerby(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("derby");
    }
}
