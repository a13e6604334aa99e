package org.rapportcrm.platform.core.internal.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.core.internal.cluster.ClusterChannel;
import org.rapportcrm.platform.core.internal.db.Database;
import org.rapportcrm.platform.core.internal.db.DatabaseException;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.api.cluster.ClusterChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexes built for list shapes the metadata's own indexes ({@link TableIndexes#of}) do not serve, such as those of
 * shared list views: built without blocking writes where the database can, dropped when no shape needs them any more.
 * The database is the truth: each node reads which of them a table has (their names start with
 * {@link TableIndexes#SHAPE_INDEX_PREFIX}) when it first lists the table, and again when another node says it built or
 * dropped one.
 */
@Component(service = ShapeIndexes.class)
public final class ShapeIndexes {
    public static final String TOPIC = "rapport.shape-indexes";
    private static final Logger LOG = LoggerFactory.getLogger(ShapeIndexes.class);

    private final Database database;
    private final ClusterChannel cluster;
    private final ClusterChangeListener otherNodes;
    /** The shape indexes each table has, by table name; read when first needed. */
    private final Map<String, List<TableIndexes.Index>> known = new ConcurrentHashMap<>();

    @Activate
    public ShapeIndexes(@Reference Database database, @Reference ClusterChannel cluster) {
        this.database = database;
        this.cluster = cluster;
        this.otherNodes = cluster.listen(TOPIC, known::remove, known::clear);
    }

    @Deactivate
    void deactivate() {
        cluster.removeListener(otherNodes);
    }

    /** Every index of the type's table a list can be read from: the metadata's and those built for shapes. */
    public TableIndexes of(Connection c, RecordType type) throws SQLException {
        String table = Names.table(type.getApiName());
        List<TableIndexes.Index> built = known.get(table);
        if (built == null) {
            built = read(c, table);
            known.put(table, built);
        }
        return TableIndexes.of(type, database.dialect()).with(built);
    }

    /**
     * Makes sure an index serves {@code shape}, building one if none does (on PostgreSQL concurrently, so writes go on;
     * Derby blocks the table while it builds). Returns the index that serves it.
     */
    public TableIndexes.Index ensure(RecordType type, TableIndexes.Shape shape) {
        String table = Names.table(type.getApiName());
        Dialect dialect = database.dialect();
        Optional<TableIndexes.Index> serving = fresh(type).serving(shape, dialect);
        if (serving.isPresent()) {
            return serving.get();
        }
        TableIndexes.Index index = TableIndexes.forShape(table, shape, dialect);
        LOG.info("Building index {} on {} for the list shape {}", index.name(), table, shape);
        build(table, index);
        changed(table);
        return index;
    }

    /**
     * Builds an index on a table in use, outside any transaction: on PostgreSQL concurrently (writes go on), on Derby
     * blocking the table meanwhile. Nothing is left behind if it fails.
     */
    public void build(String table, TableIndexes.Index index) {
        try (Connection c = database.pooledDataSource().getConnection()) {
            c.setAutoCommit(true);
            OnlineIndexes.create(c, database.dialect(), table, index);
        } catch (SQLException | RuntimeException e) {
            // A concurrent build that fails leaves an invalid index behind, which IF NOT EXISTS would keep forever.
            dropQuietly(index.name(), table);
            throw e instanceof SQLException sql ? new DatabaseException(sql.getMessage(), sql) : (RuntimeException) e;
        }
    }

    /** Drops the shape indexes of the type that none of {@code needed} is served by. Returns the names dropped. */
    public List<String> retainOnly(RecordType type, Collection<TableIndexes.Shape> needed) {
        String table = Names.table(type.getApiName());
        TableIndexes indexes = fresh(type);
        Set<String> used = new HashSet<>();
        for (TableIndexes.Shape shape : needed) {
            indexes.serving(shape, database.dialect()).ifPresent(i -> used.add(i.name()));
        }
        List<String> dropped = new ArrayList<>();
        for (TableIndexes.Index index : known.getOrDefault(table, List.of())) {
            if (!used.contains(index.name()) && index.name().startsWith(TableIndexes.SHAPE_INDEX_PREFIX)) {
                autoCommit(database.dialect().dropIndexWithoutBlockingWrites(index.name()));
                LOG.info("Dropped index {} on {}: no shared list view needs it any more", index.name(), table);
                dropped.add(index.name());
            }
        }
        if (!dropped.isEmpty()) {
            changed(table);
        }
        return dropped;
    }

    /** The indexes as the database has them now, which another node may have changed. */
    private TableIndexes fresh(RecordType type) {
        known.remove(Names.table(type.getApiName()));
        return database.read(c -> of(c, type));
    }

    private void changed(String table) {
        known.remove(table);
        cluster.publish(TOPIC, table);
    }

    private List<TableIndexes.Index> read(Connection c, String table) throws SQLException {
        List<TableIndexes.Index> built = new ArrayList<>();
        for (String prefix : List.of(TableIndexes.SHAPE_INDEX_PREFIX, TableIndexes.LIST_INDEX_PREFIX)) {
            database.dialect().indexes(c, table, prefix)
                    .forEach((name, index) -> built.add(new TableIndexes.Index(name, index.columns(), index.descending())));
        }
        return List.copyOf(built);
    }

    /** Index DDL runs outside any transaction: PostgreSQL builds concurrently only there, and others see the index at once. */
    private void autoCommit(String sql) {
        try (Connection c = database.pooledDataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(sql);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        }
    }

    private void dropQuietly(String name, String table) {
        try {
            autoCommit(database.dialect().dropIndexWithoutBlockingWrites(name));
        } catch (RuntimeException e) {
            LOG.debug("No half-built index {} on {} to drop", name, table, e);
        }
        known.remove(table);
    }
}
