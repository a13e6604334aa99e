package org.rapportcrm.bench.probe.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.rest.RestResource;

/**
 * {@code /api/v1/bench-probe}: comparison figures measured on the platform's own DataSource.
 * <ul>
 * <li>{@code POST jdbc-insert?rows=N} starts a raw JDBC batched insert (batches of 1,000, one commit each) of N contacts
 * into a scratch table copied from {@code rec_contact}'s metadata (same column types, generated lower-case columns
 * and indexes), then drops it; {@code GET jdbc-insert} answers its state and rows/s.</li>
 * <li>{@code POST explain} with {@code {"sql", "params"}} runs a query with Derby's runtime statistics on and answers
 * the plan, to see which index a query of the record store uses.</li>
 * </ul>
 */
@Component
public class JdbcProbeResource implements RestResource {
    static final int BATCH = 1000;
    private static final String SOURCE_TABLE = "rec_contact";
    private static final String SCRATCH_TABLE = "bench_scratch_contact";
    private static final String ACTOR_ID = "00000000-0000-0000-0000-0000000be7c4";

    private final DataSource dataSource;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "rapport-bench-probe"));
    private volatile Map<String, Object> insertState = Map.of("state", "IDLE");

    @Activate
    public JdbcProbeResource(@Reference(target = "(osgi.jndi.service.name=rapportds)") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Deactivate
    void deactivate() {
        runner.shutdownNow();
    }

    @Override
    public String path() {
        return "bench-probe";
    }

    @Override
    public void handle(RestExchange ex) throws IOException {
        List<String> path = ex.pathSegments();
        if (path.isEmpty() && ex.method().equals("GET")) {
            ex.send(200, Map.of("probe", "ready"));
        } else if (path.equals(List.of("jdbc-insert")) && ex.method().equals("GET")) {
            ex.send(200, insertState);
        } else if (path.equals(List.of("jdbc-insert")) && ex.method().equals("POST")) {
            long rows = parseRows(ex.query("rows"));
            long seed = ex.query("seed") == null ? 42 : Long.parseLong(ex.query("seed"));
            String shape = ex.query("shape") == null ? "full" : ex.query("shape");
            if (!List.of("full", "noSecondaryIndexes", "plain").contains(shape)) {
                throw RestException.badRequest("shape", "shape: full, noSecondaryIndexes or plain");
            }
            synchronized (this) {
                if ("RUNNING".equals(insertState.get("state"))) {
                    throw RestException.badRequest("rows", "A JDBC insert is running");
                }
                insertState = Map.of("state", "RUNNING", "rows", rows);
            }
            runner.execute(() -> insertState = runInsert(rows, seed, shape));
            ex.send(202, insertState);
        } else if (path.equals(List.of("explain")) && ex.method().equals("POST")) {
            Map<String, Object> body = ex.body();
            ex.send(200, explain(String.valueOf(body.get("sql")), (List<?>) body.getOrDefault("params", List.of())));
        } else {
            throw RestException.notFound("bench-probe: GET, GET|POST jdbc-insert?rows=N, POST explain");
        }
    }

    private static long parseRows(String rows) {
        try {
            long n = Long.parseLong(rows);
            if (n < 1 || n > 100_000_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw RestException.badRequest("rows", "rows: a count from 1 to 100,000,000");
        }
    }

    /**
     * @param shape {@code full}: rec_contact's columns, generated lower-case columns and indexes; {@code noSecondaryIndexes}:
     *        without its indexes but the primary key; {@code plain}: also without the generated columns
     */
    private Map<String, Object> runInsert(long rows, long seed, String shape) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("shape", shape);
        try (Connection c = dataSource.getConnection()) {
            List<Col> columns = createScratch(c, !shape.equals("full"), shape.equals("plain"));
            List<Col> written = columns.stream().filter(col -> !col.generated).toList();
            String sql = "INSERT INTO " + SCRATCH_TABLE + " (" + String.join(", ", written.stream().map(col -> col.name).toList())
                    + ") VALUES (" + String.join(", ", written.stream().map(col -> "?").toList()) + ")";
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp now = Timestamp.from(Instant.now());
                for (long row = 1; row <= rows; row++) {
                    ContactData d = ContactData.of(row, seed);
                    int i = 1;
                    for (Col col : written) {
                        bind(ps, i++, col, value(col.name, d, now));
                    }
                    ps.addBatch();
                    if (row % BATCH == 0 || row == rows) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            c.setAutoCommit(autoCommit);
            long counted;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + SCRATCH_TABLE)) {
                rs.next();
                counted = rs.getLong(1);
            }
            dropScratch(c);
            result.put("state", "COMPLETED");
            result.put("rows", counted);
            result.put("batchSize", BATCH);
            result.put("seconds", seconds);
            result.put("rowsPerSecond", counted / seconds);
            result.put("columns", columns.stream().map(Col::toString).toList());
        } catch (SQLException | RuntimeException e) {
            result.put("state", "FAILED");
            result.put("error", e.toString());
            try (Connection c = dataSource.getConnection()) {
                dropScratch(c);
            } catch (SQLException ignored) {
                // best effort
            }
        }
        return result;
    }

    private record Col(String name, int sqlType, String ddl, boolean generated) {
        @Override
        public String toString() {
            return ddl;
        }
    }

    /** Copies rec_contact's shape from the database's metadata: columns, generated lower-case columns, indexes. */
    private List<Col> createScratch(Connection c, boolean skipIndexes, boolean skipGenerated) throws SQLException {
        dropScratch(c);
        DatabaseMetaData md = c.getMetaData();
        boolean upper = md.storesUpperCaseIdentifiers();
        boolean derby = md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("derby");
        String source = upper ? SOURCE_TABLE.toUpperCase(Locale.ROOT) : SOURCE_TABLE;
        String schema = c.getSchema();
        List<Col> cols = new ArrayList<>();
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
                    ddl += " GENERATED ALWAYS AS (LOWER(" + name.substring(0, name.length() - 3) + "))" + (derby ? "" : " STORED");
                } else if (notNull) {
                    ddl += " NOT NULL";
                }
                if (!(generated && skipGenerated)) {
                    cols.add(new Col(name, rs.getInt("DATA_TYPE"), ddl, generated));
                }
            }
        }
        if (cols.isEmpty()) {
            throw new SQLException("No table " + source + " in schema " + schema);
        }
        List<String> pk = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, source)) {
            while (rs.next()) {
                pk.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        Map<String, List<String>> indexColumns = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(null, schema, source, false, false)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || column == null) {
                    continue;
                }
                indexColumns.computeIfAbsent(index, k -> new ArrayList<>()).add(column.toLowerCase(Locale.ROOT));
                unique.put(index, !rs.getBoolean("NON_UNIQUE"));
            }
        }
        List<String> ddl = new ArrayList<>(cols.stream().map(Col::ddl).toList());
        if (!pk.isEmpty()) {
            ddl.add("PRIMARY KEY (" + String.join(", ", pk) + ")");
        }
        execute(c, "CREATE TABLE " + SCRATCH_TABLE + " (" + String.join(", ", ddl) + ")");
        int n = 0;
        for (Map.Entry<String, List<String>> e : indexColumns.entrySet()) {
            if (e.getValue().equals(pk) || skipIndexes || skipGenerated && e.getValue().stream().anyMatch(x -> x.endsWith("_lc"))) {
                continue; // the primary key's own index
            }
            execute(c, "CREATE " + (unique.get(e.getKey()) ? "UNIQUE " : "") + "INDEX ix_bench_" + (n++) + " ON " + SCRATCH_TABLE
                    + " (" + String.join(", ", e.getValue()) + ")");
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        return cols;
    }

    private static void dropScratch(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String name = md.storesUpperCaseIdentifiers() ? SCRATCH_TABLE.toUpperCase(Locale.ROOT) : SCRATCH_TABLE;
        try (ResultSet rs = md.getTables(null, c.getSchema(), name, new String[] {"TABLE"})) {
            if (!rs.next()) {
                return;
            }
        }
        execute(c, "DROP TABLE " + SCRATCH_TABLE);
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The value a contact import writes into each column (system columns as the record store fills them). */
    private static Object value(String column, ContactData d, Timestamp now) {
        return switch (column) {
            case "id" -> UUID.randomUUID().toString();
            case "version" -> 1L;
            case "owner_id", "created_by", "updated_by" -> ACTOR_ID;
            case "created_at", "updated_at" -> now;
            case "f_first_name" -> d.firstName;
            case "f_last_name" -> d.lastName;
            case "f_email" -> d.email;
            case "f_phone" -> d.phone;
            case "f_title" -> d.title;
            case "f_department" -> d.department;
            case "f_city" -> d.city;
            case "f_country" -> d.country;
            case "f_birthdate" -> Date.valueOf(d.birthdate);
            case "f_do_not_call" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static void bind(PreparedStatement ps, int i, Col col, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, col.sqlType == Types.CLOB ? Types.CLOB : col.sqlType);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof Timestamp t) {
            ps.setTimestamp(i, t);
        } else if (v instanceof Date d) {
            ps.setDate(i, d);
        } else if (v instanceof Boolean b) {
            ps.setBoolean(i, b);
        } else {
            ps.setString(i, v.toString());
        }
    }

    /** Runs the query with Derby's runtime statistics on: the plan names the indexes used and the rows visited. */
    private Map<String, Object> explain(String sql, List<?> params) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sql", sql);
        try (Connection c = dataSource.getConnection()) {
            boolean derby = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("derby");
            if (derby) {
                execute(c, "CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
                execute(c, "CALL SYSCS_UTIL.SYSCS_SET_STATISTICS_TIMING(1)");
            }
            long start = System.nanoTime();
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(derby ? sql : "EXPLAIN ANALYZE " + sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                StringBuilder pgPlan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        if (!derby) {
                            pgPlan.append(rs.getString(1)).append('\n');
                        }
                    }
                }
                result.put("millis", (System.nanoTime() - start) / 1e6);
                result.put("rows", rows);
                if (!derby) {
                    result.put("plan", pgPlan.toString());
                }
            }
            if (derby) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()")) {
                    result.put("plan", rs.next() ? rs.getString(1) : "");
                }
                execute(c, "CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(0)");
                execute(c, "CALL SYSCS_UTIL.SYSCS_SET_STATISTICS_TIMING(0)");
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            result.put("error", e.toString());
        }
        return result;
    }
}
