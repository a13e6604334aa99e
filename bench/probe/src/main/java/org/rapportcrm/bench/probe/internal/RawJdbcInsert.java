package org.rapportcrm.bench.probe.internal;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The import's lower bound: a raw JDBC batched insert (or on PostgreSQL a raw {@code COPY}) of the same contacts
 * ({@link ContactData}) on the platform's own DataSource, into a {@link ScratchTable} that is dropped afterwards.
 * Batches of {@value #BATCH}, one commit each.
 */
final class RawJdbcInsert {
    static final int BATCH = 1000;
    /** Stands for the importing user in the owner and audit columns. */
    private static final String ACTOR_ID = "00000000-0000-0000-0000-0000000be7c4";

    private final DataSource dataSource;

    RawJdbcInsert(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts rows 1 to {@code rows} and times it.
     *
     * @return the report the probe answers: {@code state} COMPLETED with rows, batchSize, seconds, rowsPerSecond and
     *         columns, or FAILED with the error
     */
    Map<String, Object> run(long rows, long seed, ScratchShape shape, String onlyIndex, boolean copy) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("shape", onlyIndex == null ? shape.parameter : "only " + onlyIndex);
        result.put("method", copy ? "COPY" : "JDBC batch");
        try (Connection c = dataSource.getConnection()) {
            result.put("indexes", ScratchTable.secondaryIndexNames(c));
            List<ScratchTable.Column> columns = ScratchTable.create(c, shape, onlyIndex);
            List<ScratchTable.Column> written = columns.stream().filter(col -> !col.generated()).toList();
            double seconds = copy ? RawCopy.copy(c, written, rows, seed) : insert(c, written, rows, seed);
            long counted = ScratchTable.count(c);
            ScratchTable.drop(c);
            result.put("state", "COMPLETED");
            result.put("rows", counted);
            result.put("batchSize", BATCH);
            result.put("seconds", seconds);
            result.put("rowsPerSecond", counted / seconds);
            result.put("columns", columns.stream().map(ScratchTable.Column::toString).toList());
        } catch (SQLException | RuntimeException e) {
            result.put("state", "FAILED");
            result.put("error", e.toString());
            try (Connection c = dataSource.getConnection()) {
                ScratchTable.drop(c);
            } catch (SQLException ignored) {
                // best effort
            }
        }
        return result;
    }

    /** @return the seconds the batches and their commits took */
    private static double insert(Connection c, List<ScratchTable.Column> columns, long rows, long seed) throws SQLException {
        String sql = "INSERT INTO " + ScratchTable.NAME + " (" + String.join(", ", columns.stream().map(ScratchTable.Column::name).toList())
                + ") VALUES (" + String.join(", ", columns.stream().map(col -> "?").toList()) + ")";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Timestamp now = Timestamp.from(Instant.now());
            for (long row = 1; row <= rows; row++) {
                ContactData d = ContactData.of(row, seed);
                int i = 1;
                for (ScratchTable.Column col : columns) {
                    bind(ps, i++, col, value(col.name(), d, now));
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
        return seconds;
    }

    /** The value a contact import writes into each column (system columns as the record store fills them). */
    static Object value(String column, ContactData d, Timestamp now) {
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

    private static void bind(PreparedStatement ps, int i, ScratchTable.Column col, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, col.sqlType() == Types.CLOB ? Types.CLOB : col.sqlType());
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
}
