package org.rapportcrm.platform.core.internal.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a record type's table in step with its metadata: one real typed column per field, the indexes of
 * {@link TableIndexes}, a unique constraint per unique field. It only ever adds: removing a type or a field keeps its data.
 */
public final class SchemaManager {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);

    private SchemaManager() {
    }

    public static void sync(Connection c, Dialect dialect, RecordType type) throws SQLException {
        String table = Names.table(type.getApiName());
        if (!dialect.tableExists(c, table)) {
            createTable(c, dialect, type, table);
            return;
        }
        Map<String, Integer> sizes = dialect.columnSizes(c, table);
        for (FieldDefinition f : type.getFields()) {
            if (!dialect.columnExists(c, table, Names.column(f.getApiName()))) {
                addColumn(c, dialect, type.getApiName(), f);
            } else if (FieldColumns.varcharLength(f, dialect) > 0) {
                widen(c, dialect, sizes, table, f);
            }
        }
        addMissingIndexes(c, dialect, type, table);
        dropRetiredIndexes(c, dialect, type, table);
    }

    private static void dropRetiredIndexes(Connection c, Dialect dialect, RecordType type, String table) throws SQLException {
        Set<String> existing = dialect.indexNames(c, table);
        for (String retired : TableIndexes.retiredNames(type, dialect)) {
            if (existing.contains(dialect.stored(retired))) {
                execute(c, "DROP INDEX " + retired);
                LOG.info("Dropped index {} of {}: no list or lookup of this version uses it, and it cost every write", retired, table);
            }
        }
    }

    /**
     * Indexes a newer version of Rapport (or a changed type) has and the existing table lacks, such as the creation
     * date's. One over a column the table lacks is left out: a field made searchable after its column was created has
     * no lower-cased column yet.
     */
    private static void addMissingIndexes(Connection c, Dialect dialect, RecordType type, String table) throws SQLException {
        Set<String> existing = dialect.indexNames(c, table);
        Set<String> columns = dialect.columnSizes(c, table).keySet();
        addDependencyStatistics(c, dialect, type, table, columns);
        for (TableIndexes.Index index : TableIndexes.of(type, dialect).all()) {
            if (!existing.contains(dialect.stored(index.name())) && index.columns().stream().map(dialect::stored).allMatch(columns::contains)) {
                // Derby blocks the table while it builds an index (about 12 s per index at a million rows): say why a start takes long.
                LOG.info("Adding index {} to {}: its reads and writes wait until it is built", index.name(), table);
                long start = System.nanoTime();
                execute(c, index.ddl(table, dialect));
                LOG.info("Added index {} to {} in {} ms", index.name(), table, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }

    /**
     * Text columns made before lengths counted characters (not UTF-16 units, as Derby does) grow to hold them; lower-cased
     * search columns made before they had their collation get it (PostgreSQL rebuilds their indexes).
     */
    private static void widen(Connection c, Dialect dialect, Map<String, Integer> sizes, String table, FieldDefinition f) throws SQLException {
        int length = FieldColumns.varcharLength(f, dialect);
        boolean widened = dialect.ensureVarcharLength(c, sizes, table, Names.column(f.getApiName()), length);
        if (FieldColumns.hasLowerColumn(f)) {
            widened |= dialect.ensureLowerColumn(c, sizes, table, Names.lowerColumn(f.getApiName()), length);
        }
        if (widened) {
            LOG.info("Brought the columns of {} in {} to {} characters and the search column's collation", f.getApiName(), table,
                    f.effectiveMaxLength());
        }
    }

    /** An eq on searchable text compares both its columns: the planner must know the one follows from the other. */
    private static void addDependencyStatistics(Connection c, Dialect dialect, RecordType type, String table, Set<String> columns)
            throws SQLException {
        for (FieldDefinition f : type.getFields()) {
            String column = Names.column(f.getApiName());
            String lower = Names.lowerColumn(f.getApiName());
            if (FieldColumns.hasLowerColumn(f) && columns.contains(dialect.stored(column)) && columns.contains(dialect.stored(lower))) {
                Optional<String> sql = dialect.createDependencyStatistics(table, column, lower);
                if (sql.isPresent()) {
                    execute(c, sql.get());
                }
            }
        }
    }

    private static void createTable(Connection c, Dialect dialect, RecordType type, String table) throws SQLException {
        List<String> columns = new ArrayList<>(List.of(
                "id VARCHAR(36) NOT NULL PRIMARY KEY", "version BIGINT NOT NULL", "owner_id VARCHAR(36)",
                "created_at TIMESTAMP NOT NULL", "updated_at TIMESTAMP NOT NULL", "created_by VARCHAR(36)",
                "updated_by VARCHAR(36)"));
        for (FieldDefinition f : type.getFields()) {
            columns.addAll(columnDefinitions(dialect, f));
        }
        execute(c, "CREATE TABLE " + table + " (" + String.join(", ", columns) + ")");
        for (TableIndexes.Index index : TableIndexes.of(type, dialect).all()) {
            execute(c, index.ddl(table, dialect));
        }
        for (FieldDefinition f : type.getFields()) {
            addUniqueConstraint(c, table, f);
        }
        addDependencyStatistics(c, dialect, type, table, dialect.columnSizes(c, table).keySet());
        LOG.info("Created table {} for record type {}", table, type.getApiName());
    }

    /**
     * Adds a field's column (nullable, without a database default: instant even on a large table; defaults are applied
     * by the platform) and the indexes the type with that field has and the table lacks.
     */
    public static void addColumn(Connection c, Dialect dialect, RecordType type, FieldDefinition f) throws SQLException {
        addColumn(c, dialect, type.getApiName(), f);
        addMissingIndexes(c, dialect, type.field(f.getApiName()).isPresent() ? type : type.withField(f), Names.table(type.getApiName()));
    }

    private static void addColumn(Connection c, Dialect dialect, String typeName, FieldDefinition f) throws SQLException {
        String table = Names.table(typeName);
        for (String definition : columnDefinitions(dialect, f)) {
            execute(c, "ALTER TABLE " + table + " ADD COLUMN " + definition);
        }
        addUniqueConstraint(c, table, f);
        LOG.info("Added column for field {} to {}", f.getApiName(), table);
    }

    private static List<String> columnDefinitions(Dialect dialect, FieldDefinition f) {
        String column = Names.column(f.getApiName());
        List<String> defs = new ArrayList<>();
        defs.add(column + " " + FieldColumns.sqlType(f, dialect));
        if (f.getType() == FieldType.MONEY) {
            defs.add(Names.currencyColumn(f.getApiName()) + " VARCHAR(3)");
        }
        if (FieldColumns.hasLowerColumn(f)) {
            defs.add(dialect.generatedLowerColumn(Names.lowerColumn(f.getApiName()), column, FieldColumns.varcharLength(f, dialect)));
        }
        return defs;
    }

    private static void addUniqueConstraint(Connection c, String table, FieldDefinition f) throws SQLException {
        if (f.isUnique()) {
            String column = Names.column(f.getApiName());
            execute(c, "ALTER TABLE " + table + " ADD CONSTRAINT uq_" + table + "_" + column + " UNIQUE (" + column + ")");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
