package org.rapportcrm.platform.core.internal.record;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.db.Names;
import org.rapportcrm.platform.core.internal.db.PostgresCopy;
import org.rapportcrm.platform.core.internal.metadata.ShapeIndexes;

/** The SQL of record rows, generated from metadata: one table per type, one typed column per field. */
public final class RecordStore {
    private static final List<String> SYSTEM_COLUMNS = List.of("id", "version", "owner_id", "created_at", "updated_at", "created_by", "updated_by");
    private static final int IN_CHUNK = 500;
    private final Dialect dialect;
    private final ShapeIndexes indexes;
    /** The primary key constraint of each table, by table name. */
    private final Map<String, String> primaryKeys = new ConcurrentHashMap<>();
    /** Each field's column by api name: worked out once, not for every value of every row read (a tenth of a list's reading). */
    private final Map<String, String> columns = new ConcurrentHashMap<>();

    public RecordStore(Dialect dialect, ShapeIndexes indexes) {
        this.dialect = dialect;
        this.indexes = indexes;
    }

    public void insert(Connection c, RecordType type, Record r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql(type))) {
            bindInsert(ps, type, r);
            ps.executeUpdate();
        }
    }

    private static String insertSql(RecordType type) {
        List<String> columns = insertColumns(type);
        return "INSERT INTO " + Names.table(type.getApiName()) + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
    }

    /** The columns a new row is written to, in the order of {@link #insertCells}. */
    private static List<String> insertColumns(RecordType type) {
        List<String> columns = new ArrayList<>(SYSTEM_COLUMNS);
        for (FieldDefinition f : type.getFields()) {
            columns.add(Names.column(f.getApiName()));
            if (f.getType() == FieldType.MONEY) {
                columns.add(Names.currencyColumn(f.getApiName()));
            }
        }
        return columns;
    }

    private void bindInsert(PreparedStatement ps, RecordType type, Record r) throws SQLException {
        int i = 1;
        for (Object v : systemValues(r)) {
            bind(ps, i++, v);
        }
        for (FieldDefinition f : type.getFields()) {
            i = bind(ps, i, f, r.get(f.getApiName()));
        }
    }

    private static List<Object> systemValues(Record r) {
        return Arrays.asList(r.getId(), r.getVersion(), r.getOwner(), r.getCreatedAt(), r.getUpdatedAt(), r.getCreatedBy(), r.getUpdatedBy());
    }

    /** A new row's values in {@link #insertColumns} order, as the database stores them. */
    private List<Object> insertCells(RecordType type, Record r) {
        List<Cell> cells = new ArrayList<>();
        for (FieldDefinition f : type.getFields()) {
            cells(f, r.get(f.getApiName()), cells);
        }
        List<Object> values = new ArrayList<>(systemValues(r));
        cells.forEach(cell -> values.add(cell.value()));
        return values;
    }

    public Optional<Record> find(Connection c, RecordType type, String id, SqlCondition access) throws SQLException {
        SqlCondition where = SqlCondition.and(List.of(new SqlCondition("id = ?", List.of(id)), access));
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + Names.table(type.getApiName()) + " WHERE " + where.sql())) {
            bindAll(ps, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, type)) : Optional.empty();
            }
        }
    }

    /** Writes the changed values and the new version if the row is still at {@code expectedVersion}. @return rows updated */
    public int update(Connection c, RecordType type, Record updated, long expectedVersion, Iterable<String> changedFields)
            throws SQLException {
        UpdateStatement statement = UpdateStatement.of(type, changedFields);
        try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
            bindUpdate(ps, statement, updated, expectedVersion);
            return ps.executeUpdate();
        }
    }

    /**
     * Writes the same changed fields of many records with one batched statement, each if the row is still at the
     * version before its new one. @return rows updated, per record
     */
    public int[] updateAll(Connection c, RecordType type, List<Record> updated, Iterable<String> changedFields) throws SQLException {
        if (updated.isEmpty()) {
            return new int[0];
        }
        UpdateStatement statement = UpdateStatement.of(type, changedFields);
        try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
            for (Record r : updated) {
                bindUpdate(ps, statement, r, r.getVersion() - 1);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** An UPDATE of the system columns and some fields, by id and expected version. */
    private record UpdateStatement(String sql, List<FieldDefinition> fields) {
        static UpdateStatement of(RecordType type, Iterable<String> changedFields) {
            List<String> sets = new ArrayList<>(List.of("version = ?", "updated_at = ?", "updated_by = ?", "owner_id = ?"));
            List<FieldDefinition> fields = new ArrayList<>();
            for (String name : changedFields) {
                FieldDefinition f = type.field(name).orElse(null);
                if (f == null) {
                    continue; // the owner, a system field, is always written
                }
                fields.add(f);
                sets.add(Names.column(name) + " = ?");
                if (f.getType() == FieldType.MONEY) {
                    sets.add(Names.currencyColumn(name) + " = ?");
                }
            }
            return new UpdateStatement("UPDATE " + Names.table(type.getApiName()) + " SET " + String.join(", ", sets)
                    + " WHERE id = ? AND version = ?", fields);
        }
    }

    private void bindUpdate(PreparedStatement ps, UpdateStatement statement, Record updated, long expectedVersion) throws SQLException {
        int i = 1;
        bind(ps, i++, updated.getVersion());
        bind(ps, i++, updated.getUpdatedAt());
        bind(ps, i++, updated.getUpdatedBy());
        bind(ps, i++, updated.getOwner());
        for (FieldDefinition f : statement.fields()) {
            i = bind(ps, i, f, updated.get(f.getApiName()));
        }
        ps.setString(i++, updated.getId());
        ps.setLong(i, expectedVersion);
    }

    public int delete(Connection c, RecordType type, String id, long expectedVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteSql(type))) {
            ps.setString(1, id);
            ps.setLong(2, expectedVersion);
            return ps.executeUpdate();
        }
    }

    /** Deletes many records with one batched statement, each if the row is still at its version. @return rows deleted, per record */
    public int[] deleteAll(Connection c, RecordType type, List<Record> records) throws SQLException {
        if (records.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(deleteSql(type))) {
            for (Record r : records) {
                ps.setString(1, r.getId());
                ps.setLong(2, r.getVersion());
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    private static String deleteSql(RecordType type) {
        return "DELETE FROM " + Names.table(type.getApiName()) + " WHERE id = ? AND version = ?";
    }

    /**
     * Inserts many records in the caller's transaction: on PostgreSQL as one {@code COPY} stream, elsewhere with one
     * batched statement.
     */
    public void insertAll(Connection c, RecordType type, List<Record> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL && PostgresCopy.canCopy(c)) {
            List<List<Object>> rows = new ArrayList<>(records.size());
            for (Record r : records) {
                rows.add(insertCells(type, r));
            }
            PostgresCopy.copy(c, Names.table(type.getApiName()), insertColumns(type), rows);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(insertSql(type))) {
            for (Record r : records) {
                bindInsert(ps, type, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Which of {@code values} some record of the type already holds in {@code field}: value (as compared: money by
     * amount) to the id of the holder.
     */
    public Map<Object, String> holders(Connection c, RecordType type, FieldDefinition field, Collection<Object> values) throws SQLException {
        String column = Names.column(field.getApiName());
        Map<Object, String> result = new HashMap<>();
        for (List<Object> chunk : chunks(values)) {
            String sql = "SELECT " + column + ", id FROM " + Names.table(type.getApiName()) + " WHERE " + column + " IN ("
                    + String.join(", ", chunk.stream().map(v -> "?").toList()) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAll(ps, chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.put(readKey(rs, field), rs.getString(2));
                    }
                }
            }
        }
        return result;
    }

    /** The ids among {@code ids} that exist in {@code table}. */
    public Set<String> existing(Connection c, String table, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(ids)) {
            SqlCondition in = idIn(chunk);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE " + in.sql())) {
                bindAll(ps, in.params());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** The ids of the records of {@code type} whose reference {@code field} holds one of {@code ids}. */
    public Set<String> referring(Connection c, RecordType type, String field, Collection<String> ids) throws SQLException {
        Set<String> found = new LinkedHashSet<>();
        String column = Names.column(field);
        for (List<String> chunk : chunks(ids)) {
            String sql = "SELECT id FROM " + Names.table(type.getApiName()) + " WHERE " + column + " IN ("
                    + String.join(", ", chunk.stream().map(v -> "?").toList()) + ") ORDER BY id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAll(ps, new ArrayList<Object>(chunk));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** The rows with the given ids that {@code access} lets through, by id; the ids come from outside, so are bound. */
    public Map<String, Record> findAll(Connection c, RecordType type, List<String> ids, SqlCondition access) throws SQLException {
        Map<String, Record> found = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            for (Record r : select(c, type, SqlCondition.and(List.of(idIn(chunk), access)), "id", chunk.size())) {
                found.put(r.getId(), r);
            }
        }
        return found;
    }

    private static SqlCondition idIn(List<String> ids) {
        return new SqlCondition("id IN (" + String.join(", ", ids.stream().map(v -> "?").toList()) + ")", new ArrayList<Object>(ids));
    }

    /** A unique value as the database compares it: money by its amount, numbers without trailing zeros. */
    public static Object uniqueKey(Object value) {
        Object v = value instanceof Money m ? m.amount() : value;
        return v instanceof BigDecimal d ? d.stripTrailingZeros() : v;
    }

    private static Object readKey(ResultSet rs, FieldDefinition field) throws SQLException {
        return switch (field.getType()) {
            case INTEGER -> rs.getLong(1);
            case DECIMAL, PERCENT, MONEY -> uniqueKey(rs.getBigDecimal(1));
            case DATE -> rs.getDate(1).toLocalDate();
            case DATE_TIME -> instant(rs.getTimestamp(1, utc()));
            default -> rs.getString(1);
        };
    }

    private static <T> List<List<T>> chunks(Collection<T> values) {
        List<T> all = new ArrayList<>(values);
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            result.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
        }
        return result;
    }

    /**
     * One page of the rows {@code access} lets through that match the query's filter, by keyset (see {@link Keyset}):
     * the rows after the cursor's position in (sort key, id) order.
     */
    public Page<Record> query(Connection c, RecordType type, Query q, SqlCondition access) throws SQLException {
        SortKey key = SortKey.of(type, q.sortField());
        FilterTranslator filter = new FilterTranslator(type);
        SqlCondition where = SqlCondition.and(List.of(access, filter.translate(q.filter())));
        String from = Names.table(type.getApiName()) + indexHint(c, type, key, q.descending(), access, filter);
        List<SqlCondition> ranges = q.cursor() == null ? List.of(SqlCondition.TRUE)
                : Keyset.rangesAfter(key, q.descending(), Keyset.decode(q, key));
        int wanted = q.limit() + 1; // one more than the page tells whether there is a next one
        List<Row> rows = new ArrayList<>();
        for (SqlCondition range : ranges) {
            rows.addAll(select(c, type, from, SqlCondition.and(List.of(where, range)), key.orderBy(q.descending()), wanted - rows.size(), key));
            if (rows.size() == wanted) {
                break;
            }
        }
        String next = null;
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            Row last = rows.get(rows.size() - 1);
            next = Keyset.encode(q, last.key(), last.record().getId());
        }
        return new Page<>(rows.stream().map(Row::record).toList(), next);
    }

    /**
     * Derby's optimizer does not weigh FETCH FIRST: given a range that matches much of the table it reads the whole
     * table and sorts it rather than walk an index for one page (measured). Where an index holds the rows in list order
     * and contains every column the filter compares, and no access condition picks rows by another column, naming that
     * index makes Derby read just the page. Elsewhere its own choice stands: a filter on another column is better served
     * by that column's index and a sort of its matches. PostgreSQL's planner weighs the LIMIT by itself.
     */
    private String indexHint(Connection c, RecordType type, SortKey key, boolean descending, SqlCondition access, FilterTranslator filter)
            throws SQLException {
        if (dialect != Dialect.DERBY || access != SqlCondition.TRUE) {
            return "";
        }
        if (key.columns().isEmpty()) {
            // The id order is the primary key's, whose constraint Derby named when the table was made.
            return descending || !Set.of("id").containsAll(filter.columns()) ? ""
                    : " --DERBY-PROPERTIES constraint=" + primaryKey(c, Names.table(type.getApiName())) + "\n";
        }
        return indexes.of(c, type).serving(key.sqlColumns(), descending, dialect, filter.pinnedColumns())
                .filter(index -> index.columns().containsAll(filter.columns()))
                .map(index -> " --DERBY-PROPERTIES index=" + index.name() + "\n").orElse("");
    }

    private String primaryKey(Connection c, String table) throws SQLException {
        String known = primaryKeys.get(table);
        if (known == null) {
            known = dialect.primaryKeyName(c, table);
            primaryKeys.put(table, known);
        }
        return known;
    }

    /** A row read for a page: the record, and its sort key values as the database holds them (for the cursor). */
    private record Row(Record record, List<Object> key) {
    }

    public long count(Connection c, RecordType type, SqlCondition where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + Names.table(type.getApiName()) + " WHERE " + where.sql())) {
            bindAll(ps, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** COUNT, SUM, MIN and MAX of one numeric column over the rows {@code where} selects. */
    public org.rapportcrm.platform.api.record.Totals totals(Connection c, RecordType type, String column, SqlCondition where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(" + column + "), SUM(" + column + "), MIN(" + column + "), MAX("
                + column + ") FROM " + Names.table(type.getApiName()) + " WHERE " + where.sql())) {
            bindAll(ps, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new org.rapportcrm.platform.api.record.Totals(rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4));
            }
        }
    }

    /** COUNT(*) per combination of the columns' values over the rows {@code where} selects, largest groups first. */
    public List<org.rapportcrm.platform.api.record.GroupCount> countBy(Connection c, RecordType type, List<Column> columns, SqlCondition where,
            int limit) throws SQLException {
        List<String> select = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            select.add(columns.get(i).name() + " AS g" + i);
        }
        String groupBy = String.join(", ", columns.stream().map(Column::name).toList());
        String sql = "SELECT " + String.join(", ", select) + ", COUNT(*) AS n FROM " + Names.table(type.getApiName()) + " WHERE " + where.sql()
                + " GROUP BY " + groupBy + " ORDER BY n DESC, " + groupBy + " FETCH FIRST " + limit + " ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, where.params());
            List<org.rapportcrm.platform.api.record.GroupCount> groups = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> values = new ArrayList<>();
                    for (int i = 0; i < columns.size(); i++) {
                        values.add(readValue(rs, columns.get(i).field(), "g" + i));
                    }
                    groups.add(new org.rapportcrm.platform.api.record.GroupCount(values, rs.getLong("n")));
                }
            }
            return groups;
        }
    }

    /**
     * Rows whose searchable fields start with every word of {@code text}, in name order. One query per lower-case
     * column, each driven by that column's index on the longest word and stopping after {@code limit} rows (an OR
     * across columns would make the database read the whole table); the other words filter what the index finds.
     */
    public List<Record> search(Connection c, RecordType type, List<String> words, int limit, SqlCondition access) throws SQLException {
        List<String> lowerColumns = type.getFields().stream().filter(f -> new Column(f, "").hasLowerColumn())
                .map(f -> Names.lowerColumn(f.getApiName())).toList();
        if (lowerColumns.isEmpty() || words.isEmpty()) {
            return List.of();
        }
        String driver = words.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
        List<SqlCondition> others = new ArrayList<>();
        boolean driverSkipped = false;
        for (String word : words) {
            if (!driverSkipped && word.equals(driver)) {
                driverSkipped = true;
                continue;
            }
            List<Object> params = new ArrayList<>();
            List<String> ors = new ArrayList<>();
            for (String col : lowerColumns) {
                ors.add(col + " LIKE ? ESCAPE '\\'");
                params.add(FilterTranslator.likePrefix(word));
            }
            others.add(new SqlCondition(String.join(" OR ", ors), params));
        }
        Map<String, Record> found = new LinkedHashMap<>();
        for (String col : lowerColumns) {
            List<SqlCondition> where = new ArrayList<>(List.of(new SqlCondition(col + " LIKE ? ESCAPE '\\'",
                    List.of(FilterTranslator.likePrefix(driver)))));
            where.addAll(others);
            where.add(access);
            for (Record r : select(c, type, SqlCondition.and(where), col + ", id", limit)) {
                found.putIfAbsent(r.getId(), r);
            }
        }
        Comparator<Record> byName = Comparator.comparing(r -> r.get(type.getNameField()) == null ? "" : ValueConverter.format(r.get(type.getNameField())),
                String.CASE_INSENSITIVE_ORDER);
        return found.values().stream().sorted(byName.thenComparing(Record::getId)).limit(limit).toList();
    }

    private List<Record> select(Connection c, RecordType type, SqlCondition where, String orderBy, int limit) throws SQLException {
        return select(c, type, Names.table(type.getApiName()), where, orderBy, limit, SortKey.of(type, null)).stream().map(Row::record).toList();
    }

    private List<Row> select(Connection c, RecordType type, String from, SqlCondition where, String orderBy, int limit, SortKey key)
            throws SQLException {
        String sql = "SELECT * FROM " + from + " WHERE " + where.sql() + " ORDER BY " + orderBy + " FETCH FIRST " + limit + " ROWS ONLY";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, where.params());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> keyValues = new ArrayList<>();
                    for (Column column : key.columns()) {
                        keyValues.add(column.field().getType() == FieldType.MONEY ? rs.getBigDecimal(column.name())
                                : readValue(rs, column.field(), column.name()));
                    }
                    rows.add(new Row(read(rs, type), keyValues));
                }
            }
        }
        return rows;
    }

    Record read(ResultSet rs, RecordType type) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDefinition f : type.getFields()) {
            values.put(f.getApiName(), readValue(rs, f, columns.computeIfAbsent(f.getApiName(), Names::column)));
        }
        return new Record(type.getApiName(), rs.getString("id"), rs.getLong("version"), rs.getString("owner_id"),
                instant(rs.getTimestamp("created_at", utc())), instant(rs.getTimestamp("updated_at", utc())),
                rs.getString("created_by"), rs.getString("updated_by"), values);
    }

    /** The value of {@code f} from column {@code col} (its own, or for a sort key a column derived from it). */
    private static Object readValue(ResultSet rs, FieldDefinition f, String col) throws SQLException {
        Object v = switch (f.getType()) {
            case INTEGER -> rs.getLong(col);
            case DECIMAL, PERCENT -> rs.getBigDecimal(col);
            case MONEY -> {
                BigDecimal amount = rs.getBigDecimal(col);
                yield amount == null ? null : new Money(amount, rs.getString(Names.currencyColumn(f.getApiName())));
            }
            case DATE -> {
                Date d = rs.getDate(col);
                yield d == null ? null : d.toLocalDate();
            }
            case DATE_TIME -> instant(rs.getTimestamp(col, utc()));
            case BOOLEAN -> rs.getBoolean(col);
            case MULTI_PICKLIST -> {
                String s = rs.getString(col);
                yield s == null ? null : Arrays.stream(s.split(";")).filter(x -> !x.isEmpty()).toList();
            }
            default -> rs.getString(col);
        };
        return rs.wasNull() ? null : v;
    }

    /** Never handed to a driver: copies of it are. */
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    /**
     * A new calendar each time, as drivers may modify the one they are given; a copy, as {@code Calendar.getInstance}
     * looks up the time zone and locale each call (an eighth of reading a page of records).
     */
    private static Calendar utc() {
        return (Calendar) UTC.clone();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A value as its column holds it, with the column's SQL type (which a NULL is bound as). */
    private record Cell(Object value, int sqlType) {
    }

    private int bind(PreparedStatement ps, int i, FieldDefinition f, Object v) throws SQLException {
        List<Cell> cells = new ArrayList<>(2);
        cells(f, v, cells);
        for (Cell cell : cells) {
            bindTyped(ps, i++, cell.value(), cell.sqlType());
        }
        return i;
    }

    /** Adds the column values of field {@code f} holding {@code v}: one, or for money its amount and currency. */
    private void cells(FieldDefinition f, Object v, List<Cell> out) {
        switch (f.getType()) {
            case MONEY -> {
                Money m = (Money) v;
                out.add(new Cell(m == null ? null : m.amount(), Types.DECIMAL));
                out.add(new Cell(m == null ? null : m.currency(), Types.VARCHAR));
            }
            case MULTI_PICKLIST -> {
                List<?> l = (List<?>) v;
                out.add(new Cell(l == null ? null : ";" + String.join(";", l.stream().map(String::valueOf).toList()) + ";", Types.VARCHAR));
            }
            case LONG_TEXT -> out.add(new Cell(v, dialect == Dialect.DERBY ? Types.CLOB : Types.VARCHAR));
            case INTEGER -> out.add(new Cell(v, Types.BIGINT));
            case DECIMAL, PERCENT -> out.add(new Cell(v, Types.DECIMAL));
            case DATE -> out.add(new Cell(v, Types.DATE));
            case DATE_TIME -> out.add(new Cell(v, Types.TIMESTAMP));
            case BOOLEAN -> out.add(new Cell(v, Types.BOOLEAN));
            default -> out.add(new Cell(v, Types.VARCHAR));
        }
    }

    private static void bindTyped(PreparedStatement ps, int i, Object v, int sqlType) throws SQLException {
        if (v == null) {
            ps.setNull(i, sqlType);
        } else {
            bind(ps, i, v);
        }
    }

    static void bindAll(PreparedStatement ps, List<Object> params) throws SQLException {
        int i = 1;
        for (Object p : params) {
            bind(ps, i++, p);
        }
    }

    /** Binds a value of a translated condition (a string, number, boolean, day or instant; null as a string's). */
    static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else if (v instanceof Instant t) {
            ps.setTimestamp(i, Timestamp.from(t), utc());
        } else if (v instanceof LocalDate d) {
            ps.setDate(i, Date.valueOf(d));
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else {
            ps.setString(i, v.toString());
        }
    }
}
