package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** Every difference between the databases Rapport runs on lives here. */
public enum Dialect {
    DERBY {
        @Override
        public String longTextType() {
            return "CLOB";
        }

        @Override
        public String generatedLowerColumn(String column, String source, int length) {
            return column + " VARCHAR(" + length + ") GENERATED ALWAYS AS (LOWER(" + source + "))";
        }

        @Override
        String normalise(String identifier) {
            return identifier.toUpperCase(Locale.ROOT);
        }
    },
    POSTGRESQL {
        @Override
        public String longTextType() {
            return "TEXT";
        }

        @Override
        public String generatedLowerColumn(String column, String source, int length) {
            return column + " VARCHAR(" + length + ") GENERATED ALWAYS AS (LOWER(" + source + ")) STORED";
        }

        @Override
        String normalise(String identifier) {
            return identifier.toLowerCase(Locale.ROOT);
        }
    };

    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("derby")) {
            return DERBY;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new SQLException("Unsupported database: " + product + " (Rapport runs on Derby and PostgreSQL)");
    }

    public abstract String longTextType();

    /** A column kept equal to LOWER(source) by the database, so case-insensitive prefix search can use an index. */
    public abstract String generatedLowerColumn(String column, String source, int length);

    abstract String normalise(String identifier);

    public boolean tableExists(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), normalise(table), new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    public boolean columnExists(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getColumns(null, c.getSchema(), normalise(table), normalise(column))) {
            return rs.next();
        }
    }

    public boolean indexExists(Connection c, String table, String index) throws SQLException {
        try (ResultSet rs = c.getMetaData().getIndexInfo(null, c.getSchema(), normalise(table), false, false)) {
            while (rs.next()) {
                if (normalise(index).equals(rs.getString("INDEX_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
