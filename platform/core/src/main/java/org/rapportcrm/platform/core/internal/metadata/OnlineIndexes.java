package org.rapportcrm.platform.core.internal.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops indexes of a record table that is in use, the one place that does so after the table was made
 * (for custom fields made indexed or searchable, and for whatever else needs an index at runtime). Every method wants an
 * auto-commit connection: PostgreSQL builds and drops {@code CONCURRENTLY}, outside any transaction, and writes go on
 * meanwhile; Derby has no such build, and its table waits until the index is built.
 * <p>
 * Each call is idempotent, so a build cut off by a crash or a node going away is simply run again: an index left
 * invalid by an interrupted concurrent build is dropped and built anew.
 */
public final class OnlineIndexes {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineIndexes.class);

    private OnlineIndexes() {
    }

    /** Builds the index unless a usable one of its name exists. @return whether it built one */
    public static boolean create(Connection c, Dialect dialect, String table, TableIndexes.Index index) throws SQLException {
        if (dialect.isInvalidIndex(c, index.name())) {
            LOG.info("Index {} of {} was left unfinished; building it again", index.name(), table);
            execute(c, dialect.dropIndexWithoutBlockingWrites(index.name()));
        } else if (exists(c, dialect, table, index.name())) {
            return false;
        }
        long start = System.nanoTime();
        execute(c, index.ddl(dialect.createIndexWithoutBlockingWrites(index.name()), table));
        LOG.info("Built index {} of {} in {} ms", index.name(), table, (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    /** Drops the index if it exists. */
    public static void drop(Connection c, Dialect dialect, String table, String name) throws SQLException {
        if (exists(c, dialect, table, name)) {
            execute(c, dialect.dropIndexWithoutBlockingWrites(name));
            LOG.info("Dropped index {} of {}", name, table);
        }
    }

    public static boolean exists(Connection c, Dialect dialect, String table, String name) throws SQLException {
        return dialect.indexNames(c, table).contains(dialect.stored(name));
    }

    /**
     * Adds the lower-cased copy of a text field's column that prefix search and case-insensitive order read, unless
     * it is there. On Derby that fills it for every row at once (the table waits); on PostgreSQL it is at once, and
     * the rows already there are filled by {@link #fillLowerColumn}.
     */
    public static void addLowerColumn(Connection c, Dialect dialect, String typeName, FieldDefinition f) throws SQLException {
        String table = Names.table(typeName);
        String lower = Names.lowerColumn(f.getApiName());
        if (dialect.columnExists(c, table, lower)) {
            return;
        }
        long start = System.nanoTime();
        for (String sql : dialect.addLowerColumn(table, lower, Names.column(f.getApiName()), FieldColumns.varcharLength(f, dialect))) {
            execute(c, sql);
        }
        LOG.info("Added lower-cased column {} to {} in {} ms", lower, table, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Fills the lower-cased column of the rows after {@code afterId} (in id order) that lack it, up to {@code rows} of
     * them, each batch committed by itself so writers wait on a few rows for moments only.
     *
     * @return the last id looked at, to go on from; empty once the table is done (or the database needs no filling)
     */
    public static Optional<String> fillLowerColumn(Connection c, Dialect dialect, String typeName, FieldDefinition f, String afterId,
            int rows) throws SQLException {
        if (!dialect.needsLowerColumnFilled()) {
            return Optional.empty();
        }
        String table = Names.table(typeName);
        String lastId;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM (SELECT id FROM " + table + " WHERE id > ? ORDER BY id "
                + "FETCH FIRST " + rows + " ROWS ONLY) batch")) {
            ps.setString(1, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                lastId = rs.getString(1);
            }
        }
        if (lastId == null) {
            return Optional.empty();
        }
        String column = Names.column(f.getApiName());
        String lower = Names.lowerColumn(f.getApiName());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + lower + " = LOWER(" + column + ") WHERE id > ? "
                + "AND id <= ? AND " + lower + " IS NULL AND " + column + " IS NOT NULL")) {
            ps.setString(1, afterId);
            ps.setString(2, lastId);
            ps.executeUpdate();
        }
        return Optional.of(lastId);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
