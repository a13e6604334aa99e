package org.rapportcrm.bench.probe.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench_scratch_contact}: a copy of {@code rec_contact}'s shape made from the database's metadata (same column
 * types, generated lower-case columns and indexes), so that the raw insert pays what the record store's pays without
 * touching its table.
 */
final class ScratchTable {
    static final String NAME = "bench_scratch_contact";
    private static final String SOURCE = "rec_contact";

    /** A column of the copy; {@code generated} ones are computed by the database and not inserted. */
    record Column(String name, int sqlType, String ddl, boolean generated) {
        @Override
        public String toString() {
            return ddl;
        }
    }

    private ScratchTable() {
    }

    /** The columns of {@code rec_contact} an insert writes (not the generated ones). */
    static List<Column> writtenSourceColumns(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String source = md.storesUpperCaseIdentifiers() ? SOURCE.toUpperCase(Locale.ROOT) : SOURCE;
        return columns(md, c.getSchema(), source, Jdbc.isDerby(c), ScratchShape.PLAIN).stream().filter(col -> !col.generated()).toList();
    }

    /**
     * Drops any leftover copy and creates the table in that shape; with {@code onlyIndex}, the primary key and just that
     * one of the source's secondary indexes (to see what each costs). @return its columns, in table order
     */
    static List<Column> create(Connection c, ScratchShape shape, String onlyIndex) throws SQLException {
        drop(c);
        DatabaseMetaData md = c.getMetaData();
        String source = md.storesUpperCaseIdentifiers() ? SOURCE.toUpperCase(Locale.ROOT) : SOURCE;
        String schema = c.getSchema();
        List<Column> columns = columns(md, schema, source, Jdbc.isDerby(c), shape);
        if (columns.isEmpty()) {
            throw new SQLException("No table " + source + " in schema " + schema);
        }
        List<String> primaryKey = primaryKey(md, schema, source);
        List<Index> indexes = onlyIndex != null
                ? secondaryIndexes(md, schema, source, primaryKey).stream().filter(i -> i.name().equalsIgnoreCase(onlyIndex)).toList()
                : shape.hasSecondaryIndexes() ? secondaryIndexes(md, schema, source, primaryKey) : List.of();
        if (onlyIndex != null && indexes.isEmpty()) {
            throw new SQLException("No index " + onlyIndex + " on " + source);
        }
        List<String> ddl = new ArrayList<>(columns.stream().map(Column::ddl).toList());
        if (!primaryKey.isEmpty()) {
            ddl.add("PRIMARY KEY (" + String.join(", ", primaryKey) + ")");
        }
        Jdbc.execute(c, "CREATE TABLE " + NAME + " (" + String.join(", ", ddl) + ")");
        for (int i = 0; i < indexes.size(); i++) {
            Index index = indexes.get(i);
            Jdbc.execute(c, "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX ix_bench_" + i + " ON " + NAME
                    + " (" + String.join(", ", index.columns()) + ")");
        }
        Jdbc.commitIfNeeded(c);
        return columns;
    }

    static void drop(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String name = md.storesUpperCaseIdentifiers() ? NAME.toUpperCase(Locale.ROOT) : NAME;
        try (ResultSet rs = md.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
            if (!rs.next()) {
                return;
            }
        }
        Jdbc.execute(c, "DROP TABLE " + NAME);
        Jdbc.commitIfNeeded(c);
    }

    static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + NAME)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Column> columns(DatabaseMetaData md, String schema, String source, boolean derby, ScratchShape shape)
            throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet rs = md.getColumns(null, schema, source, null)) {
            while (rs.next()) {
                String name = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                String typeName = rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT);
                int size = rs.getInt("COLUMN_SIZE");
                int digits = rs.getInt("DECIMAL_DIGITS");
                boolean notNull = "NO".equals(rs.getString("IS_NULLABLE"));
                boolean generated = "YES".equals(rs.getString("IS_GENERATEDCOLUMN")) || name.endsWith("_lc");
                String type = switch (typeName) {
                    case "VARCHAR", "CHARACTER VARYING" -> "VARCHAR(" + size + ")";
                    case "DECIMAL", "NUMERIC" -> "DECIMAL(" + size + "," + digits + ")";
                    case "TEXT" -> "TEXT";
                    default -> typeName;
                };
                String ddl = name + " " + type;
                if (generated && name.endsWith("_lc")) {
                    // The metadata does not give the expression; the record store's _lc columns are LOWER of their base column.
                    // On PostgreSQL they have collation "C" (the record store's Dialect), which makes their indexes cheaper.
                    ddl += (derby ? "" : " COLLATE \"C\"") + " GENERATED ALWAYS AS (LOWER(" + name.substring(0, name.length() - 3) + "))"
                            + (derby ? "" : " STORED");
                } else if (notNull) {
                    ddl += " NOT NULL";
                }
                if (shape.hasGeneratedColumns() || !generated) {
                    columns.add(new Column(name, rs.getInt("DATA_TYPE"), ddl, generated));
                }
            }
        }
        return columns;
    }

    private static List<String> primaryKey(DatabaseMetaData md, String schema, String source) throws SQLException {
        List<String> primaryKey = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, source)) {
            while (rs.next()) {
                primaryKey.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return primaryKey;
    }

    private record Index(String name, List<String> columns, boolean unique) {
    }

    /** The names of the source's secondary indexes (its primary key's aside). */
    static List<String> secondaryIndexNames(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String source = md.storesUpperCaseIdentifiers() ? SOURCE.toUpperCase(Locale.ROOT) : SOURCE;
        return secondaryIndexes(md, c.getSchema(), source, primaryKey(md, c.getSchema(), source)).stream()
                .map(i -> i.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** The source's indexes but the primary key's own, which {@code PRIMARY KEY} makes anyway. */
    private static List<Index> secondaryIndexes(DatabaseMetaData md, String schema, String source, List<String> primaryKey)
            throws SQLException {
        Map<String, List<String>> columnsByIndex = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(null, schema, source, false, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || column == null) {
                    continue;
                }
                // Derby keeps a descending twin of each index a list order reads backwards: copy its direction too.
                columnsByIndex.computeIfAbsent(index, k -> new ArrayList<>())
                        .add(column.toLowerCase(Locale.ROOT) + ("D".equals(rs.getString("ASC_OR_DESC")) ? " DESC" : ""));
                unique.put(index, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        List<Index> indexes = new ArrayList<>();
        columnsByIndex.forEach((index, columns) -> {
            if (!columns.equals(primaryKey)) {
                indexes.add(new Index(index, columns, unique.get(index)));
            }
        });
        return indexes;
    }
}
