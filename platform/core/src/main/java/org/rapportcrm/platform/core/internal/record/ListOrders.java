package org.rapportcrm.platform.core.internal.record;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Operator;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.metadata.ShapeIndexes;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;

/**
 * Which list orders the record service serves. An order an index holds (see {@link TableIndexes}) reads just its page
 * however large the table. Any other order makes the database sort every matching row for every page: fine for a small
 * table, and for a filter that picks its rows through an index (a related list, "my open activities"), but beyond a
 * configured table size such a sort is refused (400) rather than sorting a million rows per page.
 */
final class ListOrders {
    /** The system fields a list can be sorted by, after the type's own fields (id and version are no list columns). */
    private static final List<String> SORTABLE_SYSTEM_FIELDS = List.of(SystemFields.OWNER, SystemFields.CREATED_AT,
            SystemFields.UPDATED_AT, SystemFields.CREATED_BY, SystemFields.UPDATED_BY);
    /** Tables grow by imports: how long a table's size is taken as known. */
    private static final long SIZE_KNOWN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Dialect dialect;
    private final ShapeIndexes shapeIndexes;
    private volatile long unindexedSortMaxRows;
    private final Map<String, TableSize> sizes = new ConcurrentHashMap<>();

    /** How many rows a table had when counted, up to {@code limit}: enough to tell whether it exceeds the limit. */
    private record TableSize(long rows, long limit, long countedAt) {
    }

    ListOrders(Dialect dialect, ShapeIndexes shapeIndexes, long unindexedSortMaxRows) {
        this.dialect = dialect;
        this.shapeIndexes = shapeIndexes;
        unindexedSortMaxRows(unindexedSortMaxRows);
    }

    void unindexedSortMaxRows(long rows) {
        unindexedSortMaxRows = Math.max(0, rows);
    }

    /** @throws InvalidQueryException if the query's order would sort a large table for its page */
    void check(Connection c, RecordType type, Query q) throws SQLException {
        SortKey key = SortKey.of(type, q.sortField());
        TableIndexes indexes = shapeIndexes.of(c, type);
        if (indexes.serves(key.sqlColumns(), q.descending(), dialect) || picksRowsByIndex(type, q.filter(), indexes.leadingColumns())
                || !isLarge(c, type)) {
            return;
        }
        throw new InvalidQueryException("sort", "sort: there are more than " + unindexedSortMaxRows + " "
                + type.getPluralLabel().toLowerCase(Locale.ROOT) + " and no index holds them in " + (q.descending() ? "descending " : "")
                + "order of " + q.sortField() + ", so every page would sort them all; sort by one of " + sortableFields(c, type)
                + ", or filter by an indexed field with eq or in first");
    }

    /** The fields a list of the type can be sorted by in both directions without sorting the table for each page. */
    List<String> sortableFields(Connection c, RecordType type) throws SQLException {
        TableIndexes indexes = shapeIndexes.of(c, type);
        List<String> candidates = new ArrayList<>(type.getFields().stream().filter(f -> f.getType().isComparable())
                .map(FieldDefinition::getApiName).toList());
        candidates.addAll(SORTABLE_SYSTEM_FIELDS);
        List<String> sortable = new ArrayList<>();
        Optional<Boolean> large = Optional.empty();
        for (String field : candidates) {
            List<String> key = SortKey.of(type, field).sqlColumns();
            if (!indexes.serves(key, false, dialect) || !indexes.serves(key, true, dialect)) {
                if (large.isEmpty()) {
                    large = Optional.of(isLarge(c, type));
                }
                if (large.get()) {
                    continue;
                }
            }
            sortable.add(field);
        }
        return sortable;
    }

    /**
     * Whether the filter picks its rows by equality on a column an index starts with, so the database sorts just
     * those: an {@code eq} or {@code in} on such a column, in every branch of an {@code or}, in any part of an {@code and}.
     */
    private static boolean picksRowsByIndex(RecordType type, Filter filter, Set<String> leadingColumns) {
        if (filter instanceof Filter.Junction j) {
            return j.and() ? j.filters().stream().anyMatch(f -> picksRowsByIndex(type, f, leadingColumns))
                    : j.filters().stream().allMatch(f -> picksRowsByIndex(type, f, leadingColumns));
        }
        if (!(filter instanceof Filter.Condition c) || (c.operator() != Operator.EQ && c.operator() != Operator.IN)) {
            return false;
        }
        return Column.of(type, c.field()).map(column -> leadingColumns.contains(
                c.operator() == Operator.EQ && column.hasLowerColumn() ? column.lowerName() : column.name())).orElse(false);
    }

    /**
     * Whether the table has more rows than a sort without an index may sort. Counted up to the limit only (reading at
     * most that many index entries, not the table), and taken as known for a minute.
     */
    private boolean isLarge(Connection c, RecordType type) throws SQLException {
        long limit = unindexedSortMaxRows;
        TableSize size = sizes.get(type.getApiName());
        if (size == null || size.limit() != limit || System.nanoTime() - size.countedAt() > SIZE_KNOWN_NANOS) {
            size = new TableSize(countUpTo(c, type, limit + 1), limit, System.nanoTime());
            sizes.put(type.getApiName(), size);
        }
        return size.rows() > limit;
    }

    private static long countUpTo(Connection c, RecordType type, long limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT id FROM " + Names.table(type.getApiName())
                + " FETCH FIRST " + limit + " ROWS ONLY) sample")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
