package org.rapportcrm.platform.core.internal.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a record type's table in step with its metadata: one real typed column per field, an index per reference,
 * owner and name, a unique constraint per unique field. It only ever adds: removing a type or a field keeps its data.
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
                addColumn(c, dialect, table, f);
            } else if (FieldColumns.varcharLength(f, dialect) > 0) {
                widen(c, dialect, sizes, table, f);
            }
        }
        if (needsNameIndex(type) && !dialect.indexExists(c, table, nameIndex(table))) {
            createNameIndex(c, type, table);
        }
        for (FieldDefinition f : type.getFields()) {
            if (f.isIndexed() && !dialect.indexExists(c, table, filterIndex(table, f))) {
                createFilterIndex(c, type, table, f);
            }
        }
    }

    /** Text columns made before lengths counted characters (not UTF-16 units, as Derby does) grow to hold them. */
    private static void widen(Connection c, Dialect dialect, Map<String, Integer> sizes, String table, FieldDefinition f) throws SQLException {
        int length = FieldColumns.varcharLength(f, dialect);
        boolean widened = dialect.ensureVarcharLength(c, sizes, table, Names.column(f.getApiName()), length);
        if (FieldColumns.hasLowerColumn(f)) {
            widened |= dialect.ensureVarcharLength(c, sizes, table, Names.lowerColumn(f.getApiName()), length);
        }
        if (widened) {
            LOG.info("Widened the column of {} in {} to {} characters", f.getApiName(), table, f.effectiveMaxLength());
        }
    }

    /**
     * An indexed field's index continues in name order, so "country eq 'DE'" in the default (name) order walks the
     * index from the first German to the end of the page, however many Germans there are.
     */
    private static void createFilterIndex(Connection c, RecordType type, String table, FieldDefinition f) throws SQLException {
        FieldDefinition name = type.field(type.getNameField()).orElseThrow();
        String nameOrder = FieldColumns.hasLowerColumn(name) ? Names.lowerColumn(name.getApiName()) : Names.column(name.getApiName());
        execute(c, "CREATE INDEX " + filterIndex(table, f) + " ON " + table + " (" + Names.column(f.getApiName()) + ", " + nameOrder + ", id)");
    }

    private static String filterIndex(String table, FieldDefinition f) {
        return "ix_" + table + "_" + Names.column(f.getApiName()) + "_n";
    }

    /**
     * Lists are sorted by the name field by default: an index in that order serves their pages without a sort. A
     * searchable name sorts by its lower-cased column, whose index already does that (and every index slows inserts).
     */
    private static boolean needsNameIndex(RecordType type) {
        FieldDefinition name = type.field(type.getNameField()).orElseThrow();
        return name.getType().isComparable() && !FieldColumns.hasLowerColumn(name);
    }

    private static void createNameIndex(Connection c, RecordType type, String table) throws SQLException {
        execute(c, "CREATE INDEX " + nameIndex(table) + " ON " + table + " (" + Names.column(type.getNameField()) + ", id)");
    }

    private static String nameIndex(String table) {
        return "ix_" + table + "_name";
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
        execute(c, "CREATE INDEX ix_" + table + "_owner ON " + table + " (owner_id, id)");
        execute(c, "CREATE INDEX ix_" + table + "_updated ON " + table + " (updated_at, id)");
        if (needsNameIndex(type)) {
            createNameIndex(c, type, table);
        }
        for (FieldDefinition f : type.getFields()) {
            addConstraintsAndIndexes(c, table, f);
            if (f.isIndexed()) {
                createFilterIndex(c, type, table, f);
            }
        }
        LOG.info("Created table {} for record type {}", table, type.getApiName());
    }

    /** Adds a nullable column without a database default: instant even on a large table (defaults are applied by the platform). */
    public static void addColumn(Connection c, Dialect dialect, String table, FieldDefinition f) throws SQLException {
        for (String definition : columnDefinitions(dialect, f)) {
            execute(c, "ALTER TABLE " + table + " ADD COLUMN " + definition);
        }
        addConstraintsAndIndexes(c, table, f);
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

    private static void addConstraintsAndIndexes(Connection c, String table, FieldDefinition f) throws SQLException {
        String column = Names.column(f.getApiName());
        if (f.isUnique()) {
            execute(c, "ALTER TABLE " + table + " ADD CONSTRAINT uq_" + table + "_" + column + " UNIQUE (" + column + ")");
        }
        if (f.getType() == FieldType.REFERENCE || f.getType() == FieldType.OWNER) {
            execute(c, "CREATE INDEX ix_" + table + "_" + column + " ON " + table + " (" + column + ", id)");
        }
        if (FieldColumns.hasLowerColumn(f)) {
            String lower = Names.lowerColumn(f.getApiName());
            execute(c, "CREATE INDEX ix_" + table + "_" + lower + " ON " + table + " (" + lower + ", id)");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
