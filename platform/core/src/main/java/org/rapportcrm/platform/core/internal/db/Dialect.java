package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every difference between the databases Rapport runs on lives here. */
public enum Dialect {
    DERBY {
        @Override
        public String longTextType() {
            return "CLOB";
        }

        @Override
        public String binaryType() {
            return "BLOB";
        }

        /** Derby counts VARCHAR lengths in UTF-16 units: a character outside the BMP (an emoji) takes two. */
        @Override
        public int varcharLength(int characters) {
            return 2 * characters;
        }

        @Override
        String alterType(String table, String column, String type) {
            return "ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DATA TYPE " + type;
        }

        @Override
        String lowerColumnType(int length) {
            return "VARCHAR(" + length + ")"; // Derby compares strings by code point: a prefix is a range of the index
        }

        @Override
        boolean lowerColumnCollated(Connection c, String table, String column) {
            return true;
        }

        @Override
        public String generatedLowerColumn(String column, String source, int length) {
            return column + " " + lowerColumnType(length) + " GENERATED ALWAYS AS (LOWER(" + source + "))";
        }

        @Override
        String normalise(String identifier) {
            return identifier.toUpperCase(Locale.ROOT);
        }

        @Override
        public boolean scansIndexesBackward() {
            return false;
        }
    },
    POSTGRESQL {
        @Override
        public String longTextType() {
            return "TEXT";
        }

        @Override
        public int varcharLength(int characters) {
            return characters;
        }

        @Override
        public String binaryType() {
            return "BYTEA";
        }

        @Override
        String alterType(String table, String column, String type) {
            return "ALTER TABLE " + table + " ALTER COLUMN " + column + " TYPE " + type;
        }

        /**
         * Collation "C": a {@code LIKE 'prefix%'} then reads a range of the column's index, and its order is by code point
         * as on Derby. Under the database's own collation (C.UTF-8, en_US.UTF-8) PostgreSQL cannot use the index for LIKE
         * and walks it in list order, filtering (measured: 6.8 s for {@code lastName sw 'Sch'} at 1,000,000 contacts).
         */
        @Override
        String lowerColumnType(int length) {
            return "VARCHAR(" + length + ") COLLATE \"C\"";
        }

        @Override
        boolean lowerColumnCollated(Connection c, String table, String column) throws SQLException {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT collation_name FROM information_schema.columns "
                    + "WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?")) {
                ps.setString(1, normalise(table));
                ps.setString(2, normalise(column));
                try (ResultSet rs = ps.executeQuery()) {
                    return !rs.next() || "C".equals(rs.getString(1));
                }
            }
        }

        @Override
        public String generatedLowerColumn(String column, String source, int length) {
            return column + " " + lowerColumnType(length) + " GENERATED ALWAYS AS (LOWER(" + source + ")) STORED";
        }

        @Override
        String normalise(String identifier) {
            return identifier.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean scansIndexesBackward() {
            return true;
        }

        @Override
        public String createIndex(String name) {
            // Nodes starting together over one database may both find an index missing.
            return "CREATE INDEX IF NOT EXISTS " + name;
        }

        /** Writes go on while the index is built; it cannot run inside a transaction. */
        @Override
        public String createIndexWithoutBlockingWrites(String name) {
            return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name;
        }

        @Override
        public String dropIndexWithoutBlockingWrites(String name) {
            return "DROP INDEX CONCURRENTLY IF EXISTS " + name;
        }

        /**
         * The planner takes the conditions of an eq on searchable text (its lower-cased column and the exact one) as
         * independent and so expects a hundredth of the rows it finds: it then sorts them all rather than read the
         * page from the index that holds them in order (measured: 8.2 ms instead of 0.1 ms for 1,061 Webers).
         */
        @Override
        public Optional<String> createDependencyStatistics(String table, String column, String derived) {
            String name = ("st_" + table + "_" + derived);
            return Optional.of("CREATE STATISTICS IF NOT EXISTS " + name.substring(0, Math.min(63, name.length())) + " (dependencies) ON "
                    + column + ", " + derived + " FROM " + table);
        }

        /** Without those a concurrent build left unfinished (its node died): they serve no query, and are built again. */
        @Override
        public Map<String, IndexColumns> indexes(Connection c, String table, String prefix) throws SQLException {
            Map<String, IndexColumns> indexes = super.indexes(c, table, prefix);
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                    + "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                    + "WHERE NOT i.indisvalid AND t.relname = ? AND n.nspname = current_schema()")) {
                ps.setString(1, normalise(table));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        indexes.remove(rs.getString(1));
                    }
                }
            }
            return indexes;
        }

        /** A build with CONCURRENTLY that failed or was cut off leaves an index marked invalid: never used, yet kept up to date. */
        @Override
        public boolean isInvalidIndex(Connection c, String name) throws SQLException {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        }

        /**
         * A generated column added to a filled table rewrites it under an exclusive lock: instead, a plain column a
         * trigger keeps lower-cased, added at once; the rows already there are filled in by {@link #fillLowerColumn}.
         */
        @Override
        public List<String> addLowerColumn(String table, String column, String source, int length) {
            String function = "rapport_" + column + "_of_" + table;
            return List.of("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column + " " + lowerColumnType(length),
                    "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW." + column
                            + " := LOWER(NEW." + source + "); RETURN NEW; END $$",
                    "CREATE OR REPLACE TRIGGER tr_" + table + "_" + column + " BEFORE INSERT OR UPDATE ON " + table
                            + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");
        }

        @Override
        public boolean needsLowerColumnFilled() {
            return true;
        }

        @Override
        public void lockAcrossNodes(Connection c, String name) throws SQLException {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, lockKey(name));
                ps.execute();
            }
        }
    };

    /** A 64-bit key for PostgreSQL's advisory locks, the same for the same name on every node. */
    static long lockKey(String name) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(hash).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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

    /**
     * Makes the transactions of every node that take the lock of this {@code name} run that part one after another,
     * until each commits or rolls back: for schema changes two nodes could otherwise make at once. Nothing on a database
     * only one node can open (its callers serialise their own threads).
     */
    public void lockAcrossNodes(Connection c, String name) throws SQLException {
    }

    /** A column for bytes of any length. */
    public abstract String binaryType();

    /** The declared VARCHAR length that holds {@code characters} Unicode characters (code points, as the API counts). */
    public abstract int varcharLength(int characters);

    abstract String alterType(String table, String column, String type);

    abstract String lowerColumnType(int length);

    /** Whether a lower-cased search column has the collation {@link #lowerColumnType} gives (older tables may not). */
    abstract boolean lowerColumnCollated(Connection c, String table, String column) throws SQLException;

    /** The declared lengths of a table's columns, by normalised column name. */
    public java.util.Map<String, Integer> columnSizes(Connection c, String table) throws SQLException {
        java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), normalise(table), null)) {
            while (rs.next()) {
                sizes.put(rs.getString("COLUMN_NAME"), rs.getInt("COLUMN_SIZE"));
            }
        }
        return sizes;
    }

    /** Makes a VARCHAR column longer if it is shorter than {@code length}; the data stays. @return whether it changed */
    public boolean ensureVarcharLength(Connection c, java.util.Map<String, Integer> sizes, String table, String column, int length)
            throws SQLException {
        Integer size = sizes.get(normalise(column));
        if (size == null || size >= length) {
            return false;
        }
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(alterType(table, column, "VARCHAR(" + length + ")"));
        }
        return true;
    }

    /**
     * Gives a lower-cased search column at least {@code length} characters and its collation (see {@link #lowerColumnType});
     * the data stays. @return whether it changed
     */
    public boolean ensureLowerColumn(Connection c, java.util.Map<String, Integer> sizes, String table, String column, int length)
            throws SQLException {
        Integer size = sizes.get(normalise(column));
        if (size == null || size >= length && lowerColumnCollated(c, table, column)) {
            return false;
        }
        try (java.sql.Statement s = c.createStatement()) {
            s.execute(alterType(table, column, lowerColumnType(Math.max(size, length))));
        }
        return true;
    }

    /** A column kept equal to LOWER(source) by the database, so case-insensitive prefix search can use an index. */
    public abstract String generatedLowerColumn(String column, String source, int length);

    abstract String normalise(String identifier);

    /**
     * Whether an ascending index also serves the descending order. Derby reads indexes only forwards (measured: an
     * {@code ORDER BY updated_at DESC} on an {@code (updated_at, id)} index sorts the whole table).
     */
    public abstract boolean scansIndexesBackward();

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

    /** The names of a table's indexes, as the database spells them. */
    public Set<String> indexNames(Connection c, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(null, c.getSchema(), normalise(table), false, false)) {
            while (rs.next()) {
                names.add(rs.getString("INDEX_NAME"));
            }
        }
        return names;
    }

    /** Whether the index exists but the database does not use it, as after an interrupted build. */
    public boolean isInvalidIndex(Connection c, String name) throws SQLException {
        return false;
    }

    /**
     * The statements that add a lower-cased copy of {@code source} to a table that may hold rows already. Derby computes
     * the generated column for every row at once, holding the table's lock meanwhile.
     */
    public List<String> addLowerColumn(String table, String column, String source, int length) {
        return List.of("ALTER TABLE " + table + " ADD COLUMN " + generatedLowerColumn(column, source, length));
    }

    /** Whether the rows already there get their lower-cased copy only once filled in (see {@link #addLowerColumn}). */
    public boolean needsLowerColumnFilled() {
        return false;
    }

    /** The start of a CREATE INDEX statement. */
    public String createIndex(String name) {
        return "CREATE INDEX " + name;
    }

    /**
     * The start of a CREATE INDEX statement for an index added to a table in use, run on a connection in auto-commit
     * mode. Derby has no such statement: it blocks the table while it builds the index.
     */
    public String createIndexWithoutBlockingWrites(String name) {
        return "CREATE INDEX " + name;
    }

    /** A DROP INDEX statement for a table in use, run on a connection in auto-commit mode. */
    public String dropIndexWithoutBlockingWrites(String name) {
        return "DROP INDEX " + name;
    }

    /** An index as the database describes it: its columns in order, lower-cased, and whether the first is descending. */
    public record IndexColumns(List<String> columns, boolean descending) {
    }

    /** The indexes of a table whose names start with {@code prefix}, by lower-cased name. */
    public Map<String, IndexColumns> indexes(Connection c, String table, String prefix) throws SQLException {
        Map<String, List<String>> columns = new TreeMap<>();
        Map<String, Boolean> descending = new HashMap<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(null, c.getSchema(), normalise(table), false, false)) {
            while (rs.next()) {
                String name = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (name == null || column == null || !name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    continue;
                }
                String key = name.toLowerCase(Locale.ROOT);
                List<String> list = columns.computeIfAbsent(key, k -> new ArrayList<>());
                int position = rs.getInt("ORDINAL_POSITION");
                while (list.size() < position) {
                    list.add(null);
                }
                list.set(position - 1, column.toLowerCase(Locale.ROOT));
                if (position == 1) {
                    descending.put(key, "D".equals(rs.getString("ASC_OR_DESC")));
                }
            }
        }
        Map<String, IndexColumns> result = new TreeMap<>();
        columns.forEach((name, list) -> result.put(name, new IndexColumns(List.copyOf(list), descending.getOrDefault(name, false))));
        return result;
    }

    /** Statistics telling the planner that {@code derived} follows from {@code column}, where the database keeps such. */
    public Optional<String> createDependencyStatistics(String table, String column, String derived) {
        return Optional.empty();
    }

    /** The name of a table's primary key constraint. */
    public String primaryKeyName(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, c.getSchema(), normalise(table))) {
            if (!rs.next()) {
                throw new SQLException("Table " + table + " has no primary key");
            }
            return rs.getString("PK_NAME");
        }
    }

    /** An identifier as the database stores it when it is written unquoted. */
    public String stored(String identifier) {
        return normalise(identifier);
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
